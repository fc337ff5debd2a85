// The feeds' poll runs out of the budget it was given, or loses D1, mid-poll. It gives the news round back,
// so the review posts and the next tick's poll are not kept out of it for ROUND_LEASE_MS, and its feeds,
// so the next tick polls them.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { Budget } from "../../src/delivery/budget";
import { pollFeeds } from "../../src/news/poll";
import { postPendingReviews } from "../../src/news/review-post";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import { failingOnce } from "../helpers/hold";
import type { MockApis } from "../helpers/mock-api";
import type { MockFeeds } from "../helpers/mock-feeds";
import { addConfirmedCandidate, pollWorld } from "../helpers/news";
import rss from "./fixtures/rss.xml?raw";

const REVIEW_SLACK = "C0REVIEW";

let apis: MockApis;
let feeds: MockFeeds;

beforeEach(async () => {
  ({ apis, feeds } = await pollWorld());
});

function twoFeeds() {
  const list = [0, 1].map((i) => ({ id: `f${i}`, url: `https://h${i}.feeds.test/rss`, language: "en", kind: "rss" }));
  for (const [i, f] of list.entries()) feeds.serve(f.url, { body: rss.replaceAll("drama-wire.example", `outlet-${i}.example`) });
  return JSON.stringify(list);
}

/**
 * A card waits for review; a poll of two feeds runs out of its budget once it has leased them (what it
 * sets aside to give them back 2, feed states 1 and the lease 3 statements fit; no request does).
 */
async function pollThatRunsOut() {
  const testEnv = { ...alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK }), NEWS_FEEDS: twoFeeds() };
  apis.joined.add(REVIEW_SLACK);
  const now = Date.now();
  await addConfirmedCandidate("c1", now - 1000);
  await pollFeeds(testEnv, now, { budget: new Budget(6) }).catch(() => {});
  return { testEnv, now };
}

describe("a poll that runs out of its budget mid-poll", () => {
  it("gives the news round back, so the review posts can take it", async () => {
    await pollThatRunsOut();
    const held = await env.DB.prepare("SELECT COUNT(*) AS n FROM news_round").first<{ n: number }>();
    expect(held?.n, "news rounds still held after the poll failed").toBe(0);
  });

  it("does not keep the next tick's review posts out (two minutes later)", async () => {
    const { testEnv, now } = await pollThatRunsOut();
    // The next tick (NEWS_CRON: every other minute) posts the waiting card.
    const posted = await postPendingReviews(testEnv, now + 2 * 60_000);
    expect(posted, "review cards posted by the next tick").toBe(1);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(1);
  });
});

describe("a poll whose D1 connection is lost mid-poll", () => {
  it("gives its feeds back, so the next tick (two minutes later) polls them", async () => {
    const testEnv = { ...alertEnv(recordingQueue()), NEWS_FEEDS: twoFeeds() };
    const now = Date.now();
    // Both feeds read, the links they found are looked up: the connection is lost.
    const lost = failingOnce(env.DB, "FROM news_sources WHERE url IN");
    await expect(pollFeeds({ ...testEnv, DB: lost.db }, now)).rejects.toThrow("Network connection lost");
    expect(lost.failed()).toBe(true);
    expect(feeds.requests).toHaveLength(2);

    const next = await pollFeeds(testEnv, now + 2 * 60_000);
    expect(next.polled, "feeds polled by the next tick").toBe(2);
    expect(feeds.requests.slice(2).map((r) => r.url)).toEqual(feeds.requests.slice(0, 2).map((r) => r.url));
  });
});
