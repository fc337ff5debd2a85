// npm run register [-- --guild ID]: bulk-overwrite the bot's Discord commands from commands/index.ts.
//   Needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN in the environment (or in .dev.vars).
// npm run register -- --platform slack --url https://<your worker>: write slack-manifest.json to paste
//   into Slack (npm run slack:manifest is the same).
// Each platform's registration is PLATFORMS[name].registration; how it reaches the platform is its piece
// in src/cli/platforms.ts.
import { CLI_PLATFORMS } from "./platforms";
import { fail, readDevVars } from "./project";
import { parseRegisterArgs, REGISTER_USAGE, type RegisterArgs } from "./register-args";

let args: RegisterArgs;
try {
  args = parseRegisterArgs(process.argv.slice(2));
} catch (error) {
  fail(`${(error as Error).message}\n${REGISTER_USAGE}`);
}
if (args.help) {
  console.log(REGISTER_USAGE);
  process.exit(0);
}
await CLI_PLATFORMS[args.platform].register(args, { ...readDevVars(), ...process.env });
