// Posting candidates to the review channel(s), once each, through the platforms' post (the same call
// delivery uses, with its nonce or metadata key). A failed post is tried again at the card's next turn
// (NewsStore.reviewLater); one whose answer was lost is first looked for, as a delivery's is
// (Platform.findPosted). A card a decision made elsewhere left behind is redrawn through the platforms'
// edit (redrawReviewCards), which posts nothing. Every request takes its turn at the token's shared
// pacing and tells the pacer its answer, as a delivery's does, and none is made while the platform is paused.
import { Budget, countedD1, part } from "../delivery/budget";
import { DeliveryStore, stillRefused, tokenHash } from "../delivery/store";
import type { Env } from "../env";
import { logError, logEvent } from "../log";
import { limitHeaders, observe, type PaceKey } from "../pacing";
import { oneMoreSlot, turnNow } from "../pacing/send";
import { type Channel, callKey, isGone, isRefused, type Lookup, lacksScope, paceKey } from "../platform";
import { PLATFORM_NAMES, type PlatformName } from "../platform-name";
import { BudgetSpent, mayHavePosted, type Outcome, type Subrequests } from "../platform-outcome";
import { PLATFORMS } from "../platforms";
import type { Reply } from "../reply";
import { newsStanding } from "../topics/renewal";
import { newsIdOf } from "./publish";
import { REVIEWS_PER_TICK, reviewCard, reviewCardBrief } from "./review";
import { type Candidate, NewsStore, newRound, REVIEW_BITS, type ReviewTurn } from "./store";

/** The review channel of each platform that has one. */
function reviewChannels(env: Env): { platform: PlatformName; channelId: string }[] {
  const channels: { platform: PlatformName; channelId: string }[] = [];
  if (env.REVIEW_DISCORD_CHANNEL_ID) channels.push({ platform: "discord", channelId: env.REVIEW_DISCORD_CHANNEL_ID });
  if (env.REVIEW_SLACK_CHANNEL_ID) channels.push({ platform: "slack", channelId: env.REVIEW_SLACK_CHANNEL_ID });
  return channels;
}

/** The platforms of `targets` as bits of news_candidates.review_posted and review_unsure. */
const reviewMask = (targets: { platform: PlatformName }[]): number =>
  targets.reduce((bits, t) => bits | REVIEW_BITS[t.platform], 0);

/** Review cards still to go out, for /health; null when no review channel is set. */
export async function reviewHealth(env: Env): Promise<{ waiting: number; inDoubt: number; oldestFound: string | null } | null> {
  const targets = reviewChannels(env);
  if (!targets.length) return null;
  const mask = reviewMask(targets);
  const { waiting, inDoubt, oldestFoundAt } = await new NewsStore(env.DB).reviewBacklog(mask);
  return { waiting, inDoubt, oldestFound: oldestFoundAt === null ? null : new Date(oldestFoundAt).toISOString() };
}

/**
 * The review round's own queries: the candidates read before and after taking the round, the round taken
 * and left, the platforms' pauses read.
 */
export const ROUND_QUERIES = 5;
/** A candidate's own queries: its sources read, its next turn written. */
export const CANDIDATE_QUERIES = 2;
/** Requests a look may make: a page of the channel, and a join or a publish. */
const LOOK_CALLS = 2;
/** Posts of one card: in full, in brief, in brief as plain text. */
const POST_CALLS = 3;
/**
 * What one request costs at the token's shared pacing: its slot, the request, and a report of its answer
 * to the pacer. A look on Slack takes its history read's turn instead of that read's slot.
 */
const PACED_CALLS = 3;
/**
 * The most one card's turn on one platform may cost: the token (a D1 read, and Slack's auth.test once),
 * where the card is in doubt the look's requests and what it writes, the post marked as maybe landing, its
 * posts, and what it ended as. A candidate decided meanwhile is only looked for (`decided`): its turn makes
 * no post, and ends with its doubt cleared.
 */
