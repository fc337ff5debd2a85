// A feed host that answers 429 or 503 with Retry-After: the feed waits as long as the host asks, but
// never longer than a failing feed's longest backoff, whatever the header says.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { feedEvery } from "../../src/news/feeds";
import { MAX_BACKOFF_MS, pollFeeds } from "../../src/news/poll";
import { NewsStore } from "../../src/news/store";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import type { MockFeeds } from "../helpers/mock-feeds";
import { pollWorld } from "../helpers/news";

const FEED = { id: "busy", url: "https://busy.feeds.test/rss", language: "en", kind: "rss" } as const;
const HOUR = 60 * 60_000;

let feeds: MockFeeds;

beforeEach(async () => {
  ({ feeds } = await pollWorld());
});

async function nextPollAfter(status: number, retryAfter: string, now: number): Promise<number> {
  feeds.serve(FEED.url, { body: "", status, headers: { "retry-after": retryAfter } });
  await pollFeeds({ ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify([FEED]) }, now);
  const state = (await new NewsStore(env.DB).feedStates()).get(FEED.url);
  expect(state?.lastError).toBe(`HTTP ${status}`);
  return (state?.nextPollAt ?? 0) - now;
}

describe("a feed answered with Retry-After", () => {
  it("waits as long as the host asks, when that is longer than its backoff", async () => {
    expect(await nextPollAfter(429, String(3 * 3600), Date.now())).toBe(3 * HOUR);
  });

  it.each([
    ["seconds", String(365 * 24 * 3600)],
    ["an HTTP date", "Fri, 01 Jan 2100 00:00:00 GMT"],
  ])("is polled again within the longest backoff when the host asks for years, in %s", async (_how, value) => {
    const wait = await nextPollAfter(503, value, Date.now());
    expect(wait).toBeGreaterThanOrEqual(feedEvery(FEED));
    expect(wait).toBeLessThanOrEqual(MAX_BACKOFF_MS);
  });
});
