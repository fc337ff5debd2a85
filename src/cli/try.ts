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
import { PLATFORM_NAMES, type PlatformName } from "../platform-name";
import { CLI_PLATFORMS } from "./platforms";
import { fail, readDevVars } from "./project";
import { readLast, type TryArgs } from "./try-kit";

const USAGE = [
  `Usage: npm run try -- [--platform ${PLATFORM_NAMES.join("|")}] [--locale ko] [--channel ID] [--autocomplete] [--json] /command [option:value ...]`,
  "       npm run try -- [--json] --click ID            (a button of the last answer)",
  "       npm run try -- [--json] --select ID=VALUE     (a menu of the last answer)",
].join("\n");

const isPlatformName = (name: string | undefined): name is PlatformName => PLATFORM_NAMES.some((p) => p === name);

function parseArgs(argv: string[]): TryArgs {
  const args: TryArgs = { platform: "discord", autocomplete: false, json: false, locale: "en-US", command: "", text: "" };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--platform") {
      const name = argv[++i];
      if (!isPlatformName(name)) fail(`--platform takes one of ${PLATFORM_NAMES.join(", ")}\n${USAGE}`);
      args.platform = name;
    } else if (arg === "--slack") args.platform = "slack";
    else if (arg === "--autocomplete") args.autocomplete = true;
    else if (arg === "--json") args.json = true;
    else if (arg === "--locale") args.locale = argv[++i] ?? "en-US";
    else if (arg === "--channel") args.channel = argv[++i];
    else if (arg === "--click") args.click = { id: argv[++i] ?? "" };
    else if (arg === "--select") {
      const pair = argv[++i] ?? "";
      const eq = pair.lastIndexOf("=");
      if (eq <= 0) fail(`--select takes ID=VALUE, e.g. --select chs:en=yang-jae-won\n${USAGE}`);
      args.click = { id: pair.slice(0, eq), value: pair.slice(eq + 1) };
    } else rest.push(arg);
  }
  if (args.click) {
    if (!args.click.id) fail(USAGE);
    return args;
  }
  const [first, ...words] = rest;
  if (!first?.startsWith("/")) fail(USAGE);
  return { ...args, command: first.slice(1), text: words.join(" ") };
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
if (last && !isPlatformName(last.platform)) fail("The last answer came from an unknown platform: ask something again first.");
await CLI_PLATFORMS[last?.platform ?? args.platform].try(args, vars, last);
