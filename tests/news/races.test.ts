// Races around the review: a Withdraw pressed while a Publish press is still writing, and two news ticks
// posting reviews at once. A withdrawn candidate must leave nothing live, and each candidate's review
// message is posted once per platform.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { NEWS_CRON } from "../../src/jobs";
import { newsIdOf } from "../../src/news/publish";
import { applyReview } from "../../src/news/review";
import { postPendingReviews } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { publishedNews } from "../../src/topics/renewal";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { holdFirst, holdingBatch } from "../helpers/hold";
import { MockApis } from "../helpers/mock-api";
import { MockFeeds } from "../helpers/mock-feeds";
import { addConfirmedCandidate } from "../helpers/news";
import rss from "./fixtures/rss.xml?raw";

const ID = "abcdef0123";
const REVIEW_SLACK = "C0REVIEW";
const FEED = { id: "wire", url: "https://a.feeds.test/rss", language: "en", kind: "rss" };

let apis: MockApis;

beforeEach(async () => {
  await env.DB.batch(
    ["news_sources", "news_candidates", "news", "deliveries", "messages", "feed_state", "news_round"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
  await seedContent();
  apis = new MockApis();
  new MockFeeds().install(apis).serve(FEED.url, { body: rss });
});

const testEnv = () =>
  alertEnv(recordingQueue(), { NEWS_FEEDS: JSON.stringify([FEED]), REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK }) as typeof env;

async function newsCron(testEnv: typeof env, at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: NEWS_CRON, scheduledTime: at }), testEnv, ctx);
  await waitOnExecutionContext(ctx);
}

/** Review posts per candidate in the Slack review channel. */
function slackReviewPosts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const post of apis.slackIn(REVIEW_SLACK)) {
    const id = /nr-dismiss:([0-9a-f]+):en/.exec(JSON.stringify(post.body))?.[1];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe("Publish and Withdraw pressed at once", () => {
  it("a withdrawal made while the publishing is still writing leaves nothing published", async () => {
    const at = Date.parse("2026-11-10T00:00:00Z");
    await addConfirmedCandidate(ID, at);
    // The first reviewer's Publish has changed the state and is writing the item when the second
    // reviewer, seeing "Published", presses Withdraw.
    const held = holdingBatch(env.DB, "INSERT OR IGNORE INTO messages");
    const publishing = applyReview({ DB: held.db }, "report", ID, "r1");
    await held.stalled;
    const withdrawn = await applyReview(env, "withdraw", ID, "r2");
    expect(withdrawn.ok).toBe(true);
    held.release();
    await publishing;

    expect((await new NewsStore(env.DB).candidate(ID))?.state).toBe("withdrawn");
    expect((await publishedNews(env)).map((n) => n.id)).not.toContain(newsIdOf({ id: ID }));
    const live = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE key = ? AND withdrawn_at IS NULL")
      .bind(`renewal:${newsIdOf({ id: ID })}`)
      .first<number>("n");
    expect(live).toBe(0);
  });
});

describe("review posts", () => {
  it("two ticks posting reviews at once post each candidate once", async () => {
    const now = Date.now();
    const e = testEnv();
    await newsCron({ ...e, REVIEW_SLACK_CHANNEL_ID: "" } as typeof env, now); // candidates found, nothing posted yet
    const held = holdFirst("/chat.postMessage");
    const first = postPendingReviews(e);
    await held.stalled;
    await postPendingReviews(e);
    held.release();
    await first;
    const counts = slackReviewPosts();
    expect(counts.size).toBeGreaterThan(0);
    for (const [, n] of counts) expect(n).toBe(1);
  });
});
