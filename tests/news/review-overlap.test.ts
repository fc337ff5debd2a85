// Two review ticks that overlap. The news round is what keeps two ticks from posting the same card (Slack
// keeps no nonce to drop the second): a tick reads the cards to post again once it holds the round, so
// one whose take of the round is answered only after another tick posted them and left posts nothing twice.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { postPendingReviews } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import { beforeEachQuery, holdFirst, holdingGate } from "../helpers/hold";
import type { MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, reviewWorld } from "../helpers/news";

const REVIEW_SLACK = "C0REVIEW";

let apis: MockApis;

beforeEach(async () => {
  apis = await reviewWorld();
});

/** D1 whose first statement containing `sql` waits, when run, for `release()` (`stalled` once it waits). */
function holdingStatement(db: D1Database, sql: string) {
  const { gate, release, reached, stalled } = holdingGate();
  let holding = true;
  const held = beforeEachQuery(db, async (text) => {
    if (holding && text.includes(sql)) {
      holding = false;
      reached();
      await gate;
    }
  });
  return { db: held, release, stalled };
}

describe("two review ticks that overlap", () => {
  it("post each card once to Slack, even when one tick's take of the round is answered after the other tick left it", async () => {
    const base = alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK });
    apis.joined.add(REVIEW_SLACK);
    const now = Date.now();
    await addConfirmedCandidate("c1", now - 1000);
    // Tick B has read the cards still to post; its statement taking the news round is slow to come back.
    const held = holdingStatement(env.DB, "INSERT INTO news_round");
    const tickB = postPendingReviews({ ...base, DB: held.db } as typeof base, now + 120_000);
    await held.stalled;
    // Meanwhile tick A (the one before it, running late) posts c1 and gives the round up.
    await postPendingReviews(base, now);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(1);
    expect((await new NewsStore(env.DB).candidate("c1"))?.reviewPostedMask).toBe(2);
    held.release();
    await tickB;
    expect(apis.slackIn(REVIEW_SLACK).length, "review cards of c1 in the Slack review channel").toBe(1);
  });

  it("post each card once to Slack when a tick starts minutes after its scheduled time and the next one starts on time", async () => {
    const base = alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK });
    apis.joined.add(REVIEW_SLACK);
    const now = Date.now();
    await addConfirmedCandidate("c1", now - 10 * 60_000);
    // Tick A, scheduled six minutes ago, runs only now (a cron trigger is run late at times); its post is slow to land.
    const slow = holdFirst("/chat.postMessage");
    const tickA = postPendingReviews(base, now - 6 * 60_000);
    await slow.stalled;
    // The next tick runs on time while A is still posting: the round A took holds from when A took it.
    await postPendingReviews(base, now);
    slow.release();
    await tickA;
    expect(apis.slackIn(REVIEW_SLACK).length, "review cards of c1 in the Slack review channel").toBe(1);
  });
});
