// A feed whose dates name no zone, as some Korean CMSes write them: each is read at the feed's offset from
// UTC (its `utcOffset`, else where its language is written), not as UTC, which would put a Korean
// story nine hours late. The same offset dates the feed's stories.
import { env } from "cloudflare:workers";
import * as v from "valibot";
import { beforeEach, describe, expect, it } from "vitest";
import { FeedsSchema } from "../../src/news/feeds";
import { pollFeeds } from "../../src/news/poll";
import { toNewsItem } from "../../src/news/publish";
import { reviewCard } from "../../src/news/review";
import { NewsStore } from "../../src/news/store";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import type { MockFeeds } from "../helpers/mock-feeds";
import { pollWorld } from "../helpers/news";

const NOW = Date.parse("2026-11-11T00:00:00Z");

const rss = (title: string) => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>
  <item><title>${title}</title><link>https://news.feeds.test/1</link><pubDate>2026-11-10 20:00:00</pubDate></item>
</channel></rss>`;

let feeds: MockFeeds;

beforeEach(async () => {
  ({ feeds } = await pollWorld());
});

async function publishedAt(feed: object): Promise<number[]> {
  await pollFeeds({ ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify([feed]) }, NOW);
  return (await new NewsStore(env.DB).list()).map((c) => c.publishedAt);
}

describe("a feed's dates without a zone", () => {
  it("are read at Korea's offset in a Korean feed", async () => {
    feeds.serve("https://kr.feeds.test/rss", { body: rss("넷플릭스 &lt;중증외상센터&gt; 시즌2 제작 확정") });
    expect(await publishedAt({ id: "kr", url: "https://kr.feeds.test/rss", language: "ko", kind: "rss" })).toEqual([
      Date.parse("2026-11-10T11:00:00Z"),
    ]);
  });

  it("are read at the feed's own utcOffset when it gives one, and as UTC in an English feed without one", async () => {
    feeds.serve("https://en.feeds.test/rss", { body: rss("The Trauma Code season 2 confirmed") });
    const feed = { id: "en", url: "https://en.feeds.test/rss", language: "en", kind: "rss" };
    expect(await publishedAt({ ...feed, utcOffset: "+09:00" })).toEqual([Date.parse("2026-11-10T11:00:00Z")]);
    await env.DB.exec("DELETE FROM news_sources; DELETE FROM news_candidates; DELETE FROM feed_state");
    expect(await publishedAt(feed)).toEqual([Date.parse("2026-11-10T20:00:00Z")]);
  });

  it("read a day in digits in the order the feed's language writes it, and as no date where it says none", async () => {
    const body = rss("The Trauma Code musim 2 resmi").replace("2026-11-10 20:00:00", "10/11/2026 20:00");
    feeds.serve("https://id.feeds.test/rss", { body });
    // An Indonesian feed writes the day first: 20:00 on 10 November in WIB.
    expect(await publishedAt({ id: "id", url: "https://id.feeds.test/rss", language: "id", kind: "rss" })).toEqual([
      Date.parse("2026-11-10T13:00:00Z"),
    ]);
    await env.DB.exec("DELETE FROM news_sources; DELETE FROM news_candidates; DELETE FROM feed_state");
    // An English one may write either first: the entry counts as found when polled.
    expect(await publishedAt({ id: "en", url: "https://id.feeds.test/rss", language: "en", kind: "rss" })).toEqual([NOW]);
  });

  it("refuses an offset that is not one", () => {
    const feed = { id: "x", url: "https://x.test/rss", language: "en", kind: "rss" };
    for (const utcOffset of ["+9", "+09:00:00", "KST", "+24:00", "09:00"])
      expect(v.safeParse(FeedsSchema, [{ ...feed, utcOffset }]).success).toBe(false);
    expect(v.safeParse(FeedsSchema, [{ ...feed, utcOffset: "-03:30" }]).success).toBe(true);
  });
});

describe("a feed's utcOffset", () => {
  it("dates its stories: a Manila outlet's English story of 07:00 is of that day when published and on the review card", async () => {
    // 07:00 in Manila on 11 November is 23:00 UTC on the 10th, as the feed writes it; English is UTC's market.
    const body = rss("The Trauma Code season 2 confirmed").replace("2026-11-10 20:00:00", "Tue, 10 Nov 2026 23:00:00 GMT");
    feeds.serve("https://ph.feeds.test/rss", { body });
    await publishedAt({ id: "ph", url: "https://ph.feeds.test/rss", language: "en", kind: "rss", utcOffset: "+08:00" });
    const store = new NewsStore(env.DB);
    const [found] = await store.list();
    if (!found) throw new Error("no candidate found");
    const sources = await store.sources(found.id);
    expect(toNewsItem(found, "report", sources).date).toBe("2026-11-11");
    const card = JSON.stringify(reviewCard(found, sources));
    expect(card).toContain('"name":"Date","value":"2026-11-11"');
    expect(card).toContain("(English, 2026-11-11)");
    expect(card).not.toContain("2026-11-10");
  });
});
