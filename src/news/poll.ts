// The cron's news round: poll the feeds that are due (each on its own schedule, one after another, and
// no further one once the tick has read XML_PER_TICK), keep what is about the renewal, group it into
// candidates, and send new candidates to the review channels. A failing feed backs off and is shown in
// /health; the others go on.
import { Budget, countedD1, part } from "../delivery/budget";
import type { Env } from "../env";
import { markEvaluated } from "../lazy";
import { logError, logEvent } from "../log";
import type { Subrequests } from "../platform-outcome";
import { type FoundEntry, groupEntries } from "./discover";
import { type Feed, feedEvery, feedOffsetMinutes, loadFeeds } from "./feeds";
import { FEED_REQUESTS_MAX, FEED_TIMEOUT_MS, fetchFeed, HostTurns } from "./fetch-feed";
import { relevant } from "./filter";
import { normalizeUrl, SAME_STORY_MS } from "./group";
import { postPendingReviews, redrawReviewCards, reviewHealth } from "./review-post";
import { type FeedState, type Found, type NewsRound, NewsStore, newRound } from "./store";

markEvaluated("news/poll");

/** Feeds polled in one tick at most: with their D1 queries, about half of the tick's 50 subrequests; review posts get the rest. */
export const FEEDS_PER_TICK = 4;
/**
 * The XML a tick reads before it polls no further feed: what bounds its CPU, which a Worker cannot read
 * (the Free plan allows an invocation 10 ms). Validating and parsing a feed costs about in proportion to
 * its length, and one full page of a news search feed (100 items, ~110 KB) takes most of those 10 ms
 * (`npm run bench`, "News round"): past this, the tick ends, so it parses one such page, or a few short
 * feeds, and 304s (nothing to parse) count for nothing. The feeds left stay due and go first next tick.
 */
export const XML_PER_TICK = 32_000;
/** A tick that died mid-poll gives its feeds back after this. */
export const POLL_LEASE_MS = 2 * 60_000;
/** The longest a failing feed waits before it is tried again. */
export const MAX_BACKOFF_MS = 24 * 60 * 60_000;
export const backoffMs = (feed: Feed, failures: number): number =>
  Math.min(MAX_BACKOFF_MS, feedEvery(feed) * 2 ** Math.min(failures, 16));
/**
 * The error a tick's first feed is leased with, and keeps if its poll never ends: the invocation was
 * killed, most likely past its CPU while it parsed the feed. A feed that takes more than an invocation to
 * read backs off like any failing one, and the others go on.
 */
export const UNFINISHED_POLL = "poll did not finish: too large to read within one invocation?";

/**
 * The feed parser and its XML library are loaded on the first poll, not when the Worker starts:
 * interactions never pay for them (esbuild keeps a dynamic import lazy).
 */
let parser: Promise<typeof import("./parse")> | undefined;
const loadParser = () => {
  parser ??= import("./parse");
  return parser;
};

type Polled = { feed: Feed; entries: FoundEntry[] };

/** A feed's poll: what it found, its record for the round's end, and how long a text it parsed (0 for none). */
type PollResult = { entries: FoundEntry[]; statement: D1PreparedStatement; read: number };