export const turnCalls = (inDoubt: boolean, decided = false): number =>
  2 + (inDoubt ? PACED_CALLS * LOOK_CALLS + 1 : 0) + (decided ? 0 : 1 + PACED_CALLS * POST_CALLS) + 1;
/** The most any card's turn on one platform may cost. */
export const TURN_CALLS = turnCalls(true);
/** The longest a post, a look's request or a redraw waits for its pacing slot; past it, the card waits for its next turn. */
const PACE_WAIT_MS = 10_000;

/**
 * Posts candidates not yet in the review channel(s); returns how many posts were made. Only while it
 * holds the news round (migrations/0007_news_round.sql): two ticks posting at once would each post the
 * same candidates, and Slack keeps no nonce to drop the second. Every query and request is counted in
 * `budget` (the invocation's, shared with the feeds' poll): a card whose turn no longer fits waits for
 * the next tick, first in line.
 */
export async function postPendingReviews(env: Env, now = Date.now(), budget = new Budget()): Promise<number> {
  const targets = reviewChannels(env);
  if (!targets.length) return 0;
  if (budget.left < ROUND_QUERIES + CANDIDATE_QUERIES + turnCalls(false)) return 0;
  const store = new NewsStore(countedD1(env.DB, budget));
  const mask = reviewMask(targets);
  if (!(await store.unposted(mask, 1, now)).length) return 0;
  const round = newRound(now);
  if (!(await store.takeRound(round, now))) {
    logEvent("news.review_post", { outcome: "busy" });
    return 0;
  }
  try {
    // Read again now that the round is held: a tick that held it until a moment ago may have posted some.
    const pending = await store.unposted(mask, REVIEWS_PER_TICK, now);
    const held = await heldBack(countedD1(env.DB, budget));
    return await postEach(env, store, targets, pending, { now, budget, held });
  } finally {
    await store.leaveRound(round).catch((error: unknown) => logError("news.review_leave", error, {}));
  }
}

async function postEach(
  env: Env,
  store: NewsStore,
  targets: { platform: PlatformName; channelId: string }[],
  pending: Candidate[],
  { now, budget, held }: { now: number; budget: Budget; held: HeldBack },
): Promise<number> {
  // What leaving the round costs stays in the budget.
  const fits = (calls: number) => budget.left >= calls + 1;
  let posted = 0;
  for (const candidate of pending) {
    // A candidate decided meanwhile gets no card: only one whose post may have landed is looked for.
    const toGo = targets.filter(({ platform }) =>
      candidate.state === "new" ? (candidate.reviewPostedMask & REVIEW_BITS[platform]) === 0 : inDoubtAt(candidate, platform),
    );
    const turnOn = (platform: PlatformName) => turnCalls(inDoubtAt(candidate, platform), candidate.state !== "new");
    if (!fits(CANDIDATE_QUERIES + Math.min(...toGo.map(({ platform }) => turnOn(platform))))) break;
    // The card as it was posted: before any decision.
    const drawn = asPosted(candidate);
    const reply = reviewCard(drawn, await store.sources(candidate.id));
    const brief = reviewCardBrief(drawn);
    // How its turns that left it still to go out went: the least headway of them.
    let later: ReviewTurn | undefined;
    for (const { platform, channelId } of toGo) {
      // A turn that no longer fits, or on a paused platform, is not taken: the card waits, as one that made no headway does.
      const paused = held.paused(platform);
      if (paused) logEvent("news.review_post", { candidate: candidate.id, platform, outcome: "paused" });
      const turn =
        !paused && fits(1 + turnOn(platform))
          ? await postTo(env, store, candidate, platform, channelId, { reply, brief, drawn }, { budget, held })
          : "stalled";
      if (turn === "posted") posted++;
      else if (turn !== "done") later = leastHeadway(later, TURN_OF[turn]);
    }
    // Still to go out somewhere: it waits for its next turn, and the candidates behind it get theirs.
    if (later) await store.reviewLater(candidate.id, now, later);
  }
  return posted;
}

