// A feed that redirects to another host: still one request per host at a time, the host a redirect leads
// to included, and the feed's deadline holds across its redirects.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { pollFeeds } from "../../src/news/poll";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { MockFeeds } from "../helpers/mock-feeds";
import rss from "./fixtures/rss.xml?raw";

let feeds: MockFeeds;

beforeEach(async () => {
  await env.DB.batch(
    ["news_sources", "news_candidates", "news_round", "feed_state"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
  await seedContent();
  feeds = new MockFeeds().install(new MockApis());
});

describe("a feed that redirects to another feed's host", () => {
  it("still asks that host for one feed at a time", async () => {
    // An outlet moved its feed to the same CDN host that another configured feed is on (a feedburner-like host).
    const moved = { id: "moved", url: "https://old.feeds.test/rss", language: "en", kind: "rss" };
    const onCdn = { id: "cdn", url: "https://cdn.feeds.test/other.xml", language: "en", kind: "rss" };
    feeds.serve(moved.url, { body: "", redirectTo: "https://cdn.feeds.test/moved.xml" });
    feeds.serve("https://cdn.feeds.test/moved.xml", { body: rss, delayMs: 150 });
    feeds.serve(onCdn.url, { body: rss.replaceAll("drama-wire.example", "outlet-2.example"), delayMs: 150 });
    const testEnv = { ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify([moved, onCdn]) };
    const result = await pollFeeds(testEnv as typeof env, Date.now(), { timeoutMs: 2_000 });
    expect(result.polled).toBe(2);
    expect(feeds.to("https://cdn.feeds.test/moved.xml")).toHaveLength(1);
    expect(feeds.to(onCdn.url)).toHaveLength(1);
    expect(feeds.maxInFlightPerHost, "requests in flight at once to cdn.feeds.test").toBe(1);
  });

  it("two feeds on different hosts that both redirect to one host do not ask it twice at once", async () => {
    const a = { id: "a", url: "https://a.feeds.test/rss", language: "en", kind: "rss" };
    const b = { id: "b", url: "https://b.feeds.test/rss", language: "en", kind: "rss" };
    feeds.serve(a.url, { body: "", redirectTo: "https://hub.feeds.test/a.xml", redirectStatus: 308 });
    feeds.serve(b.url, { body: "", redirectTo: "https://hub.feeds.test/b.xml", redirectStatus: 308 });
    feeds.serve("https://hub.feeds.test/a.xml", { body: rss, delayMs: 150 });
    feeds.serve("https://hub.feeds.test/b.xml", { body: rss.replaceAll("drama-wire.example", "outlet-2.example"), delayMs: 150 });
    const testEnv = { ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify([a, b]) };
    expect((await pollFeeds(testEnv as typeof env, Date.now(), { timeoutMs: 2_000 })).polled).toBe(2);
    expect(feeds.maxInFlightPerHost, "requests in flight at once to hub.feeds.test").toBe(1);
  });

  it("keeps the feed's deadline across its redirects", async () => {
    const slow = { id: "slow", url: "https://slow.feeds.test/1", language: "en", kind: "rss" };
    feeds.serve(slow.url, { body: "", redirectTo: "/2", delayMs: 300 });
    feeds.serve("https://slow.feeds.test/2", { body: "", redirectTo: "/3", delayMs: 300 });
    feeds.serve("https://slow.feeds.test/3", { body: rss, delayMs: 300 });
    const testEnv = { ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify([slow]) };
    const started = Date.now();
    await pollFeeds(testEnv as typeof env, Date.now(), { timeoutMs: 500 });
    expect(Date.now() - started, "ms the poll took, for a deadline of 500").toBeLessThan(800);
    const { results } = await env.DB.prepare("SELECT failures FROM feed_state WHERE url = ?")
      .bind(slow.url)
      .all<{ failures: number }>();
    expect(results[0]?.failures).toBe(1);
  });
});
