// The feeds' poll runs out of the budget it was given, mid-poll. It gives the news round back, so the
// review posts and the next tick's poll are not kept out of it for ROUND_LEASE_MS.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { Budget } from "../../src/delivery/budget";
import { pollFeeds } from "../../src/news/poll";
import { postPendingReviews } from "../../src/news/review-post";
import { alertEnv, recordingQueue } from "../helpers/alerts";
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
 * A card waits for review; a poll of two feeds runs out of its budget after the first feed's request
 * (feed states 1 and the lease 3 statements fit, and one request; the second feed's does not).
 */
async function pollThatRunsOut() {
  const testEnv = { ...alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK }), NEWS_FEEDS: twoFeeds() };
  apis.joined.add(REVIEW_SLACK);
  const now = Date.now();
  await addConfirmedCandidate("c1", now - 1000);
  await pollFeeds(testEnv, now, { budget: new Budget(5) }).catch(() => {});
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