/** The candidate's card on the platform may have landed unanswered: it is looked for before anything is posted. */
const inDoubtAt = (candidate: Candidate, platform: PlatformName): boolean =>
  (candidate.reviewUnsureMask & REVIEW_BITS[platform]) !== 0;

/**
 * A candidate as its card was posted: undecided. A card whose post landed unanswered is found by what it
 * showed then (Discord's look matches its title or text), and once found, it is behind the decision and
 * redrawn.
 */
const asPosted = (candidate: Candidate): Candidate =>
  candidate.state === "new" ? candidate : { ...candidate, state: "new", label: null, decidedBy: null, decidedAt: null };

/** A turn that left the card still to go out, as its next turn's wait counts it (NewsStore.reviewLater). */
const TURN_OF = { looking: "headway", waiting: "waited", stalled: "stalled" } as const satisfies Record<string, ReviewTurn>;
/** From most headway to least. */
const HEADWAY: readonly ReviewTurn[] = ["headway", "waited", "stalled"];
/** Of a card's turns so far and this one, the one with the least headway: the card waits as its slowest platform asks. */
const leastHeadway = (so: ReviewTurn | undefined, turn: ReviewTurn): ReviewTurn =>
  so !== undefined && HEADWAY.indexOf(so) > HEADWAY.indexOf(turn) ? so : turn;

/** Where deliveries wait (platform_state): a platform paused, and a token refused. */
interface HeldBack {
  paused(platform: PlatformName): boolean;
  refused(platform: PlatformName, token: string): Promise<boolean>;
}

/**
 * What deliveries recorded of each platform (platform_state), as read now: a platform paused, or the
 * token deliveries found refused, gets no card and no redraw either. The pacer does not hear of every
 * pause (answers that are not the platform's own, again and again) and holds a refused token for an hour
 * only, and each request would be one more refused there, on Discord one more toward its invalid-request ban.
 */
async function heldBack(db: D1Database): Promise<HeldBack> {
  const states = await new DeliveryStore(db).platformStates();
  return {
    paused: (platform) => (states.get(platform)?.pausedUntil ?? 0) > Date.now(),
    refused: async (platform, token) => {
      const state = states.get(platform);
      return state?.authError != null && stillRefused(state, await tokenHash(token));
    },
  };
}

/** Where a card was posted (or found), drawn from `drawn`, for NewsStore.markPosted; undefined without its id. */
const cardAt = (channelId: string, messageId: string | null, drawn: Candidate) =>
  messageId ? { message: { channelId, messageId }, drawn } : undefined;

/**
 * A card that may be an earlier post's (one a look found, or the one Discord answers a post sent again
 * with), drawn when that post left from the candidate as it was then: a source may have joined since, and
 * whether one did is not known. Recorded as drawn before any joined, it is redrawn if one has, and a Publish
 * pressed on it waits for that (see cardBehindSources in src/news/review.ts).
 */
const earlierPost = (drawn: Candidate): Candidate => ({ ...drawn, sourcesAdded: 0 });

/** The review channel, in the bot's own server or workspace (Slack: REVIEW_SLACK_TEAM_ID's installation, else the single-workspace token). */
const reviewChannel = (env: Env, platform: PlatformName, channelId: string) => ({
  workspaceId: platform === "slack" ? (env.REVIEW_SLACK_TEAM_ID ?? "") : "",
  channelId,
});

/**
 * The token a card is posted or redrawn with, and its review channel, in the workspace that token was issued
 * in where the channel names none (see BotToken.workspace); undefined, with `event` logged, when there is no
 * token or deliveries found it refused.
 */
