// Local stand-ins for Discord's REST API and Slack's Web API, started by `npm start -- --mock-apis`.
// The Worker's DISCORD_API_BASE and SLACK_API_BASE point here, so renewal alerts can be watched end to
// end without accounts: every message that reaches a mock channel is printed. They answer the way the
// real services do, limits included: Discord wants a bot token, limits posts per channel (5 per 5 s)
// with its X-RateLimit headers and a 429 carrying retry_after, and deduplicates an enforced nonce for a
// few minutes only; Slack answers errors as HTTP 200 with ok:false, allows about one post per second
// per channel (short bursts pass) and pages conversations.history (oldest, latest, cursor). Both edit a message
// they hold (Discord PATCH, Slack chat.update) and refuse one they do not (Unknown Message, message_not_found).
// Written by hand: no library mocks these two APIs. This file is a plain fetch handler (web APIs only,
// so tests/cli/mock-apis.test.ts runs it inside workerd); mock-apis-server.ts serves it from Node.

export const DISCORD_MOCK_PATH = "/discord/api/v10";
export const SLACK_MOCK_PATH = "/slack/api";

/** Discord: 5 messages per 5 seconds per channel. */
const DISCORD_CHANNEL_LIMIT = 5;
const DISCORD_CHANNEL_WINDOW_MS = 5_000;
/** Discord keeps an enforced nonce for a few minutes, not forever. */
const DISCORD_NONCE_TTL_MS = 5 * 60_000;
/** Slack: about 1 message per second per channel, with short bursts allowed. */
const SLACK_CHANNEL_BURST = 3;
const SLACK_CHANNEL_WINDOW_MS = 3_000;
/** conversations.history for apps outside the Marketplace: at most 15 messages a page. */
const SLACK_HISTORY_PAGE_MAX = 15;

export interface MockMessage {
  platform: "discord" | "slack";
  channel: string;
  id: string;
  title: string;
  body: Record<string, unknown>;
}

export interface MockApis {
  fetch(request: Request): Promise<Response>;
  /** Every message accepted, in order. */
  messages: MockMessage[];
}

type Json = Record<string, unknown>;

/**
 * Channels that fail the way real ones do, to watch the bot's reactions locally (subscribe one with
 * `npm run try -- --channel 404 /renewal alerts:on`): gone, no access, an HTML error page from a proxy.
 */
export const DISCORD_FAILING_CHANNELS: Record<string, { status: number; body: Json } | { status: number; html: string }> = {
  "403": { status: 403, body: { message: "Missing Access", code: 50001 } },
  "404": { status: 404, body: { message: "Unknown Channel", code: 10003 } },
  "502": { status: 502, html: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>" },
};
export const SLACK_FAILING_CHANNELS: Record<string, string> = {
  C0GONE: "channel_not_found",
  C0ARCHIVED: "is_archived",
  C0NOTIN: "not_in_channel",
};

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** An HTML page instead of JSON, as a proxy in front of an API sends. */
  html?: string;
}

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({ status, body, headers });

const toResponse = ({ status, body, headers, html }: Answer) =>
  html !== undefined
    ? new Response(html, { status, headers: { "content-type": "text/html", ...headers } })
    : new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** A sliding window per key: how long to wait before the next call fits, or 0. */
class Window {
  private calls = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(key: string, now: number): { waitMs: number; remaining: number; resetMs: number } {
    const recent = (this.calls.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.calls.set(key, recent);
      return {
        waitMs: (recent[0] as number) + this.windowMs - now,
        remaining: 0,
        resetMs: (recent[0] as number) + this.windowMs - now,
      };
    }
    recent.push(now);
    this.calls.set(key, recent);
    return { waitMs: 0, remaining: this.limit - recent.length, resetMs: (recent[0] as number) + this.windowMs - now };
  }
}

/** The title a person would see first: an embed's title, a header block, or the text. */
function titleOf(body: Json): string {
  const embeds = body.embeds as { title?: string; description?: string }[] | undefined;
  const blocks = body.blocks as { type?: string; text?: { text?: string } }[] | undefined;
  const header = blocks?.find((b) => b.type === "header" || b.type === "section")?.text?.text;
  const text = embeds?.[0]?.title ?? header ?? (body.content as string | undefined) ?? (body.text as string | undefined) ?? "";
  return text.replace(/\s+/g, " ").slice(0, 120);
}

/** The first line a person would read of a message: a withdrawal notice sits above the title. */
function textOf(body: Json): string {
  const embeds = body.embeds as { description?: string }[] | undefined;
  const blocks = body.blocks as { text?: { text?: string } }[] | undefined;
  const first = embeds?.[0]?.description ?? blocks?.[0]?.text?.text ?? (body.content as string | undefined) ?? "";
  return first.replace(/\s+/g, " ").slice(0, 120);
}

