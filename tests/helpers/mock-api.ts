// Stand-ins for Discord's and Slack's Web APIs (the only things mocked): the Worker's fetch calls to
// DISCORD_API_BASE / SLACK_API_BASE land here. They behave like the real services where delivery
// depends on it:
// - Discord keeps an enforced nonce only for a few minutes, sends per-route X-RateLimit-* bucket
//   headers and holds to them (a channel's posts, edits and listings, 5 per 5 seconds each: past them
//   429 {global: false} with X-RateLimit-Scope user, an invalid request), answers past its global
//   limit with 429 {global: true} + X-RateLimit-Global, can answer
//   with Cloudflare's HTML 403/429 pages, counts invalid requests (401/403/429) as Discord bans on
//   them, lists a channel's messages (newest first, `after`, `limit`), tells a channel's newest message
//   (GET /channels/{id}: last_message_id, whoever may read it), and edits a stored message
//   (PATCH; 404 Unknown Message for one it does not have; content or embeds refused on a Components V2 one).
// - Slack takes about one chat.postMessage a second in a channel (3 in 3 seconds: short bursts pass;
//   past it HTTP 429 ratelimited with Retry-After); posts carry their metadata; conversations.history honours `oldest`, `latest`, `limit` and `cursor`,
//   newest first, works only in channels the bot joined (not_in_channel otherwise), answers a token
//   once a minute and 15 messages a page (as for apps outside the Marketplace) and can be told to
//   answer ratelimited; conversations.join makes the bot a member of a public channel; a private one is
//   invisible (channel_not_found) until the bot is invited; chat.update edits a stored message
//   (message_not_found otherwise).
// Each can be told to fail in the ways the real services do (discordRateLimited: a route's 429, as Discord sends it).
import { env } from "cloudflare:workers";
import { vi } from "vitest";

export interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Accept and store the message, then fail the connection (a timeout after the post landed). */
  storeThenDrop?: boolean;
  /** Fail the connection before anything is stored. */
  drop?: boolean;
  /** Accept and store the message, then answer with this status and body instead (a gateway's error page after the API posted). */
  storeThenAnswer?: boolean;
  /** Accept and store the message, answer 200, then fail the connection while its body is read. */
  cutBody?: boolean;
  /** Answer with an HTML page, as Cloudflare does in front of Discord. */
  html?: boolean;
}

export interface PostedDiscord {
  id: string;
  channelId: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  at: number;
  /** Discord's message flags: CROSSPOSTED (1) once published to following channels. */
  flags: number;
  /** How often it was edited (PATCH). */
  edits: number;
}

/** A channel that follows an announcement channel (POST /channels/{id}/followers). */
export interface Follow {
  source: string;
  target: string;
  webhookId: string;
}

export interface PostedSlack {
  ts: string;
  channel: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  /** How often it was edited (chat.update). */
  edits?: number;
}

/** Slack, for apps outside its Marketplace: conversations.history once a minute, 15 messages a page. */
const HISTORY_INTERVAL_MS = 60_000;
const HISTORY_PAGE_MAX = 15;

/**
 * Discord's per-route buckets for a channel's messages, as its answers tell them: message creation
 * allows 5 per 5 seconds per channel, and so do edits and listings, each in a bucket of its own. A
 * bucket's window starts with its first request; past its limit Discord answers 429 (scope "user").
 */
const DISCORD_BUCKET_LIMIT = 5;
const DISCORD_BUCKET_WINDOW_MS = 5_000;
/** Slack's chat.postMessage: about one message a second per channel, short bursts allowed (as npm start's mock). */
const SLACK_CHANNEL_BURST = 3;
const SLACK_CHANNEL_WINDOW_MS = 3_000;

/** Discord: "checked for uniqueness in the past few minutes". */
export const NONCE_KEPT_MS = 3 * 60_000;
/** Discord's global limit per bot token. */
export const DISCORD_GLOBAL_PER_SECOND = 50;
/** The bot's user id, which Discord shows as each of its messages' author. */
export const BOT_USER_ID = "100000000000000001";
const DISCORD_EPOCH = 1_420_070_400_000;

/**
 * Discord's answer to a request past one of its routes' limits (scope "user": the bot's own on that route):
 * 429, the wait in its JSON's `retry_after` (seconds, with a fraction) and in Retry-After (whole seconds,
 * rounded up), and the route's X-RateLimit-* headers, spent.
 */