async function reviewSender(
  env: Env,
  platform: PlatformName,
  channelId: string,
  { budget, held }: { budget: Budget; held: HeldBack },
  event: "news.review_post" | "news.review_redraw",
  candidate: string,
): Promise<{ token: string; channel: Channel } | undefined> {
  const named = reviewChannel(env, platform, channelId);
  const bot = await PLATFORMS[platform].token(env, named.workspaceId, (n) => budget.spend(n));
  if (!bot.token || (await held.refused(platform, bot.token))) {
    logEvent(event, { candidate, platform, outcome: bot.token ? "token-refused" : "no-token" });
    return undefined;
  }
  const channel = !named.workspaceId && bot.workspace ? { ...named, workspaceId: bot.workspace } : named;
  return { token: bot.token, channel };
}

/**
 * A card sent (posted or edited) as rendered; one the platform refuses so (too long, a link or blocks it
 * will not take) goes in brief, with its buttons, then as the brief's plain text, as a delivery goes as
 * plain text. `send` gives undefined for a request it did not make (no pacing slot in time).
 */
async function inForms<O extends Outcome | undefined>(
  send: (card: Reply, plain: boolean) => Promise<O>,
  { reply, brief }: { reply: Reply; brief: Reply },
): Promise<O> {
  let outcome = await send(reply, false);
  if (outcome?.kind === "fallback") outcome = await send(brief, false);
  if (outcome?.kind === "fallback") outcome = await send(brief, true);
  return outcome;
}

/**
 * One card to one platform's review channel: "posted" (or found there), "looking" (a look that read on and
 * goes on at the next tick), "waiting" (a look whose turn at the platform's limit has not come), "done"
 * (a candidate decided meanwhile whose card surely did not land, or whose card a press recorded meanwhile:
 * none is posted now), or "stalled" (not posted, not found, for whatever reason: a post that got no pacing
 * slot in time is one).
 * The post is marked as maybe landing before it leaves: if what it ended as cannot be written, the next
 * turn looks for it instead of posting it again.
 */
