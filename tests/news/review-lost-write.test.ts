// A review card whose post went out and whose record in D1 was then lost (D1 answers an error, its
// connection lost): the post is marked as maybe landing before it leaves, so the next turn looks for it
// instead of posting it again.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { postPendingReviews } from "../../src/news/review-post";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import { beforeEachQuery } from "../helpers/hold";
import type { MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, reviewWorld } from "../helpers/news";

const REVIEW_SLACK = "C0REVIEW";
const MINUTE = 60_000;

let apis: MockApis;

beforeEach(async () => {
  apis = await reviewWorld();
});

/** D1 whose first statement containing `sql` fails when run (its connection lost), without taking effect. */
function failingOnce(db: D1Database, sql: string) {
  let failing = true;
  return beforeEachQuery(db, (text) => {
    if (failing && text.includes(sql)) {
      failing = false;
      throw new Error("D1_ERROR: Network connection lost.");
    }
  });
}

describe("a review card whose post was made and whose record in D1 was lost", () => {
  it("is not posted to Slack a second time", async () => {
    const base = alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK });
    apis.joined.add(REVIEW_SLACK);
    const start = Date.now();
    await addConfirmedCandidate("c1", start - 1000);
    // The post lands and Slack answers; the statement recording it fails.
    const flaky = { ...base, DB: failingOnce(env.DB, "review_posted = review_posted |") } as typeof base;
    await postPendingReviews(flaky, start).catch(() => {});
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(1);
    let now = start;
    for (let i = 0; i < 5; i++) {
      now += 2 * MINUTE;
      apis.clockOffset += 2 * MINUTE;
      await postPendingReviews(base, now);
    }
    expect(apis.slackIn(REVIEW_SLACK).length, "review cards of c1 in the Slack review channel").toBe(1);
  });
});
