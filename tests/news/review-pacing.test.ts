// Review cards take their turns at the platforms' shared limits, as deliveries do: each post at a slot of
// the token's pacing and its answer told to the pacer, each history check at Slack's one read a minute,
// and nothing while a delivery has paused the platform. Else, while Discord is blocked (Cloudflare's page,
// a global 429, odd answers that persist), every tick would send its cards into the block, each one more
// invalid request toward Discord's ban.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { tokenHash } from "../../src/delivery/store";
import { postPendingReviews, redrawReviewCards } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { observe, type PaceKey } from "../../src/pacing";
import { turnNow } from "../../src/pacing/send";
import { callKey, type PlatformName, paceKey } from "../../src/platform";
import { PLATFORMS } from "../../src/platforms";
import { pacersAhead, store } from "../helpers/alerts";
import { aroundFetch, type MockApis, refuseSharedToken } from "../helpers/mock-api";
import { addConfirmedCandidate, REVIEW_DISCORD, REVIEW_SLACK, reviewChannelsWorld, reviewEnv } from "../helpers/news";

const MINUTE = 60_000;
/** Cloudflare's block in front of Discord: its 1015 page, with Retry-After and none of Discord's X-RateLimit-* headers. */
const BLOCK_S = 900;

let apis: MockApis;
let testEnv: typeof env;

beforeEach(async () => {
  apis = await reviewChannelsWorld();
  testEnv = reviewEnv();
});

/**
 * The pacing key of a post beside the platform's review channel, with the token the cards are posted with:
 * on Slack a delivery's in the workspace that token was issued in, whose limits the cards count against too.
 */
const postKey = (platform: PlatformName): PaceKey => ({
  platform,
  token: platform === "discord" ? String(testEnv.DISCORD_BOT_TOKEN) : String(testEnv.SLACK_BOT_TOKEN),
  route: PLATFORMS[platform].paceRoute({ workspaceId: "", channelId: platform === "discord" ? REVIEW_DISCORD : REVIEW_SLACK }),
  account: platform === "slack" ? PLATFORMS.slack.paceAccount({ workspaceId: apis.slackTeam, channelId: "C0ALERTS" }) : undefined,
});

/** A delivery met Cloudflare's block on Discord and told the pacer. */
const discordBlocked = () => observe(testEnv, postKey("discord"), 429, new Headers({ "retry-after": String(BLOCK_S) }));

const candidate = (id: string) => new NewsStore(env.DB).candidate(id);
/** The card's next turn is due now (its wait after a turn that made no headway is over). */
const turnDue = () => env.DB.prepare("UPDATE news_candidates SET review_next_at = 0").run();
/**
 * Review ticks, each with the cards' turns due, until c1 is in both review channels: on a loaded machine a
 * post may miss its pacing slot, and its card waits for the next tick.
 */
async function untilPosted(ticks = 3) {
  for (let i = 0; i < ticks && (await candidate("c1"))?.reviewPostedMask !== 3; i++) {
    await turnDue();
    await postPendingReviews(testEnv);
  }
}

