// One command-line flag as the project's scripts take them: `--name value` or `--name=value`.

/** A TCP port number (1-65535) as typed, or undefined when it is not one. */
export function portNumber(value: string | undefined): number | undefined {
  const port = Number(value);
  return value && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}

/** A `--name=value` argument as its flag and value; any other argument as itself, its value to follow. */
export function splitFlag(arg: string): [flag: string, inline?: string] {
  const at = arg.indexOf("=");
  return arg.startsWith("--") && at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg];
}