async function postTo(
  env: Env,
  store: NewsStore,
  candidate: Candidate,
  platform: PlatformName,
  channelId: string,
  { reply, brief, drawn }: { reply: Reply; brief: Reply; drawn: Candidate },
  { budget, held }: { budget: Budget; held: HeldBack },
): Promise<"posted" | "looking" | "waiting" | "done" | "stalled"> {
  const key = `review:${candidate.id}`;
  try {
    const sender = await reviewSender(env, platform, channelId, { budget, held }, "news.review_post", candidate.id);
    if (!sender) return "stalled";
    const { token, channel } = sender;
    // Each request at a slot of the token's shared pacing, as a delivery's, and its answer told to the pacer:
    // while the platform is blocked (a global 429, Cloudflare's page) no card is sent into the block.
    const pace = paceKey(PLATFORMS[platform], channel, token, "post");
    const inDoubt = inDoubtAt(candidate, platform);
    const decided = candidate.state !== "new";
    if (inDoubt) {
      // Decided meanwhile: nothing is posted whatever the look finds, so "not there" must mean not there.
      const look = { channel, reply, key, token, otherForms: [brief], lookOnly: decided };
      const looked = await lookForEarlierPost(env, store, candidate, look, pace, budget, drawn);
      if (looked !== "not-there") {
        logEvent("news.review_post", { candidate: candidate.id, platform, outcome: looked });
        return looked === "found" ? "posted" : looked === "looking" || looked === "waiting" ? looked : "stalled";
      }
    }
    if (decided) {
      if (inDoubt) await store.clearUnsure(candidate.id, platform);
      logEvent("news.review_post", { candidate: candidate.id, platform, outcome: "decided" });
      return "done";
    }
    const calls = toldToPacer(env, budget, pace, part(budget, POST_CALLS));
    // Marked as maybe landing once its first form has its slot, when the request leaves (by the clock the
    // platforms' message times are compared with), and only while the candidate is undecided and its card
    // unrecorded: the round read it a while ago, and since then a press on another platform's card may have
    // decided it, or a press on this platform's card (an earlier post in doubt) recorded that card.
    let marked = false;
    let settledMeanwhile = false;
    const post = async (card: Reply, plain: boolean): Promise<Outcome | undefined> => {
      if (!(await oneMoreSlot(env, pace, () => budget.trySpend(), PACE_WAIT_MS))) return undefined;
      if (!marked && !(await store.markSending(candidate.id, platform, Date.now()))) {
        settledMeanwhile = true;
        return undefined;
      }
      marked = true;
      return PLATFORMS[platform].post(env, { channel, reply: card, key, attempt: 1, plain, token }, calls);
    };
    const outcome = await inForms(post, { reply, brief });
    if (settledMeanwhile) {
      // Nothing sent. Decided: an earlier post still in doubt is looked for at the next turn, as decided.
      logEvent("news.review_post", { candidate: candidate.id, platform, outcome: "settled" });
      return "done";
    }
    logEvent("news.review_post", { candidate: candidate.id, platform, outcome: outcome?.kind ?? "paced" });
    if (outcome?.kind === "done") {
      // After a post in doubt, Discord answers a post sent again with the earlier one (its nonce).
      await store.markPosted(candidate.id, platform, cardAt(channelId, outcome.messageId, inDoubt ? earlierPost(drawn) : drawn));
      return "posted";
    }
    // Surely not posted by this request: the next turn posts it again, without looking, unless an earlier
    // post is still in doubt. "Not there" may have meant "send it again, Discord's nonce drops a second
    // copy"; a re-send refused (a 429) tells nothing of the first post, so the doubt stays, as a delivery's does.
    // A form that got no slot in time was not sent.
    // No form left at all: nothing was marked.
    if (marked && !inDoubt && (outcome === undefined || !mayHavePosted(outcome))) await store.clearUnsure(candidate.id, platform);
    return "stalled";
  } catch (error) {
    // One candidate that cannot be sent (a card the platform cannot render, a token that cannot be
    // looked up) keeps no other from review. A post marked as maybe landing stays so: it is looked for.
    logError("news.review_post_failed", error, { candidate: candidate.id, platform });
    return "stalled";
  }
}

/**
 * A card whose earlier post may be in the channel is looked for first: found, it counts; surely not there,
 * or on Discord still within the re-post's nonce window ("not-there"), it is posted again. A look that
 * reads on or waits for the platform's limit ("looking") goes on at the next tick, and so does one the
 * platform could not answer ("cannot-tell"): a card is never posted on a guess, as a delivery never is. A
 * look limited apart from posts (Slack reads a workspace's history once a minute) first takes its turn, as
 * a delivery's does, and without one reads nothing ("waiting") instead of reading beside the workspace's
 * other looks into a 429: the card comes back at the next tick, its waits kept (a look that cannot tell
 * still waits longer each time). The look's other requests (Discord's pages) go at slots of the post's pacing.
 */
async function lookForEarlierPost(
  env: Env,
  store: NewsStore,
  candidate: Candidate,
  post: Omit<Lookup, "since" | "from">,
  pace: PaceKey,
  budget: Budget,
  drawn: Candidate,
): Promise<"found" | "not-there" | "looking" | "waiting" | "cannot-tell"> {
  const platform = pace.platform;
  const { lookupRoute } = PLATFORMS[platform];
  if (lookupRoute !== undefined) {
    const wait = await turnNow(env, callKey(pace, lookupRoute), () => budget.trySpend());
    // Undefined: the pacer could not be asked (out of budget, or unreachable), so no read is made.
    if (wait !== 0) return "waiting";
  }
  const since = candidate.reviewTriedAt ?? Date.now();
  const calls = atSlots(env, budget, pace, LOOK_CALLS, lookupRoute);
  const looked = await PLATFORMS[platform].findPosted(env, { ...post, since, from: candidate.reviewLook[platform] }, calls);
  if (looked === undefined || isRefused(looked) || isGone(looked) || lacksScope(looked)) return "cannot-tell";
  // Post (again): the doubt ends only once the platform takes the post (see postTo).
  if (looked === null) return "not-there";
  // Found, even where publishing it to followers was refused: the card is there.
  if (typeof looked === "string" || "messageId" in looked || "unpublished" in looked) {
    const messageId = typeof looked === "string" ? looked : "messageId" in looked ? looked.messageId : looked.unpublished;
    await store.markPosted(candidate.id, platform, cardAt(post.channel.channelId, messageId, earlierPost(drawn)));
    return "found";
  }
  if (looked.from) await store.markUnsure(candidate.id, platform, since, looked.from);
  return "looking";
}

