// npm start [-- [--port N] [--mock-apis [--mock-port N]] [--persist-to DIR] [any wrangler dev flag]]
// Development keys in .dev.vars (created when absent), local KV and D1 seeded from data/, then
// `wrangler dev`, with the cron trigger fired on its schedule (wrangler dev does not fire crons by
// itself) and, with --mock-apis, local stand-ins for Discord's and Slack's APIs that print every alert
// reaching a channel. No Discord or Slack account is needed.
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Cron } from "croner";
import { serveMockApis } from "./mock-apis-server";
import { DEV_VARS, fail, forgetLocalUrl, ROOT, readDevVars, readWranglerConfig, recordLocalUrl, wrangler } from "./project";
import { seed } from "./seed";
import { missingDevKeys, parseStartArgs, type StartArgs } from "./start-args";
import { type Where, whereOf } from "./wrangler-bindings";

/** Tokens the mock APIs accept; they only ever reach the local mock. */
const MOCK_TOKENS = { DISCORD_BOT_TOKEN: "mock-discord-bot-token", SLACK_BOT_TOKEN: "xoxb-mock-slack-bot-token" };

/** Creates .dev.vars with development keys, or adds those an existing one lacks (see missingDevKeys). */
function ensureDevVars(): void {
  const existing = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, "utf8") : "";
  const missing = missingDevKeys(readDevVars());
  if (!missing.length) return;
  const lines = existing
    ? [existing.endsWith("\n") ? "" : "\n", "# Development keys added by `npm start`. Local only: never deploy these."]
    : [
        "# Development keys made by `npm start`. Local only: never deploy these.",
        "# `npm run try` signs requests with DEV_DISCORD_PRIVATE_KEY and SLACK_SIGNING_SECRET.",
      ];
  if (missing.includes("discord")) {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const rawPublic = publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");
    const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
    lines.push(`DISCORD_PUBLIC_KEY=${rawPublic}`, `DEV_DISCORD_PRIVATE_KEY=${pkcs8}`);
  }
  if (missing.includes("slack")) lines.push(`SLACK_SIGNING_SECRET=${randomBytes(16).toString("hex")}`);
  if (!existing) lines.push("DISCORD_APPLICATION_ID=100000000000000001");
  writeFileSync(DEV_VARS, `${existing}${lines.join("\n")}\n`);
  console.log(
    existing ? `Added development keys to .dev.vars (${missing.join(", ")}).` : "Created .dev.vars with development keys.",
  );
}

/** One line per platform: where its alert posts go, and whether they can be sent. */
function describeAlerts(platform: "Discord" | "Slack", base: string, token: string | undefined, mock: boolean): string {
  const where = mock ? `${base} (the local mock: each post is printed below)` : base;
  const name = platform === "Discord" ? "DISCORD_BOT_TOKEN" : "SLACK_BOT_TOKEN";
  const state = token ? "" : `; no ${name}, so deliveries are refused and shown in /health`;
  return `  ${platform} posts go to ${where}${state}`;
}

/** The channels subscribed in the local state `where` names: wrangler dev's own, or the folder --persist-to gives. */
export function listSubscriptions(where: Where): string {
  const out = wrangler(
    [
      "d1",
      "execute",
      "DB",
      ...where,
      "--json",
      "--command",
      "SELECT platform, channel_id, locale FROM subscriptions WHERE active = 1 ORDER BY id",
    ],
    { quiet: true },
  );
  try {
    const rows = (JSON.parse(out) as { results: { platform: string; channel_id: string; locale: string }[] }[])[0]?.results ?? [];
    if (!rows.length) return "  No channel is subscribed yet: `npm run try -- /renewal alerts:on` subscribes one.";
    return `  Subscribed: ${rows.map((r) => `${r.platform} ${r.channel_id} (${r.locale})`).join(", ")}`;
  } catch {
    return "  Subscribed channels: unknown (the local D1 could not be read).";
  }
}

