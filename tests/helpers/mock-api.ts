// Stand-ins for Discord's and Slack's Web APIs (the only things mocked): the Worker's fetch calls to
// DISCORD_API_BASE / SLACK_API_BASE land here. They keep the messages they accept, honour Discord's
// enforced nonces, and can be told to fail in the ways the real services do.
import { vi } from "vitest";

export interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Accept and store the message, then fail the connection (a timeout after the post landed). */
  storeThenDrop?: boolean;
}

export interface PostedDiscord {
  id: string;
  channelId: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface PostedSlack {
  ts: string;
  channel: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export class MockApis {
  discord: PostedDiscord[] = [];
  slack: PostedSlack[] = [];
  /** What was sent to Slack response_url addresses (answers to button clicks). */
  responses: { url: string; body: Record<string, unknown> }[] = [];
  discordCalls = 0;
  slackCalls = 0;
  private discordScript = new Map<string, Scripted[]>();
  private slackScript = new Map<string, Scripted[]>();
  private seq = 0;

  /** The next answers for this Discord channel, in order; afterwards it accepts posts again. */
  scriptDiscord(channelId: string, ...answers: Scripted[]) {
    this.discordScript.set(channelId, [...(this.discordScript.get(channelId) ?? []), ...answers]);
  }

  scriptSlack(channel: string, ...answers: Scripted[]) {
    this.slackScript.set(channel, [...(this.slackScript.get(channel) ?? []), ...answers]);
  }

  discordIn(channelId: string) {
    return this.discord.filter((m) => m.channelId === channelId);
  }

  slackIn(channel: string) {
    return this.slack.filter((m) => m.channel === channel);
  }

  private reply(s: Scripted): Response {
    return new Response(s.body === undefined ? null : JSON.stringify(s.body), {
      status: s.status,
      headers: { "content-type": "application/json", ...s.headers },
    });
  }

  private storeDiscord(channelId: string, body: Record<string, unknown>, headers: Record<string, string>): PostedDiscord {
    const existing = body.enforce_nonce ? this.discordIn(channelId).find((m) => m.body.nonce === body.nonce) : undefined;
    if (existing) return existing;
    const message = { id: String(1_000_000 + ++this.seq), channelId, body, headers };
    this.discord.push(message);
    return message;
  }

  handleDiscord(url: URL, init: RequestInit, headers: Record<string, string>): Response {
    this.discordCalls++;
    const match = /\/channels\/([^/]+)\/messages$/.exec(url.pathname);
    if (!match || init.method !== "POST") return this.reply({ status: 404, body: { code: 0, message: "404: Not Found" } });
    const channelId = decodeURIComponent(match[1] as string);
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    const scripted = this.discordScript.get(channelId)?.shift();
    if (scripted?.storeThenDrop) {
      this.storeDiscord(channelId, body, headers);
      throw new TypeError("Network connection lost.");
    }
    if (scripted) return this.reply(scripted);
    const message = this.storeDiscord(channelId, body, headers);
    return this.reply({ status: 200, body: { id: message.id, channel_id: channelId, nonce: body.nonce } });
  }

  handleSlack(url: URL, init: RequestInit, headers: Record<string, string>): Response {
    this.slackCalls++;
    if (url.pathname.startsWith("/respond/")) {
      this.responses.push({ url: url.toString(), body: JSON.parse(String(init.body)) });
      return new Response("ok", { status: 200 });
    }
    const method = url.pathname.split("/").pop();
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    const channel = String(body.channel);
    if (method === "conversations.history") {
      const oldest = Number(body.oldest ?? 0);
      const messages = this.slackIn(channel)
        .filter((m) => Number(m.ts) >= oldest)
        .map((m) => ({ ts: m.ts, text: m.body.text, ...(body.include_all_metadata ? { metadata: m.body.metadata } : {}) }));
      return this.reply({ status: 200, body: { ok: true, messages } });
    }
    if (method !== "chat.postMessage") return this.reply({ status: 200, body: { ok: false, error: "unknown_method" } });
    const scripted = this.slackScript.get(channel)?.shift();
    const store = () => {
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, "0")}`;
      this.slack.push({ ts, channel, body, headers });
      return ts;
    };
    if (scripted?.storeThenDrop) {
      store();
      throw new TypeError("Network connection lost.");
    }
    if (scripted) return this.reply(scripted);
    return this.reply({ status: 200, body: { ok: true, channel, ts: store() } });
  }

  /** Routes the Worker's fetch calls to the mocks; anything else is refused. */
  install() {
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : undefined;
      const url = new URL(request ? request.url : String(input));
      const options: RequestInit = init ?? { method: request?.method, body: request ? await request.text() : undefined };
      const headers = Object.fromEntries(new Headers(options.headers ?? request?.headers).entries());
      if (url.hostname === "discord.mock") return this.handleDiscord(url, options, headers);
      if (url.hostname === "slack.mock") return this.handleSlack(url, options, headers);
      throw new Error(`unexpected outbound request to ${url}`);
    });
    return this;
  }
}
