// A tick reads at most XML_PER_TICK of feed text, its CPU's proxy (the Free plan allows an invocation 10 ms,
// and one full page of a news search feed takes most of them): several due feeds with full pages are
// polled over several ticks, one page each, the longest waiting first. Nothing is lost, each feed's
// validators are saved with its items, and each story goes to review once.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { NEWS_CRON } from "../../src/jobs";
import { newsTick, XML_PER_TICK } from "../../src/news/poll";
import { NewsStore } from "../../src/news/store";
import { alertEnv, pacersAhead, recordingQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";
import { type MockFeeds, type SearchStory, searchPage } from "../helpers/mock-feeds";
import { pollWorld } from "../helpers/news";
import rss from "./fixtures/rss.xml?raw";

const REVIEW_CHANNEL = "900000000000000001";
const TICK_MS = 2 * 60_000;

let apis: MockApis;
let feeds: MockFeeds;

beforeEach(async () => {
  ({ apis, feeds } = await pollWorld());
});

/** The two renewal stories every search page lists, each at its own outlet's address. */
const stories = (n: number): SearchStory[] => [
  {
    title: "“The Trauma Code” Season 2 Confirms Casting & Filming Start In October",
    url: `https://outlet-${n}.example/casting`,
    outlet: `Outlet ${n}`,
    pubDate: "Tue, 10 Nov 2026 09:00:00 GMT",
  },
  {
    title: "Netflix: “The Trauma Code” season 2 not confirmed yet",
    url: `https://outlet-${n}.example/not-confirmed`,
    outlet: `Outlet ${n}`,
    pubDate: "Thu, 12 Nov 2026 09:00:00 GMT",
  },
];

const searchFeed = (n: number, host = "news.feeds.test") => ({
  id: `search-${n}`,
  url: `https://${host}/rss/search?q=trauma+code+${n}`,
  language: "en",
  kind: "search",
});

const newsEnv = (list: readonly object[]) =>
  alertEnv(recordingQueue(), { NEWS_FEEDS: JSON.stringify(list), REVIEW_DISCORD_CHANNEL_ID: REVIEW_CHANNEL });

/** Each candidate's sources' addresses, sorted. */
async function sourcesByStory() {
  const store = new NewsStore(env.DB);
  const all = await Promise.all((await store.list()).map(async (c) => (await store.sources(c.id)).map((s) => s.url).sort()));
  return all.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

describe("a tick's XML", () => {
  it("parses one full search page a tick; the other due feeds go in the next ticks, each once, nothing lost or reviewed twice", async () => {
    expect(NEWS_CRON).toBe("*/2 * * * *");
    const list = [1, 2, 3].map((n) => searchFeed(n));
    for (const [i, f] of list.entries()) feeds.serve(f.url, { body: searchPage(stories(i + 1)), etag: `"page-${i + 1}"` });
    expect(searchPage(stories(1)).length, "a full page is more than a tick reads").toBeGreaterThan(XML_PER_TICK);
    const testEnv = newsEnv(list);
    const start = Date.now();

    const asked: number[] = [];
    for (let tick = 0; tick < 4; tick++) {
      await newsTick(testEnv, start + tick * TICK_MS);
      asked.push(feeds.requests.length);
    }
    // One page a tick, in the list's order (all were due alike), and none again before it is due.
    expect(asked).toEqual([1, 2, 3, 3]);
    expect(feeds.requests.map((r) => r.url)).toEqual(list.map((f) => f.url));
    // Every page's stories, from every feed; the validators saved with them.
    expect(await sourcesByStory()).toEqual([
      [1, 2, 3].map((n) => `https://outlet-${n}.example/casting`),
      [1, 2, 3].map((n) => `https://outlet-${n}.example/not-confirmed`),
    ]);
    const states = await new NewsStore(env.DB).feedStates();
    expect(list.map((f) => states.get(f.url)?.etag)).toEqual(['"page-1"', '"page-2"', '"page-3"']);
    // Each story was posted for review once, though its later sources came in later ticks.
    expect(apis.discordIn(REVIEW_CHANNEL)).toHaveLength(2);

    // Due again, all three answer 304: nothing to parse, so one tick polls them all.
    await newsTick(testEnv, start + 10 * TICK_MS);
    expect(feeds.requests.slice(3).map((r) => r.status)).toEqual([304, 304, 304]);
    expect(apis.discordIn(REVIEW_CHANNEL)).toHaveLength(2);
  });

  it("goes on past short feeds and ends the tick after a full page; the feeds left go first in the next", async () => {
    // In the list's order: a short feed, a full page, a short feed, a full page (each on a host of its own).
    const list = [1, 2].flatMap((n) => [
      { id: `wire-${n}`, url: `https://wire-${n}.feeds.test/rss`, language: "en", kind: "rss" },
      searchFeed(n, `news-${n}.feeds.test`),
    ]);
    for (const [i, f] of list.entries()) {
      const n = Math.floor(i / 2) + 1;
      feeds.serve(f.url, {
        body: f.kind === "rss" ? rss.replaceAll("drama-wire.example", `wire-${n}.example`) : searchPage(stories(n)),
      });
    }
    const testEnv = newsEnv(list);
    const start = Date.now();

    await newsTick(testEnv, start);
    expect(feeds.requests.map((r) => r.url)).toEqual(list.slice(0, 2).map((f) => f.url));
    // The tick's two minutes pass for the platforms' limits too.
    await pacersAhead(TICK_MS);
    await newsTick(testEnv, start + TICK_MS);
    expect(feeds.requests.map((r) => r.url)).toEqual(list.map((f) => f.url));
    const states = await new NewsStore(env.DB).feedStates();
    expect(list.map((f) => states.get(f.url)?.failures)).toEqual([0, 0, 0, 0]);
  });
});
