// A press on a review card shows the card is in the channel. A card whose post's answer was lost is
// recorded where it was pressed: it is no longer looked for by what it showed when posted (the press's
// answer has replaced that), never posted a second time, and redrawn by later decisions like any other.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { applyReview } from "../../src/news/review";
import { postPendingReviews, reviewHealth } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import type { PlatformName } from "../../src/platform";
import { aroundFetch, type MockApis, NONCE_KEPT_MS } from "../helpers/mock-api";
import {
  addConfirmedCandidate,
  DISCORD_REVIEWER,
  postedAnswerLost as postedAnswerLostOf,
  pressOnDiscord as pressReviewOnDiscord,
  pressOnSlack as pressReviewOnSlack,
  REVIEW_DISCORD,
  REVIEW_SLACK,
  reviewCards,
  reviewChannelsWorld,
  reviewEnv,
  reviewTicks,
  reviewTimePasses,
  SLACK_REVIEWER,
  textsOf,
} from "../helpers/news";

const MINUTE = 60_000;
const BIT = { discord: 1, slack: 2 } as const;
/** A candidate id, as discovery makes them (10 hex digits): a button naming any other is stale. */
const ID = "0123456789";

let apis: MockApis;
let testEnv: typeof env;

beforeEach(async () => {
  apis = await reviewChannelsWorld();
  testEnv = reviewEnv({ REVIEWER_IDS: `${DISCORD_REVIEWER}, ${SLACK_REVIEWER}` });
});

const candidate = (id: string) => new NewsStore(env.DB).candidate(id);
const postedAnswerLost = (platform: PlatformName) => postedAnswerLostOf(apis, testEnv, ID, platform);
const pressOnDiscord = (messageId: string, customId: string, values?: string[]) =>
  pressReviewOnDiscord(apis, testEnv, messageId, customId, values);
const pressOnSlack = (messageTs: string, actionId: string, channelId?: string) =>
  pressReviewOnSlack(testEnv, messageTs, actionId, channelId);

