// Slack Web API calls the bot makes itself (alert posts, the history check after a lost answer, joining
// a channel), and how each answer maps to an Outcome. Plain fetch: the delivery consumer has no request
// to receive, so it does not load Bolt.

import type { Env } from "../env";
import { SLACK_METHOD_PER_MINUTE, spacing } from "../pacing/limits";
import type { Edit, Looked, Lookup, Post } from "../platform";
import { apiBase, plainText } from "../platform-kit";
import type { ChannelProblem } from "../platform-name";
import {
  backoff,
  ODD_ANSWER_RETRIES,
  type Outcome,
  REQUEST_TIMEOUT_MS,
  type Subrequests,
  seconds,
  unreachable,
} from "../platform-outcome";
import type { Reply } from "../reply";
import { slackTokenFor } from "./install-store";
import { SLACK_FALLBACK_TEXT_MAX, toMrkdwn, toSlackMessage } from "./render";

/** Message metadata that marks a post as one delivery, so a later attempt can find it. */
export const DELIVERY_EVENT_TYPE = "trauma_code_delivery";
/**
 * conversations.history page size. Apps outside the Slack Marketplace get at most 15 per page (and
 * one call a minute); a larger limit is cut to that anyway.
 */
export const HISTORY_PAGE = 15;

export const DISABLING = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "channel_is_archived",
  "restricted_action",
  // Only admins may post there, or only thread replies: the same answer every time.
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "team_access_not_granted",
  // Refused in this conversation (Slack: the app must be a member of it), not a refusal of the token.
  "no_permission",
]);
/**
 * conversations.history's and conversations.join's answers for a channel that is gone or closed to the bot
 * (deleted, a private one it is not in, archived): chat.postMessage would be refused the same way.
 */
const CHANNEL_GONE = new Set(["channel_not_found", "is_archived"]);
/** The token itself refused. */
export const TOKEN_REFUSED = new Set(["invalid_auth", "token_revoked", "account_inactive", "not_authed", "token_expired"]);
/** How long the shared token waits after missing_scope before it is tried again (as long as a waiting delivery waits for the sweep). */
const SCOPE_RETRY_S = 30 * 60;
/** Errors Slack documents with "it's possible some aspect of the operation succeeded". */
const MAYBE_DONE = new Set(["internal_error", "fatal_error"]);
const FALLBACK = new Set([
  "msg_too_long",
  "invalid_blocks",
  "invalid_blocks_format",
  "too_many_attachments",
  "invalid_metadata_format",
]);

/**
 * Slack's answer to a post or an edit as an Outcome. A missing scope is waited out (a platform-wide pause,
 * then the same token again) only where the shared token serves every workspace (no OAuth:
 * SLACK_TOKEN_KEY unset): beside installations the pause would hold back workspaces that never use that token, so
 * there it stops until it changes, as for any other refusal.
 */
export function slackOutcome(
  env: Pick<Env, "SLACK_TOKEN_KEY">,
  status: number,
  headers: Headers,
  body: unknown,
  attempt: number,
): Outcome {
  const b = (typeof body === "object" && body !== null ? body : {}) as {
    ok?: boolean;
    error?: string;
    ts?: string;
    needed?: unknown;
  };
  if (status === 429) {
    const wait = seconds(headers.get("retry-after")) ?? backoff(attempt);
    return { kind: "retry", delaySeconds: wait, reason: "Slack ratelimited", rateLimited: "route" };
  }
  // Slack has no nonce. Any answer that does not say the call failed before taking effect (a gateway's
  // 5xx, a body that cannot be read, an error Slack documents as "some aspect of the operation may have
  // succeeded") is unsure: the next attempt looks in the channel's history first (findSlackPost).
  if (status >= 500 || status === 0)
    return { kind: "retry", delaySeconds: backoff(attempt), reason: `Slack ${status}`, unsure: true, serverError: true };
  // A 403 or 404 that is not Slack's own answer (which always says `ok`): an edge's page in front of
  // slack.com, or a SLACK_API_BASE with a wrong path. The call never reached the method, so nothing was
  // posted; if it persists, Slack is paused and /health shows it, as on Discord.
  if ((status === 403 || status === 404) && typeof b.ok !== "boolean") {
    const reason = `Slack ${status} (not Slack's answer)`;
    if (attempt >= ODD_ANSWER_RETRIES) return { kind: "pause", delaySeconds: backoff(attempt), reason };
    return { kind: "retry", delaySeconds: backoff(attempt), reason };
  }
  if (b.ok === true) return { kind: "done", messageId: typeof b.ts === "string" ? b.ts : null };
  const error = b.error ?? `HTTP ${status}`;
  const reason = slackReason(error, b.needed);
  // chat.postMessage's own limit answers `rate_limited` ("posted too many messages"): nothing was posted.
  if (error === "ratelimited" || error === "rate_limited")
    return { kind: "retry", delaySeconds: seconds(headers.get("retry-after")) ?? backoff(attempt), reason, rateLimited: "route" };
  if (DISABLING.has(error)) return { kind: "disable", reason };
  // A scope granted later is added to the same token (a workspace's own token is installed again, which
  // restores its channels): the shared one is tried again after a while instead of waiting for a new one.
  if (error === "missing_scope")
    return env.SLACK_TOKEN_KEY
      ? { kind: "stop", reason, scope: true }
      : { kind: "stop", reason, retrySeconds: SCOPE_RETRY_S, scope: true };
  if (TOKEN_REFUSED.has(error)) return { kind: "stop", reason };
  if (FALLBACK.has(error)) return { kind: "fallback", reason };
  // Slack says of these that some aspect of the call may have succeeded: a lost answer, never posted again
  // on a guess. Any other error is taken as a server error only.
  if (MAYBE_DONE.has(error)) return { kind: "retry", delaySeconds: backoff(attempt), reason, unsure: true };
  return { kind: "retry", delaySeconds: backoff(attempt), reason, unsure: true, serverError: true };
}