export function createMockApis({ log = console.log, now = Date.now } = {}): MockApis {
  const messages: MockMessage[] = [];
  const discordWindow = new Window(DISCORD_CHANNEL_LIMIT, DISCORD_CHANNEL_WINDOW_MS);
  const slackWindow = new Window(SLACK_CHANNEL_BURST, SLACK_CHANNEL_WINDOW_MS);
  const nonces = new Map<string, { message: Json; at: number }>();
  let seq = 0;

  function discord(request: Request, path: string, raw: string): Answer {
    if (!/^Bot \S+/.test(request.headers.get("authorization") ?? ""))
      return answer(401, { message: "401: Unauthorized", code: 0 });
    const edit = /^\/channels\/(\d{1,20})\/messages\/(\d{1,20})$/.exec(path);
    if (edit) return editDiscord(request, edit[1] as string, edit[2] as string, raw);
    const match = /^\/channels\/(\d{1,20})\/messages$/.exec(path);
    if (!match) return answer(404, { message: "404: Not Found", code: 0 });
    if (request.method !== "POST") return answer(405, { message: "405: Method Not Allowed", code: 0 });
    const channel = match[1] as string;
    const failing = DISCORD_FAILING_CHANNELS[channel];
    if (failing)
      return "html" in failing
        ? { status: failing.status, body: null, html: failing.html }
        : answer(failing.status, failing.body);
    let body: Json;
    try {
      body = JSON.parse(raw) as Json;
    } catch {
      return answer(400, { message: "The request body contains invalid JSON.", code: 50109 });
    }
    if (!body.content && !(body.embeds as unknown[] | undefined)?.length)
      return answer(400, { message: "Cannot send an empty message", code: 50006 });
    const at = now();
    for (const [key, entry] of nonces) if (at - entry.at > DISCORD_NONCE_TTL_MS) nonces.delete(key);
    const nonceKey = body.enforce_nonce && body.nonce !== undefined ? `${channel}:${String(body.nonce)}` : undefined;
    const seen = nonceKey ? nonces.get(nonceKey) : undefined;
    if (seen) return answer(200, seen.message);
    const window = discordWindow.take(channel, at);
    const headers = {
      "x-ratelimit-limit": String(DISCORD_CHANNEL_LIMIT),
      "x-ratelimit-remaining": String(window.remaining),
      "x-ratelimit-reset": String((at + window.resetMs) / 1000),
      "x-ratelimit-reset-after": String(window.resetMs / 1000),
      "x-ratelimit-bucket": "mock-channel-messages",
    };
    if (window.waitMs > 0) {
      const retryAfter = Math.ceil(window.waitMs) / 1000;
      return answer(
        429,
        { message: "You are being rate limited.", retry_after: retryAfter, global: false },
        { ...headers, "retry-after": String(Math.ceil(retryAfter)), "x-ratelimit-scope": "user" },
      );
    }
    const id = String(BigInt(at - 1_420_070_400_000) * 4_194_304n + BigInt(++seq));
    const message = { id, channel_id: channel, type: 0, timestamp: new Date(at).toISOString(), ...body };
    if (nonceKey) nonces.set(nonceKey, { message, at });
    messages.push({ platform: "discord", channel, id, title: titleOf(body), body });
    log(`[mock discord] channel ${channel} received: ${titleOf(body)}`);
    return answer(200, message, headers);
  }

  /** PATCH of a posted message: its fields are replaced; 404 Unknown Message for one never posted. */
  function editDiscord(request: Request, channel: string, id: string, raw: string): Answer {
    if (request.method !== "PATCH") return answer(405, { message: "405: Method Not Allowed", code: 0 });
    const message = messages.find((m) => m.platform === "discord" && m.channel === channel && m.id === id);
    if (!message) return answer(404, { message: "Unknown Message", code: 10008 });
    let body: Json;
    try {
      body = JSON.parse(raw) as Json;
    } catch {
      return answer(400, { message: "The request body contains invalid JSON.", code: 50109 });
    }
    message.body = { ...message.body, ...body };
    message.title = titleOf(message.body);
    log(`[mock discord] channel ${channel} message ${id} edited: ${textOf(message.body)}`);
    return answer(200, { id, channel_id: channel, type: 0, edited_timestamp: new Date(now()).toISOString(), ...message.body });
  }

  function slack(request: Request, method: string, raw: string): Answer {
    const token = /^Bearer (\S+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
    let args: Json;
    try {
      args = (request.headers.get("content-type") ?? "").includes("json")
        ? (JSON.parse(raw || "{}") as Json)
        : Object.fromEntries(new URLSearchParams(raw));
    } catch {
      return answer(200, { ok: false, error: "invalid_json" });
    }
    const auth = token ?? (typeof args.token === "string" ? args.token : undefined);
    if (!auth) return answer(200, { ok: false, error: "not_authed" });
    if (!/^xox[bp]-/.test(auth)) return answer(200, { ok: false, error: "invalid_auth" });
    const channel = typeof args.channel === "string" ? args.channel : "";
    if (method === "auth.test")
      return answer(200, {
        ok: true,
        url: "https://mock.slack.com/",
        team: "Mock",
        user: "bot",
        // The workspace `npm run try` speaks from: with OAuth set up locally, the mock SLACK_BOT_TOKEN serves it.
        team_id: "T0LOCAL",
        user_id: "U0BOT",
      });
    const failing = SLACK_FAILING_CHANNELS[channel];
    if (failing && (method === "chat.postMessage" || method === "conversations.history"))
      return answer(200, { ok: false, error: failing });
    // Joining is what makes the bot a member: a channel it is not in can be joined, one gone or archived cannot.
    if (method === "conversations.join") {
      if (!channel) return answer(200, { ok: false, error: "channel_not_found" });
      if (failing && failing !== "not_in_channel") return answer(200, { ok: false, error: failing });
      return answer(200, { ok: true, channel: { id: channel } });
    }
    if (method === "chat.postMessage") {
      if (!channel) return answer(200, { ok: false, error: "channel_not_found" });
      if (!args.text && !args.blocks && !args.attachments) return answer(200, { ok: false, error: "no_text" });
      const at = now();
      const window = slackWindow.take(channel, at);
      if (window.waitMs > 0)
        return answer(429, { ok: false, error: "ratelimited" }, { "retry-after": String(Math.ceil(window.waitMs / 1000)) });
      const ts = `${Math.floor(at / 1000)}.${String(++seq).padStart(6, "0")}`;
      messages.push({ platform: "slack", channel, id: ts, title: titleOf(args), body: args });
      log(`[mock slack] channel ${channel} received: ${titleOf(args)}`);
      return answer(200, { ok: true, channel, ts, message: { type: "message", ts, ...args } });
    }
    if (method === "chat.update") {
      const message = messages.find((m) => m.platform === "slack" && m.channel === channel && m.id === args.ts);
      if (!message) return answer(200, { ok: false, error: channel ? "message_not_found" : "channel_not_found" });
      const { channel: _channel, ts: _ts, ...update } = args;
      message.body = { ...message.body, ...update };
      message.title = titleOf(message.body);
      log(`[mock slack] channel ${channel} message ${message.id} edited: ${textOf(message.body)}`);
      return answer(200, { ok: true, channel, ts: message.id, text: message.body.text });
    }
    if (method === "conversations.history") {
      if (!channel) return answer(200, { ok: false, error: "channel_not_found" });
      const limit = Math.min(Number(args.limit ?? 100) || 100, SLACK_HISTORY_PAGE_MAX);
      const start = Number(args.cursor ? atob(String(args.cursor)) : 0) || 0;
      const oldest = Number(args.oldest ?? 0) || 0;
      const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
      const all = messages
        .filter((m) => m.platform === "slack" && m.channel === channel && Number(m.id) >= oldest && Number(m.id) < latest)
        .reverse()
        .map((m) => ({
          type: "message",
          ts: m.id,
          text: m.body.text,
          ...(args.include_all_metadata && m.body.metadata ? { metadata: m.body.metadata } : {}),
        }));
      const page = all.slice(start, start + limit);
      const more = start + limit < all.length;
      return answer(200, {
        ok: true,
        messages: page,
        has_more: more,
        response_metadata: { next_cursor: more ? btoa(String(start + limit)) : "" },
      });
    }
    return answer(200, { ok: false, error: "unknown_method" });
  }

  return {
    messages,
    async fetch(request: Request): Promise<Response> {
      const path = new URL(request.url).pathname;
      const raw = request.method === "GET" ? "" : await request.text();
      if (path.startsWith(`${DISCORD_MOCK_PATH}/`))
        return toResponse(discord(request, path.slice(DISCORD_MOCK_PATH.length), raw));
      if (path.startsWith(`${SLACK_MOCK_PATH}/`)) return toResponse(slack(request, path.slice(SLACK_MOCK_PATH.length + 1), raw));
      if (path === "/" && request.method === "GET") return toResponse(answer(200, { messages }));
      return toResponse(answer(404, { error: "not found" }));
    },
  };
}
