// npm run try -- /character name:baek        sign like Discord, send to the local Worker, print the answer
// npm run try -- --locale ko /episode number:3
// npm run try -- --autocomplete /character name:ㅂ
// npm run try -- --platform slack /episode 3  sign like Slack (v0 HMAC) instead (--slack for short)
// npm run try -- --click ep:4:en             click a button of the last answer (on its platform)
// npm run try -- --select chs:en=yang-jae-won  choose in a menu of the last answer
// npm run try -- --json /renewal             print the platform's raw JSON
// npm run try -- --channel 404 /renewal alerts:on   ask in another channel (see mock-apis.ts for failing ones)
// The bot's address: BOT_URL, else PORT, else the one a running `npm start` recorded, else :8787.
// The last answer is kept in .local/last-answer.json (git-ignored), which is what --click reads.
// Each platform's way of signing, printing and clicking is its piece in src/cli/platforms.ts.
import { CLI_PLATFORMS } from "./platforms";
import { fail, readDevVars } from "./project";
import { parseTryArgs, TRY_USAGE, TryArgsError } from "./try-args";
import { readLast } from "./try-kit";

/**
 * Runs `run`, saying what a TryArgsError (the command line's fault) says instead of a stack trace: with
 * the usage when the flags were wrong.
 */
async function refusing<T>(run: () => T | Promise<T>, usage?: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TryArgsError) fail(usage ? `${error.message}\n${usage}` : error.message);
    throw error;
  }
}

// Piped into `head` or the like, which closes its end early: stop quietly, as other commands do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const args = await refusing(() => parseTryArgs(process.argv.slice(2)), TRY_USAGE);
const vars = readDevVars();
// A click goes to the platform that gave the last answer, whatever --platform says.
const last = args.click ? readLast() : undefined;
// A platform refuses what it could never be sent (Discord: an option without its name).
await refusing(() => CLI_PLATFORMS[last?.platform ?? args.platform].try(args, vars, last));
