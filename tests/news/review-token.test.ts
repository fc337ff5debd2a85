// Both review channels configured; Slack is down, Discord works. The review channel's Slack token is
// SLACK_BOT_TOKEN's (OAuth set up, the operator's workspace not installed through it), whose workspace
// only Slack's auth.test can name. While Slack cannot answer, the Discord review channel still gets
// every new candidate's card, and the cards waiting for Slack keep no newer candidate from review.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { postPendingReviews } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import { aroundFetch, type MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, reviewWorld } from "../helpers/news";
import { TOKEN_KEY } from "../helpers/slack-oauth";

const REVIEW_DISCORD = "900000000000000001";
const REVIEW_SLACK = "C0REVIEW";
const MINUTE = 60_000;

let apis: MockApis;

beforeEach(async () => {
  apis = await reviewWorld();
});

/** Every Slack call answers Cloudflare's 503 page: Slack is down. */
function slackDown() {
  aroundFetch((url) =>
    url.startsWith("https://slack.mock/")
      ? new Response("<html><body>503 Service Unavailable</body></html>", {
          status: 503,
          headers: { "content-type": "text/html" },
        })
      : undefined,
  );
}

describe("review cards while Slack is down and Discord works", () => {
  it("every new candidate still gets its Discord card", async () => {
    const testEnv = alertEnv(recordingQueue(), {
      REVIEW_DISCORD_CHANNEL_ID: REVIEW_DISCORD,
      REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK,
      SLACK_TOKEN_KEY: TOKEN_KEY,
      REVIEW_SLACK_TEAM_ID: "T0REVIEW",
      // A token of its own, so no other test's auth.test answer is remembered for it.
      SLACK_BOT_TOKEN: `xoxb-operator-${crypto.randomUUID()}`,
    });
    slackDown();
    const start = Date.now();
    const ids = ["c1", "c2", "c3", "c4", "c5"];
    for (const [i, id] of ids.entries()) await addConfirmedCandidate(id, start - 10_000 + i);
    let now = start;
    for (let i = 0; i < 10; i++) {
      // The news tick logs a failed review round and goes on (newsTick).
      await postPendingReviews(testEnv, now).catch(() => {});
      now += 2 * MINUTE;
      apis.clockOffset += 2 * MINUTE;
    }
    const store = new NewsStore(env.DB);
    const onDiscord = [];
    for (const id of ids) if (((await store.candidate(id))?.reviewPostedMask ?? 0) & 1) onDiscord.push(id);
    expect(onDiscord, "candidates whose card is in the Discord review channel after 20 minutes").toEqual(ids);
  });
});
