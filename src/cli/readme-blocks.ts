// The parts of README.md that are written from the code, between `<!-- name:start -->` and
// `<!-- name:end -->`: `npm run readme` rewrites them and tests/readme.test.ts fails when one is stale.
// Pure on purpose (no Node built-ins), so the test can run it inside workerd.
import { SLACK_BOT_SCOPES } from "../slack/manifest";

export const README_BLOCKS: Record<string, () => string> = {
  "slack-scopes": () => SLACK_BOT_SCOPES.map((scope) => `\`${scope}\``).join(", "),
};

/** The text of a marked block, or undefined when README.md has none of that name. */
export function readmeBlock(readme: string, name: string): string | undefined {
  return new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(readme)?.[1];
}
