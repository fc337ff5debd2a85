// News candidates as the news round writes them, for tests that start from one already found.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { postPendingReviews, redrawReviewCards } from "../../src/news/review-post";
import { type Candidate, NewsStore, REVIEW_BITS } from "../../src/news/store";
import type { PlatformName } from "../../src/platform";
import { alertEnv, pacersAhead, recordingQueue } from "./alerts";
import { seedContent } from "./content";
import { type DiscordReply, send, slash } from "./discord";
import { MockApis } from "./mock-api";
import { MockFeeds } from "./mock-feeds";
import { sendSlackRaw } from "./slack";

/** One candidate, found in an English feed: "season 2 confirmed", as `id`, dated `at`. */
/** A candidate as the store reads it: an English headline found in a feed, not yet decided (`changes` over it). */
export const foundCandidate = (changes: Partial<Candidate> = {}): Candidate => ({
  id: "c0ffee0000",
  state: "new",
  title: "Season 2 casting confirmed",
  language: "en",
  outlet: "Wire",
  url: "https://news.example/story",
  publishedAt: Date.UTC(2026, 10, 30),
  foundAt: Date.UTC(2026, 10, 30),
  key: "k",
  edits: null,
  label: null,
  decidedBy: null,
  decidedAt: null,
  newsId: null,
  reviewPostedMask: 0,
  reviewUnsureMask: 0,
  reviewTriedAt: null,
  reviewLook: {},
  reviewMessages: {},
  reviewRedrawMask: 0,
  sourcesAdded: 0,
  ...changes,
});

/** One more outlet's report of the story `id`, in Korean, as a news round adds it (a link of its own per story). */
export const aSourceJoins = (id: string) =>
  new NewsStore(env.DB).addFound(
    [],
    [
      {
        url: `https://ko-wire.example/${id}`,
        candidateId: id,
        title: "넷플릭스 '중증외상센터' 시즌2 제작 확정",
        outlet: "Ko Wire",
        language: "ko",
        publishedAt: Date.now(),
      },
    ],
  );

/** A candidate found in the feeds; `story` gives it a headline and link of its own (two stories never share a link). */
export async function addConfirmedCandidate(
  id: string,
  at: number,
  story: { title: string; url: string } = { title: "The Trauma Code season 2 confirmed", url: "https://wire.example/1" },
): Promise<void> {
  await new NewsStore(env.DB).addFound(
    [
      {
        id,
        title: story.title,
        language: "en",
        outlet: "Wire",
        url: story.url,
        publishedAt: at,
        foundAt: at,
        key: "#season2 #confirmed",
      },
    ],
    [],
  );
}

