// Discord REST calls the bot makes itself (alert posts and the lookup of a post whose answer was
// lost), and how each answer maps to an Outcome.

import type { Env } from "../env";
import { isJsonObject } from "../http";
import { CLOUDFLARE_BLOCK_MS } from "../pacing/limits";
import type { Edit, FollowResult, Looked, Lookup, Post } from "../platform";
import { apiBase, plainText, sha256Hex } from "../platform-kit";
import { DISCORD_EPOCH_MS } from "../platform-name";
import {
  backoff,
  ODD_ANSWER_RETRIES,
  type Outcome,
  REQUEST_TIMEOUT_MS,
  rethrowIfUnafforded,
  type Subrequests,
  seconds,
  unreachable,
} from "../platform-outcome";
import {
  DISCORD_CONTENT_MAX,
  DISCORD_V2_TEXT_MAX,
  type DiscordMessage,
  toDiscordMessage,
  toDiscordV2Edit,
  toDiscordV2PlainEdit,
} from "./render";

export const DISCORD_NONCE_MAX = 25;
export const PROJECT_URL = "https://github.com/trauma-code-bot/trauma-code-bot";
export const BOT_VERSION = "0.1.0";
/**
 * A 429 without Discord's X-RateLimit-* headers comes from Cloudflare, not Discord's limiter: the IP is
 * blocked. Back off for its Retry-After (its 1015 page names one), or else as long as the pacer holds it.
 */
export const CLOUDFLARE_BAN_PAUSE_S = CLOUDFLARE_BLOCK_MS / 1000;
/**
 * Discord drops a repeated post with the same nonce only within "the past few minutes". Within this
 * much of the first attempt a re-post is safe; later, the channel is searched for the post first.
 */
export const NONCE_TRUST_MS = 2 * 60_000;
/** Discord's epoch, for turning a time into a snowflake to page messages after. */
const DISCORD_EPOCH = BigInt(DISCORD_EPOCH_MS);
/** Messages per page of GET /channels/{id}/messages, and pages one lookup reads at most. */
export const LOOKUP_PAGE = 100;
export const LOOKUP_PAGES_MAX = 2;
/** Message flag: published to the channels that follow this announcement channel. */
const CROSSPOSTED = 1;
/** "This message has already been crossposted." */
const ALREADY_CROSSPOSTED = 40033;

/** The same (message, channel) always gets the same nonce, so Discord drops a repeated post. */
export const deliveryNonce = async (key: string, channelId: string): Promise<string> =>
  (await sha256Hex(`${key}:${channelId}`)).slice(0, DISCORD_NONCE_MAX);

/**
 * The bot's user id, which Discord shows as the author of each of its posts: a bot token's first part is
 * that id in base64. Undefined for a token not of that form.
 */
