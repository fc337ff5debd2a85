// A candidate decided while its card's post was in doubt is only looked for, never posted: its turn costs
// the look and what it ends as, not a post's requests. A tick whose budget pays for that look and for the
// next candidate's post sends the next candidate's card too, instead of stopping at the decided one.
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { Budget } from "../../src/delivery/budget";
import { postPendingReviews } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { alertEnv, pacersAhead, recordingQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, REVIEW_DISCORD, reviewWorld } from "../helpers/news";

const MINUTE = 60_000;

let apis: MockApis;

beforeEach(async () => {
  apis = await reviewWorld();
});

it("a decided candidate's look does not keep the next candidate's card from its turn", async () => {
  const testEnv = alertEnv(recordingQueue(), { REVIEW_DISCORD_CHANNEL_ID: REVIEW_DISCORD });
  const store = new NewsStore(env.DB);
  const start = Date.now();
  // c1's post is lost on its way: in doubt, not in the channel. Then it is dismissed elsewhere.
  await addConfirmedCandidate("c1", start - 60_000);
  apis.scriptDiscord(REVIEW_DISCORD, { status: 0, drop: true });
  await postPendingReviews(testEnv, start);
  expect((await store.candidate("c1"))?.reviewUnsureMask).toBe(1);
  expect((await store.decide("c1", "new", "dismissed", "cli", start)).changed).toBe(true);
  // c2 is found; past Discord's nonce memory, both turns are due, c1's first.
  await addConfirmedCandidate("c2", start - 30_000);
  apis.clockOffset += 6 * MINUTE;
  await pacersAhead(6 * MINUTE);
  await env.DB.prepare("UPDATE news_candidates SET review_tried_at = review_tried_at - ?1, review_next_at = 0")
    .bind(6 * MINUTE)
    .run();
  const budget = new Budget(26);
  await postPendingReviews(testEnv, start + 6 * MINUTE, budget);
  expect((await store.candidate("c1"))?.reviewUnsureMask, "c1 looked for").toBe(0);
  expect(apis.discordIn(REVIEW_DISCORD), "c2's card, and no card of c1").toHaveLength(1);
  expect((await store.candidate("c2"))?.reviewPostedMask, "c2 posted").toBe(1);
});