/** No candidate, source or news round; the content seeded; Discord and Slack mocked afresh: returns the mocks. */
export async function reviewWorld(): Promise<MockApis> {
  await env.DB.batch(["news_sources", "news_candidates", "news_round"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  await seedContent();
  return new MockApis().install();
}

/** As reviewWorld, with no feed polled yet and the feeds mocked too: returns the mocks. */
export async function pollWorld(): Promise<{ apis: MockApis; feeds: MockFeeds }> {
  const apis = await reviewWorld();
  await env.DB.prepare("DELETE FROM feed_state").run();
  return { apis, feeds: new MockFeeds().install(apis) };
}

/** Every text of a rendered message (Discord's or Slack's JSON), as one string. */
export function textsOf(message: unknown): string {
  const all: string[] = [];
  JSON.stringify(message, (_key, value) => {
    if (typeof value === "string") all.push(value);
    return value;
  });
  return all.join("\n");
}

/** A Slack click on a review card's button, as the signed body Slack sends (block_actions). */
export function reviewClickBody({
  userId,
  actionId,
  channelId,
  messageTs,
}: {
  userId: string;
  actionId: string;
  channelId: string;
  messageTs?: string;
}): string {
  const payload = {
    type: "block_actions",
    team: { id: "T0001", domain: "fans" },
    user: { id: userId, username: "reviewer", name: "reviewer", team_id: "T0001" },
    api_app_id: "A1",
    token: "x",
    container: { type: "message", message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: "t1",
    channel: { id: channelId, name: "news-review" },
    response_url: "https://slack.mock/respond/T0001/1/abc",
    actions: [
      {
        block_id: "b1",
        action_ts: "1.3",
        type: "button",
        action_id: actionId,
        value: actionId,
        text: { type: "plain_text", text: "x" },
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The review channels of the review tests' env (REVIEW_DISCORD_CHANNEL_ID, REVIEW_SLACK_CHANNEL_ID). */
export const REVIEW_DISCORD = "900000000000000001";
export const REVIEW_SLACK = "C0REVIEW";

/** The env of a review test: both review channels set, `extra` over them, and a queue that records. */
export const reviewEnv = (extra: Record<string, unknown> = {}) =>
  alertEnv(recordingQueue(), { REVIEW_DISCORD_CHANNEL_ID: REVIEW_DISCORD, REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK, ...extra });

/** As reviewWorld, with the bot a member of the Slack review channel, as it is once it has read it. */
export async function reviewChannelsWorld(): Promise<MockApis> {
  const apis = await reviewWorld();
  apis.joined.add(REVIEW_SLACK);
  return apis;
}

/** The review cards in the platform's review channel, as the platform keeps them. */
export const reviewCards = (apis: MockApis, platform: PlatformName) =>
  platform === "discord" ? apis.discordIn(REVIEW_DISCORD) : apis.slackIn(REVIEW_SLACK);

/** Time passes for the platforms, the pacers and the review posts' recorded times; every card's next turn is due. */
export async function reviewTimePasses(apis: MockApis, ms: number) {
  apis.clockOffset += ms;
  await pacersAhead(ms);
  await env.DB.prepare("UPDATE news_candidates SET review_tried_at = review_tried_at - ?1, review_next_at = 0").bind(ms).run();
}

/** News rounds, each six minutes after the last (past Discord's nonce memory and Slack's history turn), each then a redraw round. */
export async function reviewTicks(apis: MockApis, testEnv: typeof env, n = 3) {
  for (let i = 0; i < n; i++) {
    await reviewTimePasses(apis, 6 * 60_000);
    await postPendingReviews(testEnv);
    await redrawReviewCards(testEnv);
  }
}

/** The reviewers the review tests name in REVIEWER_IDS: one on Discord, one on Slack. */
export const DISCORD_REVIEWER = "500000000000000077";
export const SLACK_REVIEWER = "U0REVIEWER";

/**
 * The candidate `id` found, and the first post of its card to the platform's review channel lands while its
 * answer is lost: the card is in the channel, recorded as in doubt. Returns the card's message id (Slack: ts).
 */
export async function postedAnswerLost(apis: MockApis, testEnv: typeof env, id: string, platform: PlatformName): Promise<string> {
  await addConfirmedCandidate(id, Date.now());
  if (platform === "discord") apis.scriptDiscord(REVIEW_DISCORD, { status: 200, storeThenDrop: true });
  else apis.scriptSlack(REVIEW_SLACK, { status: 200, storeThenDrop: true });
  await postPendingReviews(testEnv);
  expect(reviewCards(apis, platform)).toHaveLength(1);
  expect((await new NewsStore(env.DB).candidate(id))?.reviewUnsureMask).toBe(REVIEW_BITS[platform]);
  const card = reviewCards(apis, platform)[0];
  return (card && ("id" in card ? card.id : card.ts)) ?? "";
}

/**
 * DISCORD_REVIEWER's press on a Discord message of the review channel (the Edit form sent back, with
 * `values`), signed like Discord's. An answer that updates the message replaces it in the channel, as
 * Discord does: its components stand where the card's embed was.
 */
export async function pressOnDiscord(
  apis: MockApis,
  testEnv: typeof env,
  messageId: string,
  customId: string,
  values?: string[],
): Promise<DiscordReply> {
  const base = slash("x", [], {
    channel_id: REVIEW_DISCORD,
    member: { user: { id: DISCORD_REVIEWER, username: "reviewer" }, permissions: "0" },
  });
  const data = values
    ? {
        custom_id: customId,
        components: ["title_en", "summary_en", "ko", "id", "tl"].map((id, i) => ({
          type: 1,
          components: [{ type: 4, custom_id: id, value: values[i] ?? "" }],
        })),
      }
    : { custom_id: customId, component_type: 2 };
  const interaction = { ...base, type: values ? 5 : 3, message: { id: messageId, content: "", flags: 0 }, data };
  const response = await send(interaction, { env: testEnv as unknown as Record<string, unknown> });
  expect(response.status).toBe(200);
  const answer = (await response.json()) as DiscordReply;
  const message = apis.discord.find((m) => m.id === messageId);
  if (answer.type === 7 && message) message.body = answer.data as unknown as Record<string, unknown>;
  return answer;
}

/** SLACK_REVIEWER's click on a Slack message of the review channel, signed like Slack's. */
export async function pressOnSlack(testEnv: typeof env, messageTs: string, actionId: string, channelId = REVIEW_SLACK) {
  const body = reviewClickBody({ userId: SLACK_REVIEWER, actionId, channelId, messageTs });
  expect((await sendSlackRaw(body, { env: testEnv as unknown as Record<string, unknown> })).status).toBe(200);
}
