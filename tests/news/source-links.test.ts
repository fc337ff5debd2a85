// A story is known by its normalized link (https, no www., no port), but that form may lead nowhere: an
// outlet served over http only, a site whose name without www. has no address, one on another port.
// The link a reader follows, on the review cards and in the published item, is the outlet's own.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { pollFeeds } from "../../src/news/poll";
import { applyReview } from "../../src/news/review";
import { postPendingReviews } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { publishedNews } from "../../src/topics/renewal";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";
import type { MockFeeds } from "../helpers/mock-feeds";
import { pollWorld, textsOf } from "../helpers/news";

const NOW = Date.parse("2026-11-11T00:00:00Z");
const FEED = { id: "wire", url: "https://wire.feeds.test/rss", language: "en", kind: "rss" };
const REVIEW_CHANNEL = "900000000000000001";
const REVIEW_SLACK = "C0REVIEW";

/** As the outlets give them: http only, www. needed, another port; and a tracking parameter. */
const KOREAN_DESK = "http://www.news.example.kr:8080/view?id=1";
const OTHER_DESK = "http://drama-desk.example/trauma-code/season-2-casting/";

const rss = (...items: [title: string, link: string][]) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>${items
    .map(
      ([title, link]) =>
        `<item><title>${title}</title><link>${link.replaceAll("&", "&amp;")}</link><pubDate>Tue, 10 Nov 2026 09:00:00 GMT</pubDate></item>`,
    )
    .join("")}</channel></rss>`;

let apis: MockApis;
let feeds: MockFeeds;

beforeEach(async () => {
  ({ apis, feeds } = await pollWorld());
  await env.DB.prepare("DELETE FROM news WHERE id LIKE 'found-%'").run();
});

describe("an outlet's link", () => {
  it("is what the review cards and the published item link to, while the story is still known by its normalized link", async () => {
    const testEnv = alertEnv(recordingQueue(), {
      NEWS_FEEDS: JSON.stringify([FEED]),
      REVIEW_DISCORD_CHANNEL_ID: REVIEW_CHANNEL,
      REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK,
    });
    apis.joined.add(REVIEW_SLACK);
    feeds.serve(FEED.url, {
      body: rss(
        ["The Trauma Code season 2 casting confirmed", `${KOREAN_DESK}&utm_source=rss`],
        ["The Trauma Code season 2 casting confirmed by Netflix", OTHER_DESK],
      ),
    });
    await pollFeeds(testEnv, NOW);
    const store = new NewsStore(env.DB);
    const [story, ...others] = await store.list();
    expect(others).toEqual([]);
    // Known, and told apart, by the normalized link.
    expect(story?.url).toBe("https://news.example.kr/view?id=1");
    const id = story?.id ?? "";
    expect((await store.sources(id)).map((s) => s.url)).toEqual([
      "https://drama-desk.example/trauma-code/season-2-casting",
      "https://news.example.kr/view?id=1",
    ]);

    await postPendingReviews(testEnv, NOW);
    for (const [platform, [card]] of [
      ["discord", apis.discordIn(REVIEW_CHANNEL)],
      ["slack", apis.slackIn(REVIEW_SLACK)],
    ] as const) {
      const text = textsOf(card?.body);
      for (const link of [KOREAN_DESK, OTHER_DESK]) expect(text, platform).toContain(link);
      expect(text, platform).not.toContain("https://news.example.kr");
      expect(text, platform).not.toContain("utm_source");
    }

    expect((await applyReview(testEnv, "report", id, "cli", { now: NOW })).ok).toBe(true);
    const item = (await publishedNews(env)).find((n) => n.id === `found-${id}`);
    expect(item?.url).toBe(KOREAN_DESK);
    expect(item?.sources).toEqual([KOREAN_DESK, OTHER_DESK]);

    // The same page, linked as another feed writes it, is the same story: no new candidate, no new source;
    // another outlet's page of it is one more source.
    feeds.serve(FEED.url, {
      body: rss(
        ["The Trauma Code season 2 casting is confirmed", "https://news.example.kr/view?id=1"],
        ["The Trauma Code season 2 casting is confirmed", "https://third-desk.example/season-2-casting"],
      ),
    });
    await pollFeeds(testEnv, NOW + 60 * 60_000);
    expect((await store.list()).map((c) => c.id)).toEqual([id]);
    expect((await store.sources(id)).map((s) => s.url)).toEqual([
      "https://drama-desk.example/trauma-code/season-2-casting",
      "https://news.example.kr/view?id=1",
      "https://third-desk.example/season-2-casting",
    ]);
  });
});
