// Review cards whose post answer was lost: the next tick looks for them before posting again. A look
// that cannot tell now (a history read that failed for a moment) must not post the card a second time,
// nor may a re-send that Discord refused end the doubt about the first one.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { postPendingReviews } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import { aroundFetch, type MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, reviewWorld } from "../helpers/news";

const REVIEW_DISCORD = "900000000000000001";
const REVIEW_SLACK = "C0REVIEW";

let apis: MockApis;

beforeEach(async () => {
  apis = await reviewWorld();
});

/** Time passes for the platforms and for the post's recorded time (the bot's clock is compared with it). */
async function timePasses(ms: number) {
  apis.clockOffset += ms;
  await env.DB.prepare("UPDATE news_candidates SET review_tried_at = review_tried_at - ?1").bind(ms).run();
}

/** The next GET of a Discord channel's messages answers with this status (a gateway's error), once. */
function failNextDiscordListing(status: number) {
  let failed = false;
  aroundFetch((url, init) => {
    if (!failed && (init?.method ?? "GET") === "GET" && url.startsWith("https://discord.mock/") && url.includes("/messages?")) {
      failed = true;
      return new Response(JSON.stringify({ message: "upstream", code: 0 }), {
        status,
        headers: { "content-type": "application/json" },
      });
    }
    return undefined;
  });
}

describe("a review card in doubt", () => {
  it("Slack: a history read that fails once (503) does not post the card that landed a second time", async () => {
    const testEnv = alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK });
    apis.joined.add(REVIEW_SLACK);
    await addConfirmedCandidate("c1", Date.now());
    // The post lands, its answer is lost.
    apis.scriptSlack(REVIEW_SLACK, { status: 200, storeThenDrop: true });
    await postPendingReviews(testEnv);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(1);
    expect((await new NewsStore(env.DB).candidate("c1"))?.reviewUnsureMask).toBe(2);
    // A minute on, Slack's history answers a server error once: the look cannot tell.
    await timePasses(61_000);
    apis.scriptSlackHistory(REVIEW_SLACK, { status: 503, body: { ok: false, error: "service_unavailable" } });
    await postPendingReviews(testEnv);
    // Then it reads well again.
    for (let i = 0; i < 3; i++) {
      await timePasses(61_000);
      await postPendingReviews(testEnv);
    }
    expect(apis.slackIn(REVIEW_SLACK).length, "review cards of c1 in the Slack review channel").toBe(1);
  });

  it("Discord: a listing that fails once (502) past the nonce window does not post the card that landed a second time", async () => {
    const testEnv = alertEnv(recordingQueue(), { REVIEW_DISCORD_CHANNEL_ID: REVIEW_DISCORD });
    await addConfirmedCandidate("c1", Date.now());
    apis.scriptDiscord(REVIEW_DISCORD, { status: 200, storeThenDrop: true });
    await postPendingReviews(testEnv);
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
    expect((await new NewsStore(env.DB).candidate("c1"))?.reviewUnsureMask).toBe(1);
    // The next tick comes late (past Discord's nonce memory), and the listing answers a gateway error.
    await timePasses(5 * 60_000);
    failNextDiscordListing(502);
    await postPendingReviews(testEnv);
    for (let i = 0; i < 3; i++) {
      await timePasses(60_000);
      await postPendingReviews(testEnv);
    }
    expect(apis.discordIn(REVIEW_DISCORD).length, "review cards of c1 in the Discord review channel").toBe(1);
  });

  it("Discord: a re-send inside the nonce window that Discord refuses (429) leaves the first post in doubt", async () => {
    const testEnv = alertEnv(recordingQueue(), { REVIEW_DISCORD_CHANNEL_ID: REVIEW_DISCORD });
    await addConfirmedCandidate("c1", Date.now());
    let now = Date.now();
    apis.scriptDiscord(REVIEW_DISCORD, { status: 200, storeThenDrop: true });
    await postPendingReviews(testEnv, now);
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
    // A minute on, inside Discord's nonce memory, the card is sent again (its nonce would drop a second
    // copy), and Discord refuses that request for its rate limit: this says nothing of the first post.
    await timePasses(60_000);
    now += 60_000;
    apis.scriptDiscord(REVIEW_DISCORD, {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 1.5, global: false },
      headers: { "retry-after": "2", "x-ratelimit-remaining": "0", "x-ratelimit-reset-after": "1.5", "x-ratelimit-bucket": "b" },
    });
    const sent = apis.discordCalls;
    await postPendingReviews(testEnv, now);
    expect(apis.discordCalls, "the card was sent again").toBeGreaterThan(sent);
    expect((await new NewsStore(env.DB).candidate("c1"))?.reviewUnsureMask, "still in doubt").toBe(1);
    // Later turns come past the nonce memory: the look finds the first post.
    for (let i = 0; i < 3; i++) {
      await timePasses(61 * 60_000);
      now += 61 * 60_000;
      await postPendingReviews(testEnv, now);
    }
    expect(apis.discordIn(REVIEW_DISCORD).length, "review cards of c1 in the Discord review channel").toBe(1);
    expect((await new NewsStore(env.DB).candidate("c1"))?.reviewPostedMask).toBe(1);
  });

  it("/health shows the review cards still to go out, and those in doubt, until the card is found", async () => {
    const testEnv = alertEnv(recordingQueue(), { REVIEW_DISCORD_CHANNEL_ID: REVIEW_DISCORD });
    const found = Date.now() - 3_600_000;
    await addConfirmedCandidate("c1", found);
    expect(await reviewBacklog(testEnv)).toEqual({ waiting: 1, inDoubt: 0, oldestFound: new Date(found).toISOString() });
    apis.scriptDiscord(REVIEW_DISCORD, { status: 200, storeThenDrop: true });
    await postPendingReviews(testEnv);
    expect(await reviewBacklog(testEnv)).toMatchObject({ waiting: 1, inDoubt: 1 });
    // Past the nonce window, the look finds the card: nothing waits.
    await timePasses(5 * 60_000);
    await postPendingReviews(testEnv, Date.now() + 61 * 60_000);
    expect(await reviewBacklog(testEnv)).toEqual({ waiting: 0, inDoubt: 0, oldestFound: null });
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
    // Without a review channel there is no backlog to show.
    expect(await reviewBacklog(alertEnv(recordingQueue()))).toBeNull();
  });
});

/** /health's review backlog (news.review). */
async function reviewBacklog(testEnv: typeof env): Promise<unknown> {
  const response = await worker.fetch(new Request("https://bot.test/health"), testEnv, createExecutionContext());
  return ((await response.json()) as { news: { review: unknown } }).news.review;
}
