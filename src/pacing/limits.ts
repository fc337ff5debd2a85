// The limits the pacer enforces, per platform. Discord's are from its rate-limit documentation; the
// per-route ones are learned from response headers, never hard-coded. Slack publishes tiers per method.

/** Discord: every request a bot token makes, across every isolate and queue consumer, per second. */
export const DISCORD_GLOBAL_PER_SECOND = 50;
/**
 * We plan a little under the limit: a request that leaves late (a busy isolate, a slow timer) must not
 * land in the same second as the 50 after it. At 95 % a request may run 52 ms late before that can happen.
 */
export const PACE_FRACTION = 0.95;
/** How late a sender may still use its slot: well inside the 52 ms the pace leaves. */
export const LATE_SLOT_MS = 30;
/** 401, 403 and 429 answers in 10 minutes that get the sending IP banned by Cloudflare for a while. */
export const DISCORD_INVALID_BAN = 10_000;
export const INVALID_WINDOW_MS = 10 * 60_000;
/**
 * We stop at a quarter of the ban: slots already handed out (at most RESERVE_HORIZON_MS of them, 2,850
 * at full pace) can still come back invalid after we stop, and still end far below the ban.
 */
export const INVALID_STOP = DISCORD_INVALID_BAN / 4;
/** A 429 without any rate-limit header comes from Cloudflare, not Discord's limiter: the IP is blocked. */
export const CLOUDFLARE_BLOCK_MS = 15 * 60_000;
/**
 * The longest wait a Retry-After (or Discord's retry_after) is heeded for: a day, as long as the longest
 * block Discord or Cloudflare sets. One that asks for more (a year, 2^31 - 1 seconds for "forever", a
 * time no date can show) would stop every post, edit and review card that long; past a day the next
 * request finds out whether the block still holds, and one more 429 waits again.
 */
export const RETRY_AFTER_MAX_S = 24 * 60 * 60;

/**
 * A Retry-After header's (or Discord's retry_after's) seconds as heeded, at most RETRY_AFTER_MAX_S;
 * undefined when it is absent, blank or not a number of seconds. The pacer and a delivery's outcome
 * both read it here, so they never disagree on what one answer asked.
 */
export function retryAfterSeconds(value: unknown): number | undefined {
  const n = headerNumber(value);
  return n === undefined ? undefined : Math.min(RETRY_AFTER_MAX_S, n);
}

/** A header's (or a body's) number, when it is one and not negative; undefined when absent or blank. */
export function headerNumber(value: unknown): number | undefined {
  if (typeof value === "string" && value.trim() === "") return undefined;
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Slots are held at most this far ahead. A wait longer than this means "not held: nothing may be sent;
 * come back after the wait" (put the work back on the queue with that delay), so work that gives up
 * never leaves phantom slots in the way of work that stays.
 */
export const RESERVE_HORIZON_MS = 60_000;
/** How far ahead a reservation holds slots for a sender that waits at most `holdMs`. */
export const heldAhead = (holdMs: number): number => Math.min(holdMs, RESERVE_HORIZON_MS);

/**
 * Slack: chat.postMessage allows about one message per second per channel, with a workspace-wide cap
 * of "several hundred per minute"; other methods follow their tier, per workspace and method.
 */
export const SLACK_CHANNEL_INTERVAL_MS = 1_000;
export const SLACK_METHOD_PER_MINUTE: Record<string, number> = {
  "chat.postMessage": 300,
  "chat.update": 50,
  "conversations.join": 50,
  "conversations.info": 50,
  // Apps outside the Slack Marketplace get one history call a minute.
  "conversations.history": 1,
};
/** Tier 3, for methods not listed. */
export const SLACK_DEFAULT_PER_MINUTE = 50;

/** Spacing between slots for a limit of `limit` per `windowMs`, planned at PACE_FRACTION of it. */
export const spacing = (limit: number, windowMs: number) => windowMs / (limit * PACE_FRACTION);

/**
 * A queue batch holds at most 100 messages; nobody needs more slots in one call. Kept here, beside the
 * limits, not in the Durable Object's module: what reads it (src/pacing/index.ts) then loads no
 * cloudflare:workers, and Node can import it (the benchmark, the command line).
 */
export const MAX_SLOTS_PER_CALL = 100;