/** Slack's error as a reason. missing_scope names the scope the call needed: the one thing whoever reads the reason has to grant. */
const slackReason = (error: string, needed: unknown) =>
  `Slack ${error}${error === "missing_scope" && typeof needed === "string" ? ` (needed: ${needed.slice(0, 100)})` : ""}`;

const methodUrl = (env: Env, method: string) => `${apiBase(env, "SLACK_API_BASE")}/${method}`;

const call = (env: Env, calls: Pick<Subrequests, "fetch">, token: string, method: string, payload: Record<string, unknown>) =>
  calls.fetch(methodUrl(env, method), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });

/**
 * A reply as the plain lines every platform falls back to, in mrkdwn: Slack reads a message's text as it
 * reads the blocks, so a headline's `<!channel>` notifies no one here either, and links are Slack's.
 */
function slackPlainText(reply: Reply): string {
  // Escaping lengthens the text, and Slack takes up to 40,000 characters: it is cut before, not after,
  // where a cut could split an entity or a link.
  return toMrkdwn(plainText(reply, SLACK_FALLBACK_TEXT_MAX));
}

/**
 * Slack's limit told with HTTP 200 (`ratelimited`, or chat.postMessage's `rate_limited`) holds for the
 * workspace and method as a 429's does: the pacer hears it as one, or the workspace's other senders,
 * having heard only a 200, would send on into it.
 */
async function limitInBody(env: Env, calls: Subrequests, method: string, status: number, outcome: Outcome): Promise<Outcome> {
  if (status !== 429 && outcome.kind === "retry" && outcome.rateLimited === "route")
    await calls.limited?.(methodUrl(env, method), "POST", outcome.delaySeconds);
  return outcome;
}

/** What is sent for a post or an edit: the rendered blocks, or their plain-text version. */
const slackPayload = (message: Pick<Post, "reply" | "plain">) =>
  message.plain ? { text: slackPlainText(message.reply) } : toSlackMessage(message.reply);

/** chat.postMessage, tagged with the delivery key in message metadata. */
export async function postSlackMessage(env: Env, post: Post, calls: Subrequests): Promise<Outcome> {
  const message = slackPayload(post);
  let response: Response;
  try {
    response = await call(env, calls, post.token, "chat.postMessage", {
      channel: post.channel.channelId,
      ...message,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: post.key } },
    });
  } catch (error) {
    return unreachable("Slack", error, post.attempt, true);
  }
  const body = await response.json().catch(() => null);
  // Slack answered that it took the post, and the answer broke off: the post is surely made, as after a
  // lost answer (never only a server error's doubt, after which a history it cannot read lets it post again).
  if (response.ok && body === null)
    return {
      kind: "retry",
      delaySeconds: backoff(post.attempt),
      reason: `Slack ${response.status}, its answer cut off`,
      unsure: true,
    };
  const outcome = slackOutcome(env, response.status, response.headers, body, post.attempt);
  return limitInBody(env, calls, "chat.postMessage", response.status, outcome);
}

/** Answers to chat.update that mean there is nothing left to edit: the post or its channel is gone, or closed to the bot. */
const NOTHING_TO_EDIT = new Set(["message_not_found", "cant_update_message", "edit_window_closed", ...DISABLING]);

