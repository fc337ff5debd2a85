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

/**
 * Why `npm run deploy -- secret NAME` cannot go ahead with `args` (the script's arguments, "secret" first),
 * or undefined. Nothing may follow the name: a `--dry-run` there was ignored, and the secret put for real.
 */
export function secretArgsProblem(args: readonly string[]): string | undefined {
  const [, name = "", ...rest] = args;
  const problem = secretNameProblem(name);
  if (problem) return problem;
  if (rest.length)
    return `npm run deploy -- secret ${name} takes nothing after the name, not "${rest.join(" ")}" (the value comes on standard input).`;
  return undefined;
}

/**
 * The value to put, read from standard input: as wrangler stores it, its trailing whitespace dropped (the
 * Enter that ends a typed or piped value), or undefined when nothing is left. Checked here, because a value
 * of blank lines left wrangler an empty secret to put over the one set before.
 */
export function secretValue(input: string): string | undefined {
  return input.trimEnd() || undefined;
}
