// Slack Web API calls the bot makes itself (alert posts), and how each answer maps to an Outcome.
// Plain fetch: the queue consumer has no request to receive, so it does not load Bolt.
import { backoff, type Outcome, REQUEST_TIMEOUT_MS, seconds } from "../alerts/outcome";
import type { Env } from "../env";
import type { SlackMessage } from "./render";

/** Message metadata that marks a post as delivering one news item, so a retry can find it. */
export const NEWS_EVENT_TYPE = "trauma_code_news";

const DISABLING = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "channel_is_archived",
  "restricted_action",
  "team_access_not_granted",
]);
const STOPPING = new Set([
  "invalid_auth",
  "token_revoked",
  "account_inactive",
  "not_authed",
  "token_expired",
  "no_permission",
  "missing_scope",
]);
const FALLBACK = new Set([
  "msg_too_long",
  "invalid_blocks",
  "invalid_blocks_format",
  "too_many_attachments",
  "invalid_metadata_format",
]);

export function slackOutcome(status: number, headers: Headers, body: unknown, attempt: number): Outcome {
  const b = (typeof body === "object" && body !== null ? body : {}) as { ok?: boolean; error?: string; ts?: string };
  if (status === 429) {
    const wait = seconds(headers.get("retry-after")) ?? backoff(attempt);
    return { kind: "retry", delaySeconds: wait, reason: "Slack ratelimited" };
  }
  if (status >= 500 || status === 0) return { kind: "retry", delaySeconds: backoff(attempt), reason: `Slack ${status}` };
  if (b.ok === true) return { kind: "done", messageId: typeof b.ts === "string" ? b.ts : null };
  const error = b.error ?? `HTTP ${status}`;
  const reason = `Slack ${error}`;
  if (error === "ratelimited")
    return { kind: "retry", delaySeconds: seconds(headers.get("retry-after")) ?? backoff(attempt), reason };
  if (DISABLING.has(error)) return { kind: "disable", reason };
  if (STOPPING.has(error)) return { kind: "stop", reason };
  if (FALLBACK.has(error)) return { kind: "fallback", reason };
  return { kind: "retry", delaySeconds: backoff(attempt), reason };
}

/** `token` is the workspace's own (see slackTokenFor in install-store.ts). */
async function call(env: Env, method: string, payload: Record<string, unknown>, token: string): Promise<Response> {
  const base = (env.SLACK_API_BASE ?? "https://slack.com/api").replace(/\/$/, "");
  return fetch(`${base}/${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
}

/** chat.postMessage, tagged with the news id in message metadata. */
export async function postSlackMessage(
  env: Env,
  channel: string,
  message: Partial<SlackMessage> & { text: string },
  newsId: string,
  attempt: number,
  token: string,
): Promise<Outcome> {
  let response: Response;
  try {
    response = await call(
      env,
      "chat.postMessage",
      {
        channel,
        ...message,
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: NEWS_EVENT_TYPE, event_payload: { news_id: newsId } },
      },
      token,
    );
  } catch (error) {
    return { kind: "retry", delaySeconds: backoff(attempt), reason: `Slack unreachable: ${(error as Error).name}` };
  }
  return slackOutcome(response.status, response.headers, await response.json().catch(() => null), attempt);
}

/**
 * After a worker died between posting and confirming, looks for the post it may have made: the
 * channel's messages since then that carry this news id. Undefined when Slack could not say.
 */
export async function findPostedNews(
  env: Env,
  channel: string,
  newsId: string,
  sinceMs: number,
  token: string,
): Promise<string | null | undefined> {
  try {
    const response = await call(
      env,
      "conversations.history",
      {
        channel,
        oldest: String(Math.floor(sinceMs / 1000) - 5),
        include_all_metadata: true,
        limit: 50,
      },
      token,
    );
    const body = (await response.json()) as {
      ok?: boolean;
      messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: { news_id?: string } } }[];
    };
    if (!body.ok) return undefined;
    const found = body.messages?.find(
      (m) => m.metadata?.event_type === NEWS_EVENT_TYPE && m.metadata.event_payload?.news_id === newsId,
    );
    return found?.ts ?? null;
  } catch {
    return undefined;
  }
}