async function pollOne(
  feed: Feed,
  state: FeedState | undefined,
  store: NewsStore,
  {
    now,
    round,
    timeoutMs,
    calls,
    turns,
  }: { now: number; round: NewsRound; timeoutMs: number; calls: Subrequests; turns: HostTurns },
): Promise<PollResult> {
  const started = Date.now();
  const validators = { etag: state?.etag ?? null, lastModified: state?.lastModified ?? null };
  const result = await fetchFeed(feed, validators, { timeoutMs, calls, turns });
  // Counted before it is parsed: a page that turns out malformed took the validator as long to refuse.
  const read = result.kind === "ok" ? result.text.length : 0;
  const failed = (reason: string, retryAfterMs = 0): PollResult => {
    const failures = (state?.failures ?? 0) + 1;
    logEvent("feed", { feed: feed.id, outcome: "failed", error: reason, failures, ms: Date.now() - started });
    return {
      read,
      entries: [],
      statement: store.feedPolled(
        feed.url,
        // A host's Retry-After is heeded up to the longest backoff: one that asks for a year (or names a
        // date years ahead, as a misconfigured server does) would keep the feed unpolled that long.
        {
          ok: false,
          error: reason,
          failures,
          nextPollAt: now + Math.max(backoffMs(feed, failures), Math.min(retryAfterMs, MAX_BACKOFF_MS)),
        },
        now,
        round,
      ),
    };
  };
  if (result.kind === "error") return failed(result.reason, result.retryAfterMs);
  const next = now + feedEvery(feed);
  if (result.kind === "not-modified") {
    logEvent("feed", { feed: feed.id, outcome: "not-modified", ms: Date.now() - started });
    return { read, entries: [], statement: store.feedPolled(feed.url, { ok: true, nextPollAt: next }, now, round) };
  }
  const { FeedError, parseFeed } = await loadParser();
  let entries: FoundEntry[];
  try {
    // The offset its zoneless dates are read at dates its stories too: a Manila outlet writing in English
    // has Manila's day, not English's UTC. Its language says which comes first in a day in digits.
    const offsetMinutes = feedOffsetMinutes(feed);
    entries = parseFeed(result.text, result.contentType, result.url, offsetMinutes, feed.language).map((e) => ({
      ...e,
      language: feed.language,
      offsetMinutes,
    }));
  } catch (error) {
    if (error instanceof FeedError) return failed(error.message);
    throw error;
  }
  logEvent("feed", { feed: feed.id, outcome: "ok", entries: entries.length, chars: read, ms: Date.now() - started });
  return {
    read,
    entries,
    statement: store.feedPolled(feed.url, { ok: true, validators: result.validators, nextPollAt: next }, now, round),
  };
}

/**
 * Polls the feeds that are due. Every D1 query and feed request is counted in `budget` (the invocation's,
 * which the review posts share after it).
 */
