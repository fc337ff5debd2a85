// A host that answers 429 or 503 with Retry-After has asked this client to wait: the other feeds on that
// host are not asked in the same tick either, and wait as long.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { pollFeeds } from "../../src/news/poll";
import { NewsStore } from "../../src/news/store";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import type { MockFeeds } from "../helpers/mock-feeds";
import { pollWorld } from "../helpers/news";
import rss from "./fixtures/rss.xml?raw";

const HOUR = 60 * 60_000;

let feeds: MockFeeds;

beforeEach(async () => {
  ({ feeds } = await pollWorld());
});

describe("a host that asks to wait", () => {
  it.each([429, 503])(
    "with %i and Retry-After is asked nothing more in that tick, and its feeds wait as asked",
    async (status) => {
      const list = ["a", "b", "c"].map((name) => ({
        id: name,
        url: `https://search.feeds.test/${name}`,
        language: "en",
        kind: "search",
      }));
      const other = { id: "other", url: "https://other.feeds.test/rss", language: "en", kind: "rss" };
      feeds.serve(list[0]?.url ?? "", { body: "", status, headers: { "retry-after": "3600" } });
      for (const f of list.slice(1)) feeds.serve(f.url, { body: rss });
      feeds.serve(other.url, { body: rss });
      const now = Date.now();
      await pollFeeds({ ...alertEnv(recordingQueue()), NEWS_FEEDS: JSON.stringify([...list, other]) }, now);

      expect(feeds.requests.filter((r) => r.url.startsWith("https://search.feeds.test/"))).toHaveLength(1);
      expect(feeds.to(other.url)).toHaveLength(1);
      const states = await new NewsStore(env.DB).feedStates();
      // The host's hour, counted from its answer: within a minute of an hour from the tick's clock.
      for (const f of list) expect(states.get(f.url)?.nextPollAt).toBeGreaterThanOrEqual(now + HOUR - 60_000);
      expect(states.get(other.url)?.failures).toBe(0);
    },
  );
});