export function discordRateLimited(retryAfter: number, bucket = "mock-route"): Scripted {
  return {
    status: 429,
    body: { message: "You are being rate limited.", retry_after: retryAfter, global: false },
    headers: {
      "retry-after": String(Math.ceil(retryAfter)),
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": (Date.now() / 1000 + retryAfter).toFixed(3),
      "x-ratelimit-reset-after": retryAfter.toFixed(3),
      "x-ratelimit-bucket": bucket,
      "x-ratelimit-scope": "user",
    },
  };
}

export class MockApis {
  discord: PostedDiscord[] = [];
  slack: PostedSlack[] = [];
  /** What was sent to Slack response_url addresses (answers to button clicks). */
  responses: { url: string; body: Record<string, unknown> }[] = [];
  discordCalls = 0;
  slackCalls = 0;
  /** Discord requests answered 401, 403 or 429: 10,000 of them in 10 minutes get an IP banned. */
  invalidRequests = 0;
  /** 429s with X-RateLimit-Global sent. */
  globalLimited = 0;
  /** Slack channels the bot is a member of (joined, or invited with `member`). */
  joined = new Set<string>();
  /**
   * Private Slack channels. The bot sees one only once invited (then it is a member): before that, every
   * method answers channel_not_found, and conversations.join never works on a private channel.
   */
  slackPrivate = new Set<string>();
  /** Slack calls by method. */
  slackMethods: Record<string, number> = {};
  /** The workspace SLACK_BOT_TOKEN was issued in, as auth.test names it: the one the tests' commands come from. */
  slackTeam = "T0001";
  /** Added to the mock's clock, to let nonces age. */
  clockOffset = 0;
  /**
   * Added to the clock of the per-route limits alone: the queue's delays before a retried message comes
   * back, which the pacers' clocks take too (pacersAhead in alerts.ts), while the Worker's own clock, and
   * so the nonces it trusts, stay where they were.
   */
  limitsOffset = 0;
  /**
   * Discord threads archived (as Discord does after a while without messages): a post reopens one, an
   * edit in one is refused (50083) until it is reopened (PATCH /channels/{id} with archived false), which
   * a locked one (in `lockedThreads` too) refuses to the bot.
   */
  archivedThreads = new Set<string>();
  lockedThreads = new Set<string>();
  private discordScript = new Map<string, Scripted[]>();
  private crosspostScript = new Map<string, Scripted[]>();
  /** Channels of type GUILD_ANNOUNCEMENT: only their messages can be crossposted or followed. */
  announcementChannels = new Set<string>();
  follows: Follow[] = [];
  crossposts: string[] = [];
  /** What Discord brought to following channels: a crosspost reaches every channel following at that moment. */
  forwarded: { target: string; messageId: string }[] = [];
  crosspostCalls = 0;
  /** GET /channels/{id}/webhooks calls. */
  webhookListings = 0;
  private slackScript = new Map<string, Scripted[]>();
  private historyScript = new Map<string, Scripted[]>();
  /** When each token last read a channel's history. */
  private historyAt = new Map<string, number>();
  private discordWindow: number[] = [];
  /** Discord's per-route buckets, by route and channel: requests counted in the window, and when it resets. */
  private buckets = new Map<string, { used: number; resetAt: number }>();
  /** When each Slack channel was last posted to by chat.postMessage, within its window. */
  private slackPosts = new Map<string, number[]>();
  /** Discord 429s of a per-route bucket, and Slack 429s of chat.postMessage's channel limit, sent. */
  routeLimited = 0;
  /** Messages of people in Discord channels (discordChatter): listed with the bot's, never counted as its posts. */
  discordOthers: { id: string; channelId: string; content: string }[] = [];
  private seq = 0;

  /**
   * `routeLimits: false` answers past the per-route limits as if there were none (their headers still
   * tell them), for a test of something else that sends faster than Discord or Slack would take.
   */
  constructor(private readonly options: { globalPerSecond?: number; routeLimits?: boolean } = {}) {}

  private now() {
    return Date.now() + this.clockOffset;
  }

  private limitsNow() {
    return this.now() + this.limitsOffset;
  }

  /**
   * The next answers to crossposts in this channel, in order; `followers:{id}` to follows of it and
   * `webhooks:{id}` to listings of a channel's webhooks.
   */
  scriptCrosspost(channelId: string, ...answers: Scripted[]) {
    this.crosspostScript.set(channelId, [...(this.crosspostScript.get(channelId) ?? []), ...answers]);
  }

