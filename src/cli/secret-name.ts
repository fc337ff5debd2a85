// What `npm run deploy -- secret NAME` may put into the Workers: the secrets the bot reads (src/env.ts), and
// news discovery's optional vars, which work as secrets too. Any other name is refused before wrangler
// stores it: a mistyped SLACK_SIGNING_SECRT would be stored without a word, and Slack's requests refused
// with a 401 that names no cause. Pure, so tests/cli/secret-name.test.ts runs it.
import { NEWS_VAR_NAMES, SECRET_NAMES } from "../env";

const ACCEPTED: readonly string[] = [...SECRET_NAMES, ...NEWS_VAR_NAMES];

/** Why `name` cannot be put, or undefined when it can. */
export function secretNameProblem(name: string): string | undefined {
  if (!/^[A-Z0-9_]+$/.test(name)) return "usage: npm run deploy -- secret NAME   (the value on standard input)";
  if (ACCEPTED.includes(name)) return undefined;
  return `The bot reads no secret named ${name}. Its secrets are ${SECRET_NAMES.join(", ")} (README's Configuration).`;
}
