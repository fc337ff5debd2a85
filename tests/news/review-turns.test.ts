// Review cards take turns: a card that cannot be posted or found in its channel (here, a review channel
// whose history Slack cannot read) waits longer each time, and never keeps newer candidates from review.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { postPendingReviews } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { alertEnv, pacersAhead, recordingQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, reviewWorld } from "../helpers/news";

const REVIEW_SLACK = "C0REVIEW";
const MINUTE = 60_000;

let apis: MockApis;

beforeEach(async () => {
  apis = await reviewWorld();
});

describe("review cards whose earlier post cannot be looked for", () => {
  it("wait longer each time, and newer candidates still get their cards", async () => {
    const testEnv = alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK });
    apis.joined.add(REVIEW_SLACK);
    const start = Date.now();
    const stuck = ["c1", "c2", "c3"];
    for (const [i, id] of stuck.entries()) await addConfirmedCandidate(id, start - 10_000 + i);
    // Every post lands and its answer is lost; from then on, the channel's history cannot be read.
    apis.scriptSlack(REVIEW_SLACK, ...stuck.map(() => ({ status: 200, storeThenDrop: true })));
    await postPendingReviews(testEnv, start);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(stuck.length);
    apis.scriptSlackHistory(
      REVIEW_SLACK,
      ...Array.from({ length: 1000 }, () => ({ status: 503, body: { ok: false, error: "service_unavailable" } })),
    );

    let now = start;
    const tick = async () => {
      now += MINUTE;
      apis.clockOffset += MINUTE;
      await pacersAhead(MINUTE);
      await postPendingReviews(testEnv, now);
    };
    await tick();
    // A newer candidate comes in: it gets its card within a few ticks.
    await addConfirmedCandidate("c4", start);
    for (let i = 0; i < 3; i++) await tick();
    const store = new NewsStore(env.DB);
    expect((await store.candidate("c4"))?.reviewPostedMask, "c4's card is in the review channel").toBe(2);

    // Three hours of ticks a minute apart: the cards in doubt are looked for with growing gaps, not at every
    // tick (each look is a request, and each turn a D1 write).
    const before = apis.slackMethods["conversations.history"] ?? 0;
    for (let i = 0; i < 180; i++) await tick();
    const looks = (apis.slackMethods["conversations.history"] ?? 0) - before;
    expect(looks, "history reads for 3 cards over 3 hours").toBeLessThanOrEqual(3 * 12);
    expect(looks).toBeGreaterThanOrEqual(3 * 3);

    // History reads again: each card in doubt is found where it landed, within the longest wait, and none is posted twice.
    apis.unscript();
    for (let i = 0; i < 70; i++) await tick();
    for (const id of stuck) expect((await store.candidate(id))?.reviewPostedMask, id).toBe(2);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(stuck.length + 1);
  });

  it("a card Slack refuses as rendered goes in brief, with its buttons, then as plain text, in the same turn", async () => {
    const testEnv = alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK });
    apis.joined.add(REVIEW_SLACK);
    const refused = { status: 200, body: { ok: false, error: "invalid_blocks" } };
    // c1's full card is refused.
    await addConfirmedCandidate("c1", Date.now() - 1000);
    apis.scriptSlack(REVIEW_SLACK, refused);
    await postPendingReviews(testEnv);
    // c2's full card and its brief both are.
    await addConfirmedCandidate("c2", Date.now());
    apis.scriptSlack(REVIEW_SLACK, refused, refused);
    await postPendingReviews(testEnv);
    const [brief, plain] = apis.slackIn(REVIEW_SLACK);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(2);
    const briefText = JSON.stringify(brief?.body.blocks);
    expect(briefText).toContain("Candidate `c1`");
    expect(briefText, "the brief has the reviewers' buttons").toContain("Publish as");
    expect(briefText, "and no sources").not.toContain("Sources");
    expect(plain?.body.blocks, "plain text, no blocks").toBeUndefined();
    expect(String(plain?.body.text)).toContain("Candidate `c2`");
    const store = new NewsStore(env.DB);
    for (const id of ["c1", "c2"]) expect((await store.candidate(id))?.reviewPostedMask, id).toBe(2);
  });
});
