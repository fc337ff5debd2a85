// A feed too long to read within one invocation (a WordPress feed with every post's full text): the
// Free plan kills the invocation past its 10 ms of CPU while it parses the feed, and nothing after that is
// written. workerd enforces no CPU limit here, so the kill is played: once the tick has asked for that
// feed, every D1 query of the invocation fails. The feed backs off like any failing one, and /health
// names it; the other feeds and the review cards go on.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { type Feed, feedEvery } from "../../src/news/feeds";
import { backoffMs, newsHealth, newsTick, pollFeeds, UNFINISHED_POLL } from "../../src/news/poll";
import { NewsStore, ROUND_LEASE_MS } from "../../src/news/store";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import { beforeEachQuery } from "../helpers/hold";
import type { MockApis } from "../helpers/mock-api";
import type { MockFeeds } from "../helpers/mock-feeds";
import { addConfirmedCandidate, pollWorld } from "../helpers/news";
import rss from "./fixtures/rss.xml?raw";

const REVIEW_SLACK = "C0REVIEW";
const TICK_MS = 2 * 60_000;

let apis: MockApis;
let feeds: MockFeeds;

beforeEach(async () => {
  ({ apis, feeds } = await pollWorld());
});

/** The heavy feed first in the list (all are due alike at first), then two ordinary ones. */
const LIST: Feed[] = ["heavy", "wire-1", "wire-2"].map((id) => ({
  id,
  url: `https://${id}.feeds.test/rss`,
  language: "en",
  kind: "rss",
}));
const [HEAVY_FEED, FAILING] = LIST as [Feed, Feed, Feed];
const HEAVY = HEAVY_FEED.url;

function serveAll() {
  for (const f of LIST) feeds.serve(f.url, { body: rss.replaceAll("drama-wire.example", `${f.id}.example`) });
}

/** D1 as an invocation sees it that is killed while it reads the heavy feed: nothing after that is written. */
function killedByHeavy(db: D1Database): D1Database {
  const before = feeds.requests.length;
  return beforeEachQuery(db, () => {
    if (feeds.requests.slice(before).some((r) => r.url === HEAVY)) throw new Error("exceeded CPU time limit");
  });
}

const testEnv = (list: readonly Feed[] = LIST) =>
  alertEnv(recordingQueue(), { NEWS_FEEDS: JSON.stringify(list), REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK });

describe("a feed whose poll kills its invocation", () => {
  it("backs off on its own, shown in /health; the other feeds are polled and the review cards go out", async () => {
    serveAll();
    apis.joined.add(REVIEW_SLACK);
    const start = Date.now();
    await addConfirmedCandidate("c1", start - 1000);
    const base = testEnv();

    // Every other minute for 40 minutes, each tick in an invocation killed should it read the heavy feed.
    const heavyAt: number[] = [];
    const othersAt: number[] = [];
    for (let t = 0; t <= 40 * 60_000; t += TICK_MS) {
      const asked = feeds.requests.length;
      await newsTick({ ...base, DB: killedByHeavy(env.DB) }, start + t);
      // What the tick asked for after the heavy feed, a killed invocation never asked for.
      for (const r of feeds.requests.slice(asked)) {
        (r.url === HEAVY ? heavyAt : othersAt).push(t / 60_000);
        if (r.url === HEAVY) break;
      }
    }

    // Killed at 0 and when due again (its interval × 2), after which it waits twice as long.
    expect(heavyAt).toEqual([0, 30]);
    // The round it held kept no tick out past its hold: the others are polled by the first tick after it,
    // and then each time they are due (the first tick after 15 minutes).
    const firstFree = Math.ceil(ROUND_LEASE_MS / TICK_MS) * 2;
    expect(othersAt.slice(0, 2)).toEqual([firstFree, firstFree]);
    expect(othersAt.length, "polls of the other two feeds").toBeGreaterThanOrEqual(6);
    // The card waiting from the start, and those of the stories the other feeds found.
    expect((await new NewsStore(env.DB).candidate("c1"))?.reviewPostedMask, "the waiting card posted").toBe(2);
    expect(await new NewsStore(env.DB).unposted(2, 10, start + 40 * 60_000), "cards still to post").toEqual([]);

    const health = await newsHealth(base);
    expect(health.failing).toEqual([
      {
        id: "heavy",
        failures: 2,
        error: UNFINISHED_POLL,
        nextPoll: new Date(start + 30 * 60_000 + backoffMs(HEAVY_FEED, 2)).toISOString(),
      },
    ]);
    expect(backoffMs(HEAVY_FEED, 2)).toBe(4 * feedEvery(HEAVY_FEED));
  });

  it("a poll that ends writes its own outcome over the unfinished one: a success, or one failure counted once", async () => {
    serveAll();
    feeds.serve(FAILING.url, { status: 500, body: "oops" });
    const now = Date.now();
    await pollFeeds(testEnv(), now);
    const states = await new NewsStore(env.DB).feedStates();
    expect(states.get(HEAVY)).toMatchObject({ failures: 0, lastError: null, nextPollAt: now + feedEvery(HEAVY_FEED) });
    // The failing feed is not the first: the lease left it as it was.
    expect(states.get(FAILING.url)).toMatchObject({ failures: 1, lastError: "HTTP 500" });

    // Polled first (alone in the list): leased as unfinished, then failed; counted once.
    const later = now + backoffMs(FAILING, 1);
    await pollFeeds(testEnv([FAILING]), later);
    const after = await new NewsStore(env.DB).feedStates();
    expect(after.get(FAILING.url)).toMatchObject({
      failures: 2,
      lastError: "HTTP 500",
      nextPollAt: later + backoffMs(FAILING, 2),
    });
  });
});
