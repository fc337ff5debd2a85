// A candidate's review card goes to both review channels. A decision made on one platform redraws that
// card in its answer; the next news round edits every card, so a reviewer on the other platform no longer
// sees live buttons for a story already decided, nor one whose answer did not reach the card pressed. An
// edit posts nothing, and one that fails leaves the decision as it was and is tried again.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { newsIdOf } from "../../src/news/publish";
import { applyReview } from "../../src/news/review";
import { postPendingReviews, REDRAWS_PER_TICK, redrawReviewCards } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import { publishedNews } from "../../src/topics/renewal";
import { alertEnv, type RecordingQueue, recordingQueue, resetPacers, runQueue } from "../helpers/alerts";
import { send, slash } from "../helpers/discord";
import { aroundFetch, type MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, aSourceJoins, reviewClickBody, reviewWorld } from "../helpers/news";
import { sendSlackRaw } from "../helpers/slack";

const REVIEW_DISCORD = "900000000000000001";
const REVIEW_SLACK = "C0REVIEW";
const DISCORD_REVIEWER = "700000000000000001";
const SLACK_REVIEWER = "U0REVIEWER";
const ID = "c0ffee0001";

let apis: MockApis;
let testEnv: typeof env;
let queue: RecordingQueue;

beforeEach(async () => {
  apis = await reviewWorld();
  await resetPacers();
  apis.joined.add(REVIEW_SLACK);
  queue = recordingQueue();
  testEnv = alertEnv(queue, {
    REVIEW_DISCORD_CHANNEL_ID: REVIEW_DISCORD,
    REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK,
    REVIEWER_IDS: `${DISCORD_REVIEWER},${SLACK_REVIEWER}`,
    // The Slack app is built once per isolate with the env of its first request (keyed by token and API
    // base): a base of its own gives these tests an app that sees their reviewers.
    SLACK_API_BASE: "https://slack.mock/api/",
  });
  await addConfirmedCandidate(ID, Date.now());
  await postPendingReviews(testEnv);
});

/**
 * A press on the Discord review card, signed like Discord's. Discord updates the card with an answer that
 * replaces it (type 7), as Components V2: so does this, to the card the mock keeps.
 */
async function pressOnDiscord(verb: string, { answerTaken = true } = {}) {
  const interaction = {
    ...slash("x", [], {
      channel_id: REVIEW_DISCORD,
      member: { user: { id: DISCORD_REVIEWER, username: "reviewer" }, permissions: "0" },
    }),
    type: 3,
    message: { id: apis.discordIn(REVIEW_DISCORD)[0]?.id, content: "" },
    data: { custom_id: `nr-${verb}:${ID}:en`, component_type: 2 },
  };
  const response = await send(interaction, { env: testEnv as unknown as Record<string, unknown> });
  expect(response.status).toBe(200);
  const answer = (await response.json()) as { type: number; data: Record<string, unknown> };
  const card = discordCard();
  if (answerTaken && answer.type === 7 && card) card.body = { ...card.body, ...answer.data };
  return answer;
}

/** A press on the Slack review card, signed like Slack's. */
async function pressOnSlack(verb: string) {
  const body = reviewClickBody({
    userId: SLACK_REVIEWER,
    actionId: `nr-${verb}:${ID}:en`,
    channelId: REVIEW_SLACK,
    messageTs: apis.slackIn(REVIEW_SLACK)[0]?.ts,
  });
  expect((await sendSlackRaw(body, { env: testEnv as unknown as Record<string, unknown> })).status).toBe(200);
}

/**
 * Redraw rounds until the candidate (`id`) has no card left to redraw, or `rounds` have run: a redraw that missed
 * its pacing slot on a loaded machine waits for the next round, as it would for the next news round.
 */
async function redrawRounds(rounds = 5, id = ID) {
  for (let i = 0; i < rounds; i++) {
    await redrawReviewCards(testEnv);
    if (!(await new NewsStore(env.DB).candidate(id))?.reviewRedrawMask) return;
  }
}

/**
 * The redraw jobs the presses sent, run as the queue runs them (with a batch's retries when a loaded machine
 * missed a pacing slot, as redrawRounds does), and no news round. Returns how many jobs were sent.
 */
async function runRedrawJobs(rounds = 5) {
  const jobs = queue.redraws.splice(0).map((m) => m.body);
  for (let i = 0; i < rounds && jobs.length; i++) {
    await runQueue(testEnv, jobs);
    if (!(await new NewsStore(env.DB).candidate(ID))?.reviewRedrawMask) break;
  }
  return jobs.length;
}

