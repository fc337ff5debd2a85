// A Discord review card refused as rendered goes in brief as plain text; its answer is lost. By the next
// turn the full card has changed (the poll found one more source of the same story); the brief has not,
// so the look, which matches a plain-text post by its whole text, finds the post that landed.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { postPendingReviews } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, reviewWorld } from "../helpers/news";

const REVIEW_DISCORD = "900000000000000001";
const MINUTE = 60_000;

let apis: MockApis;

beforeEach(async () => {
  apis = await reviewWorld();
});

/** One more source of c1, as the poll adds one when another outlet tells the same story. */
const sourceOfC1 = (n: number, at: number) =>
  new NewsStore(env.DB).addFound(
    [],
    [
      {
        url: `https://outlet${n}.example/story`,
        candidateId: "c1",
        title: "The Trauma Code season 2 confirmed",
        outlet: `Outlet ${n}`,
        language: "en",
        publishedAt: at,
      },
    ],
  );

describe("a Discord review card that went as plain text and whose answer was lost", () => {
  it("is not posted a second time when the poll added a source to it before the next turn", async () => {
    const testEnv = alertEnv(recordingQueue(), { REVIEW_DISCORD_CHANNEL_ID: REVIEW_DISCORD });
    const start = Date.now();
    await addConfirmedCandidate("c1", start - 1000);
    await sourceOfC1(1, start - 1000);
    // The card as rendered is refused (400 Invalid Form Body), and so is its brief; the brief's plain text
    // lands, the answer is lost.
    apis.scriptDiscord(
      REVIEW_DISCORD,
      { status: 400, body: { code: 50035, message: "Invalid Form Body" } },
      { status: 400, body: { code: 50035, message: "Invalid Form Body" } },
      { status: 200, storeThenDrop: true },
    );
    await postPendingReviews(testEnv, start);
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
    expect((await new NewsStore(env.DB).candidate("c1"))?.reviewUnsureMask).toBe(1);
    // The next poll finds the same story at another outlet: one more source of c1.
    await sourceOfC1(2, start);
    // Later ticks, past Discord's nonce memory: the card in doubt is looked for first.
    let now = start;
    for (let i = 0; i < 4; i++) {
      now += 5 * MINUTE;
      apis.clockOffset += 5 * MINUTE;
      await env.DB.prepare("UPDATE news_candidates SET review_tried_at = review_tried_at - ?1")
        .bind(5 * MINUTE)
        .run();
      await postPendingReviews(testEnv, now);
    }
    expect(apis.discordIn(REVIEW_DISCORD).length, "review cards of c1 in the Discord review channel").toBe(1);
  });
});