describe("review cards at the platforms' shared pacing", () => {
  it("Discord: no card is sent while the pacer knows of Cloudflare's block, and each goes out once it is over", async () => {
    await addConfirmedCandidate("c1", Date.now());
    await discordBlocked();
    const calls = apis.discordCalls;
    await postPendingReviews(testEnv);
    expect(apis.discordCalls, "requests sent into the block").toBe(calls);
    // Not posted, and not in doubt: nothing left, so the next turn posts it without looking first.
    expect(await candidate("c1")).toMatchObject({ reviewPostedMask: 2, reviewUnsureMask: 0 });
    await pacersAhead(BLOCK_S * 1000 + MINUTE);
    await untilPosted();
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
    expect((await candidate("c1"))?.reviewPostedMask).toBe(3);
  });

  it("Discord: a block whose Retry-After asks for decades holds the cards back a day at most", async () => {
    await addConfirmedCandidate("c1", Date.now());
    // An edge in front of Discord answers its 429 with "forever" (2^31 - 1 seconds, 68 years).
    await observe(testEnv, postKey("discord"), 429, new Headers({ "retry-after": "2147483647" }));
    const calls = apis.discordCalls;
    await postPendingReviews(testEnv);
    expect(apis.discordCalls, "requests sent into the block").toBe(calls);
    await pacersAhead(24 * 60 * MINUTE + MINUTE);
    await untilPosted();
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
  });

  it("Discord: a card answered with Cloudflare's page is told to the pacer, and the cards behind it wait", async () => {
    await addConfirmedCandidate("c1", Date.now() - 20_000);
    await addConfirmedCandidate("c2", Date.now() - 10_000);
    apis.scriptDiscord(REVIEW_DISCORD, { status: 429, html: true, headers: { "retry-after": String(BLOCK_S) } });
    const calls = apis.discordCalls;
    await postPendingReviews(testEnv);
    expect(apis.discordCalls - calls, "one request met the block, none followed it").toBe(1);
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(0);
  });

  it("Discord: a card in doubt is not looked for while the pacer knows of Cloudflare's block", async () => {
    await addConfirmedCandidate("c1", Date.now());
    // Its post's answer was lost ten minutes ago, past Discord's nonce: it is looked for in the channel.
    await env.DB.prepare("UPDATE news_candidates SET review_unsure = 1, review_tried_at = ?1 WHERE id = 'c1'")
      .bind(Date.now() - 10 * MINUTE)
      .run();
    await discordBlocked();
    const calls = apis.discordCalls;
    await postPendingReviews(testEnv);
    expect(apis.discordCalls, "requests sent into the block").toBe(calls);
    expect(await candidate("c1")).toMatchObject({ reviewUnsureMask: 1 });
  });

  it("Slack: no card is posted while the pacer holds chat.postMessage for Slack's 429", async () => {
    await addConfirmedCandidate("c1", Date.now());
    await observe(testEnv, postKey("slack"), 429, new Headers({ "retry-after": "120" }));
    await postPendingReviews(testEnv);
    expect(apis.slackMethods["chat.postMessage"] ?? 0).toBe(0);
    expect(await candidate("c1")).toMatchObject({ reviewPostedMask: 1, reviewUnsureMask: 0 });
  });

  it("Slack: a card refused for Slack's limit in the body of a 200 is told to the pacer as a 429, and the cards behind it wait", async () => {
    await addConfirmedCandidate("c1", Date.now() - 20_000);
    await addConfirmedCandidate("c2", Date.now() - 10_000);
    apis.scriptSlack(REVIEW_SLACK, { status: 200, body: { ok: false, error: "rate_limited" }, headers: { "retry-after": "60" } });
    await postPendingReviews(testEnv);
    expect(apis.slackMethods["chat.postMessage"], "one post met the limit, none followed it").toBe(1);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(0);
  });

  it("Slack: a card in doubt waits for the workspace's history turn, then is found, not posted again", async () => {
    await addConfirmedCandidate("c1", Date.now());
    // The post lands, its answer is lost.
    apis.scriptSlack(REVIEW_SLACK, { status: 200, storeThenDrop: true });
    await postPendingReviews(testEnv);
    expect((await candidate("c1"))?.reviewUnsureMask).toBe(2);
    // A minute on, a delivery's check has just taken the workspace's one history read of the minute.
    apis.clockOffset += MINUTE;
    await pacersAhead(MINUTE);
    await turnDue();
    expect(await turnNow(testEnv, callKey(postKey("slack"), "conversations.history"), () => true)).toBe(0);
    await postPendingReviews(testEnv);
    expect(apis.slackMethods["conversations.history"] ?? 0, "history read beside the delivery's").toBe(0);
    expect((await candidate("c1"))?.reviewUnsureMask).toBe(2);
    // Its turn comes after the delivery's minute (the pacer keeps a little under Slack's limit): the card is found there.
    apis.clockOffset += 2 * MINUTE;
    await pacersAhead(2 * MINUTE);
    await untilPosted();
    expect(apis.slackMethods["conversations.history"]).toBe(1);
    expect(await candidate("c1")).toMatchObject({ reviewPostedMask: 3, reviewUnsureMask: 0 });
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(1);
  });

  it("Slack: while Slack cannot say which workspace the token is of, no card goes out; once it can, the card goes out once", async () => {
    // A token this isolate has not asked about yet; Slack's auth.test answers its error page, then the workspace.
    testEnv = { ...testEnv, SLACK_BOT_TOKEN: `xoxb-review-${crypto.randomUUID()}` };
    let asked = 0;
    aroundFetch((url) => {
      if (!url.endsWith("/auth.test")) return undefined;
      asked++;
      return asked === 1
        ? new Response("<html><body>503 Service Unavailable</body></html>", {
            status: 503,
            headers: { "content-type": "text/html" },
          })
        : Response.json({ ok: true, team_id: apis.slackTeam, user_id: "U0BOT", bot_id: "B0BOT" });
    });
    await addConfirmedCandidate("c1", Date.now());
    await postPendingReviews(testEnv);
    expect(apis.slackMethods["chat.postMessage"] ?? 0, "cards posted without knowing whose limits they count against").toBe(0);
    // Not posted, and not in doubt: the next turn posts it without looking first.
    expect(await candidate("c1")).toMatchObject({ reviewPostedMask: 1, reviewUnsureMask: 0 });
    await untilPosted();
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(1);
    expect(asked, "auth.test asked again only after it failed").toBe(2);
  });

  it.each(["discord", "slack"] as const)("%s: no card is sent while a delivery has paused the platform", async (platform) => {
    await addConfirmedCandidate("c1", Date.now());
    // Paused for answers that are not the platform's own (an edge's 403 page, again and again): the pacer
    // has heard of no limit.
    await store().setPlatformState(
      platform,
      { pausedUntil: Date.now() + 10 * MINUTE, pauseReason: "403 (not the platform's answer)", authError: null, tokenHash: null },
      Date.now(),
    );
    const before = { discord: apis.discordCalls, slack: apis.slackCalls };
    await postPendingReviews(testEnv);
    const after = { discord: apis.discordCalls, slack: apis.slackCalls };
    expect(after[platform], "requests to the paused platform").toBe(before[platform]);
    const other = platform === "discord" ? "slack" : "discord";
    expect(after[other], "the other platform still gets its card").toBeGreaterThan(before[other]);
    // Once the pause is over, the card goes out.
    await store().setPlatformState(platform, { pausedUntil: 0, authError: null, tokenHash: null }, Date.now());
    await untilPosted();
    expect((await candidate("c1"))?.reviewPostedMask).toBe(3);
  });

  it.each(["discord", "slack"] as const)("%s: no card is redrawn while a delivery has paused the platform", async (platform) => {
    await addConfirmedCandidate("c1", Date.now());
    await untilPosted();
    // Dismissed from the command line: both cards are behind.
    expect((await new NewsStore(env.DB).decide("c1", "new", "dismissed", "cli", Date.now())).changed).toBe(true);
    await store().setPlatformState(
      platform,
      { pausedUntil: Date.now() + 10 * MINUTE, pauseReason: "403 (not the platform's answer)", authError: null, tokenHash: null },
      Date.now(),
    );
    const before = { discord: apis.discordCalls, slack: apis.slackCalls };
    await redrawReviewCards(testEnv);
    const after = { discord: apis.discordCalls, slack: apis.slackCalls };
    expect(after[platform], "requests to the paused platform").toBe(before[platform]);
    // Its card stays behind, to be redrawn once the pause is over.
    expect((await candidate("c1"))?.reviewRedrawMask).toBe(platform === "discord" ? 1 : 2);
    await store().setPlatformState(platform, { pausedUntil: 0, authError: null, tokenHash: null }, Date.now());
    for (let i = 0; i < 3 && (await candidate("c1"))?.reviewRedrawMask; i++) await redrawReviewCards(testEnv);
    expect((await candidate("c1"))?.reviewRedrawMask).toBe(0);
  });

  it("Slack: a card is redrawn at its workspace's pacing, which counts what the workspace's earlier token met", async () => {
    testEnv = reviewEnv({ REVIEW_SLACK_TEAM_ID: "T0REVIEW" });
    await addConfirmedCandidate("c1", Date.now());
    await untilPosted();
    expect((await candidate("c1"))?.reviewPostedMask).toBe(3);
    // Dismissed from the command line: both cards are behind.
    expect((await new NewsStore(env.DB).decide("c1", "new", "dismissed", "cli", Date.now())).changed).toBe(true);
    // Before a reinstall, the workspace's edits met Slack's limit under the token the app had then.
    const channel = { workspaceId: "T0REVIEW", channelId: REVIEW_SLACK };
    await observe(
      testEnv,
      paceKey(PLATFORMS.slack, channel, "xoxb-before-reinstall", "edit"),
      429,
      new Headers({ "retry-after": "120" }),
    );
    const updates = apis.slackMethods["chat.update"] ?? 0;
    await redrawReviewCards(testEnv);
    expect(apis.slackMethods["chat.update"] ?? 0, "edits sent into the workspace's limit").toBe(updates);
    expect((await candidate("c1"))?.reviewRedrawMask, "the Slack card still behind").toBe(2);
    // Once the limit's wait is over, the card is redrawn.
    apis.clockOffset += 2 * MINUTE;
    await pacersAhead(2 * MINUTE);
    for (let i = 0; i < 3 && (await candidate("c1"))?.reviewRedrawMask; i++) await redrawReviewCards(testEnv);
    expect((await candidate("c1"))?.reviewRedrawMask).toBe(0);
    expect(apis.slackMethods["chat.update"]).toBe(updates + 1);
  });

  it("Discord: no card is posted with the token deliveries found refused, however long ago, and one goes out with a new token", async () => {
    await addConfirmedCandidate("c1", Date.now());
    const refused = refuseSharedToken("discord");
    // Deliveries met the bot token refused (the app's token reset): they wait, parked, for a new one.
    await store().setPlatformState(
      "discord",
      { pausedUntil: 0, authError: "Discord 401", tokenHash: await tokenHash(String(testEnv.DISCORD_BOT_TOKEN)) },
      Date.now(),
    );
    // Hours of ticks, past the pacer's hold after a 401.
    for (let hour = 0; hour < 3; hour++) {
      await pacersAhead(61 * MINUTE);
      await turnDue();
      await postPendingReviews(testEnv);
    }
    expect(refused.calls, "requests with the refused token").toBe(0);
    expect((await candidate("c1"))?.reviewPostedMask).toBe(2);
    // The operator sets the new token: the card goes out with it.
    testEnv = { ...testEnv, DISCORD_BOT_TOKEN: "new-bot-token" };
    await untilPosted();
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
  });
});
