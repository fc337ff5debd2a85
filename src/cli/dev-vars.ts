// .dev.vars as wrangler dev reads it (dotenv's rules): quotes of any kind stripped, a `# comment` after
// an unquoted value dropped, `export ` allowed. The tools read the secrets the local bot runs with from
// it: read otherwise, a `SLACK_SIGNING_SECRET='…'` signed every request of `npm run try` with the quotes,
// and the bot, which has the secret without them, refused each with a 401. Pure, so
// tests/cli/dev-vars.test.ts runs it.

/** One `KEY=value` line, as dotenv (which wrangler dev uses) matches it. */
const LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

/** The KEY=value lines of a .dev.vars file's text. */
export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const match of text.replace(/\r\n?/g, "\n").matchAll(LINE)) {
    const raw = (match[2] ?? "").trim();
    const value = raw.replace(/^(['"`])([\s\S]*)\1$/gm, "$2");
    vars[match[1] as string] = raw.startsWith('"') ? value.replace(/\\n/g, "\n").replace(/\\r/g, "\r") : value;
  }
  return vars;
}