/**
 * chat.update of a delivered post (its ts) with the rendered blocks, or plain text (`edit.plain`). A post
 * or channel that is gone ends the edit as done with the reason; a refused form is a "fallback".
 */
export async function editSlackMessage(env: Env, edit: Edit, calls: Subrequests): Promise<Outcome> {
  let response: Response;
  try {
    response = await call(env, calls, edit.token, "chat.update", {
      channel: edit.channel.channelId,
      ts: edit.messageId,
      // Empty blocks replace the rendered ones when the plain text is sent.
      blocks: [],
      ...slackPayload(edit),
    });
  } catch (error) {
    return unreachable("Slack", error, edit.attempt);
  }
  const body = (await response.json().catch(() => null)) as { ok?: boolean; error?: string } | null;
  if (body?.ok === false && body.error && NOTHING_TO_EDIT.has(body.error))
    return { kind: "done", messageId: null, reason: `Slack ${body.error}` };
  const outcome = await limitInBody(
    env,
    calls,
    "chat.update",
    response.status,
    slackOutcome(env, response.status, response.headers, body, edit.attempt),
  );
  return outcome.kind === "done" ? { kind: "done", messageId: edit.messageId } : outcome;
}

/** conversations.join, so the history check works in public channels the bot posts to with chat:write.public. */
export async function joinSlackChannel(
  env: Env,
  calls: Pick<Subrequests, "fetch">,
  token: string,
  channel: string,
): Promise<string | undefined> {
  const joined = await join(env, calls, token, channel);
  return joined === "joined" || joined === "private" ? undefined : joined;
}

/**
 * conversations.join's answer: "joined", "private" (a private channel cannot be joined; the bot is in it
 * once invited, which posting there needs anyway), or why not.
 */
async function join(env: Env, calls: Pick<Subrequests, "fetch">, token: string, channel: string): Promise<string> {
  try {
    const response = await call(env, calls, token, "conversations.join", { channel });
    const body = (await response.json().catch(() => null)) as { ok?: boolean; error?: string; needed?: unknown } | null;
    if (body?.ok) return "joined";
    if (body?.error === "method_not_supported_for_channel_type") return "private";
    return slackReason(body?.error ?? `HTTP ${response.status}`, body?.needed);
  } catch (error) {
    return `Slack unreachable: ${(error as Error).name}`;
  }
}

interface HistoryPage {
  ok?: boolean;
  error?: string;
  needed?: unknown;
  messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: { key?: string } } }[];
  has_more?: boolean;
}

/**
 * After an attempt that may have posted: the channel's messages since the first attempt, newest first,
 * searched for this delivery's metadata one page a check (Slack lets an app outside its Marketplace
 * read history once a minute), back from where the last check stopped (`lookup.from`, written
 * `pages:ts` and read on with `latest`). The post's ts; null when every page back to the first attempt
 * was read and it is not there; `{ waitSeconds, from }` when pages are left (the next check reads on
 * after Slack's minute) or when Slack's limit answered before anything was read, or the bot has just
 * joined the channel; `{ gone }` when the channel is deleted, private and closed to the bot, or archived
 * where the bot cannot join it (a post would be refused the same way); `{ scope }` when the installation
 * lacks the history or join scope (see closedByScope); undefined when Slack could not say (error, a page
 * with nothing to read on from).
 * The delivery then waits and checks again: it never posts on a guess, except after a server error only
 * (Lookup.afterServerError), where a history closed to the bot or longer than HISTORY_SEARCH_PAGES
 * pages counts as not posted.
 */
