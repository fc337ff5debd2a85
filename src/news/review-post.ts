// Posting candidates to the review channel(s), once each, through the platforms' post (the same call
// delivery uses, with its nonce or metadata key). A failed post is tried again at the card's next turn
// (NewsStore.reviewLater); one whose answer was lost is first looked for, as a delivery's is
// (Platform.findPosted).
import { Budget } from "../delivery/budget";
import type { Env } from "../env";
import { logError, logEvent } from "../log";
import type { Lookup } from "../platform";
import type { PlatformName } from "../platform-name";
import type { Outcome, Subrequests } from "../platform-outcome";
import { PLATFORMS } from "../platforms";
import type { Reply } from "../reply";
import { REVIEWS_PER_TICK, reviewCard } from "./review";
import { type Candidate, NewsStore, newRound, REVIEW_BITS } from "./store";

/** The review channel of each platform that has one. */
function reviewChannels(env: Env): { platform: PlatformName; channelId: string }[] {
  const channels: { platform: PlatformName; channelId: string }[] = [];
  if (env.REVIEW_DISCORD_CHANNEL_ID) channels.push({ platform: "discord", channelId: env.REVIEW_DISCORD_CHANNEL_ID });
  if (env.REVIEW_SLACK_CHANNEL_ID) channels.push({ platform: "slack", channelId: env.REVIEW_SLACK_CHANNEL_ID });
  return channels;
}

/**
 * Posts candidates not yet in the review channel(s); returns how many posts were made. Only while it
 * holds the news round (migrations/0007_news_round.sql): two ticks posting at once would each post the
 * same candidates, and Slack keeps no nonce to drop the second.
 */
export async function postPendingReviews(env: Env, now = Date.now()): Promise<number> {
  const targets = reviewChannels(env);
  if (!targets.length) return 0;
  const store = new NewsStore(env.DB);
  const mask = targets.reduce((bits, t) => bits | REVIEW_BITS[t.platform], 0);
  const pending = await store.unposted(mask, REVIEWS_PER_TICK, now);
  if (!pending.length) return 0;
  const round = newRound(now);
  if (!(await store.takeRound(round, now))) {
    logEvent("news.review_post", { outcome: "busy", pending: pending.length });
    return 0;
  }
  try {
    return await postEach(env, store, targets, pending, now);
  } finally {
    await store.leaveRound(round).catch((error: unknown) => logError("news.review_leave", error, {}));
  }
}

async function postEach(
  env: Env,
  store: NewsStore,
  targets: { platform: PlatformName; channelId: string }[],
  pending: Candidate[],
  now: number,
): Promise<number> {
  // At most a look and a post per platform per candidate: a handful of requests, counted like a delivery's.
  const calls = new Budget(2 * REVIEWS_PER_TICK * targets.length);
  let posted = 0;
  for (const candidate of pending) {
    const reply = reviewCard(candidate, await store.sources(candidate.id));
    let left = 0;
    let stalled = false;
    for (const { platform, channelId } of targets) {
      if ((candidate.reviewPostedMask & REVIEW_BITS[platform]) !== 0) continue;
      const turn = await postTo(env, store, candidate, platform, channelId, reply, calls);
      if (turn === "posted") posted++;
      else {
        left++;
        stalled ||= turn === "stalled";
      }
    }
    // Still to go out somewhere: it waits for its next turn, and the candidates behind it get theirs.
    if (left > 0) await store.reviewLater(candidate.id, now, !stalled);
  }
  return posted;
}

/**
 * One card to one platform's review channel: "posted" (or found there), "looking" (a look that read on and
 * goes on at the next tick), or "stalled" (not posted, not found, for whatever reason).
 */
async function postTo(
  env: Env,
  store: NewsStore,
  candidate: Candidate,
  platform: PlatformName,
  channelId: string,
  reply: Reply,
  calls: Subrequests,
): Promise<"posted" | "looking" | "stalled"> {
  // The review channel lives in the bot's own server or workspace (Slack: REVIEW_SLACK_TEAM_ID's
  // installation, else the single-workspace token).
  const channel = { workspaceId: platform === "slack" ? (env.REVIEW_SLACK_TEAM_ID ?? "") : "", channelId };
  const { token } = await PLATFORMS[platform].token(env, channel.workspaceId);
  if (!token) {
    logEvent("news.review_post", { candidate: candidate.id, platform, outcome: "no-token" });
    return "stalled";
  }
  const key = `review:${candidate.id}`;
  let outcome: Outcome;
  let sentAt: number;
  try {
    if ((candidate.reviewUnsureMask & REVIEW_BITS[platform]) !== 0) {
      const looked = await lookForEarlierPost(env, store, candidate, platform, { channel, reply, key, token }, calls);
      if (looked !== "not-there") {
        logEvent("news.review_post", { candidate: candidate.id, platform, outcome: looked });
        return looked === "found" ? "posted" : looked === "looking" ? "looking" : "stalled";
      }
    }
    // When the request leaves, by the clock the platforms' message times are compared with.
    sentAt = Date.now();
    outcome = await PLATFORMS[platform].post(env, { channel, reply, key, attempt: 1, plain: false, token }, calls);
    // A card the platform refuses as rendered (too long, blocks it will not take) goes as plain text, as a
    // delivery does.
    if (outcome.kind === "fallback") {
      sentAt = Date.now();
      outcome = await PLATFORMS[platform].post(env, { channel, reply, key, attempt: 1, plain: true, token }, calls);
    }
  } catch (error) {
    // One candidate the platform cannot be sent (a card it cannot render) keeps no other from review.
    logError("news.review_post_failed", error, { candidate: candidate.id, platform });
    return "stalled";
  }
  logEvent("news.review_post", { candidate: candidate.id, platform, outcome: outcome.kind });
  if (outcome.kind === "done") {
    await store.markPosted(candidate.id, platform);
    return "posted";
  }
  if ((outcome.kind === "retry" || outcome.kind === "pause") && outcome.unsure)
    await store.markUnsure(candidate.id, platform, sentAt);
  return "stalled";
}

/**
 * A card whose earlier post may be in the channel is looked for first: found, it counts; surely not there
 * ("not-there"), it is posted again. A look that reads on or waits for the platform's limit ("looking")
 * goes on at the next tick, and so does one the platform could not answer ("cannot-tell"): a card is never
 * posted on a guess, as a delivery never is.
 */
async function lookForEarlierPost(
  env: Env,
  store: NewsStore,
  candidate: Candidate,
  platform: PlatformName,
  post: Omit<Lookup, "since" | "from">,
  calls: Subrequests,
): Promise<"found" | "not-there" | "looking" | "cannot-tell"> {
  const since = candidate.reviewTriedAt ?? Date.now();
  const looked = await PLATFORMS[platform].findPosted(env, { ...post, since, from: candidate.reviewLook[platform] }, calls);
  if (looked === undefined) return "cannot-tell";
  if (looked === null) {
    await store.clearUnsure(candidate.id, platform);
    return "not-there";
  }
  if (typeof looked === "string" || "messageId" in looked) {
    await store.markPosted(candidate.id, platform);
    return "found";
  }
  if (looked.from) await store.markUnsure(candidate.id, platform, since, looked.from);
  return "looking";
}