export async function pollFeeds(
  env: Env,
  now = Date.now(),
  { timeoutMs = FEED_TIMEOUT_MS, budget = new Budget() }: { timeoutMs?: number; budget?: Budget } = {},
): Promise<{ polled: number; found: number; candidates: number }> {
  let feeds: Feed[];
  try {
    feeds = loadFeeds(env.NEWS_FEEDS);
  } catch (error) {
    logError("feeds.invalid", error, {});
    return { polled: 0, found: 0, candidates: 0 };
  }
  const started = Date.now();
  // Giving the round and its feeds back, should the poll fail (its budget spent, D1 unreachable), is
  // counted now: it must not be refused for want of budget, or the round stays held and the next ticks
  // find it busy, and its feeds' leases last until the tick after next (POLL_LEASE_MS is one tick).
  budget.spend(2);
  const store = new NewsStore(countedD1(env.DB, budget));
  const states = await store.feedStates();
  const giveBack = (round: NewsRound, feeds: readonly string[] = [], first?: Feed) =>
    new NewsStore(env.DB).leaveRound(round, feeds, first && { url: first.url, before: states.get(first.url) });
  // The longest waiting first: in the list's order, the feeds at its top, due again every few ticks, would
  // keep those further down from ever being polled once more feeds are due than the ticks poll.
  const nextPoll = (feed: Feed) => states.get(feed.url)?.nextPollAt ?? 0;
  const due = feeds
    .filter((f) => nextPoll(f) <= now)
    .sort((a, b) => nextPoll(a) - nextPoll(b))
    .slice(0, FEEDS_PER_TICK);
  // One round at a time (migrations/0007_news_round.sql): while another holds it, this one leases no feed.
  // The first feed, always polled and the one a tick may read most of, is leased as a poll that failed,
  // until its poll ends. Only it: a tick killed while it reads it leaves the feeds after it due.
  const round = newRound(now);
  const first = due[0];
  const unfinished = { everyMs: first ? feedEvery(first) : 0, maxBackoffMs: MAX_BACKOFF_MS, error: UNFINISHED_POLL };
  const leased = new Set(
    await store.leaseFeeds(
      due.map((f) => f.url),
      now,
      POLL_LEASE_MS,
      round,
      unfinished,
    ),
  );
  if (due.length && !leased.size) {
    await giveBack(round);
    logEvent("news.poll", { polled: 0, due: due.length, busy: true });
    return { polled: 0, found: 0, candidates: 0 };
  }
  try {
    const polled: Polled[] = [];
    // One feed after another, in the order they are due, and none once the tick has read XML_PER_TICK:
    // feeds polled side by side would all be read and parsed before any could tell the tick to stop.
    // So there is one request per host at a time too; HostTurns also keeps a host that asked to wait
    // (Retry-After) from being asked for its other feeds.
    const turns = new HostTurns();
    const statements: D1PreparedStatement[] = [];
    let read = 0;
    let left = 0;
    for (const feed of due.filter((f) => leased.has(f.url))) {
      // Given back, so that the next tick leases it: it is still due, and waiting longest goes first.
      if (read >= XML_PER_TICK) {
        statements.push(store.feedReleased(feed.url, round));
        left++;
        continue;
      }
      const calls = part(budget, FEED_REQUESTS_MAX);
      const result = await pollOne(feed, states.get(feed.url), store, { now, round, timeoutMs, calls, turns });
      read += result.read;
      statements.push(result.statement);
      polled.push({ feed, entries: result.entries });
    }

    const entries = polled.flatMap((p) => p.entries);
    const kept = entries.length ? relevant(entries, { newestPublished: await store.newestPublished(), now }) : [];
    let found: Found = { candidates: [], sources: [] };
    if (kept.length) {
      const known = await store.known(kept.map((e) => normalizeUrl(e.url)));
      const oldest = Math.min(...kept.map((e) => e.publishedAt ?? now)) - SAME_STORY_MS;
      const recent = await store.recentCandidates(oldest);
      found = await groupEntries(kept, known.links, recent, now, known.published);
    }
    // Nothing is written by a round that lost its hold: its feeds are polled again by the next.
    // The round's clock (`now`, the cron's scheduled time) moved on by the time this round took.
    const at = now + (Date.now() - started);
    const held = statements.length > 0 && (await store.endRound(round, found, statements, at));
    const candidates = held ? found.candidates.length : 0;
    logEvent("news.poll", {
      polled: polled.length,
      found: entries.length,
      kept: kept.length,
      candidates,
      ...(left ? { left, read } : {}),
      ...(statements.length && !held ? { outlived: true } : {}),
      ms: Date.now() - started,
    });
    return { polled: polled.length, found: entries.length, candidates };
  } catch (error) {
    await giveBack(round, [...leased], first).catch(() => {});
    throw error;
  }
}

/**
 * The cron's news work: poll what is due, redraw the review cards a decision made elsewhere left behind,
 * then post candidates not yet sent for review.
 */
export async function newsTick(env: Env, now = Date.now(), options: { timeoutMs?: number } = {}): Promise<void> {
  // One invocation's subrequests: the review cards get what the poll left, those already decided first.
  const budget = new Budget();
  try {
    await pollFeeds(env, now, { ...options, budget });
  } catch (error) {
    logError("news.poll_failed", error, {});
  }
  try {
    await redrawReviewCards(env, budget);
  } catch (error) {
    logError("news.review_redraw_failed", error, {});
  }
  try {
    await postPendingReviews(env, now, budget);
  } catch (error) {
    logError("news.review_failed", error, {});
  }
}

/** For /health: how many feeds there are, the ones failing now, and the review cards still to go out. */
export async function newsHealth(env: Env): Promise<{
  feeds: number;
  failing: { id: string; failures: number; error: string | null; nextPoll: string }[];
  review: Awaited<ReturnType<typeof reviewHealth>>;
}> {
  const feeds = loadFeeds(env.NEWS_FEEDS);
  const states = await new NewsStore(env.DB).feedStates();
  const failing = feeds
    .map((feed) => ({ feed, state: states.get(feed.url) }))
    .filter(({ state }) => (state?.failures ?? 0) > 0)
    .map(({ feed, state }) => ({
      id: feed.id,
      failures: state?.failures ?? 0,
      error: state?.lastError ?? null,
      nextPoll: new Date(state?.nextPollAt ?? 0).toISOString(),
    }));
  return { feeds: feeds.length, failing, review: await reviewHealth(env) };
}
