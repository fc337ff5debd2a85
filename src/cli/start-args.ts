// The command line of `npm start`: its own flags (--port, --mock-apis, --mock-port), PORT, and
// everything else handed to `wrangler dev` as given. Pure, so tests/cli/start-args.test.ts runs it.

import { flagArgument, PERSIST_TO_NEEDS_FOLDER, portNumber, splitFlag } from "./flags";

export const DEFAULT_PORT = 8787;

export class StartArgsError extends Error {}

export interface StartArgs {
  port: number;
  mockApis: boolean;
  mockPort: number;
  /** wrangler dev's --persist-to, which the seed before it must write to as well. */
  persistTo?: string;
  /** NAME -> value of every --var given, as wrangler dev will see them. */
  vars: Record<string, string>;
  /** Everything else, handed to wrangler dev as given. */
  passThrough: string[];
}

export function parseStartArgs(argv: string[], env: Record<string, string | undefined> = {}): StartArgs {
  const portOf = (value: string | undefined, what: string) => {
    const port = portNumber(value);
    if (port === undefined) throw new StartArgsError(`${what} must be a port number (1-65535), not "${value ?? ""}".`);
    return port;
  };
  let port = env.PORT ? portOf(env.PORT, "PORT") : DEFAULT_PORT;
  let mockPort: number | undefined;
  let mockApis = false;
  const vars: Record<string, string> = {};
  const passThrough: string[] = [];
  let persistTo: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = splitFlag(arg);
    const value = () => inline ?? argv[++i];
    if (flag === "--port") port = portOf(value(), "--port");
    else if (flag === "--mock-apis") mockApis = true;
    else if (flag === "--mock-port") mockPort = portOf(value(), "--mock-port");
    else if (flag === "--var") {
      const pair = value() ?? "";
      const colon = pair.indexOf(":");
      if (colon > 0) vars[pair.slice(0, colon)] = pair.slice(colon + 1);
      passThrough.push("--var", pair);
    } else if (flag === "--persist-to") {
      persistTo = flagArgument(inline, () => argv[++i]);
      if (!persistTo) throw new StartArgsError(PERSIST_TO_NEEDS_FOLDER);
      // The last one given is the folder seeded; wrangler dev refuses the flag twice, so it gets that one alone.
      const earlier = passThrough.indexOf("--persist-to");
      if (earlier >= 0) passThrough.splice(earlier, 2);
      passThrough.push("--persist-to", persistTo);
    } else passThrough.push(arg);
  }
  // Said rather than ignored: without --mock-apis no mock listens, and alerts go where .dev.vars says.
  if (mockPort !== undefined && !mockApis)
    throw new StartArgsError(`--mock-port is for --mock-apis: add --mock-apis to start the mock APIs on port ${mockPort}.`);
  if (mockPort === port)
    throw new StartArgsError(`The bot and the mock APIs cannot both listen on port ${port}: choose another --mock-port.`);
  return { port, mockApis, mockPort: mockPort ?? port + 1, persistTo, vars, passThrough };
}

/** The development keys `npm start` makes: Discord's signing pair (npm run try signs with its private half) and Slack's secret. */
export type DevKey = "discord" | "slack";

/**
 * The development keys a .dev.vars lacks. The file may have been written by hand first (README: secrets go in
 * .dev.vars locally), holding only a bot token, say: without these, `npm run try` could sign nothing, and told
 * to run `npm start`, which used to leave an existing file as it was. A DISCORD_PUBLIC_KEY of the operator's
 * own (a real application's, with no private half here) is kept: replacing it would break what they set up.
 */
export function missingDevKeys(vars: Record<string, string | undefined>): DevKey[] {
  const missing: DevKey[] = [];
  if (!vars.DISCORD_PUBLIC_KEY) missing.push("discord");
  if (!vars.SLACK_SIGNING_SECRET) missing.push("slack");
  return missing;
}