  /** The next answers for this Discord channel, in order; afterwards it accepts posts again. */
  scriptDiscord(channelId: string, ...answers: Scripted[]) {
    this.discordScript.set(channelId, [...(this.discordScript.get(channelId) ?? []), ...answers]);
  }

  /** Drops every scripted answer not yet used: the APIs behave well from now on. */
  unscript() {
    this.discordScript.clear();
    this.slackScript.clear();
    this.historyScript.clear();
  }

  scriptSlack(channel: string, ...answers: Scripted[]) {
    this.slackScript.set(channel, [...(this.slackScript.get(channel) ?? []), ...answers]);
  }

  /** The next answers of conversations.history for this channel. */
  scriptSlackHistory(channel: string, ...answers: Scripted[]) {
    this.historyScript.set(channel, [...(this.historyScript.get(channel) ?? []), ...answers]);
  }

  discordIn(channelId: string) {
    return this.discord.filter((m) => m.channelId === channelId);
  }

  /** The bot's messages in a channel: its own posts, and the crossposts a follow brought there. */
  arrivedIn(channelId: string) {
    return [
      ...this.discordIn(channelId).map((m) => m.id),
      ...this.forwarded.filter((f) => f.target === channelId).map((f) => f.messageId),
    ];
  }

  /** People talking in a Slack channel: `count` messages of theirs, newer than any before. */
  slackChatter(channel: string, count: number) {
    // Theirs, not the bot's: no call of the bot's is counted or answered from a script.
    for (let i = 0; i < count; i++) this.storeSlack(channel, { channel, text: `chat ${i}` }, {});
  }

  /** People talking in a Discord channel: `count` messages of theirs, newer than any before. */
  discordChatter(channelId: string, count: number) {
    for (let i = 0; i < count; i++) this.discordOthers.push({ id: this.snowflake(), channelId, content: `chat ${i}` });
  }

  /** A follow made in Discord's own menu (the bot is not asked), or by the bot: its webhook is created now. */
  followInMenu(source: string, target: string): Follow {
    const follow = { source, target, webhookId: this.snowflake() };
    this.follows.push(follow);
    return follow;
  }

  /** A message crossposted: Discord forwards it to every channel that follows its channel now. */
  private crossposted(message: PostedDiscord) {
    message.flags |= 1;
    this.crossposts.push(message.id);
    for (const f of this.follows.filter((f) => f.source === message.channelId))
      this.forwarded.push({ target: f.target, messageId: message.id });
  }

  slackIn(channel: string) {
    return this.slack.filter((m) => m.channel === channel);
  }

