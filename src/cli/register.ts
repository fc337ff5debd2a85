// npm run register [-- --guild ID]: bulk-overwrite the bot's Discord commands from commands/index.ts.
//   Needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN in the environment (or in .dev.vars).
// npm run register -- --platform slack --url https://<your worker>: write slack-manifest.json to paste
//   into Slack (npm run slack:manifest is the same).
// Each platform's registration is PLATFORMS[name].registration; how it reaches the platform is its piece
// in src/cli/platforms.ts.
import { PLATFORM_NAMES, type PlatformName } from "../platform-name";
import { CLI_PLATFORMS } from "./platforms";
import { fail, readDevVars } from "./project";

const argv = process.argv.slice(2);
const index = argv.indexOf("--platform");
const name = index >= 0 ? argv[index + 1] : "discord";
if (!PLATFORM_NAMES.some((p) => p === name)) fail(`--platform takes one of ${PLATFORM_NAMES.join(", ")}`);
await CLI_PLATFORMS[name as PlatformName].register(argv, { ...readDevVars(), ...process.env });
