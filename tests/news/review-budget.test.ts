// Review posts within the tick's subrequest budget, whatever is left of it: a card is marked as maybe
// posted only when a post of it left (else it would only ever be looked for, never posted), and every
// card still goes out once, also while the channel's history cannot be read.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { Budget, SUBREQUESTS_MAX } from "../../src/delivery/budget";
import { CANDIDATE_QUERIES, postPendingReviews, ROUND_QUERIES, TURN_CALLS } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { alertEnv, pacersAhead, recordingQueue } from "../helpers/alerts";
import { aroundFetch, type MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, reviewWorld } from "../helpers/news";

const REVIEW_SLACK = "C0REVIEW";
const MINUTE = 60_000;
/** The least budget in which a tick takes one card's turn on one platform. */
const ONE_TURN = ROUND_QUERIES + CANDIDATE_QUERIES + TURN_CALLS;

let apis: MockApis;

beforeEach(async () => {
  apis = await reviewWorld();
});

/** Slack refuses every review card as rendered (invalid_blocks); its plain-text version goes through. */
function slackRefusesBlocks(): { posts: { plain: boolean; key: string }[] } {
  const posts: { plain: boolean; key: string }[] = [];
  aroundFetch((url, init) => {
    if (url.startsWith("https://slack.mock/") && url.endsWith("/chat.postMessage")) {
      const body = JSON.parse(String(init?.body)) as { blocks?: unknown; metadata?: { event_payload?: { key?: string } } };
      posts.push({ plain: body.blocks === undefined, key: String(body.metadata?.event_payload?.key) });
      if (body.blocks !== undefined)
        return new Response(JSON.stringify({ ok: false, error: "invalid_blocks" }), {
          status: 200,
          headers: { "content-type": "application/json" },
        });
    }
    return undefined;
  });
  return { posts };
}

describe("review posts within what is left of the tick's budget", () => {
  // Each of a card's forms waits for its slot of the channel's one post a second: every budget's tick
  // takes some seconds.
  it("mark a card as maybe posted only when a post of it left, for any budget left", { timeout: 300_000 }, async () => {
    const testEnv = alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK });
    apis.joined.add(REVIEW_SLACK);
    const { posts } = slackRefusesBlocks();
    for (let limit = 0; limit < SUBREQUESTS_MAX; limit++) {
      await env.DB.prepare("DELETE FROM news_candidates").run();
      posts.length = 0;
      // c1 may have landed before (it is looked for), c2 and c3 are new; every card is refused as rendered.
      await addConfirmedCandidate("c1", Date.now() - 30_000);
      await env.DB.prepare("UPDATE news_candidates SET review_unsure = 2, review_tried_at = ?1 WHERE id = 'c1'")
        .bind(Date.now() - 30_000)
        .run();
      await addConfirmedCandidate("c2", Date.now() - 20_000);
      await addConfirmedCandidate("c3", Date.now() - 10_000);
      apis.clockOffset += MINUTE;
      await pacersAhead(MINUTE);
      const budget = new Budget(limit);
      await postPendingReviews(testEnv, Date.now(), budget);
      expect(budget.used, `budget ${limit}`).toBeLessThanOrEqual(limit);
      // c1 was in doubt before the tick, and may stay so (its look reads on); c2 and c3 never left before it.
      for (const id of ["c2", "c3"]) {
        // Every card is refused as rendered: only its plain text can land.
        const left = posts.some((p) => p.key === `review:${id}` && p.plain);
        const row = await env.DB.prepare("SELECT review_unsure FROM news_candidates WHERE id = ?")
          .bind(id)
          .first<{ review_unsure: number }>();
        if (row?.review_unsure) expect(left, `budget ${limit}: ${id} marked as maybe posted`).toBe(true);
      }
    }
  });

  it("every card goes out once, on a tight budget each tick, while Slack's history cannot be read", {
    timeout: 30_000,
  }, async () => {
    const testEnv = alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK });
    apis.joined.add(REVIEW_SLACK);
    const start = Date.now();
    const store = new NewsStore(env.DB);
    // c1's first post fails before Slack stores it (connection lost): in doubt, not in the channel.
    await addConfirmedCandidate("c1", start - 30_000);
    apis.scriptSlack(REVIEW_SLACK, { status: 0, drop: true });
    await postPendingReviews(testEnv, start);
    await addConfirmedCandidate("c2", start - 20_000);
    await addConfirmedCandidate("c3", start - 10_000);
    slackRefusesBlocks();
    let now = start;
    for (let i = 0; i < 180; i++) {
      now += MINUTE;
      apis.clockOffset += MINUTE;
      await pacersAhead(MINUTE);
      // From the second tick on, Slack's history answers service_unavailable; posting works throughout.
      if (i === 1)
        apis.scriptSlackHistory(
          REVIEW_SLACK,
          ...Array.from({ length: 1000 }, () => ({ status: 503, body: { ok: false, error: "service_unavailable" } })),
        );
      await postPendingReviews(testEnv, now, new Budget(ONE_TURN));
    }
    for (const id of ["c2", "c3"]) expect((await store.candidate(id))?.reviewPostedMask, id).toBe(2);
    const keys = apis.slackIn(REVIEW_SLACK).map((m) => (m.body.metadata as { event_payload: { key: string } }).event_payload.key);
    expect(keys.sort(), "each card in the channel once").toEqual([...new Set(keys)].sort());
  });
});