describe("a press on a card whose post was in doubt", () => {
  it("Discord: the card edited in place is recorded, and not posted again once Discord's nonce memory has passed", async () => {
    const messageId = await postedAnswerLost("discord");
    await reviewTimePasses(apis, NONCE_KEPT_MS + MINUTE);
    const saved = await pressOnDiscord(messageId, `nr-edit:${ID}:en`, [
      "Season 2: filming confirmed",
      "Netflix said so.",
      "",
      "",
      "",
    ]);
    expect(saved.type, "the card updated in place").toBe(7);
    expect(await candidate(ID)).toMatchObject({
      reviewPostedMask: 3,
      reviewUnsureMask: 0,
      reviewMessages: { discord: { channelId: REVIEW_DISCORD, messageId } },
    });
    await reviewTicks(apis, testEnv);
    expect(reviewCards(apis, "discord"), "the card posted once").toHaveLength(1);
    // Redrawn by the news round as the candidate stands, with the wording just saved.
    expect(textsOf(reviewCards(apis, "discord")[0]?.body)).toContain("Season 2: filming confirmed");
  });

  it("Discord: a press while the round looks for the card leaves it the only card", async () => {
    const messageId = await postedAnswerLost("discord");
    await reviewTimePasses(apis, NONCE_KEPT_MS + MINUTE);
    // The round reads the candidate, then lists the channel for its card: a reviewer saves a wording on the
    // card just before Discord answers, so the listing shows the card as the press left it.
    let pressed = false;
    aroundFetch(async (url, init) => {
      if (pressed || init?.method !== "GET" || !url.includes(`/channels/${REVIEW_DISCORD}/messages?`)) return undefined;
      pressed = true;
      expect(
        (await pressOnDiscord(messageId, `nr-edit:${ID}:en`, ["Season 2: filming confirmed", "Netflix said so."])).type,
      ).toBe(7);
      return undefined;
    });
    await postPendingReviews(testEnv);
    expect(pressed, "the round looked").toBe(true);
    await reviewTicks(apis, testEnv);
    expect(reviewCards(apis, "discord"), "the card posted once").toHaveLength(1);
    expect(await candidate(ID)).toMatchObject({
      reviewPostedMask: 3,
      reviewUnsureMask: 0,
      reviewMessages: { discord: { messageId } },
    });
  });

  it("Discord: a press while the round's look reads on through a busy channel leaves the card recorded, not in doubt", async () => {
    const messageId = await postedAnswerLost("discord");
    // More talk since the card than one look reads: the look reads on at the next tick.
    apis.discordChatter(REVIEW_DISCORD, 350);
    await reviewTimePasses(apis, NONCE_KEPT_MS + MINUTE);
    let pressed = false;
    aroundFetch(async (url, init) => {
      if (pressed || init?.method !== "GET" || !url.includes(`/channels/${REVIEW_DISCORD}/messages?`)) return undefined;
      pressed = true;
      expect((await pressOnDiscord(messageId, `nr-rumor:${ID}:en`)).type).toBe(7);
      return undefined;
    });
    await postPendingReviews(testEnv);
    expect(pressed, "the round looked").toBe(true);
    expect(await candidate(ID)).toMatchObject({
      state: "published",
      reviewPostedMask: 3,
      reviewUnsureMask: 0,
      reviewMessages: { discord: { messageId } },
    });
    expect(await reviewHealth(testEnv)).toEqual({ waiting: 0, inDoubt: 0, oldestFound: null });
    let listed = 0;
    aroundFetch((url, init) => {
      if (init?.method === "GET" && url.includes(`/channels/${REVIEW_DISCORD}/messages?`)) listed++;
      return undefined;
    });
    await reviewTicks(apis, testEnv);
    expect(listed, "a recorded card is not looked for").toBe(0);
    expect(reviewCards(apis, "discord"), "the card posted once").toHaveLength(1);
  });

  it("Discord: the card pressed is redrawn by a later decision made elsewhere", async () => {
    const messageId = await postedAnswerLost("discord");
    expect((await pressOnDiscord(messageId, `nr-rumor:${ID}:en`)).type).toBe(7);
    await reviewTicks(apis, testEnv);
    expect(textsOf(reviewCards(apis, "discord")[0]?.body)).toContain("Published as **rumor**");
    expect((await applyReview(testEnv, "withdraw", ID, "cli")).ok).toBe(true);
    await reviewTicks(apis, testEnv);
    expect(reviewCards(apis, "discord"), "the card posted once").toHaveLength(1);
    const shown = textsOf(reviewCards(apis, "discord")[0]?.body);
    expect(shown).toContain("Withdrawn");
    expect(shown).not.toContain("nr-withdraw");
  });

  it("Slack: the card clicked is recorded at once, and is not looked for in the channel's history", async () => {
    const ts = await postedAnswerLost("slack");
    await pressOnSlack(ts, `nr-dismiss:${ID}:en`);
    expect(await candidate(ID)).toMatchObject({
      state: "dismissed",
      reviewPostedMask: 3,
      reviewUnsureMask: 0,
      reviewMessages: { slack: { channelId: REVIEW_SLACK, messageId: ts } },
    });
    await reviewTicks(apis, testEnv);
    expect(apis.slackMethods["conversations.history"] ?? 0, "no look").toBe(0);
    expect(reviewCards(apis, "slack"), "the card posted once").toHaveLength(1);
    expect(textsOf(reviewCards(apis, "slack")[0]?.body)).toContain("Dismissed");
  });

  it("a press outside the review channel, or on a second copy, records nothing", async () => {
    const first = await postedAnswerLost("slack");
    await pressOnSlack("1.000001", `nr-edit:${ID}:en`, "C0ELSEWHERE");
    expect((await candidate(ID))?.reviewUnsureMask, "still in doubt").toBe(BIT.slack);
    await pressOnSlack(first, `nr-edit:${ID}:en`);
    await pressOnSlack("1.000002", `nr-edit:${ID}:en`);
    expect((await candidate(ID))?.reviewMessages.slack?.messageId).toBe(first);
  });

  it("a card posted without its message kept is recorded where it is pressed, and redrawn by a decision made elsewhere", async () => {
    await addConfirmedCandidate(ID, Date.now());
    await postPendingReviews(testEnv);
    // Posted before each card's message was kept: the card is there, no one knows where.
    await env.DB.prepare("UPDATE news_candidates SET review_messages = NULL").run();
    const card = apis.discordIn(REVIEW_DISCORD)[0];
    expect((await pressOnDiscord(card?.id ?? "", `nr-edit:${ID}:en`)).type, "the Edit form opens").toBe(9);
    expect((await candidate(ID))?.reviewMessages.discord).toEqual({ channelId: REVIEW_DISCORD, messageId: card?.id });
    expect((await applyReview(testEnv, "dismiss", ID, "cli")).ok).toBe(true);
    await reviewTicks(apis, testEnv);
    expect(reviewCards(apis, "discord")).toHaveLength(1);
    expect(textsOf(reviewCards(apis, "discord")[0]?.body)).toContain("Dismissed");
  });

  it("no post leaves for a card recorded by a press meanwhile", async () => {
    await addConfirmedCandidate(ID, Date.now());
    const store = new NewsStore(env.DB);
    expect(await store.cardPressed(ID, "discord", { channelId: REVIEW_DISCORD, messageId: "910000000000000001" })).toBe(true);
    expect(await store.markSending(ID, "discord", Date.now())).toBe(false);
    expect(await store.markSending(ID, "slack", Date.now())).toBe(true);
  });
});
