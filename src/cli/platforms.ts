// The command-line tools' record of platforms, keyed like src/platforms.ts: a platform without its
// pieces here does not compile.
import type { PlatformName } from "../platform-name";
import { discordCli } from "./discord";
import { slackCli } from "./slack";
import type { CliPlatform } from "./try-kit";

export const CLI_PLATFORMS: { readonly [P in PlatformName]: CliPlatform } = {
  discord: discordCli,
  slack: slackCli,
};
