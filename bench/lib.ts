// Shared by the benchmark scripts: signing like Discord and Slack, statistics, the content bundle.
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../src/cli/project";
import { buildBundle, type ContentBundle } from "../src/content/bundle";
import { DATA_FILES, type DataFileName } from "../src/content/schema";

export const keys = (() => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { publicHex: publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex"), privateKey };
})();
export const SLACK_SECRET = "bench-signing-secret";
/** A single-workspace install (SLACK_BOT_TOKEN), as a deployment without OAuth has: its answers look the token up. */
export const SLACK_BOT_TOKEN = "xoxb-bench-token";

export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function discordRequest(base: string, interaction: unknown): SignedRequest {
  const body = JSON.stringify(interaction);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), keys.privateKey).toString("hex");
  return {
    url: `${base}/discord/interactions`,
    // As Discord sends it, with the body's length.
    headers: {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      "x-signature-ed25519": signature,
      "x-signature-timestamp": timestamp,
    },
    body,
  };
}

export function slackRequest(base: string, command: string, text: string): SignedRequest {
  const body = new URLSearchParams({
    command,
    text,
    team_id: "T1",
    channel_id: "C1",
    user_id: "U1",
    user_name: "bench",
    trigger_id: "t",
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    url: `${base}/slack/events`,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
    body,
  };
}

export const toRequest = (r: SignedRequest) => new Request(r.url, { method: "POST", headers: r.headers, body: r.body });

export function interaction(type: number, data: Record<string, unknown>) {
  return {
    id: "1",
    application_id: "1",
    type,
    token: "t",
    version: 1,
    locale: "en-US",
    guild_id: "1",
    channel_id: "2",
    member: { user: { id: "3", username: "bench" }, permissions: "0" },
    app_permissions: "2251799813685247",
    data,
  };
}

/** The scenarios measured per request, by name. */
export function scenarios(base: string): Record<string, SignedRequest> {
  return {
    PING: discordRequest(base, { id: "1", application_id: "1", type: 1, token: "t", version: 1 }),
    "/character name": discordRequest(
      base,
      interaction(2, { id: "1", name: "character", type: 1, options: [{ name: "name", type: 3, value: "baek" }] }),
    ),
    "/episode 3": discordRequest(
      base,
      interaction(2, { id: "1", name: "episode", type: 1, options: [{ name: "number", type: 4, value: 3 }] }),
    ),
    autocomplete: discordRequest(
      base,
      interaction(4, { id: "1", name: "character", type: 1, options: [{ name: "name", type: 3, value: "ba", focused: true }] }),
    ),
    "button click": discordRequest(base, {
      ...interaction(3, { custom_id: "ep:4:en", component_type: 2 }),
      message: { id: "1" },
    }),
    "Slack /episode 3": slackRequest(base, "/episode", "3"),
  };
}

export async function contentBundle(): Promise<ContentBundle> {
  const files: Partial<Record<DataFileName, unknown>> = {};
  for (const name of Object.keys(DATA_FILES) as DataFileName[])
    files[name] = JSON.parse(readFileSync(join(ROOT, "data", name), "utf8"));
  const result = await buildBundle(files);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.bundle;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const median = (values: number[]) => percentile(values, 50);

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(cells[0] ?? []), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...cells.slice(1).map(line)].join("\n");
}