export async function findSlackPost(env: Env, lookup: Lookup, calls: Subrequests): Promise<Looked> {
  const { channelId } = lookup.channel;
  const [pages, latest] = readPosition(lookup.from);
  if (calls.left < 1) return undefined;
  let body: HistoryPage;
  let response: Response;
  try {
    response = await call(env, calls, lookup.token, "conversations.history", {
      channel: channelId,
      oldest: String(Math.floor(lookup.since / 1000) - 5),
      include_all_metadata: true,
      limit: HISTORY_PAGE,
      ...(latest ? { latest } : {}),
    });
  } catch {
    return undefined;
  }
  // A 429 is the limit whatever its body says (an edge's page, an empty one): the read waits, uncounted.
  const limited = () => ({ waitSeconds: seconds(response.headers.get("retry-after")) ?? HISTORY_WAIT_S });
  if (response.status === 429) {
    await response.body?.cancel().catch(() => {});
    return limited();
  }
  try {
    body = (await response.json()) as HistoryPage;
  } catch {
    return undefined;
  }
  if (body.error === "ratelimited") return limited();
  if (!body.ok) {
    // The token refused: the look waits for a new one, as posts do.
    if (TOKEN_REFUSED.has(body.error ?? "")) return { refused: `Slack ${body.error}` };
    // Posting with chat:write.public does not make the bot a member: it joins, and reads at the next check.
    if (body.error === "not_in_channel" && calls.left >= 1) {
      const joined = await join(env, calls, lookup.token, channelId);
      if (joined === "joined") return { waitSeconds: HISTORY_WAIT_S };
      // An archived channel cannot be joined, nor posted to.
      if (CHANNEL_GONE.has(joined.slice("Slack ".length))) return { gone: joined };
      // An installation granted before channels:join was asked for cannot join: its history is as closed
      // to the bot as one without the history scope, and is counted the same way.
      if (joined.startsWith("Slack missing_scope")) return closedByScope(lookup, joined);
      return undefined;
    }
    if (CHANNEL_GONE.has(body.error ?? "")) return { gone: `Slack ${body.error}` };
    if (body.error === "missing_scope") return closedByScope(lookup, slackReason(body.error, body.needed));
    return undefined;
  }
  const messages = body.messages ?? [];
  const found = messages.find(
    (m) => m.metadata?.event_type === DELIVERY_EVENT_TYPE && m.metadata.event_payload?.key === lookup.key,
  );
  if (found?.ts) return found.ts;
  if (!body.has_more) return null;
  // A page may hold fewer messages than asked, even none, while more remain: with none to read on from, check again.
  const oldest = messages.at(-1)?.ts;
  if (!oldest) return undefined;
  const read = pages + 1;
  // Too many pages since to read them all: after a server error only, post again.
  if (lookup.afterServerError && read >= HISTORY_SEARCH_PAGES) return null;
  return { waitSeconds: HISTORY_WAIT_S, from: `${read}:${oldest}` };
}

/**
 * History closed to the bot by a scope its installation lacks: after a server error only, the post counts
 * as not made (and is made again); otherwise no look can tell until the scope is granted, which the
 * delivery waits for instead of spending its attempts on looks refused the same way.
 */
const closedByScope = (lookup: Lookup, reason: string): Looked => (lookup.afterServerError ? null : { scope: reason });

/** Pages a check after a server error only reads in all before the post counts as not made. */
export const HISTORY_SEARCH_PAGES = 4;

/** A check's position (`pages:ts`): pages read so far and the oldest ts read; none for a first check. */
function readPosition(from: string | undefined): [number, string | undefined] {
  const match = /^(\d+):(\d+\.\d+)$/.exec(from ?? "");
  return match ? [Number(match[1]), match[2]] : [0, undefined];
}

/**
 * Slack's wait for a history call when its answer names none: the gap its per-minute limit leaves, as the
 * pacer spaces history reads, so that a check told to come back then finds its turn.
 */
const HISTORY_WAIT_S = spacing(SLACK_METHOD_PER_MINUTE["conversations.history"] ?? 1, 60_000) / 1000;

/**
 * How long turning alerts on waits for conversations.join. It runs before the command is answered, and
 * Slack shows the user operation_timeout when the answer takes more than 3 seconds: a join that takes
 * longer is given up (a problem, not a closed channel), and a later history check joins again.
 */
export const JOIN_WAIT_MS = 1000;

/**
 * Joins a channel alerts are turned on in, with the workspace's token; what stands in the way when it
 * cannot. A channel Slack says is not there, though the command came from it, is private and the bot was
 * not invited: every post there would be refused.
 */
export async function prepareSlackChannel(
  env: Env,
  channel: { workspaceId: string; channelId: string },
): Promise<ChannelProblem | undefined> {
  const auth = await slackTokenFor(env, channel.workspaceId);
  if (!auth) return { reason: "no Slack bot token", closed: false };
  const soon = (init?: RequestInit): RequestInit => {
    const wait = AbortSignal.timeout(JOIN_WAIT_MS);
    return { ...init, signal: init?.signal ? AbortSignal.any([init.signal, wait]) : wait };
  };
  const reason = await joinSlackChannel(env, { fetch: (input, init) => fetch(input, soon(init)) }, auth.token, channel.channelId);
  if (reason === undefined) return undefined;
  // Only a workspace's own token refused means the app must be installed there again. The shared token's
  // refusal stops the platform until a new token is set; the channel's deliveries wait for it like any other.
  const refused = auth.from === "installation" && TOKEN_REFUSED.has(reason.slice("Slack ".length));
  return { reason, closed: reason === "Slack channel_not_found", refused };
}
