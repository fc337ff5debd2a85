// A story published by hand (data/news.json, through `npm run seed`) is no candidate when a feed later
// brings one of its links: it was decided already, and a review card for it would invite publishing it
// a second time, under another id, to every subscribed channel.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { NewsItem } from "../../src/content/schema";
import { LOCALES, type Localized } from "../../src/i18n/locale";
import { normalizeUrl } from "../../src/news/group";
import { pollFeeds } from "../../src/news/poll";
import { newsIdOf } from "../../src/news/publish";
import { applyReview } from "../../src/news/review";
import { NewsStore } from "../../src/news/store";
import { publishedNews, publishNews, withdrawNews } from "../../src/topics/renewal";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import { countingEnv } from "../helpers/counting-db";
import type { MockFeeds } from "../helpers/mock-feeds";
import { pollWorld } from "../helpers/news";

const NOW = Date.parse("2026-11-11T00:00:00Z");
const FEED = { id: "wire", url: "https://wire.feeds.test/rss", language: "en", kind: "rss" };

const everywhere = (text: string) => Object.fromEntries(LOCALES.map((l) => [l, text])) as Localized;

/** Published by hand, its links as an editor pasted them: `www.`, a tracking parameter. */
const HAND: NewsItem = {
  id: "hand-season-2-filming",
  date: "2026-11-10",
  label: "report",
  title: everywhere("The Trauma Code season 2 starts filming"),
  summary: everywhere("Filming of season 2 has begun."),
  url: "https://www.drama-desk.example/trauma-code-season-2-filming?utm_source=twitter",
  sources: [
    "https://www.drama-desk.example/trauma-code-season-2-filming?utm_source=twitter",
    "https://m.kdrama-wire.example/2026/11/season-2-filming",
  ],
};

const item = (title: string, link: string) =>
  `<item><title>${title}</title><link>${link}</link><pubDate>Tue, 10 Nov 2026 09:00:00 GMT</pubDate></item>`;

let feeds: MockFeeds;

beforeEach(async () => {
  ({ feeds } = await pollWorld());
  await env.DB.prepare("DELETE FROM news WHERE id = ?").bind(HAND.id).run();
  await publishNews(env, HAND, NOW - 86_400_000);
});

describe("a link of a story published by hand", () => {
  it("found in a feed opens no candidate, however the feed writes it; a link of another story does", async () => {
    feeds.serve(FEED.url, {
      body: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>
        ${item("The Trauma Code season 2 begins filming", "https://drama-desk.example/trauma-code-season-2-filming")}
        ${item("Filming begins on The Trauma Code season 2", "https://kdrama-wire.example/2026/11/season-2-filming?utm_medium=rss")}
        ${item("The Trauma Code season 3 confirmed by Netflix", "https://other-desk.example/season-3")}
      </channel></rss>`,
    });
    await pollFeeds({ ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify([FEED]) }, NOW);
    const found = await new NewsStore(env.DB).list();
    expect(found.map((c) => c.url)).toEqual(["https://other-desk.example/season-3"]);
  });

  it("found by a news search feed behind a link of its own (Google News) opens no candidate; another story does", async () => {
    // Google News links each article to a page of its own, whose token names no outlet's link.
    const google = (title: string, token: string) =>
      `<item><title>${title} - Drama Desk</title><link>https://news.google.com/rss/articles/${token}?oc=5</link><guid isPermaLink="false">${token}</guid><pubDate>Tue, 10 Nov 2026 09:00:00 GMT</pubDate><source url="https://www.drama-desk.example">Drama Desk</source></item>`;
    feeds.serve(FEED.url, {
      body: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>"Trauma Code" - Google News</title>
        ${google("The Trauma Code season 2 starts filming", "CBMiAAA")}
        ${google("The Trauma Code season 3 confirmed by Netflix", "CBMiBBB")}
      </channel></rss>`,
    });
    const search = { ...FEED, kind: "search" };
    await pollFeeds({ ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify([search]) }, NOW);
    const found = await new NewsStore(env.DB).list();
    expect(found.map((c) => c.title)).toEqual(["The Trauma Code season 3 confirmed by Netflix"]);
  });

  it("found without the parameter its AMP page's link back added (WordPress's ?noamp=mobile) opens no candidate", async () => {
    // As data/news.json cites an Indonesian outlet: the link a reader gets on leaving its AMP page.
    const amp: NewsItem = {
      ...HAND,
      id: "hand-author-on-season-2",
      url: "https://id-outlet.example/kreator-jawab-peluang-season-2/?noamp=mobile",
      sources: ["https://id-outlet.example/kreator-jawab-peluang-season-2/?noamp=mobile"],
    };
    await env.DB.prepare("DELETE FROM news WHERE id = ?").bind(amp.id).run();
    await publishNews(env, amp, NOW - 86_400_000);
    feeds.serve(FEED.url, {
      body: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>
        ${item("Kreator jawab peluang The Trauma Code season 2", "https://id-outlet.example/kreator-jawab-peluang-season-2/")}
      </channel></rss>`,
    });
    await pollFeeds({ ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify([FEED]) }, NOW);
    expect(await new NewsStore(env.DB).list()).toEqual([]);
  });

  it("is told apart in the same rows however many stories were published from the feeds, whose links are their candidates' sources", async () => {
    const reads: number[] = [];
    for (const found of [5, 200]) {
      // Items as publishing a found candidate names them.
      const prefix = newsIdOf({ id: "wire-" });
      await env.DB.prepare("DELETE FROM news WHERE id LIKE ?1 || '%'").bind(prefix).run();
      await env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO news (id, item, published_at)
         SELECT ?2 || i, json_object('url', 'https://wire.example/' || i, 'sources', json_array('https://wire.example/' || i)), 0 FROM n`,
      )
        .bind(found, prefix)
        .run();
      const { counter, db } = countingEnv(env);
      const hand = normalizeUrl(HAND.url);
      const { links: known } = await new NewsStore(db).known([hand, "https://other-desk.example/season-3"]);
      expect([...known]).toEqual([[hand, HAND.id]]);
      reads.push(counter.rowsRead);
    }
    expect(reads[1]).toBe(reads[0]);
  });
});

describe("a candidate open before the same story was published by hand", () => {
  it("is not published a second time under another id, and may be once the hand-published item is withdrawn", async () => {
    const store = new NewsStore(env.DB);
    await store.addFound(
      [
        {
          id: "c0ffee00aa",
          title: "The Trauma Code season 2 starts filming",
          language: "en",
          outlet: "Kdrama Wire",
          url: "https://kdrama-wire.example/2026/11/season-2-filming",
          publishedAt: NOW - 3_600_000,
          foundAt: NOW - 3_600_000,
          key: "#season2 #filming",
        },
      ],
      [],
    );
    const refused = await applyReview(env, "report", "c0ffee00aa", "cli", { now: NOW });
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain(HAND.id);
    expect((await store.candidate("c0ffee00aa"))?.state).toBe("new");
    expect((await publishedNews(env)).filter((n) => n.title.en === HAND.title.en).map((n) => n.id)).toEqual([HAND.id]);

    await withdrawNews(env, HAND.id, "published again from a feed", NOW);
    expect((await applyReview(env, "report", "c0ffee00aa", "cli", { now: NOW })).ok).toBe(true);
  });
});
