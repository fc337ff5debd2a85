// A story's card goes to review as soon as its first outlet is found; other outlets' reports of it are
// found in later rounds and join it as sources. What a later source brings (its link, and in its language
// the headline those readers are published) shows on the card a reviewer presses Publish on.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { NEWS_CRON } from "../../src/jobs";
import { NewsStore } from "../../src/news/store";
import { pacersAhead } from "../helpers/alerts";
import { pollWorld, REVIEW_SLACK, reviewCards, reviewEnv, textsOf } from "../helpers/news";

const EN = { id: "wire", url: "https://a.feeds.test/rss", language: "en", kind: "rss" } as const;
const KO = { id: "ko-wire", url: "https://b.feeds.test/rss", language: "ko", kind: "rss" } as const;

const rss = (items: string) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>${items}</channel></rss>`;
const item = (title: string, link: string, at: number) =>
  `<item><title>${title}</title><link>${link}</link><pubDate>${new Date(at).toUTCString()}</pubDate></item>`;

const KOREAN_HEADLINE = "넷플릭스 '중증외상센터' 시즌2 제작 확정";

describe("a source found after its story's card was posted", () => {
  it("shows on the review cards before anyone publishes from them", async () => {
    const { apis, feeds } = await pollWorld();
    apis.joined.add(REVIEW_SLACK);
    const testEnv = reviewEnv({ NEWS_FEEDS: JSON.stringify([EN, KO]) });
    const start = Date.now();
    const tick = async (at: number) => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: NEWS_CRON, scheduledTime: at }), testEnv, ctx);
      await waitOnExecutionContext(ctx);
    };
    feeds.serve(EN.url, {
      body: rss(item("Netflix confirms The Trauma Code season 2", "https://wire.example/s2", start - 3_600_000)),
    });
    feeds.serve(KO.url, { body: rss("") });
    await tick(start);
    await tick(start + 60_000);
    const [story] = await new NewsStore(env.DB).list();
    expect(story?.reviewPostedMask).toBe(3);

    // The Korean press reports it in the next round: one more source of the same story.
    feeds.serve(KO.url, { body: rss(item(KOREAN_HEADLINE, "https://ko-wire.example/a/1", start - 1_800_000)) });
    for (let minute = 16; minute <= 22; minute += 2) {
      apis.clockOffset += 2 * 60_000;
      await pacersAhead(2 * 60_000);
      await tick(start + minute * 60_000);
    }
    const sources = await new NewsStore(env.DB).sources(story?.id ?? "");
    expect(sources.map((s) => s.url).sort()).toEqual(["https://ko-wire.example/a/1", "https://wire.example/s2"]);
    for (const platform of ["discord", "slack"] as const) {
      const cards = reviewCards(apis, platform);
      expect(cards, platform).toHaveLength(1);
      const shown = textsOf(cards[0]?.body);
      expect(shown, platform).toContain(KOREAN_HEADLINE);
      expect(shown, platform).toContain("ko-wire.example/a/1");
    }
  });
});
