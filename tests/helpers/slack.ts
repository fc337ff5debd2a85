// Signs requests the way Slack does (v0 HMAC-SHA256 with the signing secret) and sends them to the Worker.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../src/index";

export const SLACK_SIGNING_SECRET = "8f742231b10e8888abcd99yez56789d0";

const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

export async function signSlack(body: string, timestamp: string, secret = SLACK_SIGNING_SECRET): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return `v0=${toHex(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`v0:${timestamp}:${body}`)))}`;
}

export const slackEnv = (extra: Record<string, unknown> = {}) => ({ ...env, SLACK_SIGNING_SECRET, ...extra });

export interface SlackSendOptions {
  timestamp?: string;
  signature?: string | null;
  contentType?: string;
  secret?: string;
  env?: Record<string, unknown>;
  /** Where the request is sent (default https://bot.test). */
  origin?: string;
  /** The path it is sent to (default /slack/events). */
  path?: string;
}

export async function sendSlackRaw(body: string, options: SlackSendOptions = {}): Promise<Response> {
  return (await sendSlackTimed(body, options)).response;
}

/** sendSlackRaw, also saying how long the answer took, before the work the request left running (waitUntil). */
export async function sendSlackTimed(body: string, options: SlackSendOptions = {}): Promise<{ response: Response; ms: number }> {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature = options.signature === undefined ? await signSlack(body, timestamp, options.secret) : options.signature;
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": timestamp,
  };
  if (signature !== null) headers["x-slack-signature"] = signature;
  const ctx = createExecutionContext();
  const started = Date.now();
  const response = await worker.fetch(
    new Request(`${options.origin ?? "https://bot.test"}${options.path ?? "/slack/events"}`, { method: "POST", headers, body }),
    slackEnv(options.env),
    ctx,
  );
  const ms = Date.now() - started;
  await waitOnExecutionContext(ctx);
  return { response, ms };
}

/** A slash command as Slack posts it (form-encoded). */
export function slashBody(command: string, text = "", extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    team_id: "T0001",
    team_domain: "fans",
    channel_id: "C2147483705",
    channel_name: "trauma-code",
    user_id: "U2147483697",
    user_name: "fan",
    command,
    text,
    api_app_id: "A123456",
    response_url: "https://hooks.slack.com/commands/1234/5678",
    trigger_id: "13345224609.738474920.8088930838d88f008e0",
    ...extra,
  }).toString();
}

export const sendSlash = (command: string, text = "", options?: SlackSendOptions) =>
  sendSlackRaw(slashBody(command, text), options);

export interface SlackReply {
  response_type: string;
  text: string;
  blocks: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text?: string }[] }[];
}

export async function slackJson(response: Response): Promise<SlackReply> {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return (await response.json()) as SlackReply;
}

export function slackText(reply: SlackReply): string {
  return [
    reply.text,
    ...reply.blocks.flatMap((b) => [
      b.text?.text ?? "",
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => e.text ?? ""),
    ]),
  ].join("\n");
}