  /** 200 with the answer's headers, and a body that breaks off after its first bytes. */
  private cut(body: unknown): Response {
    const text = JSON.stringify(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text.slice(0, 8)));
        controller.error(new TypeError("Network connection lost."));
      },
    });
    return new Response(stream, { status: 200, headers: { "content-type": "application/json" } });
  }

  private reply(s: Scripted): Response {
    if (s.html)
      return new Response(`<!DOCTYPE html><html><head><title>${s.status}</title></head><body>cloudflare</body></html>`, {
        status: s.status,
        headers: { "content-type": "text/html", ...s.headers },
      });
    return new Response(s.body === undefined ? null : JSON.stringify(s.body), {
      status: s.status,
      headers: { "content-type": "application/json", ...s.headers },
    });
  }

  private snowflake() {
    return String((BigInt(this.now() - DISCORD_EPOCH) << 22n) + BigInt(++this.seq));
  }

  private storeDiscord(channelId: string, body: Record<string, unknown>, headers: Record<string, string>): PostedDiscord {
    const now = this.now();
    this.archivedThreads.delete(channelId);
    const existing = body.enforce_nonce
      ? this.discordIn(channelId).find((m) => m.body.nonce === body.nonce && now - m.at < NONCE_KEPT_MS)
      : undefined;
    if (existing) return existing;
    const message = { id: this.snowflake(), channelId, body, headers, at: now, flags: 0, edits: 0 };
    this.discord.push(message);
    return message;
  }

  /**
   * Takes a request of `route` ("post", "edit", "list") in the channel's bucket: the bucket's headers, as
   * Discord sends them on each answer, or Discord's 429 when the window's requests are spent. The hash
   * names the route, not the channel (Discord's X-RateLimit-Bucket leaves top-level resources out).
   */
  private takeBucket(route: string, channelId: string): { headers: Record<string, string>; limited?: Response } {
    const now = this.limitsNow();
    const key = `${route} ${channelId}`;
    let bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { used: 0, resetAt: now + DISCORD_BUCKET_WINDOW_MS };
      this.buckets.set(key, bucket);
    }
    const spent = bucket.used >= DISCORD_BUCKET_LIMIT && this.options.routeLimits !== false;
    if (!spent) bucket.used++;
    const resetAfter = (bucket.resetAt - now) / 1000;
    const headers = {
      "x-ratelimit-limit": String(DISCORD_BUCKET_LIMIT),
      "x-ratelimit-remaining": String(Math.max(0, DISCORD_BUCKET_LIMIT - bucket.used)),
      "x-ratelimit-reset": (bucket.resetAt / 1000).toFixed(3),
      "x-ratelimit-reset-after": resetAfter.toFixed(3),
      "x-ratelimit-bucket": `mock-${route}-messages`,
    };
    if (!spent) return { headers };
    this.routeLimited++;
    const limited = this.count(
      this.reply({
        status: 429,
        body: { message: "You are being rate limited.", retry_after: resetAfter, global: false },
        headers: { ...headers, "retry-after": String(Math.ceil(resetAfter)), "x-ratelimit-scope": "user" },
      }),
    );
    return { headers, limited };
  }

  /** Whether the channel's next scripted answer comes from in front of its route: a 429 of its own, or an HTML page. */
  private inFront(channelId: string): boolean {
    const next = this.discordScript.get(channelId)?.[0];
    return next !== undefined && (next.html === true || next.status === 429);
  }

  /**
   * Slack's limit on the bot's messages in one channel: its 429 for chat.postMessage, or undefined when
   * the post may go. Only messages posted count (slackPosted), not posts refused for another reason.
   */
  private slackChannelLimit(channel: string): Response | undefined {
    const now = this.limitsNow();
    const recent = (this.slackPosts.get(channel) ?? []).filter((t) => now - t < SLACK_CHANNEL_WINDOW_MS);
    this.slackPosts.set(channel, recent);
    if (recent.length < SLACK_CHANNEL_BURST || this.options.routeLimits === false) return undefined;
    this.routeLimited++;
    const waitMs = (recent[0] as number) + SLACK_CHANNEL_WINDOW_MS - now;
    return this.reply({
      status: 429,
      headers: { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) },
      body: { ok: false, error: "ratelimited" },
    });
  }

  private count(response: Response): Response {
    if ([401, 403, 429].includes(response.status)) this.invalidRequests++;
    return response;
  }

  handleDiscord(url: URL, init: RequestInit, headers: Record<string, string>): Response {
    this.discordCalls++;
    const limit = this.options.globalPerSecond;
    if (limit !== undefined) {
      const now = this.now();
      this.discordWindow = this.discordWindow.filter((t) => now - t < 1000);
      if (this.discordWindow.length >= limit) {
        this.globalLimited++;
        const wait = (1000 - (now - (this.discordWindow[0] ?? now))) / 1000;
        return this.count(
          this.reply({
            status: 429,
            body: { message: "You are being rate limited.", retry_after: wait, global: true },
            headers: { "retry-after": String(Math.ceil(wait)), "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
          }),
        );
      }
      this.discordWindow.push(now);
    }
    const special = this.announcementRoutes(url, init);
    if (special) return special;
    const channel = /\/channels\/([^/]+)$/.exec(url.pathname);
    if (channel && init.method === "PATCH") return this.reopenThread(decodeURIComponent(channel[1] as string), init);
    if (channel && (init.method ?? "GET") === "GET") return this.discordChannel(decodeURIComponent(channel[1] as string));
    const edit = /\/channels\/([^/]+)\/messages\/([^/]+)$/.exec(url.pathname);
    if (edit) return this.editDiscord(decodeURIComponent(edit[1] as string), decodeURIComponent(edit[2] as string), init);
    const match = /\/channels\/([^/]+)\/messages$/.exec(url.pathname);
    if (!match) return this.count(this.reply({ status: 404, body: { code: 0, message: "404: Not Found" } }));
    const channelId = decodeURIComponent(match[1] as string);
    if (init.method === "GET") return this.listDiscord(channelId, url);
    if (init.method !== "POST")
      return this.count(this.reply({ status: 405, body: { code: 0, message: "405: Method Not Allowed" } }));
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    // Past the channel's limit Discord answers 429 before anything else is done with the request; a
    // request stopped in front of it (Cloudflare's page, the global limit) never reaches the bucket.
    const bucket = this.inFront(channelId) ? { headers: {} } : this.takeBucket("post", channelId);
    if (bucket.limited) return bucket.limited;
    const scripted = this.discordScript.get(channelId)?.shift();
    if (scripted?.drop) throw new TypeError("Network connection lost.");
    if (scripted?.storeThenDrop) {
      this.storeDiscord(channelId, body, headers);
      throw new TypeError("Network connection lost.");
    }
    if (scripted?.storeThenAnswer) {
      this.storeDiscord(channelId, body, headers);
      return this.count(this.reply(scripted));
    }
    if (scripted?.cutBody) {
      const message = this.storeDiscord(channelId, body, headers);
      return this.cut({ id: message.id, channel_id: channelId, author: { id: BOT_USER_ID }, ...message.body });
    }
    if (scripted) {
      // Discord's own answers carry bucket headers; a scripted 429 says its own, and Cloudflare's pages none.
      const own = !scripted.html && scripted.status !== 429 && scripted.status < 500;
      return this.count(this.reply({ ...scripted, headers: { ...(own ? bucket.headers : {}), ...scripted.headers } }));
    }
    const message = this.storeDiscord(channelId, body, headers);
    return this.reply({
      status: 200,
      body: { id: message.id, channel_id: channelId, nonce: body.nonce, author: { id: BOT_USER_ID }, ...message.body },
      headers: bucket.headers,
    });
  }

  /**
   * PATCH /channels/{id}/messages/{id}: the given fields replace the stored message's (an empty content
   * or embeds list clears them); 404 Unknown Message (10008) for an id never posted or deleted. Scripted
   * answers of the channel apply, as to posts.
   */
  private editDiscord(channelId: string, messageId: string, init: RequestInit): Response {
    if (init.method !== "PATCH")
      return this.count(this.reply({ status: 405, body: { code: 0, message: "405: Method Not Allowed" } }));
    const bucket = this.inFront(channelId) ? { headers: {} } : this.takeBucket("edit", channelId);
    if (bucket.limited) return bucket.limited;
    const scripted = this.discordScript.get(channelId)?.shift();
    if (scripted?.drop) throw new TypeError("Network connection lost.");
    if (scripted && !scripted.storeThenDrop) {
      const own = !scripted.html && scripted.status !== 429 && scripted.status < 500;
      return this.count(this.reply({ ...scripted, headers: { ...(own ? bucket.headers : {}), ...scripted.headers } }));
    }
    const message = this.discordIn(channelId).find((m) => m.id === messageId);
    if (!message) return this.count(this.reply({ status: 404, body: { code: 10008, message: "Unknown Message" } }));
    if (this.archivedThreads.has(channelId))
      return this.count(this.reply({ status: 400, body: { code: 50083, message: "Thread is archived" } }));
    const patch = JSON.parse(String(init.body)) as Record<string, unknown>;
    const edited = { ...message.body, ...patch };
    // A message sent or made Components V2 keeps the flag, and then takes no content or embeds.
    const v2 = ((Number(message.body.flags ?? 0) | Number(edited.flags ?? 0)) & (1 << 15)) !== 0;
    if (v2 && (edited.content || (Array.isArray(edited.embeds) && edited.embeds.length)))
      return this.reply({
        status: 400,
        body: { code: 50035, message: "Invalid Form Body (MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2)" },
      });
    message.body = edited;
    message.edits++;
    if (scripted?.storeThenDrop) throw new TypeError("Network connection lost.");
    return this.reply({
      status: 200,
      body: {
        id: message.id,
        channel_id: channelId,
        author: { id: BOT_USER_ID },
        ...message.body,
        edited_timestamp: new Date(this.now()).toISOString(),
      },
      headers: bucket.headers,
    });
  }

  /**
   * POST /channels/{id}/messages/{id}/crosspost and POST /channels/{id}/followers, as Discord answers
   * them: only in announcement channels, a message crossposted once (40033 after), followers by webhook.
   */
  /** PATCH /channels/{id} of a thread: `archived: false` reopens it, unless it is locked. */
  private reopenThread(channelId: string, init: RequestInit): Response {
    const body = JSON.parse(String(init.body ?? "{}")) as { archived?: boolean };
    if (this.lockedThreads.has(channelId))
      return this.count(this.reply({ status: 403, body: { code: 50013, message: "Missing Permissions" } }));
    if (body.archived === false) this.archivedThreads.delete(channelId);
    return this.reply({
      status: 200,
      body: { id: channelId, type: 11, thread_metadata: { archived: this.archivedThreads.has(channelId) } },
    });
  }

  private announcementRoutes(url: URL, init: RequestInit): Response | undefined {
    const webhooks = /\/channels\/([^/]+)\/webhooks$/.exec(url.pathname);
    if (webhooks) return this.channelWebhooks(decodeURIComponent(webhooks[1] as string), init);
    const crosspost = /\/channels\/([^/]+)\/messages\/([^/]+)\/crosspost$/.exec(url.pathname);
    const followers = /\/channels\/([^/]+)\/followers$/.exec(url.pathname);
    if (!crosspost && !followers) return undefined;
    if (init.method !== "POST")
      return this.count(this.reply({ status: 405, body: { code: 0, message: "405: Method Not Allowed" } }));
    const channelId = decodeURIComponent((crosspost ?? followers)?.[1] as string);
    if (crosspost) {
      this.crosspostCalls++;
      const scripted = this.crosspostScript.get(channelId)?.shift();
      const message = this.discordIn(channelId).find((m) => m.id === crosspost[2]);
      if (scripted?.drop) throw new TypeError("Network connection lost.");
      if (scripted?.storeThenDrop) {
        if (message) this.crossposted(message);
        throw new TypeError("Network connection lost.");
      }
      if (scripted) return this.count(this.reply(scripted));
      if (!message) return this.count(this.reply({ status: 404, body: { code: 10008, message: "Unknown Message" } }));
      if (!this.announcementChannels.has(channelId))
        return this.count(this.reply({ status: 400, body: { code: 50068, message: "Invalid message type for operation" } }));
      if (message.flags & 1)
        return this.count(
          this.reply({ status: 400, body: { code: 40033, message: "This message has already been crossposted." } }),
        );
      this.crossposted(message);
      return this.reply({ status: 200, body: { id: message.id, channel_id: channelId, flags: message.flags } });
    }
    const body = JSON.parse(String(init.body ?? "{}")) as { webhook_channel_id?: string };
    const scripted = this.crosspostScript.get(`followers:${channelId}`)?.shift();
    if (scripted?.drop) throw new TypeError("Network connection lost.");
    if (scripted) return this.count(this.reply(scripted));
    if (!this.announcementChannels.has(channelId))
      return this.count(
        this.reply({ status: 400, body: { code: 50024, message: "Cannot execute action on this channel type" } }),
      );
    if (typeof body.webhook_channel_id !== "string")
      return this.count(this.reply({ status: 400, body: { code: 50035, message: "Invalid Form Body" } }));
    // The same webhook a follow made in Discord's menu makes.
    const follow = this.followInMenu(channelId, body.webhook_channel_id);
    return this.reply({ status: 200, body: { channel_id: channelId, webhook_id: follow.webhookId } });
  }

  /**
   * GET /channels/{id}/webhooks, as Discord lists them: each follow of an announcement channel is a
   * Channel Follower webhook (type 2) naming its source channel. `webhooks:{id}` scripts an answer.
   */
  private channelWebhooks(channelId: string, init: RequestInit): Response {
    if ((init.method ?? "GET") !== "GET")
      return this.count(this.reply({ status: 405, body: { code: 0, message: "405: Method Not Allowed" } }));
    this.webhookListings++;
    const scripted = this.crosspostScript.get(`webhooks:${channelId}`)?.shift();
    if (scripted?.drop) throw new TypeError("Network connection lost.");
    if (scripted) return this.count(this.reply(scripted));
    const listed = this.follows
      .filter((f) => f.target === channelId)
      .map((f) => ({
        id: f.webhookId,
        type: 2,
        channel_id: channelId,
        name: "Announcements",
        source_channel: { id: f.source, name: "announcements" },
      }));
    return this.reply({ status: 200, body: listed });
  }

  /**
   * GET /channels/{id}/messages?after=&limit=: the `limit` messages right after `after`, or without it
   * the newest, newest first, as Discord lists them.
   */
  /** GET /channels/{id}: the channel, with the id of its newest message (whoever may read it). */
  private discordChannel(channelId: string): Response {
    const ids = [...this.discordIn(channelId), ...this.discordOthers.filter((m) => m.channelId === channelId)].map((m) =>
      BigInt(m.id),
    );
    const last = ids.reduce<bigint | null>((max, id) => (max === null || id > max ? id : max), null);
    return this.reply({
      status: 200,
      body: { id: channelId, type: this.announcementChannels.has(channelId) ? 5 : 0, last_message_id: last?.toString() ?? null },
    });
  }

  private listDiscord(channelId: string, url: URL): Response {
    const bucket = this.takeBucket("list", channelId);
    if (bucket.limited) return bucket.limited;
    const afterParam = url.searchParams.get("after");
    const after = BigInt(afterParam ?? "0");
    const limit = Math.min(100, Number(url.searchParams.get("limit") ?? "50"));
    const bots = this.discordIn(channelId).map((m) => ({
      id: m.id,
      channel_id: channelId,
      author: { id: BOT_USER_ID },
      content: m.body.content ?? "",
      embeds: m.body.embeds ?? [],
      flags: m.flags,
    }));
    const people = this.discordOthers
      .filter((m) => m.channelId === channelId)
      .map((m) => ({
        id: m.id,
        channel_id: channelId,
        author: { id: "900000000000000009" },
        content: m.content,
        embeds: [],
        flags: 0,
      }));
    const oldestFirst = [...bots, ...people]
      .filter((m) => BigInt(m.id) > after)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const page = (afterParam === null ? oldestFirst.slice(-limit) : oldestFirst.slice(0, limit)).reverse();
    return this.reply({ status: 200, body: page, headers: bucket.headers });
  }

  /**
   * conversations.history as Slack answers an app outside its Marketplace: one call a minute per
   * workspace token (429 `ratelimited` with Retry-After before that) and at most 15 messages a page.
   */
  private history(body: Record<string, unknown>, token: string): Response {
    const channel = String(body.channel);
    const scripted = this.historyScript.get(channel)?.shift();
    if (scripted) return this.reply(scripted);
    const last = this.historyAt.get(token);
    if (last !== undefined && this.now() - last < HISTORY_INTERVAL_MS)
      return this.reply({
        status: 429,
        headers: { "retry-after": String(Math.ceil((last + HISTORY_INTERVAL_MS - this.now()) / 1000)) },
        body: { ok: false, error: "ratelimited" },
      });
    this.historyAt.set(token, this.now());
    if (!this.joined.has(channel)) return this.reply({ status: 200, body: { ok: false, error: "not_in_channel" } });
    const oldest = Number(body.oldest ?? 0);
    const limit = Math.min(Number(body.limit ?? 100), HISTORY_PAGE_MAX);
    const offset = Number(typeof body.cursor === "string" && body.cursor ? atob(body.cursor) : 0);
    const latest = body.latest === undefined ? Number.POSITIVE_INFINITY : Number(body.latest);
    const all = this.slackIn(channel)
      .filter((m) => Number(m.ts) >= oldest && Number(m.ts) < latest)
      .reverse();
    const page = all.slice(offset, offset + limit).map((m) => ({
      ts: m.ts,
      text: m.body.text,
      ...(body.include_all_metadata ? { metadata: m.body.metadata } : {}),
    }));
    const more = offset + limit < all.length;
    return this.reply({
      status: 200,
      body: {
        ok: true,
        messages: page,
        has_more: more,
        response_metadata: { next_cursor: more ? btoa(String(offset + limit)) : "" },
      },
    });
  }

  /**
   * chat.update: text and blocks replace the stored message's (metadata stays, as Slack keeps it when
   * none is given); message_not_found for a ts never posted in the channel. Scripted answers of the
   * channel apply, as to posts.
   */
  private updateSlack(channel: string, body: Record<string, unknown>): Response {
    const scripted = this.slackScript.get(channel)?.shift();
    if (scripted?.drop) throw new TypeError("Network connection lost.");
    if (scripted && !scripted.storeThenDrop) return this.reply(scripted);
    const message = this.slackIn(channel).find((m) => m.ts === body.ts);
    if (!message) return this.reply({ status: 200, body: { ok: false, error: "message_not_found" } });
    const { channel: _channel, ts: _ts, ...update } = body;
    message.body = { ...message.body, ...update };
    message.edits = (message.edits ?? 0) + 1;
    if (scripted?.storeThenDrop) throw new TypeError("Network connection lost.");
    return this.reply({ status: 200, body: { ok: true, channel, ts: message.ts, text: message.body.text } });
  }

  /** A message stored in a Slack channel, with a ts newer than any before; returns the ts. */
  private storeSlack(channel: string, body: Record<string, unknown>, headers: Record<string, string>): string {
    const ts = `${Math.floor(this.now() / 1000)}.${String(++this.seq).padStart(6, "0")}`;
    this.slack.push({ ts, channel, body, headers });
    return ts;
  }

  handleSlack(url: URL, init: RequestInit, headers: Record<string, string>): Response {
    this.slackCalls++;
    if (url.pathname.startsWith("/respond/")) {
      this.responses.push({ url: url.toString(), body: JSON.parse(String(init.body)) });
      return new Response("ok", { status: 200 });
    }
    const method = url.pathname.split("/").pop() ?? "";
    this.slackMethods[method] = (this.slackMethods[method] ?? 0) + 1;
    // Form-encoded, as the bot sends it: whose token this is. Slack knows only the tokens it issued.
    if (method === "auth.test")
      return this.reply({
        status: 200,
        body:
          headers.authorization === `Bearer ${env.SLACK_BOT_TOKEN}`
            ? { ok: true, team_id: this.slackTeam, user_id: `U0BOT${this.slackTeam}`, bot_id: `B0${this.slackTeam}` }
            : { ok: false, error: headers.authorization ? "invalid_auth" : "not_authed" },
      });
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    const channel = String(body.channel);
    if (this.slackPrivate.has(channel)) {
      if (!this.joined.has(channel)) return this.reply({ status: 200, body: { ok: false, error: "channel_not_found" } });
      if (method === "conversations.join")
        return this.reply({ status: 200, body: { ok: false, error: "method_not_supported_for_channel_type" } });
    }
    if (method === "conversations.history") return this.history(body, headers.authorization ?? "");
    if (method === "conversations.join") {
      this.joined.add(channel);
      return this.reply({ status: 200, body: { ok: true, channel: { id: channel } } });
    }
    if (method === "chat.update") return this.updateSlack(channel, body);
    if (method !== "chat.postMessage") return this.reply({ status: 200, body: { ok: false, error: "unknown_method" } });
    const limited = this.slackChannelLimit(channel);
    if (limited) return limited;
    const scripted = this.slackScript.get(channel)?.shift();
    const store = () => {
      this.slackPosts.get(channel)?.push(this.limitsNow());
      return this.storeSlack(channel, body, headers);
    };
    if (scripted?.drop) throw new TypeError("Network connection lost.");
    if (scripted?.storeThenDrop) {
      store();
      throw new TypeError("Network connection lost.");
    }
    if (scripted?.storeThenAnswer) {
      store();
      return this.reply(scripted);
    }
    if (scripted?.cutBody) return this.cut({ ok: true, channel, ts: store() });
    if (scripted) return this.reply(scripted);
    return this.reply({ status: 200, body: { ok: true, channel, ts: store() } });
  }

  /** Routes the Worker's fetch calls to the mocks; anything else is refused. */
  install() {
    installed = this;
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

/** The mock fetch calls go to now (MockApis.install). */
let installed: MockApis | undefined;

/** Time passes for the platforms' per-route limits of the installed mock, as for the pacers (see limitsOffset). */
export function limitsAhead(ms: number): void {
  if (installed) installed.limitsOffset += ms;
}

/**
 * Puts `answer` in front of the mocked fetch, for a failure MockApis does not script: what it returns is
 * the answer; undefined passes the call on to the mock as it was (`next`, which `answer` may also call).
 */
export function aroundFetch(
  answer: (
    url: string,
    init: RequestInit | undefined,
    next: () => Promise<Response>,
  ) => Promise<Response | undefined> | Response | undefined,
): void {
  const mocked = vi.mocked(globalThis.fetch);
  const impl = mocked.getMockImplementation();
  if (!impl) throw new Error("fetch is not mocked");
  mocked.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    return (await answer(url, init, () => impl(input, init))) ?? impl(input, init);
  });
}

/**
 * From now on the platform refuses the shared token in force (the app reinstalled, the secret not yet
 * updated) as it answers a refused token: Discord 401, Slack `invalid_auth`. Counts the calls refused;
 * another token passes on to the mock.
 */
export function refuseSharedToken(
  platform: "discord" | "slack",
  token = platform === "discord" ? `Bot ${env.DISCORD_BOT_TOKEN}` : `Bearer ${env.SLACK_BOT_TOKEN}`,
): { calls: number } {
  const refused = { calls: 0 };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  aroundFetch((url, init) => {
    if (new Headers(init?.headers).get("authorization") !== token) return undefined;
    if (!url.startsWith(`https://${platform}.mock/`)) return undefined;
    refused.calls++;
    return platform === "discord"
      ? json(401, { message: "401: Unauthorized", code: 0 })
      : json(200, { ok: false, error: "invalid_auth" });
  });
  return refused;
}