/** Whether something already answers HTTP at `url` (another `npm start` on the same port, say). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

async function waitUntilUp(url: string, dev: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 240 && dev.exitCode === null; i++) {
    try {
      await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return false;
}

/** Fires the Worker's scheduled handler for one cron pattern, as Cloudflare would at that minute. */
async function fireCron(url: string, cron: string, at: Date): Promise<void> {
  const time = at.toTimeString().slice(0, 8);
  try {
    const query = new URLSearchParams({ cron, time: String(at.getTime()) });
    const response = await fetch(`${url}/cdn-cgi/handler/scheduled?${query}`, { signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    console.log(`[cron ${cron}] ${time} scheduled handler ran${response.ok ? "" : ` (HTTP ${response.status})`}`);
  } catch (error) {
    console.log(`[cron ${cron}] ${time} could not reach the Worker: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  let args: StartArgs;
  try {
    args = parseStartArgs(process.argv.slice(2), process.env);
  } catch (error) {
    return fail((error as Error).message);
  }
  const url = `http://localhost:${args.port}`;
  // A second `npm start` on a busy port would fail in wrangler, after taking the first one's /health
  // for its own start-up and its cron for its own.
  if (await answers(url))
    return fail(`Something already listens on ${url} (another \`npm start\`?): stop it, or choose another port with --port.`);
  ensureDevVars();
  // Into the state wrangler dev will read: its own default, or the folder --persist-to names.
  await seed({ persistTo: args.persistTo });
  const config = readWranglerConfig();
  const crons = config.triggers?.crons ?? [];
  const devVars = readDevVars();

  const wranglerArgs = ["dev", "--port", String(args.port), "--test-scheduled", ...args.passThrough];
  let mock: Awaited<ReturnType<typeof serveMockApis>> | undefined;
  if (args.mockApis) {
    mock = await serveMockApis({ port: args.mockPort }).catch((error: Error) =>
      fail(`The mock APIs could not listen on port ${args.mockPort} (${error.message}); choose another with --mock-port.`),
    );
    const mockVars: Record<string, string> = {
      DISCORD_API_BASE: mock.discordBase,
      SLACK_API_BASE: mock.slackBase,
      ...MOCK_TOKENS,
    };
    for (const [name, value] of Object.entries(mockVars)) {
      if (args.vars[name] !== undefined) continue;
      args.vars[name] = value;
      wranglerArgs.push("--var", `${name}:${value}`);
    }
  }
  const setting = (name: string) => args.vars[name] ?? devVars[name] ?? config.vars?.[name];
  console.log(
    [
      "",
      `Alerts: the cron ${crons.map((c) => `"${c}"`).join(", ") || "(none in wrangler.toml)"} is fired here on its schedule.`,
      describeAlerts("Discord", setting("DISCORD_API_BASE") ?? "", setting("DISCORD_BOT_TOKEN"), mock !== undefined),
      describeAlerts("Slack", setting("SLACK_API_BASE") ?? "", setting("SLACK_BOT_TOKEN"), mock !== undefined),
      listSubscriptions(whereOf({ persistTo: args.persistTo })),
      "",
    ].join("\n"),
  );

  const dev = spawn(join(ROOT, "node_modules", ".bin", "wrangler"), wranglerArgs, { cwd: ROOT, stdio: "inherit" });
  const jobs: Cron[] = [];
  let recorded = false;
  const stop = async (code: number) => {
    for (const job of jobs) job.stop();
    if (recorded) forgetLocalUrl(url);
    await mock?.close();
    process.exit(code);
  };
  dev.on("exit", (code) => void stop(code ?? 0));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));

  if (!(await waitUntilUp(url, dev))) return;
  recordLocalUrl(url);
  recorded = true;
  for (const cron of crons) {
    const job = new Cron(cron, () => void fireCron(url, cron, new Date()));
    jobs.push(job);
    console.log(`[cron ${cron}] first run at ${job.nextRun()?.toTimeString().slice(0, 8) ?? "never"}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
