// News rounds that overlap: a cron tick whose feeds are slow is still polling when the next one starts,
// and D1 can answer slowly. One story found in several feeds must stay one candidate, and nothing a
// round found may be lost. The randomized run (fast-check; a failure prints its seed, replay it with
// FC_SEED=<seed> npm test) starts rounds over each other with feeds and D1 reads that lag at random.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { feedEvery } from "../../src/news/feeds";
import { pollFeeds } from "../../src/news/poll";
import { ROUND_LEASE_MS } from "../../src/news/store";
import { alertEnv, recordingQueue, sleep } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { movableClock } from "../helpers/hold";
import { MockApis } from "../helpers/mock-api";
import { MockFeeds, type Served } from "../helpers/mock-feeds";
import atom from "./fixtures/atom.xml?raw";
import rss from "./fixtures/rss.xml?raw";
import search from "./fixtures/search.xml?raw";

const RUNS = 12;
const params = { numRuns: RUNS, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };
const TIMEOUT_MS = 2_000;

/** Three feeds that all carry the casting story, each under its own link; the first also a second story. */
const FEEDS = [
  {
    feed: { id: "wire", url: "https://a.feeds.test/rss", language: "en", kind: "rss" },
    good: { body: rss } as Served,
    casting: "https://drama-wire.example/news/trauma-code-season-2-casting",
  },
  {
    feed: { id: "ko-news", url: "https://b.feeds.test/atom.xml", language: "ko", kind: "atom" },
    good: { body: atom, contentType: "application/atom+xml" } as Served,
    casting: "https://news-ko.example/article/123",
  },
  {
    feed: { id: "search-id", url: "https://c.feeds.test/search", language: "id", kind: "search" },
    good: { body: search } as Served,
    casting: "https://kabar-contoh.example/hiburan/trauma-code-musim-2",
  },
] as const;
const EVERY = feedEvery(FEEDS[0].feed);
const OTHER_STORY = "https://drama-wire.example/news/netflix-trauma-code-not-confirmed";

const newsEnv = (db: D1Database = env.DB) =>
  ({ ...alertEnv(recordingQueue(), { NEWS_FEEDS: JSON.stringify(FEEDS.map((f) => f.feed)) }), DB: db }) as typeof env;

/** D1 whose reads of recent candidates (what a round groups against) answer `ms` late, as a busy D1 can. */
function lagging(db: D1Database, ms: number): D1Database {
  const slow = (statement: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key === "bind") return (...args: unknown[]) => slow(value.apply(target, args), sql);
        if (key === "all" && sql.includes("FROM news_candidates WHERE published_at"))
          return async (...args: unknown[]) => {
            const result = await value.apply(target, args);
            await sleep(ms);
            return result;
          };
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === "prepare") return (sql: string) => slow(target.prepare(sql), sql);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Feeds next polled at these times (ms), as earlier rounds left them. */
async function dueAt(times: readonly number[]) {
  await env.DB.batch(
    FEEDS.map((f, i) =>
      env.DB.prepare("INSERT INTO feed_state (url, next_poll_at) VALUES (?, ?)").bind(f.feed.url, times[i] ?? 0),
    ),
  );
}

/** Candidate id of each source link. */
async function candidateOf(): Promise<Map<string, string>> {
  const { results } = await env.DB.prepare("SELECT url, candidate_id FROM news_sources").all<{
    url: string;
    candidate_id: string;
  }>();
  return new Map(results.map((r) => [r.url, r.candidate_id]));
}

/** One story, one candidate: every casting link under the same candidate, the other story apart. */
async function expectOneCandidatePerStory() {
  const of = await candidateOf();
  const casting = new Set(FEEDS.map((f) => of.get(f.casting)));
  expect(casting.size).toBe(1);
  expect(casting.has(undefined)).toBe(false);
  expect(of.get(OTHER_STORY)).toBeDefined();
  expect(of.get(OTHER_STORY)).not.toBe(of.get(FEEDS[0].casting));
  const { results } = await env.DB.prepare("SELECT id FROM news_candidates").all<{ id: string }>();
  expect(new Set(results.map((r) => r.id))).toEqual(new Set(of.values()));
}

let feeds: MockFeeds;
const clock = movableClock();

