// A candidate decided on one platform's card while the same round is still to post its card to the other
// platform gets no card there: the round read it undecided, but a card posted now would offer a reviewer
// buttons for a story already decided.
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { postPendingReviews, redrawReviewCards } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { pacersAhead } from "../helpers/alerts";
import { aroundFetch, type MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, REVIEW_DISCORD, REVIEW_SLACK, reviewChannelsWorld, reviewEnv } from "../helpers/news";

const MINUTE = 60_000;

let apis: MockApis;

beforeEach(async () => {
  apis = await reviewChannelsWorld();
});

it.each(["dismissed", "published"] as const)(
  "a candidate %s on its Discord card before its Slack card leaves gets no Slack card",
  async (state) => {
    const testEnv = reviewEnv();
    const store = new NewsStore(env.DB);
    await addConfirmedCandidate("c1", Date.now());
    // The Discord card lands, and a reviewer decides on it at once, while the round goes on to Slack.
    aroundFetch(async (url, init, next) => {
      if (!url.startsWith("https://discord.mock/") || init?.method !== "POST") return undefined;
      const answer = await next();
      await store.decide("c1", "new", state, "U1", Date.now(), state === "published" ? { label: "official" } : {});
      return answer;
    });
    await postPendingReviews(testEnv);
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
    expect(apis.slackIn(REVIEW_SLACK), "no Slack card for a decided candidate").toHaveLength(0);
    for (let i = 0; i < 3; i++) {
      apis.clockOffset += 6 * MINUTE;
      await pacersAhead(6 * MINUTE);
      await env.DB.prepare("UPDATE news_candidates SET review_next_at = 0").run();
      await postPendingReviews(testEnv);
      await redrawReviewCards(testEnv);
    }
    expect(apis.slackIn(REVIEW_SLACK), "nor later").toHaveLength(0);
    expect(await store.candidate("c1")).toMatchObject({ state, reviewPostedMask: 1, reviewUnsureMask: 0 });
  },
);
