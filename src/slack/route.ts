// POST /slack/events: ssl_check, signature, body parsing and url_verification happen here, before
// Bolt is loaded; everything else goes to Bolt (src/slack/bolt.ts), imported on first use.
import type { Env } from "../env";
import { isJsonObject, json, MalformedRequest, readBody } from "../http";
import { handleSlackEvent } from "./install-events";
import { verifySlackRequest } from "./verify";

/** The one path Slack sends everything to: commands, clicks, events. */
export const SLACK_ROUTE = "/slack/events";

const decoder = new TextDecoder();

/** A verified request as Bolt reads it: a slash command's form fields, an interactivity payload, or an event. */
export type SlackBody = Record<string, unknown>;
type Body = SlackBody;

/** v0 HMAC-SHA256 over the timestamp and the raw body, with the app's signing secret. */
export const verifySlack = (body: Uint8Array, headers: Headers, env: Env): Promise<boolean> =>
  verifySlackRequest(
    body,
    { signature: headers.get("x-slack-signature"), timestamp: headers.get("x-slack-request-timestamp") },
    env.SLACK_SIGNING_SECRET,
  );

/** A verified body as Bolt expects it: form fields for commands, the decoded payload for interactivity. */
export const parseSlack = (body: Uint8Array, headers: Headers): SlackBody =>
  parseBody(decoder.decode(body), headers.get("content-type") ?? "");

function parseBody(text: string, contentType: string): Body {
  if (contentType.includes("application/json")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new MalformedRequest("body is not JSON");
    }
    if (!isJsonObject(value) || typeof value.type !== "string") throw new MalformedRequest("not a Slack event");
    return value;
  }
  const form = Object.fromEntries(new URLSearchParams(text));
  if (typeof form.payload === "string") {
    let payload: unknown;
    try {
      payload = JSON.parse(form.payload);
    } catch {
      throw new MalformedRequest("payload is not JSON");
    }
    if (!isJsonObject(payload) || typeof payload.type !== "string") throw new MalformedRequest("payload has no type");
    return payload;
  }
  if (typeof form.command !== "string" || !form.command.startsWith("/"))
    throw new MalformedRequest("neither a command nor a payload");
  return form;
}

export async function handleSlack(request: Request, env: Env, waitUntil: (promise: Promise<unknown>) => void): Promise<Response> {
  const raw = await readBody(request);
  if (raw instanceof Response) return raw;
  const text = decoder.decode(raw);
  const contentType = request.headers.get("content-type") ?? "";
  // Slack's certificate check is unsigned and needs only a 200.
  if (!contentType.includes("json") && new URLSearchParams(text).get("ssl_check") === "1")
    return new Response(null, { status: 200 });

  if (!(await verifySlack(raw, request.headers, env))) return json({ error: "invalid request signature" }, 401);

  let body: Body;
  try {
    body = parseBody(text, contentType);
  } catch (error) {
    return json({ error: `malformed Slack request: ${(error as Error).message}` }, 400);
  }
  if (body.type === "url_verification") return json({ challenge: String(body.challenge ?? "") });
  // Events API callbacks: only the installation ones (uninstalled, tokens revoked) are subscribed to.
  if (body.type === "event_callback") return handleSlackEvent(body, env);
  if (body.type === "app_rate_limited") return new Response(null, { status: 200 });

  const { handleWithBolt } = await loadBolt();
  return handleWithBolt(body, env, waitUntil, new URL(request.url).origin);
}

let bolt: Promise<typeof import("./bolt")> | undefined;

/** Bolt is evaluated on the first Slack request that needs it, once per isolate. */
const loadBolt = () => {
  bolt ??= import("./bolt");
  return bolt;
};

/** Whether this isolate has loaded Bolt yet (the Discord path never does). */
export const isBoltLoaded = (): boolean => bolt !== undefined;
