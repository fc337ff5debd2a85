// .dev.vars as wrangler dev reads it: with dotenv's parse, as wrangler does (quotes of any kind stripped,
// a `# comment` after an unquoted value dropped, `export ` allowed, `\n` in double quotes a line break).
// The tools read the secrets the local bot runs with from it: read otherwise, a
// `SLACK_SIGNING_SECRET='…'` signed every request of `npm run try` with the quotes, and the bot, which has
// the secret without them, refused each with a 401. Pure, so tests/cli/dev-vars.test.ts runs it.
import { parse } from "dotenv";

/** The KEY=value lines of a .dev.vars file's text. */
export const parseDevVars = (text: string): Record<string, string> => parse(text);
