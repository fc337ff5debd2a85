// The feed mock follows redirects as workerd's own fetch does: 300, 304, 305 and 306 with a Location are
// returned as they are, in follow mode too (the Fetch standard follows only 301, 302, 303, 307 and 308),
// `redirect: "error"` is refused with a TypeError before any request is made, and a request's signal
// ends a slow answer.
import { describe, expect, it } from "vitest";
import { MockApis } from "../helpers/mock-api";
import { MockFeeds } from "../helpers/mock-feeds";

describe("the feed mock's fetch, beside workerd's", () => {
  it.each([300, 304, 305, 306])("returns a %i with a Location as it is, redirect: follow", async (status) => {
    const feeds = new MockFeeds().install(new MockApis());
    feeds.serve("https://m.feeds.test/a", { body: "", redirectTo: "/target", redirectStatus: status });
    feeds.serve("https://m.feeds.test/target", { body: "<rss/>" });
    const response = await fetch("https://m.feeds.test/a", { redirect: "follow" });
    expect(response.status).toBe(status);
    expect(feeds.requests.map((r) => r.url)).toEqual(["https://m.feeds.test/a"]);
  });

  it("refuses redirect: error before asking the host, as workerd does", async () => {
    const feeds = new MockFeeds().install(new MockApis());
    feeds.serve("https://m.feeds.test/plain", { body: "<rss/>" });
    await expect(fetch("https://m.feeds.test/plain", { redirect: "error" })).rejects.toThrow(TypeError);
    expect(feeds.requests).toHaveLength(0);
  });

  it("gives up when the request's signal fires, as fetch does, so a deadline across hops can be tested", async () => {
    // fetchFeed gives each hop AbortSignal.timeout(what is left of FEED_TIMEOUT_MS).
    const feeds = new MockFeeds().install(new MockApis());
    feeds.serve("https://m.feeds.test/slow", { body: "<rss/>", delayMs: 1_000 });
    const started = Date.now();
    await expect(fetch("https://m.feeds.test/slow", { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    expect(Date.now() - started, "ms before the fetch gave up").toBeLessThan(500);
  });
});
