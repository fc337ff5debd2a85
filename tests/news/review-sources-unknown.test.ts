// A Publish pressed on a review card is refused while the card may not show every source of its story
// (src/news/review.ts, cardBehindSources). Some cards are recorded without the source count they were drawn
// at: cards recorded before sources were counted, and cards recorded by a press. And a card whose post's
// answer was lost may be recorded later, by a look that finds it or by Discord answering a post sent again
// with it: it shows what it was drawn from when that post left, not what the candidate is now.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { newsIdOf } from "../../src/news/publish";
import { postPendingReviews, redrawReviewCards } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import type { PlatformName } from "../../src/platform";
import { publishedNews } from "../../src/topics/renewal";
import { type MockApis, NONCE_KEPT_MS } from "../helpers/mock-api";
import {
  addConfirmedCandidate,
  aSourceJoins,
  DISCORD_REVIEWER,
  postedAnswerLost as postedAnswerLostOf,
  pressOnDiscord as pressReviewOnDiscord,
  pressOnSlack as pressReviewOnSlack,
  REVIEW_DISCORD,
  REVIEW_SLACK,
  reviewCards,
  reviewChannelsWorld,
  reviewEnv,
  reviewTimePasses,
  SLACK_REVIEWER,
  textsOf,
} from "../helpers/news";

const ID = "0123456789";

let apis: MockApis;
let testEnv: typeof env;

beforeEach(async () => {
  apis = await reviewChannelsWorld();
  testEnv = reviewEnv({ REVIEWER_IDS: `${DISCORD_REVIEWER},${SLACK_REVIEWER}` });
});

const candidate = () => new NewsStore(env.DB).candidate(ID);
const published = async () => (await publishedNews(env)).map((n) => n.id).includes(newsIdOf({ id: ID }));

const sourceJoins = () => aSourceJoins(ID);
const postedAnswerLost = (platform: PlatformName) => postedAnswerLostOf(apis, testEnv, ID, platform);
const pressOnDiscord = (messageId: string, verb: string) => pressReviewOnDiscord(apis, testEnv, messageId, `nr-${verb}:${ID}:en`);
const pressOnSlack = (messageTs: string, verb: string) => pressReviewOnSlack(testEnv, messageTs, `nr-${verb}:${ID}:en`);

/**
 * A card whose post's answer was lost, then a source joining its story, then the review's next turn `ms`
 * later: that turn finds the card (by Discord's answer to the post sent again, or by a look) and records it,
 * posting nothing. Returns the card's id.
 */
async function foundAfterSourceJoined(platform: PlatformName, ms: number): Promise<string> {
  const cardId = await postedAnswerLost(platform);
  await sourceJoins();
  await reviewTimePasses(apis, ms);
  await postPendingReviews(testEnv);
  expect((await candidate())?.reviewMessages[platform]?.messageId, "the card found and recorded").toBe(cardId);
  expect(reviewCards(apis, platform), "posted once").toHaveLength(1);
  return cardId;
}

/** Redraw rounds until the candidate has no card left to redraw. */
async function redrawRounds(rounds = 5) {
  for (let i = 0; i < rounds && (await candidate())?.reviewRedrawMask; i++) await redrawReviewCards(testEnv);
}

/**
 * The Discord card at `messageId`, which does not show the source yet: a Publish on it is answered
 * privately and publishes nothing (`meanwhile` checks what else holds then); once redrawn with the source,
 * the next Publish publishes.
 */
async function refusedUntilRedrawn(messageId: string, meanwhile?: () => Promise<void>) {
  expect(textsOf(apis.discordIn(REVIEW_DISCORD)[0]?.body)).not.toContain("ko-wire.example");
  expect((await pressOnDiscord(messageId, "report")).type, "a private answer").toBe(4);
  expect(await published()).toBe(false);
  await meanwhile?.();
  await redrawRounds();
  expect(textsOf(apis.discordIn(REVIEW_DISCORD)[0]?.body)).toContain("ko-wire.example");
  expect((await pressOnDiscord(messageId, "report")).type).toBe(7);
  expect(await published()).toBe(true);
}

describe("a Publish pressed on a card not known to show every source", () => {
  it("is refused on a card recorded before sources were counted, once a source joined since", async () => {
    await addConfirmedCandidate(ID, Date.now());
    await postPendingReviews(testEnv);
    // Recorded before 0025_sources_added.sql: every count started at 0 then, and the card kept none.
    await env.DB.prepare("UPDATE news_candidates SET review_messages = json_remove(review_messages, '$.discord.sources')").run();
    await sourceJoins();
    const messageId = apis.discordIn(REVIEW_DISCORD)[0]?.id ?? "";
    await refusedUntilRedrawn(messageId);
  });

  it("is refused on a card posted before a source joined and recorded by the press itself", async () => {
    const messageId = await postedAnswerLost("discord");
    await sourceJoins();
    await refusedUntilRedrawn(messageId, async () => {
      expect((await candidate())?.reviewMessages.discord?.messageId, "the card recorded where it was pressed").toBe(messageId);
    });
  });

  it("is refused on a card posted before a source joined, which Discord answers a post sent again with", async () => {
    // Within Discord's nonce memory: the card is posted again, and Discord answers with the one already there.
    await refusedUntilRedrawn(await foundAfterSourceJoined("discord", 60_000));
  });

  it("is refused on a card posted before a source joined and found later by a look", async () => {
    await refusedUntilRedrawn(await foundAfterSourceJoined("discord", NONCE_KEPT_MS + 60_000));
  });

  it("is refused on a Slack card posted before a source joined and found later by a look", async () => {
    const ts = await foundAfterSourceJoined("slack", 6 * 60_000);
    await pressOnSlack(ts, "report");
    expect(await published()).toBe(false);
    await redrawRounds();
    expect(textsOf(apis.slackIn(REVIEW_SLACK)[0]?.body)).toContain("ko-wire.example");
    await pressOnSlack(ts, "report");
    expect(await published()).toBe(true);
  });
});