export function botUserId(token: string): string | undefined {
  const first = (token.split(".")[0] ?? "").replaceAll("-", "+").replaceAll("_", "/");
  try {
    const id = atob(first.padEnd(Math.ceil(first.length / 4) * 4, "="));
    return /^\d{15,20}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * JSON error codes that mean the channel is gone or closed to the bot: only these disable a subscription.
 * A thread a moderator locked, or one archived where the bot may not reopen it, refuses every post until
 * someone reopens it, as a channel without permissions does; each new item would otherwise be tried and fail.
 */
export const DISABLING_CODES: Record<number, string> = {
  10003: "Unknown Channel",
  50001: "Missing Access",
  50008: "not a text channel",
  50013: "Missing Permissions",
  50083: "archived thread",
  160005: "locked thread",
};

const UNKNOWN_CHANNEL = 10003;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;

/** Discord's answer in a reason: its status, and its JSON error's code and message. */
function discordDetail(status: number, body: unknown): string {
  const b = (typeof body === "object" && body !== null ? body : {}) as { code?: number; message?: string };
  return `Discord ${status}${b.code ? ` ${b.code}` : ""}${b.message ? `: ${b.message}` : body === null ? " (not JSON)" : ""}`;
}

export function discordOutcome(status: number, headers: Headers, body: unknown, attempt: number): Outcome {
  const b = (typeof body === "object" && body !== null ? body : {}) as {
    id?: string;
    code?: number;
    message?: string;
    retry_after?: number;
    global?: boolean;
  };
  if (status >= 200 && status < 300) return { kind: "done", messageId: typeof b.id === "string" ? b.id : null };
  const detail = discordDetail(status, body);
  if (status === 429) {
    const wait = seconds(b.retry_after) ?? seconds(headers.get("retry-after"));
    // Discord's own 429 always names its limit in X-RateLimit-* (Scope, Global, Bucket); Cloudflare's page
    // has a Retry-After too, but none of those. Every request waits, or each would be one more refused.
    if (![...headers.keys()].some((name) => name.startsWith("x-ratelimit-")))
      return {
        kind: "pause",
        delaySeconds: wait ?? CLOUDFLARE_BAN_PAUSE_S,
        reason: `${detail} (no rate-limit headers)`,
        rateLimited: true,
      };
    if (b.global || headers.get("x-ratelimit-global") === "true" || headers.get("x-ratelimit-scope") === "global")
      return { kind: "pause", delaySeconds: wait ?? backoff(attempt), reason: `${detail} (global)`, rateLimited: true };
    return { kind: "retry", delaySeconds: wait ?? backoff(attempt), reason: detail, rateLimited: "channel" };
  }
  if (status === 401) return { kind: "stop", reason: detail };
  const gone = b.code ? DISABLING_CODES[b.code] : undefined;
  // What the code means, unless Discord's own message already says it.
  if (gone) return { kind: "disable", reason: b.message === gone ? detail : `${detail} (${gone})` };
  if (status === 403 || status === 404) {
    // Not Discord saying the channel is closed: never disable on it; if it persists, pause and show it.
    if (attempt >= ODD_ANSWER_RETRIES) return { kind: "pause", delaySeconds: backoff(attempt), reason: detail };
    return { kind: "retry", delaySeconds: backoff(attempt), reason: detail };
  }
  if (status === 400 || status === 413) return { kind: "fallback", reason: detail };
  return { kind: "retry", delaySeconds: backoff(attempt), reason: detail };
}

const headersFor = (token: string) => ({
  authorization: `Bot ${token}`,
  "content-type": "application/json",
  "user-agent": `DiscordBot (${PROJECT_URL}, ${BOT_VERSION})`,
});

/** What is sent for a post: the rendered embed, or its plain-text version. */
export const discordPayload = (post: Pick<Post, "reply" | "plain">): DiscordMessage =>
  post.plain
    ? { content: plainText(post.reply, DISCORD_CONTENT_MAX), allowed_mentions: { parse: [] } }
    : toDiscordMessage(post.reply);

/** An edit drawn as an answer that replaces the message: Components V2, in its plain form too. */
const asAnswerPayload = (edit: Edit) =>
  edit.plain ? toDiscordV2PlainEdit(plainText(edit.reply, DISCORD_V2_TEXT_MAX)) : toDiscordV2Edit(edit.reply);

/** POST /channels/{id}/messages with a nonce Discord enforces, mentions disabled. */
export async function postChannelMessage(env: Env, post: Post, calls: Subrequests): Promise<Outcome> {
  const { channelId } = post.channel;
  const nonce = await deliveryNonce(post.key, channelId);
  let response: Response;
  try {
    response = await calls.fetch(`${apiBase(env, "DISCORD_API_BASE")}/channels/${encodeURIComponent(channelId)}/messages`, {
      method: "POST",
      headers: headersFor(post.token),
      body: JSON.stringify({ ...discordPayload(post), nonce, enforce_nonce: true, allowed_mentions: { parse: [] } }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return unreachable("Discord", error, post.attempt, true);
  }
  const body = await response.json().catch(() => null);
  const outcome = mayHavePosted(discordOutcome(response.status, response.headers, body, post.attempt), response.status);
  if (outcome.kind !== "done" || !outcome.messageId || !isAnnouncementChannel(env, channelId)) return outcome;
  // Announcement mode: the post counts once Discord has published it to every following channel.
  const published = await crosspost(env, channelId, outcome.messageId, post.token, post.attempt, calls);
  return "kind" in published ? published : { ...outcome, ...published };
}

/**
 * A server error's answer to a post (a gateway's, in front of an API that may have posted) does not say
 * the post failed: the next attempt looks for it before making it again, even after the nonce has expired.
 */
const mayHavePosted = (outcome: Outcome, status: number): Outcome =>
  outcome.kind === "retry" && status >= 500 ? { ...outcome, unsure: true, serverError: true } : outcome;

/** "Unknown Message": the post was deleted. With the codes for a gone channel, an edit has nothing left to do. */
const UNKNOWN_MESSAGE = 10008;
/** "Thread is archived": Discord archives a thread after days without a message, and refuses edits in it until reopened. */
const ARCHIVED_THREAD = 50083;

/**
 * PATCH /channels/{id}/messages/{id} with the rendered embed, or its plain-text version (`edit.plain`),
 * mentions disabled. A thread Discord archived since the post (a post reopens one, an edit does not) is
 * reopened first, as the bot may do where it may post, and the post edited there. A deleted post or a
 * channel gone or closed (a thread locked, or not to be reopened) ends the edit as done with the reason;
 * a refused form is a "fallback", for the caller to send the plain text at a slot of its own.
 */
export async function editChannelMessage(env: Env, edit: Edit, calls: Subrequests): Promise<Outcome> {
  const { outcome, code } = await editOnce(env, edit, calls);
  if (code !== ARCHIVED_THREAD || outcome.kind !== "done") return outcome;
  // Reopening, then the edit: without both, the thread waits for the next try.
  if (calls.left < 2) return { kind: "retry", delaySeconds: 1, reason: `${outcome.reason}; reopened at the next try` };
  const reopened = await reopenThread(env, edit, calls);
  if (typeof reopened === "object") return reopened;
  if (reopened !== true) return { kind: "done", messageId: null, reason: `${outcome.reason}; ${reopened}` };
  return (await editOnce(env, edit, calls)).outcome;
}

/**
 * PATCH /channels/{thread} with archived false: allowed to whoever may post there, unless a moderator
 * locked the thread. True once reopened, else Discord's refusal; an outcome to try again later when the
 * answer refused nothing (Discord's rate limit, a server error, no answer at all).
 */
async function reopenThread(
  env: Env,
  edit: Edit,
  calls: Subrequests,
): Promise<true | string | Extract<Outcome, { kind: "retry" | "pause" }>> {
  try {
    const response = await calls.fetch(
      `${apiBase(env, "DISCORD_API_BASE")}/channels/${encodeURIComponent(edit.channel.channelId)}`,
      {
        method: "PATCH",
        headers: headersFor(edit.token),
        body: JSON.stringify({ archived: false }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
    );
    const body = await response.json().catch(() => null);
    if (response.ok) return true;
    // Not a refusal to reopen it: ended there, the edit would never be made.
    if (response.status === 429 || response.status >= 500) {
      const later = discordOutcome(response.status, response.headers, body, edit.attempt);
      if (later.kind === "retry" || later.kind === "pause") return { ...later, reason: `reopening it: ${later.reason}` };
    }
    return `reopening it: ${discordDetail(response.status, body)}`;
  } catch (error) {
    rethrowIfUnafforded(error);
    return {
      kind: "retry",
      delaySeconds: backoff(edit.attempt),
      reason: `reopening it: Discord unreachable: ${(error as Error).name}`,
    };
  }
}

/** One PATCH of the post: its outcome, and the error code Discord answered with, if any. */
async function editOnce(env: Env, edit: Edit, calls: Subrequests): Promise<{ outcome: Outcome; code?: number }> {
  const url = `${apiBase(env, "DISCORD_API_BASE")}/channels/${encodeURIComponent(edit.channel.channelId)}/messages/${encodeURIComponent(edit.messageId)}`;
  let response: Response;
  try {
    response = await calls.fetch(url, {
      method: "PATCH",
      headers: headersFor(edit.token),
      // Empty content, embeds and components replace whatever the post had (its plain-text version, the
      // embeds, a review card's buttons that its new state no longer has): Discord keeps a field left out.
      body: JSON.stringify({
        content: "",
        embeds: [],
        components: [],
        ...(edit.asAnswer ? asAnswerPayload(edit) : discordPayload(edit)),
        allowed_mentions: { parse: [] },
      }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { outcome: unreachable("Discord", error, edit.attempt) };
  }
  const body = await response.json().catch(() => null);
  const outcome = discordOutcome(response.status, response.headers, body, edit.attempt);
  const code = (body as { code?: number } | null)?.code;
  if (code === UNKNOWN_MESSAGE)
    return { outcome: { kind: "done", messageId: null, reason: `Discord ${response.status} ${code} (Unknown Message)` }, code };
  if (outcome.kind === "disable") return { outcome: { kind: "done", messageId: null, reason: outcome.reason }, code };
  return { outcome: outcome.kind === "done" ? { kind: "done", messageId: edit.messageId } : outcome, code };
}

/** Whether a channel is the bot's announcement channel, whose posts are crossposted to its followers. */
export const isAnnouncementChannel = (env: Env, channelId: string) =>
  Boolean(env.DISCORD_ANNOUNCEMENT_CHANNEL_ID) && env.DISCORD_ANNOUNCEMENT_CHANNEL_ID === channelId;

/**
 * POST /channels/{id}/messages/{id}/crosspost. When published (or already published), the earliest it can
 * have been, in ms: Discord does not say when, so when this request left (or, already published, when the
 * post was made). Else an outcome that comes back later as "unsure", so the post is found again (by nonce
 * or lookup), not repeated; it carries the post's id, which the ledger keeps should the delivery end
 * before a crosspost goes through, so that a withdrawal still edits the post.
 */
async function crosspost(
  env: Env,
  channelId: string,
  messageId: string,
  token: string,
  attempt: number,
  calls: Subrequests,
): Promise<CrosspostRefused | Published> {
  if (calls.left < 1)
    return { kind: "retry", delaySeconds: 1, reason: "posted, not yet published to followers", unsure: true, messageId };
  const leaving = Date.now();
  let response: Response;
  try {
    response = await calls.fetch(
      `${apiBase(env, "DISCORD_API_BASE")}/channels/${encodeURIComponent(channelId)}/messages/${encodeURIComponent(messageId)}/crosspost`,
      { method: "POST", headers: headersFor(token), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
    );
  } catch (error) {
    return {
      kind: "retry",
      delaySeconds: backoff(attempt),
      reason: `crosspost unreachable: ${(error as Error).name}`,
      unsure: true,
      publishedFrom: leaving,
      messageId,
    };
  }
  const body = await response.json().catch(() => null);
  if (response.ok) return { publishedFrom: leaving };
  if ((body as { code?: number } | null)?.code === ALREADY_CROSSPOSTED)
    return { publishedFrom: snowflakeTime(messageId) ?? leaving, publishedBefore: true };
  const outcome = discordOutcome(response.status, response.headers, body, attempt);
  const reason = `posted, not yet published to followers: ${"reason" in outcome ? outcome.reason : response.status}`;
  // A limit on the whole platform (global, or Cloudflare's): every request waits.
  if (outcome.kind === "pause") return { ...outcome, reason, unsure: true, messageId };
  // Whatever Discord said, the post exists: never disable or post again, only publish it later.
  const delaySeconds = "delaySeconds" in outcome ? outcome.delaySeconds : backoff(attempt);
  return {
    kind: "retry",
    delaySeconds,
    reason,
    unsure: true,
    messageId,
    // Refused for the rate limit: surely not made. A server error's answer may stand in front of one made.
    ...(response.status === 429 ? { limited: true } : response.status >= 500 ? { publishedFrom: leaving } : {}),
  };
}

/**
 * A crosspost not made: try again later (a pause: once the platform's limit allows); `limited` when
 * Discord's rate limit for the route (10 an hour a channel) refused it.
 */
type CrosspostRefused = Extract<Outcome, { kind: "retry" | "pause" }> & { limited?: boolean };
/** A crosspost made (see Outcome's `publishedFrom` and `publishedBefore`). */
type Published = { publishedFrom: number; publishedBefore?: boolean };

/**
 * How long following may take, all its calls together. It runs before the interaction is answered, and
 * Discord shows "The application did not respond" when the answer takes more than 3 seconds: a slower
 * Discord is given up on, and the answer says whether the follow may have been made (following again
 * finds it).
 */
export const FOLLOW_WAIT_MS = 2000;

/**
 * How long the asker is told to wait before following again when Discord could not take the follow and
 * named no wait: a server error, a gateway's page or no answer at all while the channel's webhooks were
 * listed (nothing was made, so only Discord's own trouble has to pass).
 */
export const FOLLOW_AGAIN_S = 5;

/**
 * POST /channels/{announcement}/followers: Discord then delivers every crossposted item to the channel itself.
 * `claim` (the channel's follow lease in D1) is asked before Discord is; its time counts in FOLLOW_WAIT_MS.
 */
export async function followAnnouncements(
  env: Env,
  targetChannelId: string,
  claim?: () => Promise<boolean>,
): Promise<FollowResult> {
  const source = env.DISCORD_ANNOUNCEMENT_CHANNEL_ID;
  const token = env.DISCORD_BOT_TOKEN;
  if (!source || !token) return { kind: "notSetUp" };
  // Recorded as following, the announcement channel's own alerts would stop, and with them every crosspost.
  if (targetChannelId === source) return { kind: "source" };
  const signal = AbortSignal.timeout(FOLLOW_WAIT_MS);
  // Every follow is a webhook of its own in the channel: following again would make a second one, and
  // each item would arrive twice. A follow made before, by the bot or in Discord's menu, is found first.
  // Two presses at once would both find none and both make one: the one that holds the channel's lease
  // lists and follows, the other asks Discord nothing.
  if (claim && !(await claim())) return { kind: "busy" };
  const before = await followerWebhook(env, token, source, targetChannelId, signal);
  if (before) return before;
  try {
    const response = await fetch(`${apiBase(env, "DISCORD_API_BASE")}/channels/${encodeURIComponent(source)}/followers`, {
      method: "POST",
      headers: headersFor(token),
      body: JSON.stringify({ webhook_channel_id: targetChannelId }),
      signal,
    });
    const body = (await response.json().catch(() => null)) as { webhook_id?: string } | null;
    if (response.ok && typeof body?.webhook_id === "string") return { kind: "followed", webhookId: body.webhook_id, source };
    // Refused for a rate limit (Discord's, or Cloudflare's page in front of it): surely not made.
    if (response.status === 429) return later(response, body, refusal(response.status, body).reason);
    // A gateway's error page or a broken answer may stand in front of a follow Discord made.
    if (response.status < 500 && body !== null) return refusal(response.status, body);
    return madeAfterAll(env, token, source, targetChannelId, refusal(response.status, body), signal);
  } catch (error) {
    return madeAfterAll(env, token, source, targetChannelId, followUnreachable(error), signal);
  }
}

/**
 * A follow whose answer was lost may have been made: believed failed, the channel's own alerts would stay
 * on beside it and every item arrive twice. The channel's webhooks tell. When they show none, or cannot be
 * read, `failed` is `unsure`: Discord may have made the follow, or make it a moment later, when a listing
 * by another press would miss it.
 */
async function madeAfterAll(
  env: Env,
  token: string,
  source: string,
  target: string,
  failed: Extract<FollowResult, { kind: "refused" }>,
  signal: AbortSignal,
): Promise<FollowResult> {
  const found = await followerWebhook(env, token, source, target, signal);
  // Found: made by this press, not there before it.
  if (found?.kind === "followed") return { ...found, already: false };
  return { ...failed, unsure: true };
}

/** Why Discord did not follow: its status, and the code and message it answered with. */
function refusal(status: number, body: unknown): Extract<FollowResult, { kind: "refused" }> {
  const { code, message } = (isJsonObject(body) ? body : {}) as { code?: number; message?: string };
  return { kind: "refused", reason: `Discord ${status}${code ? ` ${code}` : ""}${message ? `: ${message}` : ""}`, code };
}

const followUnreachable = (error: unknown): Extract<FollowResult, { kind: "refused" }> => ({
  kind: "refused",
  reason: `Discord unreachable: ${(error as Error).name}`,
});

/**
 * A call of the follow that Discord could not take just now, with the wait it named: a 429's `retry_after`
 * (else its Retry-After; a 429 without X-RateLimit-* headers is Cloudflare's block, and lasts as long as the
 * pacer holds one), a server error's Retry-After, else FOLLOW_AGAIN_S.
 */
function later(response: Response | undefined, body: unknown, reason: string): Extract<FollowResult, { kind: "later" }> {
  const named =
    seconds(isJsonObject(body) ? body.retry_after : undefined) ?? seconds(response?.headers.get("retry-after") ?? undefined);
  const blocked = response?.status === 429 && ![...response.headers.keys()].some((name) => name.startsWith("x-ratelimit-"));
  return { kind: "later", reason, seconds: named ?? (blocked ? CLOUDFLARE_BAN_PAUSE_S : FOLLOW_AGAIN_S) };
}

/** Webhook type 2: a Channel Follower, which brings an announcement channel's crossposts. */
const CHANNEL_FOLLOWER = 2;

/**
 * GET /channels/{target}/webhooks: "followed" (already) when one of them follows `source`, null when none
 * does, "refused" when Discord refused to tell (the follow would need the same Manage Webhooks), "later"
 * when it could not tell just now (a 429, a server error or a gateway's page, a broken answer, none at all).
 */
async function followerWebhook(
  env: Env,
  token: string,
  source: string,
  target: string,
  signal: AbortSignal,
): Promise<FollowResult | null> {
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(`${apiBase(env, "DISCORD_API_BASE")}/channels/${encodeURIComponent(target)}/webhooks`, {
      headers: headersFor(token),
      signal,
    });
    body = await response.json().catch(() => null);
  } catch (error) {
    return later(undefined, undefined, followUnreachable(error).reason);
  }
  if (!response.ok || !Array.isArray(body)) {
    const refused = refusal(response.status, body);
    if (response.ok || response.status === 429 || response.status >= 500) return later(response, body, refused.reason);
    return refused;
  }
  const follower = body.find(
    (w): w is { id: string } =>
      isJsonObject(w) &&
      w.type === CHANNEL_FOLLOWER &&
      typeof w.id === "string" &&
      isJsonObject(w.source_channel) &&
      w.source_channel.id === source,
  );
  return follower ? { kind: "followed", webhookId: follower.id, source, already: true, since: snowflakeTime(follower.id) } : null;
}

/** When a snowflake (an id Discord made) was made, in ms; undefined for what is not one. */
const snowflakeTime = (id: string): number | undefined =>
  /^\d{1,20}$/.test(id) ? Number((BigInt(id) >> 22n) + DISCORD_EPOCH) : undefined;

/** A snowflake for a moment: messages "after" it were created later. */
const snowflakeAt = (ms: number) => String((BigInt(Math.max(0, Math.floor(ms))) - DISCORD_EPOCH) << 22n);

interface ListedMessage {
  id?: string;
  flags?: number;
  author?: { id?: string };
  content?: string;
  embeds?: { title?: string; url?: string }[];
}

/** How long after the newest message a look saw a post of an earlier attempt may still appear (a request given up on may land late). */
const LOOK_MARGIN_MS = 60_000;

/** A look's place: the last message read and the last it needs to read (both snowflakes), for Lookup.from. */
const lookPlace = (after: string, until: string) => `${after}-${until}`;

/** The place a look stopped at, or undefined for none (or one of another platform's form). */
function readPlace(from: string | undefined): { after: string; until: string } | undefined {
  const [after, until, ...rest] = from?.split("-") ?? [];
  return after && until && !rest.length && snowflakeTime(after) !== undefined && snowflakeTime(until) !== undefined
    ? { after, until }
    : undefined;
}

/** A look that waits for Discord's limit (list gives it no place: the caller adds its own). */
const isWait = (looked: unknown): looked is { waitSeconds: number; pause?: string } =>
  isJsonObject(looked) && typeof looked.waitSeconds === "number";

/** A listed message's id as a number to compare, or undefined for one that is not a snowflake. */
const idOf = (m: ListedMessage): bigint | undefined =>
  m.id !== undefined && snowflakeTime(m.id) !== undefined ? BigInt(m.id) : undefined;

/** The largest of snowflakes (message ids), as read from Discord. */
const newestOf = (messages: readonly ListedMessage[], start: string) =>
  messages.reduce((max, m) => ((idOf(m) ?? 0n) > BigInt(max) ? (m.id as string) : max), start);

/**
 * After an attempt whose answer was lost: within NONCE_TRUST_MS a re-post is deduplicated by its
 * nonce (null: post), unless nothing is to be posted (`lookOnly`). Otherwise, the bot's messages since
 * the first attempt are searched for this post (by its title and link, or its text, in any of its
 * forms), LOOKUP_PAGES_MAX pages of LOOKUP_PAGE a check. The first page is the newest: it holds a
 * post made lately, and its newest message (with a minute's margin) is where the look ends, since every
 * earlier attempt was made by then. Where that page does not reach back to the first attempt, the rest
 * is read oldest first; a check that stops short gives where it stopped, for the next one to read on
 * from. Each check reads further into a range that does not grow, so the look ends however busy the
 * channel. Discord's own ids mark the range, so no clock but Discord's is trusted. Undefined when
 * Discord cannot tell us now.
 */
export async function findDiscordPost(env: Env, lookup: Lookup, calls: Subrequests): Promise<Looked> {
  if (!lookup.lookOnly && Date.now() - lookup.since < NONCE_TRUST_MS) return null;
  const titled = new Set<string>();
  const texts = new Set<string>();
  for (const reply of [lookup.reply, ...(lookup.otherForms ?? [])]) {
    const rich = toDiscordMessage(reply).embeds?.[0];
    if (rich) titled.add(JSON.stringify([rich.title, rich.url]));
    texts.add(plainText(reply, DISCORD_CONTENT_MAX));
  }
  const start = snowflakeAt(lookup.since - 5_000);
  // The posting token names the author, whether or not DISCORD_APPLICATION_ID is set (a deployment may
  // leave it empty, its links taking the interaction's id); else that id, the bot's for most bots.
  const author = botUserId(lookup.token) ?? env.DISCORD_APPLICATION_ID;
  const matches = (m: ListedMessage) =>
    m.author?.id === author &&
    (idOf(m) ?? 0n) > BigInt(start) &&
    (titled.has(JSON.stringify([m.embeds?.[0]?.title, m.embeds?.[0]?.url])) || (m.content !== undefined && texts.has(m.content)));

  const read = (path: string) =>
    calls.fetch(`${apiBase(env, "DISCORD_API_BASE")}/channels/${encodeURIComponent(lookup.channel.channelId)}${path}`, {
      method: "GET",
      headers: headersFor(lookup.token),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  /** What a read refused for Discord's limit or for its token comes to; undefined for any other refusal. */
  const refusedRead = (response: Response, body: unknown): Looked => {
    // Discord's rate limit: read again once it allows (not an attempt; the pacer hears of it too).
    if (response.status === 429) {
      const limit = discordOutcome(429, response.headers, body, 1);
      const waitSeconds = "delaySeconds" in limit ? limit.delaySeconds : 1;
      // A global limit, or Cloudflare's page without Discord's headers: every request waits, not only this look.
      return limit.kind === "pause" ? { waitSeconds, pause: limit.reason } : { waitSeconds };
    }
    // The token refused: the look waits for a new one, as posts do.
    if (response.status === 401) return { refused: "Discord 401: the bot token was refused" };
    // The channel deleted, or out of the bot's sight: a post would be refused the same way (DISABLING_CODES).
    const code = (body as { code?: number } | null)?.code;
    if (code === UNKNOWN_CHANNEL || code === MISSING_ACCESS)
      return { gone: `Discord ${response.status} ${code} (${DISABLING_CODES[code]})` };
    return undefined;
  };

  /** One page of the channel (after `after`, or the newest), or what the look came to. */
  const list = async (after?: string): Promise<ListedMessage[] | Looked> => {
    const response = await read(`/messages?${after === undefined ? "" : `after=${after}&`}limit=${LOOKUP_PAGE}`);
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      const refused = refusedRead(response, body);
      if (refused !== undefined) return refused;
      // History closed to the bot: after a server error only, post again.
      const code = (body as { code?: number } | null)?.code;
      return lookup.afterServerError && code === MISSING_PERMISSIONS ? null : undefined;
    }
    const messages = (await response.json()) as ListedMessage[];
    if (!Array.isArray(messages)) return undefined;
    const found = messages.find(matches);
    if (!found?.id) return messages;
    // Announcement mode: a post found but not yet published is published now (a withdrawn item's is
    // not), or looked at again later.
    if (lookup.leaveAsIs || !isAnnouncementChannel(env, lookup.channel.channelId)) return found.id;
    // Published before, when is not known: no earlier than the post.
    if ((found.flags ?? 0) & CROSSPOSTED)
      return { messageId: found.id, publishedFrom: snowflakeTime(found.id) ?? Date.now(), publishedBefore: true };
    const published = await crosspost(env, lookup.channel.channelId, found.id, lookup.token, 1, calls);
    if (!("kind" in published)) return { messageId: found.id, ...published };
    // Refused for Discord's limit: the post is there, and is published once the limit allows (not an attempt).
    if (published.kind === "pause") return { waitSeconds: published.delaySeconds, pause: published.reason };
    if (published.limited) return { waitSeconds: published.delaySeconds };
    // Refused otherwise: the post's id goes with the answer, so that, as for a crosspost refused right
    // after a post, the ledger keeps it and a withdrawal edits the post however the delivery ends.
    return { unpublished: found.id, reason: published.reason, publishedFrom: published.publishedFrom };
  };

  /**
   * After an empty newest page. Discord lists no message at all, and no error, to a bot without Read
   * Message History: the channel's newest message id tells whether anything was posted since the first
   * attempt. Nothing was: not posted. Something was, unseen: it may be the post, so only after a server
   * error is it made again, as where the history is refused.
   */
  const emptyChannel = async (): Promise<Looked> => {
    if (calls.left < 1) return undefined;
    const response = await read("");
    const channel = await response.json().catch(() => null);
    if (!response.ok || !isJsonObject(channel)) return refusedRead(response, channel);
    const last = channel.last_message_id ?? null;
    if (last === null) return null;
    if (typeof last !== "string" || snowflakeTime(last) === undefined) return undefined;
    return BigInt(last) <= BigInt(start) || lookup.afterServerError ? null : undefined;
  };

  try {
    let place = readPlace(lookup.from);
    let pages = 0;
    if (!place) {
      if (calls.left < 1) return undefined;
      const newest = await list();
      pages++;
      if (!Array.isArray(newest)) return newest;
      if (!newest.length) return emptyChannel();
      // The newest page reaches back to the first attempt (or the channel holds no more): all is read.
      if (newest.length < LOOKUP_PAGE || newest.some((m) => (idOf(m) ?? Number.POSITIVE_INFINITY) <= BigInt(start))) return null;
      place = { after: start, until: snowflakeAt((snowflakeTime(newestOf(newest, start)) ?? 0) + LOOK_MARGIN_MS) };
    }
    const { until } = place;
    let after = place.after;
    const readOn = (wait: { waitSeconds: number; pause?: string } = { waitSeconds: 1 }) => ({
      ...wait,
      from: lookPlace(after, until),
    });
    for (; pages < LOOKUP_PAGES_MAX; pages++) {
      // Out of budget: the next check reads on from what this one read, if anything.
      if (calls.left < 1) return pages > 0 ? readOn() : undefined;
      const messages = await list(after);
      // Waiting for Discord's limit: then on from here.
      if (isWait(messages)) return readOn(messages);
      if (!Array.isArray(messages)) return messages;
      after = newestOf(messages, after);
      // The newest message, or past where the look ends: surely not posted.
      if (messages.length < LOOKUP_PAGE || BigInt(after) >= BigInt(until)) return null;
    }
    // More to read than one check reads: the next check reads on. It moved on, so it does not count as
    // an attempt.
    return readOn();
  } catch {
    return undefined;
  }
}