/** Review cards redrawn per news round at most. */
export const REDRAWS_PER_TICK = 3;
/**
 * The most one card's redraw on one platform may cost: the token (a D1 read, and Slack's auth.test once),
 * per form (full, brief, brief as plain text) its pacing slot, the edit and a report of its answer to the
 * pacer, and what it ended as.
 */
const REDRAW_CALLS = 2 + PACED_CALLS * POST_CALLS + 1;

/**
 * Edits the review cards that are behind their candidate (NewsStore.toRedraw): a decision or an edit made on
 * one platform redraws that platform's card in its answer, and every card here (the one pressed again,
 * should the answer not have reached it), as the candidate stands now. An edit never posts: one that fails
 * (a 429, a platform that cannot be reached) leaves the card to the next round, and the decision stands
 * whatever the card shows. Returns how many cards were redrawn.
 */
export async function redrawReviewCards(env: Env, budget = new Budget()): Promise<number> {
  // What the cards' and the platforms' pauses' reading costs, and at least one card's redraw.
  if (budget.left < 4 + REDRAW_CALLS) return 0;
  const db = countedD1(env.DB, budget);
  const store = new NewsStore(db);
  let redrawn = 0;
  const behind = await store.toRedraw(REDRAWS_PER_TICK, Date.now());
  if (!behind.length) return 0;
  // A card on a paused platform stays behind, for a later round.
  const held = await heldBack(db);
  for (const candidate of behind) {
    const toRedraw = PLATFORM_NAMES.filter((p) => (candidate.reviewRedrawMask & REVIEW_BITS[p]) !== 0 && !held.paused(p));
    if (!toRedraw.length) continue;
    if (budget.left < 2 + REDRAW_CALLS) break;
    // A press that died between its state change and its writing left the candidate published with nothing
    // written, or withdrawn with the item still out: its cards keep the button that finishes it (see
    // applyReview) until it is.
    if (candidate.state === "published" || candidate.state === "withdrawn") {
      const standing = await newsStanding({ DB: db }, candidate.newsId ?? newsIdOf(candidate));
      if (candidate.state === "published" ? standing === null : standing === "published") continue;
    }
    const reply = reviewCard(candidate, await store.sources(candidate.id));
    const brief = reviewCardBrief(candidate);
    for (const platform of toRedraw) {
      if (budget.left < REDRAW_CALLS) break;
      if (await redrawOn(env, store, candidate, platform, { reply, brief }, { budget, held })) redrawn++;
    }
  }
  return redrawn;
}

