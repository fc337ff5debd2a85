// npm run deploy [-- any `wrangler deploy` flag, e.g. --dry-run]
//   Deploys the bot as two Workers made from wrangler.toml (src/cli/split.ts): the back first, since
//   the front's service binding needs it to exist, then the front.
// npm run deploy -- secret NAME
//   Reads a secret's value from standard input and puts it into both Workers.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fail, ROOT } from "./project";
import { secretArgsProblem, secretValue } from "./secret-name";
import { writeSplitConfigs } from "./split";

const bin = join(ROOT, "node_modules", ".bin", "wrangler");

function run(args: string[], input?: string): void {
  const result = spawnSync(bin, args, {
    cwd: ROOT,
    stdio: [input === undefined ? "inherit" : "pipe", "inherit", "inherit"],
    input,
  });
  if (result.status !== 0) fail(`wrangler ${args.join(" ")} failed`);
}

const args = process.argv.slice(2);
const files = writeSplitConfigs();
if (args[0] === "secret") {
  const name = args[1] ?? "";
  const problem = secretArgsProblem(args);
  if (problem) fail(problem);
  if (process.stdin.isTTY) process.stderr.write(`Value of ${name} (then Enter and Ctrl-D): `);
  const value = secretValue(readFileSync(0, "utf8"));
  if (value === undefined) fail(`no value for ${name} on standard input`);
  for (const which of ["back", "front"] as const) run(["secret", "put", name, "--config", files[which]], value);
} else {
  for (const which of ["back", "front"] as const) {
    console.log(`\n${which === "back" ? "The back Worker" : "The front Worker"} (${files[which]}):`);
    run(["deploy", "--config", files[which], ...args]);
  }
}
