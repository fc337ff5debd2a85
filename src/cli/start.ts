// npm start: development keys in .dev.vars (created when absent), local KV and D1 seeded from data/,
// then `wrangler dev` on http://localhost:8787. No Discord or Slack account is needed.
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEV_VARS, ROOT } from "./project";
import { seed } from "./seed";

function createDevVars(): void {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const rawPublic = publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");
  const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
  writeFileSync(
    DEV_VARS,
    [
      "# Development keys made by `npm start`. Local only: never deploy these.",
      "# `npm run try` signs requests with DEV_DISCORD_PRIVATE_KEY and SLACK_SIGNING_SECRET.",
      `DISCORD_PUBLIC_KEY=${rawPublic}`,
      `DEV_DISCORD_PRIVATE_KEY=${pkcs8}`,
      `SLACK_SIGNING_SECRET=${randomBytes(16).toString("hex")}`,
      "DISCORD_APPLICATION_ID=100000000000000001",
      "",
    ].join("\n"),
  );
  console.log("Created .dev.vars with development keys.");
}

if (!existsSync(DEV_VARS)) createDevVars();
await seed();
const args = ["dev", "--port", process.env.PORT ?? "8787", ...process.argv.slice(2)];
const dev = spawn(join(ROOT, "node_modules", ".bin", "wrangler"), args, { cwd: ROOT, stdio: "inherit" });
dev.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
