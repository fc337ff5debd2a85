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
import { readLast, type TryArgs } from "./try-kit";

function parseArgs(argv: string[]): TryArgs {
  try {
    return parseTryArgs(argv);
  } catch (error) {
    if (error instanceof TryArgsError) fail(`${error.message}\n${TRY_USAGE}`);
    throw error;
  }
}

// Piped into `head` or the like, which closes its end early: stop quietly, as other commands do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const args = parseArgs(process.argv.slice(2));
const vars = readDevVars();
// A click goes to the platform that gave the last answer, whatever --platform says.
const last = args.click ? readLast() : undefined;
await CLI_PLATFORMS[last?.platform ?? args.platform].try(args, vars, last);