beforeEach(async () => {
  await env.DB.batch(
    ["news_sources", "news_candidates", "feed_state", "news_round"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
  await seedContent();
  feeds = new MockFeeds().install(new MockApis());
  for (const f of FEEDS) feeds.serve(f.feed.url, f.good);
});

describe("overlapping news rounds", () => {
  it("a round that starts while another is still polling leases no feed; the story stays one candidate", async () => {
    const now = Date.now();
    // The first round polls the wire and the Korean feed; the Indonesian one is due a minute later.
    await dueAt([0, 0, now + 60_000]);
    feeds.serve(FEEDS[1].feed.url, { ...FEEDS[1].good, delayMs: 400 });
    const first = pollFeeds(newsEnv(), now, { timeoutMs: TIMEOUT_MS });
    await sleep(100);
    const second = await pollFeeds(newsEnv(), now + 2 * 60_000, { timeoutMs: TIMEOUT_MS });
    expect(second.polled).toBe(0);
    expect(feeds.to(FEEDS[2].feed.url)).toHaveLength(0);
    expect((await first).polled).toBe(2);

    // The next round polls the Indonesian feed and groups its link with the first round's candidate.
    const third = await pollFeeds(newsEnv(), now + 4 * 60_000, { timeoutMs: TIMEOUT_MS });
    expect(third.polled).toBe(1);
    expect(third.candidates).toBe(0);
    await expectOneCandidatePerStory();
  });

  it("a round that outlived its hold writes nothing: the round that took over keeps what it recorded", async () => {
    const now = Date.now();
    await dueAt([0, now + 60_000, now + 60_000]);
    feeds.serve(FEEDS[0].feed.url, { ...FEEDS[0].good, delayMs: 400 });
    const stale = pollFeeds(newsEnv(), now, { timeoutMs: TIMEOUT_MS });
    await sleep(100);
    // Past the first round's hold: this one takes over, polls the feeds due and ends while the first is
    // still waiting for the wire. The wire's poll counts as one that did not finish (as its lease wrote
    // it): it waits its interval × 2.
    feeds.serve(FEEDS[0].feed.url, FEEDS[0].good);
    const later = now + ROUND_LEASE_MS + 60_000;
    expect((await pollFeeds(newsEnv(), later, { timeoutMs: TIMEOUT_MS })).polled).toBe(2);
    expect((await stale).candidates).toBe(0);

    const wire = () =>
      env.DB.prepare("SELECT last_polled_at, next_poll_at, failures FROM feed_state WHERE url = ?")
        .bind(FEEDS[0].feed.url)
        .first<{ last_polled_at: number; next_poll_at: number; failures: number }>();
    expect(await wire()).toEqual({ last_polled_at: now, next_poll_at: now + 2 * EVERY, failures: 1 });
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM news_round").first("n")).toBe(0);
    // Polled once due (with the others, due again), its story joins the candidate the other round recorded.
    const due = now + 2 * EVERY;
    expect((await pollFeeds(newsEnv(), due, { timeoutMs: TIMEOUT_MS })).polled).toBe(FEEDS.length);
    expect(await wire()).toEqual({ last_polled_at: due, next_poll_at: due + EVERY, failures: 0 });
    await expectOneCandidatePerStory();
  });

  it("a round that outlived its hold writes nothing even when no other round took over", async () => {
    const now = Date.now();
    await dueAt([0, now + 60_000, now + 60_000]);
    feeds.serve(FEEDS[0].feed.url, { ...FEEDS[0].good, delayMs: 300 });
    const slow = pollFeeds(newsEnv(), now, { timeoutMs: TIMEOUT_MS });
    await sleep(100);
    // The poll takes longer than the hold (the clock moves past it while the wire answers).
    clock.shift = ROUND_LEASE_MS + 60_000;
    expect((await slow).candidates).toBe(0);
    const wire = () =>
      env.DB.prepare("SELECT last_polled_at FROM feed_state WHERE url = ?").bind(FEEDS[0].feed.url).first("last_polled_at");
    // Only what its lease wrote: a poll that did not finish.
    expect(await wire()).toBe(now);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM news_candidates").first("n")).toBe(0);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM news_round").first("n")).toBe(0);

    // The two that came due meanwhile are polled by the next round, the wire once its backoff is over
    // (its interval × 2), and nothing is lost.
    feeds.serve(FEEDS[0].feed.url, FEEDS[0].good);
    const next = now + ROUND_LEASE_MS + 2 * 60_000;
    expect((await pollFeeds(newsEnv(), next, { timeoutMs: TIMEOUT_MS })).polled).toBe(FEEDS.length - 1);
    const due = now + 2 * EVERY;
    expect((await pollFeeds(newsEnv(), due, { timeoutMs: TIMEOUT_MS })).polled).toBe(FEEDS.length);
    expect(await wire()).toBe(due);
    await expectOneCandidatePerStory();
  });

  it("random overlaps, slow feeds and slow D1 never split a story or lose a link", async () => {
    const round = fc.record({
      startMs: fc.integer({ min: 0, max: 150 }),
      minutes: fc.integer({ min: 1, max: 8 }),
      d1LagMs: fc.constantFrom(0, 0, 50, 150),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(...FEEDS.map(() => fc.integer({ min: 0, max: 3 }))),
        fc.tuple(...FEEDS.map(() => fc.constantFrom(0, 0, 100, 250))),
        fc.array(round, { minLength: 2, maxLength: 4 }),
        async (dueRound, feedDelays, rounds) => {
          await env.DB.batch(
            ["news_sources", "news_candidates", "feed_state", "news_round"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
          );
          const base = Date.now();
          // Each round's time; a feed first comes due at the round it is given.
          const times: number[] = [];
          for (const r of rounds) times.push((times.at(-1) ?? base) + r.minutes * 60_000);
          await dueAt(FEEDS.map((_, i) => times[Math.min(dueRound[i] ?? 0, times.length - 1)] as number));
          FEEDS.forEach((f, i) => {
            feeds.serve(f.feed.url, { ...f.good, delayMs: feedDelays[i] });
          });

          // The rounds start over each other, each against a D1 that may lag.
          await Promise.all(
            rounds.map(async (r, i) => {
              await sleep(r.startMs);
              await pollFeeds(newsEnv(lagging(env.DB, r.d1LagMs)), times[i] as number, { timeoutMs: TIMEOUT_MS });
            }),
          );

          // Quiet rounds afterwards, each past every feed's schedule: every link ends up a source once.
          for (const f of FEEDS) feeds.serve(f.feed.url, f.good);
          const after = (times.at(-1) as number) + ROUND_LEASE_MS;
          for (let i = 1; i <= 3; i++) await pollFeeds(newsEnv(), after + i * (EVERY + 60_000), { timeoutMs: TIMEOUT_MS });
          await expectOneCandidatePerStory();
        },
      ),
      params,
    );
  }, 120_000);
});
