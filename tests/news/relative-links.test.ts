// Feeds whose links are relative (Atom allows it, and some RSS writes them so): each is read against the
// address the feed was served from, after its redirects, as feed readers do.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { pollFeeds } from "../../src/news/poll";
import { NewsStore } from "../../src/news/store";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import type { MockFeeds } from "../helpers/mock-feeds";
import { pollWorld } from "../helpers/news";

const NOW = Date.parse("2026-11-11T00:00:00Z");

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
  <entry><title>The Trauma Code season 2 confirmed</title><link rel="alternate" href="/2026/11/season-2"/>
    <published>2026-11-10T00:00:00Z</published></entry>
</feed>`;

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
  <item><title>Ju Ji-hoon on filming The Trauma Code season 3</title><link>season-3.html</link>
    <guid>12345</guid><pubDate>Tue, 10 Nov 2026 09:00:00 +0000</pubDate></item>
</channel></rss>`;

let feeds: MockFeeds;

beforeEach(async () => {
  ({ feeds } = await pollWorld());
});

async function sourceUrls(list: object[]): Promise<string[]> {
  await pollFeeds({ ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify(list) }, NOW);
  const store = new NewsStore(env.DB);
  return (await Promise.all((await store.list()).map((c) => store.sources(c.id)))).flat().map((s) => s.url);
}

describe("a feed with relative links", () => {
  it("links each entry at the feed's own host, the host a redirect led to", async () => {
    feeds.serve("https://old.feeds.test/atom", { body: "", redirectTo: "https://new.feeds.test/blog/atom.xml" });
    feeds.serve("https://new.feeds.test/blog/atom.xml", { body: ATOM, contentType: "application/atom+xml" });
    feeds.serve("https://rss.feeds.test/news/rss.xml", { body: RSS });
    const urls = await sourceUrls([
      { id: "atom", url: "https://old.feeds.test/atom", language: "en", kind: "atom" },
      { id: "rss", url: "https://rss.feeds.test/news/rss.xml", language: "en", kind: "rss" },
    ]);
    expect(urls.sort()).toEqual(["https://new.feeds.test/2026/11/season-2", "https://rss.feeds.test/news/season-3.html"]);
  });
});
