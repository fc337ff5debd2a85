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

/** Why `--persist-to` (the folder of the local state wrangler dev keeps) is refused, as each tool says it. */
export const PERSIST_TO_NEEDS_FOLDER = "--persist-to needs the folder of the local state.";
export const PERSIST_TO_NOT_REMOTE = "--persist-to names local state: it has no meaning with --remote.";

/**
 * A value flag's value: the one after `=`, else the next argument (`next` moves on to it), unless that
 * is a flag of its own (`--locale --json` gave --locale no value); undefined when there is none.
 */
export function flagArgument(inline: string | undefined, next: () => string | undefined): string | undefined {
  if (inline !== undefined) return inline;
  const value = next();
  return value === undefined || value.startsWith("--") ? undefined : value;
}
