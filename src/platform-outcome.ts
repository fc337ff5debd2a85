// What one delivery attempt came to: part of the platform contract. Each platform maps its API
// answers onto these; the delivery core acts on them, so platforms never import from src/delivery.

import { retryAfterSeconds } from "./pacing/limits";

export type Outcome =
  /**
   * `reason`: done without the request taking effect, and why (an edit of a post that was deleted).
   * `publishedFrom`: the earliest the post can have reached the channel's followers (Discord's
   * announcement mode), in ms; absent where it was not published to followers. `publishedBefore`: an
   * earlier attempt published it (Discord said so), so a request recorded as maybe publishing it (see
   * `publishedFrom` of a retry) tells the earliest better than `publishedFrom` (the post's own time).
   */
  | { kind: "done"; messageId: string | null; reason?: string; publishedFrom?: number; publishedBefore?: boolean }
  /**
   * Try this channel again later (429 with retry_after, 5xx, network error). `unsure`: it may have
   * posted. `serverError`: unsure only because a server error answered (the answer was not lost), so a
   * post is less likely made: where the channel's history is closed to the bot, it is made again.
   * `publishedFrom`: a request to publish the post to followers left then, and may have taken effect.
   * `rateLimited`: refused for the platform's rate limit, so nothing was done and it is not an attempt; the
   * limit holds for every request of the same pacing route (`route`: Slack's, per workspace and method),
   * or for this channel's only (`channel`: Discord's per-route buckets). `messageId`: the post was made
   * as this message, and only what follows it is left (Discord's crosspost): kept, so that a withdrawal
   * edits it however the delivery ends.
   */
  | {
      kind: "retry";
      delaySeconds: number;
      reason: string;
      unsure?: boolean;
      serverError?: boolean;
      publishedFrom?: number;
      rateLimited?: "route" | "channel";
      messageId?: string;
    }
  /** The channel is gone or closed to the bot: disable the subscription, never retry. */
  | { kind: "disable"; reason: string }
  /**
   * The token was refused: stop sending on this platform until it changes. `retrySeconds`: the same
   * token may come to work (a scope granted to it), so instead the platform pauses this long and tries again.
   * `scope`: the token works, but lacks a scope the call needs (installing the app again grants it).
   */
  | { kind: "stop"; reason: string; retrySeconds?: number; scope?: boolean }
  /**
   * Stop sending on this platform for a while (Cloudflare-level 429, global rate limit, repeated odd
   * answers). `unsure`: the post was made (its publishing to followers was what met the limit), as
   * `messageId` (see the retry's). `rateLimited`: a 429 refused the request, so nothing was done and it
   * is not an attempt.
   */
  | { kind: "pause"; delaySeconds: number; reason: string; unsure?: boolean; messageId?: string; rateLimited?: true }
  /** The payload was refused: send a plain-text version instead. */
  | { kind: "fallback"; reason: string }
  /** Refused for good for this message (even the plain version). */
  | { kind: "fail"; reason: string };

/** The request may have posted although it was not answered as done (a retry or pause marked `unsure`). */
export const mayHavePosted = (outcome: { kind: string; unsure?: boolean }): boolean =>
  (outcome.kind === "retry" || outcome.kind === "pause") && outcome.unsure === true;

export const MAX_BACKOFF_S = 600;

/**
 * An odd 403/404, not the platform's own answer (a Cloudflare or proxy page, a wrong route): nothing was
 * done, and it is retried this often, then pauses the platform, shown in /health.
 */
export const ODD_ANSWER_RETRIES = 3;

/** 10 s, 20 s, 40 s, ... up to 10 minutes, for errors that do not say when to come back. */
export const backoff = (attempt: number): number => Math.min(MAX_BACKOFF_S, 10 * 2 ** Math.max(0, attempt - 1));

/** A Retry-After from a header or body (see retryAfterSeconds), rounded up to whole seconds, at least 1. */
export function seconds(value: unknown): number | undefined {
  const n = retryAfterSeconds(value);
  return n === undefined ? undefined : Math.max(1, Math.ceil(n));
}

/** Cuts an outbound call short so one slow API cannot use the whole invocation. */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The outbound calls one invocation may still make. Every fetch a platform makes for delivery goes
 * through `fetch` here, so the count is exact; past the limit it throws BudgetSpent instead of calling.
 */
export interface Subrequests {
  fetch(input: string, init: RequestInit): Promise<Response>;
  readonly left: number;
  /**
   * The answer to a call made with `fetch` refused it for the platform's rate limit in its body alone
   * (Slack's HTTP 200 `ratelimited`): whoever hears the answers' statuses (the pacer) hears it as the 429
   * it stands for, waiting `waitSeconds`. Absent where nobody listens.
   */
  limited?(input: string, method: string, waitSeconds: number): Promise<void>;
}

export class BudgetSpent extends Error {
  constructor() {
    super("subrequest budget of this invocation is spent");
  }
}

/**
 * For a post's or an edit's catch: a call the invocation could not afford was never made, so it is not
 * "unreachable, may have posted". It goes on up, to the caller that gives the work back.
 */
export function rethrowIfUnafforded(error: unknown): void {
  if (error instanceof BudgetSpent) throw error;
}

/**
 * A post's or an edit's call that threw (the network, a timeout): tried again after the backoff. A call
 * the invocation could not afford goes on up instead (rethrowIfUnafforded). `unsure`: the request left,
 * so a post may have been made.
 */
export function unreachable(
  platform: string,
  error: unknown,
  attempt: number,
  unsure?: true,
): Extract<Outcome, { kind: "retry" }> {
  rethrowIfUnafforded(error);
  return {
    kind: "retry",
    delaySeconds: backoff(attempt),
    reason: `${platform} unreachable: ${(error as Error).name}`,
    ...(unsure && { unsure }),
  };
}