const discordCard = () => apis.discordIn(REVIEW_DISCORD)[0];
const slackCard = () => apis.slackIn(REVIEW_SLACK)[0];
/** The reviewers' buttons a card shows now, by verb. */
const buttons = (rendered: unknown) =>
  [...JSON.stringify(rendered ?? []).matchAll(/"(?:custom_id|action_id)":"(nr-[a-z]+)/g)].map((m) => m[1]);
const discordButtons = () => buttons(discordCard()?.body.components);
const slackButtons = () => buttons(slackCard()?.body.blocks);

/**
 * Runs `run` with its first request to Slack's `method` held on its way; once it is held, `meanwhile` runs,
 * then the request goes on and `run` finishes.
 */
async function whileSlackHeld(method: string, run: () => Promise<unknown>, meanwhile: () => Promise<unknown>) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = false;
  aroundFetch(async (url, _init, next) => {
    if (held || !url.endsWith(`/${method}`)) return undefined;
    held = true;
    await released;
    return next();
  });
  const running = run();
  await vi.waitFor(() => expect(held).toBe(true), { timeout: 10_000 });
  await meanwhile();
  release();
  await running;
}

describe("a review decision on one platform", () => {
  it("redraws the Slack card after a Publish pressed on Discord, editing it and posting nothing", async () => {
    expect(slackButtons()).toContain("nr-report");
    await pressOnDiscord("report");
    await redrawRounds();
    expect(JSON.stringify(slackCard()?.body.blocks)).toContain("Published as *report* by a reviewer on Discord.");
    expect(slackButtons()).toEqual(["nr-withdraw"]);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(1);
    expect(await redrawReviewCards(testEnv), "nothing left to redraw").toBe(0);
  });

  it("redraws the card pressed too, whose answer Discord may not have taken (one sent after its 3 seconds)", async () => {
    await pressOnDiscord("dismiss", { answerTaken: false });
    expect(discordButtons()).toContain("nr-dismiss");
    await redrawRounds();
    expect(JSON.stringify(discordCard()?.body)).toContain("Dismissed by <@700000000000000001>.");
    expect(discordButtons()).toEqual([]);
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
  });

  it("redraws the Discord card after a Dismiss pressed on Slack, its buttons gone", async () => {
    expect(discordButtons()).toContain("nr-dismiss");
    await pressOnSlack("dismiss");
    await redrawRounds();
    expect(JSON.stringify(discordCard()?.body)).toContain("Dismissed by a reviewer on Slack.");
    expect(discordButtons()).toEqual([]);
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
  });

  it("redraws the other platform's card at once, through a job on the queue, with no news round", async () => {
    await pressOnDiscord("report");
    expect(await runRedrawJobs(), "the press sent one redraw job").toBe(1);
    expect(JSON.stringify(slackCard()?.body.blocks)).toContain("Published as *report* by a reviewer on Discord.");
    expect(slackButtons()).toEqual(["nr-withdraw"]);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(1);

    await pressOnSlack("withdraw");
    expect(await runRedrawJobs()).toBe(1);
    expect(JSON.stringify(discordCard()?.body)).toContain("Withdrawn by a reviewer on Slack.");
    expect(discordButtons()).toEqual([]);
  });

  it("redraws a card again when a news round's older edit lands after the redraw job's newer one", async () => {
    await pressOnDiscord("report");
    // The news round reads the candidate published, and its edit of the Slack card is slow to arrive.
    await whileSlackHeld(
      "chat.update",
      () => redrawReviewCards(testEnv),
      async () => {
        // Meanwhile the item is withdrawn on Discord, and the redraw job draws the Slack card so.
        await pressOnDiscord("withdraw");
        await runRedrawJobs();
        expect(JSON.stringify(slackCard()?.body.blocks)).toContain("Withdrawn by a reviewer on Discord.");
      },
    );
    // The round's edit drew the card as published again: a later round draws it as it stands.
    await redrawRounds();
    expect(JSON.stringify(slackCard()?.body.blocks)).toContain("Withdrawn by a reviewer on Discord.");
    expect(slackButtons()).toEqual([]);
  });

  it("redraws a card again when a source joins its story while its edit is on the way", async () => {
    await applyReview(testEnv, "edit", ID, "cli", { values: ["Netflix renews the show", "Season 2 is confirmed."] });
    // The Slack card's edit was drawn before the Korean report joined the story: it does not list it.
    await whileSlackHeld(
      "chat.update",
      () => redrawReviewCards(testEnv),
      () => aSourceJoins(ID),
    );
    await redrawRounds();
    expect(JSON.stringify(slackCard()?.body.blocks)).toContain(`ko-wire.example/${ID}`);
    expect(JSON.stringify(discordCard()?.body)).toContain(`ko-wire.example/${ID}`);
  });

  it("redraws a card that was on its way to the channel when a source joined its story", async () => {
    const later = "c0ffee0002";
    await addConfirmedCandidate(later, Date.now(), { title: "Season 2 filming begins", url: "https://wire.example/2" });
    await whileSlackHeld(
      "chat.postMessage",
      () => postPendingReviews(testEnv),
      () => aSourceJoins(later),
    );
    await redrawRounds(5, later);
    const card = apis.slackIn(REVIEW_SLACK).find((m) => JSON.stringify(m.body).includes("Season 2 filming begins"));
    expect(JSON.stringify(card?.body.blocks)).toContain(`ko-wire.example/${later}`);
  });

  const published = async () => (await publishedNews(env)).map((n) => n.id).includes(newsIdOf({ id: ID }));

  it("refuses a Publish pressed on a Discord card drawn before a source joined its story, and publishes once the card shows it", async () => {
    await aSourceJoins(ID);
    const refused = await pressOnDiscord("report");
    expect(refused.type, "a private answer, the card left as it is").toBe(4);
    expect(JSON.stringify(refused.data)).toContain("A source joined this story after this card was drawn");
    expect(await published()).toBe(false);
    expect((await new NewsStore(env.DB).candidate(ID))?.state).toBe("new");
    expect(await runRedrawJobs(), "the refused press sent a redraw job").toBe(1);
    expect(JSON.stringify(discordCard()?.body)).toContain(`ko-wire.example/${ID}`);
    const answer = await pressOnDiscord("report");
    expect(answer.type).toBe(7);
    expect(await published()).toBe(true);
  });

  it("refuses a Publish pressed on a Slack card drawn before a source joined its story, and publishes once the card shows it", async () => {
    await aSourceJoins(ID);
    await pressOnSlack("report");
    const answer = apis.responses.at(-1)?.body;
    expect(JSON.stringify(answer)).toContain("A source joined this story after this card was drawn");
    expect(answer?.replace_original, "a private answer, the card left as it is").not.toBe(true);
    expect(await published()).toBe(false);
    await runRedrawJobs();
    expect(JSON.stringify(slackCard()?.body.blocks)).toContain(`ko-wire.example/${ID}`);
    await pressOnSlack("report");
    expect(await published()).toBe(true);
  });

  it("publishes from the command line, which shows every source, whatever the cards show", async () => {
    await aSourceJoins(ID);
    expect((await applyReview(testEnv, "report", ID, "cli")).ok).toBe(true);
    expect(await published()).toBe(true);
  });

  it("publishes nothing when a source joins between a press's reading of the story and its decision", async () => {
    const store = new NewsStore(env.DB);
    const read = await store.candidate(ID);
    await aSourceJoins(ID);
    const decision = await store.decide(ID, "new", "published", DISCORD_REVIEWER, Date.now(), {
      label: "report",
      newsId: newsIdOf({ id: ID }),
      edits: null,
      sourcesAdded: read?.sourcesAdded ?? 0,
    });
    expect(decision.changed).toBe(false);
    expect(decision.candidate?.state).toBe("new");
  });

  it("sends no redraw job for a press that changed nothing", async () => {
    await pressOnSlack("dismiss");
    expect(queue.redraws.splice(0)).toHaveLength(1);
    await pressOnDiscord("dismiss", { answerTaken: false });
    expect(queue.redraws, "the card pressed is redrawn by the press's answer, or the news round").toHaveLength(0);
  });

  it("made from the command line redraws both cards", async () => {
    await applyReview(testEnv, "rumor", ID, "cli");
    await redrawRounds();
    expect(discordButtons()).toEqual(["nr-withdraw"]);
    expect(slackButtons()).toEqual(["nr-withdraw"]);
  });

  it("redraws both cards with wording saved from the command line", async () => {
    await applyReview(testEnv, "edit", ID, "cli", { values: ["Netflix renews the show", "Season 2 is confirmed."] });
    await redrawRounds();
    expect(JSON.stringify(discordCard()?.body)).toContain("Netflix renews the show");
    expect(JSON.stringify(slackCard()?.body.blocks)).toContain("Netflix renews the show");
    expect(slackButtons()).toContain("nr-report");
  });

  it("leaves the Publish buttons of a press that died before publishing, which finish it", async () => {
    // The press's state change went through, then its invocation died: nothing is published yet.
    await new NewsStore(env.DB).decide(ID, "new", "published", DISCORD_REVIEWER, Date.now(), {
      label: "report",
      newsId: newsIdOf({ id: ID }),
      edits: null,
    });
    await redrawRounds();
    expect(discordButtons()).toContain("nr-report");
    expect(slackButtons()).toContain("nr-report");
    await pressOnSlack("report");
    expect((await publishedNews(env)).map((n) => n.id)).toContain(newsIdOf({ id: ID }));
    await redrawRounds();
    expect(discordButtons()).toEqual(["nr-withdraw"]);
    expect(slackButtons()).toEqual(["nr-withdraw"]);
  });

  it("leaves the Withdraw buttons of a press that died before withdrawing, which finish it", async () => {
    await applyReview(testEnv, "report", ID, "cli");
    await redrawRounds();
    // The press's state change went through, then its invocation died: the item is still published.
    await new NewsStore(env.DB).decide(ID, "published", "withdrawn", SLACK_REVIEWER, Date.now());
    await redrawRounds();
    expect(discordButtons()).toEqual(["nr-withdraw"]);
    expect(slackButtons()).toEqual(["nr-withdraw"]);
    await pressOnDiscord("withdraw");
    expect((await publishedNews(env)).map((n) => n.id)).not.toContain(newsIdOf({ id: ID }));
    await redrawRounds();
    expect(discordButtons()).toEqual([]);
    expect(slackButtons()).toEqual([]);
  });

  it("reaches a card behind more cards than a round redraws, which wait on a press that died", async () => {
    // Earlier stories whose Publish press died before publishing: their cards wait, with their buttons, for a
    // press that finishes them, and are read at every round. More of them than a round takes stay in line.
    const store = new NewsStore(env.DB);
    for (let i = 0; i <= REDRAWS_PER_TICK; i++) {
      const id = `dead00000${i}`;
      await addConfirmedCandidate(id, Date.now() - 60_000);
      await store.decide(id, "new", "published", DISCORD_REVIEWER, Date.now() - 60_000, {
        label: "report",
        newsId: newsIdOf({ id }),
        edits: null,
      });
      await env.DB.prepare("UPDATE news_candidates SET review_redraw = 3 WHERE id = ?").bind(id).run();
    }
    await pressOnSlack("dismiss");
    await redrawRounds(REDRAWS_PER_TICK + 3);
    expect(JSON.stringify(discordCard()?.body)).toContain("Dismissed by a reviewer on Slack.");
  });

  it("keeps the decision when the edit fails, and edits the card at a later round", async () => {
    await pressOnDiscord("official");
    apis.scriptSlack(REVIEW_SLACK, { status: 503, body: { ok: false, error: "service_unavailable" } });
    await redrawReviewCards(testEnv);
    expect((await new NewsStore(env.DB).candidate(ID))?.state).toBe("published");
    expect(slackButtons()).toContain("nr-official");
    await redrawRounds();
    expect(slackButtons()).toEqual(["nr-withdraw"]);
    expect(apis.slackMethods["chat.update"], "the failed edit, then the one that went through").toBe(2);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(1);
  });

  it("redraws a card as the candidate stands when it changed again before the round, the Discord card a press made Components V2 included", async () => {
    await pressOnDiscord("report");
    expect(Number(discordCard()?.body.flags) & (1 << 15), "the press's answer made the card Components V2").toBeTruthy();
    await pressOnSlack("withdraw");
    await redrawRounds();
    expect(JSON.stringify(discordCard()?.body)).toContain("Withdrawn by a reviewer on Slack.");
    expect(discordButtons()).toEqual([]);
  });

  it("redraws a Components V2 card in plain text when Discord refuses the drawn forms, its flag kept", async () => {
    await pressOnDiscord("report");
    await pressOnSlack("withdraw");
    const refused = { status: 400, body: { code: 50035, message: "Invalid Form Body" } };
    // The card, then its brief form: refused as a form Discord will not take.
    apis.scriptDiscord(REVIEW_DISCORD, refused, refused);
    await redrawRounds();
    const card = discordCard()?.body;
    expect(Number(card?.flags) & (1 << 15), "the card is still Components V2").toBeTruthy();
    expect(card?.content ?? undefined).toBeUndefined();
    expect(JSON.stringify(card?.components)).toContain("Withdrawn by a reviewer on Slack.");
    expect(discordButtons()).toEqual([]);
    expect(apis.discordIn(REVIEW_DISCORD)).toHaveLength(1);
  });
});
