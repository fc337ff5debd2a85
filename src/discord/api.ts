// Discord REST calls the bot makes itself (alert posts), and how each answer maps to an Outcome.
import { backoff, type Outcome, REQUEST_TIMEOUT_MS, seconds } from "../alerts/outcome";
import type { Env } from "../env";
import type { DiscordMessage } from "./render";

export const DISCORD_NONCE_MAX = 25;
export const PROJECT_URL = "https://github.com/trauma-code-bot/trauma-code-bot";
export const BOT_VERSION = "0.1.0";
/** A 429 without rate-limit headers comes from Cloudflare, not Discord's limiter: back off for a while. */
export const CLOUDFLARE_BAN_PAUSE_S = 900;

/** The same (item, channel) always gets the same nonce, so Discord drops a repeated post. */
export async function deliveryNonce(newsId: string, channelId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${newsId}:${channelId}`));
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, DISCORD_NONCE_MAX);
}

const DISABLING_CODES: Record<number, string> = {
  10003: "Unknown Channel",
  50001: "Missing Access",
  50013: "Missing Permissions",
};

export function discordOutcome(status: number, headers: Headers, body: unknown, attempt: number): Outcome {
  const b = (typeof body === "object" && body !== null ? body : {}) as {
    id?: string;
    code?: number;
    message?: string;
    retry_after?: number;
    global?: boolean;
  };
  if (status >= 200 && status < 300) return { kind: "done", messageId: typeof b.id === "string" ? b.id : null };
  const detail = `Discord ${status}${b.code ? ` ${b.code}` : ""}${b.message ? `: ${b.message}` : ""}`;
  if (status === 429) {
    const limited = [...headers.keys()].some((name) => name.startsWith("x-ratelimit-")) || headers.has("retry-after");
    if (!limited) return { kind: "pause", delaySeconds: CLOUDFLARE_BAN_PAUSE_S, reason: `${detail} (no rate-limit headers)` };
    const wait = seconds(b.retry_after) ?? seconds(headers.get("retry-after")) ?? backoff(attempt);
    if (b.global || headers.get("x-ratelimit-global") === "true" || headers.get("x-ratelimit-scope") === "global")
      return { kind: "pause", delaySeconds: wait, reason: `${detail} (global)` };
    return { kind: "retry", delaySeconds: wait, reason: detail };
  }
  if (status === 401) return { kind: "stop", reason: detail };
  if (status === 403 || status === 404) {
    const name = b.code ? DISABLING_CODES[b.code] : undefined;
    return { kind: "disable", reason: name ? `${detail} (${name})` : detail };
  }
  if (status === 400 || status === 413) return { kind: "fallback", reason: detail };
  return { kind: "retry", delaySeconds: backoff(attempt), reason: detail };
}

/** POST /channels/{id}/messages with a nonce Discord enforces, mentions disabled. */
export async function postChannelMessage(
  env: Env,
  channelId: string,
  message: DiscordMessage,
  nonce: string,
  attempt: number,
): Promise<Outcome> {
  const base = (env.DISCORD_API_BASE ?? "https://discord.com/api/v10").replace(/\/$/, "");
  let response: Response;
  try {
    response = await fetch(`${base}/channels/${encodeURIComponent(channelId)}/messages`, {
      method: "POST",
      headers: {
        authorization: `Bot ${env.DISCORD_BOT_TOKEN ?? ""}`,
        "content-type": "application/json",
        "user-agent": `DiscordBot (${PROJECT_URL}, ${BOT_VERSION})`,
      },
      body: JSON.stringify({ ...message, nonce, enforce_nonce: true, allowed_mentions: { parse: [] } }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: "retry", delaySeconds: backoff(attempt), reason: `Discord unreachable: ${(error as Error).name}` };
  }
  const body = await response.json().catch(() => null);
  return discordOutcome(response.status, response.headers, body, attempt);
}