/** One platform's card redrawn as `candidate` stands: true once the platform took the edit. */
async function redrawOn(
  env: Env,
  store: NewsStore,
  candidate: Candidate,
  platform: PlatformName,
  { reply, brief }: { reply: Reply; brief: Reply },
  { budget, held }: { budget: Budget; held: HeldBack },
): Promise<boolean> {
  const card = candidate.reviewMessages[platform];
  // A card posted before its place was kept cannot be edited: it is redrawn by the next press on it.
  if (!card) {
    await store.redrawn(candidate, platform);
    return false;
  }
  try {
    const sender = await reviewSender(env, platform, card.channelId, { budget, held }, "news.review_redraw", candidate.id);
    if (!sender) return false;
    const { token, channel } = sender;
    // Each request at a slot of the token's shared pacing, as a withdrawal's edits, and its answer told to the pacer.
    const pace = paceKey(PLATFORMS[platform], channel, token, "edit");
    const calls = toldToPacer(env, budget, pace);
    const edit = async (form: Reply, plain: boolean): Promise<Outcome | undefined> =>
      (await oneMoreSlot(env, pace, () => budget.trySpend(), PACE_WAIT_MS))
        ? PLATFORMS[platform].edit(
            env,
            // A press on the card replaced it with its answer (on Discord, Components V2): the edit is drawn the same way.
            { channel, messageId: card.messageId, reply: form, token, attempt: 1, plain, asAnswer: true },
            calls,
          )
        : undefined;
    const outcome = await inForms(edit, { reply, brief });
    logEvent("news.review_redraw", { candidate: candidate.id, platform, outcome: outcome?.kind ?? "paced" });
    // Done (or the card deleted, its channel gone), or refused in every form: nothing more to do for it.
    if (outcome?.kind === "done" || outcome?.kind === "fallback" || outcome?.kind === "fail" || outcome?.kind === "disable") {
      await store.redrawn(candidate, platform);
      return outcome.kind === "done" && outcome.reason === undefined;
    }
    return false;
  } catch (error) {
    logError("news.review_redraw_failed", error, { candidate: candidate.id, platform });
    return false;
  }
}

/**
 * `calls` (the invocation's budget, or part of it) as Subrequests whose every answer is told to the pacer of
 * `pace`, under its call's own route, and so is a limit told in an answer's body alone (Slack's HTTP 200
 * `ratelimited`), as the 429 it stands for. The reports are counted in `budget`.
 */
function toldToPacer(env: Env, budget: Budget, pace: PaceKey, calls: Subrequests = budget): Subrequests {
  const { callRoute, callLane } = PLATFORMS[pace.platform];
  const tell = (url: string, method: string, status: number, headers: Headers) =>
    observe(env, callKey(pace, callRoute(url, method), callLane(url, method)), status, headers, () => budget.spend(1)).catch(
      (error) => {
        if (!(error instanceof BudgetSpent)) logError("pacing.observe", error, { platform: pace.platform });
      },
    );
  return {
    get left() {
      return calls.left;
    },
    async fetch(input, init) {
      const response = await calls.fetch(input, init);
      await tell(input, init.method ?? "GET", response.status, response.headers);
      return response;
    },
    limited: (input, method, waitSeconds) => tell(input, method, 429, limitHeaders(waitSeconds)),
  };
}

/**
 * Up to `n` requests of `budget`, each at a slot of the token's shared pacing on its own route (one on
 * `taken`, the route whose turn was taken already, at once) and its answer told to the pacer. A request
 * that gets no slot in time is not made: it is refused as one the budget refuses is (BudgetSpent).
 */
function atSlots(env: Env, budget: Budget, pace: PaceKey, n: number, taken?: string): Subrequests {
  const calls = toldToPacer(env, budget, pace, part(budget, n));
  return {
    get left() {
      return calls.left;
    },
    async fetch(input, init) {
      if (calls.left < 1) throw new BudgetSpent();
      const { callRoute, callLane } = PLATFORMS[pace.platform];
      const method = init.method ?? "GET";
      const route = callRoute(input, method);
      // The request's slot keeps its channel's own limit on the call (a lookup's after its 429).
      const key = callKey(pace, route, callLane(input, method));
      if (route !== taken && !(await oneMoreSlot(env, key, () => budget.trySpend(), PACE_WAIT_MS))) throw new BudgetSpent();
      return calls.fetch(input, init);
    },
    limited: calls.limited,
  };
}
