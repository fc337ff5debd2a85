// The command line of `npm run register`: --platform, --guild (Discord) and --url (Slack), each as
// `--guild 123` or `--guild=123`, as npm start takes its own flags. Anything else is refused with the
// usage instead of ignored: an ignored `--guild=123` registered every command globally, and an ignored
// `--platform=slack` went to Discord. Pure, so tests/cli/register-args.test.ts runs it.
import { PLATFORM_NAMES, type PlatformName } from "../platform-name";
import { splitFlag } from "./flags";

export const REGISTER_USAGE = `Usage: npm run register [-- --guild SERVER_ID]
         Discord's commands, globally or in one server; needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN
       npm run register -- --platform slack --url https://<your worker>   (or npm run slack:manifest -- --url …)
         writes slack-manifest.json to paste into Slack`;

export class RegisterArgsError extends Error {}

export interface RegisterArgs {
  platform: PlatformName;
  guild?: string;
  url?: string;
  help: boolean;
}

const FLAGS = ["platform", "guild", "url"] as const;
/** The platform each flag belongs to: a flag of the other one would be ignored there. */
const FLAG_PLATFORM: Record<string, PlatformName> = { guild: "discord", url: "slack" };

export function parseRegisterArgs(argv: string[]): RegisterArgs {
  const given: Partial<Record<(typeof FLAGS)[number], string>> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const [flag, inline] = splitFlag(arg);
    const name = FLAGS.find((f) => flag === `--${f}`);
    if (!name) throw new RegisterArgsError(`Unknown argument "${arg}".`);
    const value = inline ?? argv[++i];
    if (!value || value.startsWith("--")) throw new RegisterArgsError(`--${name} needs a value.`);
    given[name] = value;
  }
  const platform = given.platform ?? "discord";
  if (!PLATFORM_NAMES.some((p) => p === platform))
    throw new RegisterArgsError(`--platform takes one of ${PLATFORM_NAMES.join(", ")}, not "${platform}".`);
  for (const [flag, owner] of Object.entries(FLAG_PLATFORM))
    if (given[flag as keyof typeof given] !== undefined && owner !== platform)
      throw new RegisterArgsError(`--${flag} is for --platform ${owner}.`);
  return { platform: platform as PlatformName, guild: given.guild, url: given.url, help };
}
