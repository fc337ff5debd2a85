// More feeds due than one tick polls (FEEDS_PER_TICK): the ones waiting longest go first, so a feed far
// down the list is polled too, however often the ones above it fall due.
import { beforeEach, describe, expect, it } from "vitest";
import { NEWS_CRON } from "../../src/jobs";
import { FEEDS_PER_TICK, pollFeeds } from "../../src/news/poll";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import type { MockFeeds } from "../helpers/mock-feeds";
import { pollWorld } from "../helpers/news";
import rss from "./fixtures/rss.xml?raw";

let feeds: MockFeeds;

beforeEach(async () => {
  ({ feeds } = await pollWorld());
});

describe("more feeds due than a tick polls", () => {
  it("polls every feed within a few rounds of the list, the last ones included", async () => {
    // The ticks below come as the news round's trigger fires them: every two minutes.
    expect(NEWS_CRON).toBe("*/2 * * * *");
    // Five times what one tick polls, each due every five minutes: more than the ticks can keep up with.
    const list = Array.from({ length: FEEDS_PER_TICK * 5 }, (_, i) => ({
      id: `f${i}`,
      url: `https://h${i}.feeds.test/rss`,
      language: "en",
      kind: "rss",
      everyMinutes: 5,
    }));
    for (const f of list) feeds.serve(f.url, { body: rss, etag: '"same"' });
    const testEnv = { ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify(list) };
    const start = Date.now();
    // Twice the ticks it takes to poll the whole list once.
    for (let tick = 0; tick < 2 * (list.length / FEEDS_PER_TICK); tick++) await pollFeeds(testEnv, start + tick * 2 * 60_000);
    expect(list.filter((f) => feeds.to(f.url).length === 0).map((f) => f.id)).toEqual([]);
  });
});
