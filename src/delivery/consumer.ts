// The ANNOUNCEMENTS queue consumer. Delivery jobs: load the batch's deliveries in one round trip,
// claim the ones to attempt in one statement, post through the platform record, write every outcome
// in one batch. Plan jobs: plan the next chunk of a message's deliveries. Amend jobs: edit a withdrawn
// message's posts to say so (amendBatch), leaving room for deliveries beside them. The dead-letter queue is
// consumed here too: its deliveries are handed to the sweep, never left without a way forward.
import type { Env } from "../env";
import { type StringKey, t } from "../i18n/strings";
import { markEvaluated } from "../lazy";
import { logError, logEvent } from "../log";
import { flush, limitHeaders, note, observe, type PaceKey } from "../pacing";
import { CONNECTIONS, type GiveBack, oneMoreSlot, PacerCalls, paceId, sendPaced, turnNow } from "../pacing/send";
import {
  type BotToken,
  callKey,
  isGone,
  isRefused,
  lacksScope,
  type Platform,
  type PlatformName,
  paceKey,
  UNINSTALLED,
} from "../platform";
import { BudgetSpent, backoff, mayHavePosted, type Outcome, REQUEST_TIMEOUT_MS, type Subrequests } from "../platform-outcome";
import { PLATFORMS } from "../platforms";
import { literal, type Reply } from "../reply";
import { Budget } from "./budget";
import {
  type AmendJob,
  type DeliveryJob,
  isAmendJob,
  isDeliveryJob,
  isPlanJob,
  isRedrawJob,
  isWakeJob,
  type QueueJob,
} from "./jobs";
import { continuePlanning, PLAN_JOB_COST } from "./planner";
import {
  INSTALL_PARKED_DUE_AT,
  LEASE_MS,
  MAX_DELIVERY_ATTEMPTS,
  MISSED_SLOT,
  parkedDueAt,
  QUEUE_LAST_ATTEMPT,
  queueDelay,
  STALE_MS,
  WITHDRAWN_BY_EDITOR,
  WITHDRAWN_BY_REVIEWER,
} from "./policy";
import {
  type AmendEnd,
  type AsLoaded,
  DeliveryStore,
  FOLLOWING,
  type PendingAmend,
  type PendingDelivery,
  type PlatformChange,
  type PlatformState,
  type Settle,
  stillRefused,
  tokenHash,
  WAITING_FOR_INSTALL,
  WAITING_FOR_TOKEN,
} from "./store";

markEvaluated("delivery/consumer");

export { LEASE_MS, MAX_DELIVERY_ATTEMPTS, QUEUE_LAST_ATTEMPT, STALE_MS };
/** The longest a post waits for its pacing slot inside an invocation; longer waits go back to the queue. */
export const PACE_WAIT_MAX_MS = 10_000;
/** When the pacer cannot be reached, a delivery comes back after this long. */
export const PACER_RETRY_SECONDS = 5;

/** Why a delivery or edit the invocation's budget could not pay for comes again. */
const BUDGET_SPENT = "invocation budget spent";

/** A call sendPaced gave back unsent: how its delivery or edit is logged and recorded, and when it comes again. */
function unsent(reason: GiveBack): { outcome: string; reason: string; delaySeconds: number } {
  switch (reason.why) {
    case "unreachable":
      return { outcome: "pacer-unreachable", reason: "pacer unreachable", delaySeconds: PACER_RETRY_SECONDS };
    case "later":
      return { outcome: "paced", reason: "waiting for a pacing slot", delaySeconds: reason.waitMs / 1000 };
    case "late":
      return { outcome: "paced", reason: MISSED_SLOT, delaySeconds: 1 };
    case "budget":
      return { outcome: "over-budget", reason: BUDGET_SPENT, delaySeconds: 1 };
  }
}

/**
 * The most a delivery can spend once it leaves its pacing slot: its requests (a delivery that may have
 * posted looks itself up first; a post in an announcement channel is crossposted), and a slot of its own
 * for the plain-text version of a refused post (richThenPlain).
 */
const mostSpentBy = (row: PendingDelivery, env: Env): number => {
  const platform = PLATFORMS[row.subscription.platform];
  return (row.unsure ? platform.callsPerDelivery : platform.callsPerPost(env, row.subscription)) + 1;
};
/** The same for an edit: the edit, and its plain-text version with its own slot. */
const EDIT_SPENDS = 3;

/**
 * No post leaves later than this after the batch's claim: it is answered (or given up on) well before the
 * lease runs out, when another worker may take the delivery over, look for it, find nothing and post it.
 */
export const SEND_BY_MS = LEASE_MS - 2 * REQUEST_TIMEOUT_MS;
/** D1 statements of one delivery batch at most: load 1 (a batch read), claim 1, settle 8. */
export const DELIVERY_STATEMENTS_MAX = 10;

const jobKey = (job: DeliveryJob) => `${job.message}|${job.subscriptionId}`;

/**
 * Per platform: the state read at the start as this batch sees it, and what this batch changed (written
 * as a change, see PlatformChange). `tokenHash` is the hash of the platform's shared token (one token
 * for every workspace), known once a delivery with it comes up; a workspace's own token (a Slack OAuth
 * install) never stops the platform.
 */
interface PlatformView {
  state: PlatformState;
  tokenHash?: string;
  change: PlatformChange;
}

const platformView = (state: PlatformState): PlatformView => ({ state, change: {} });

interface BatchWork {
  env: Env;
  now: number;
  /** After this no post of the batch leaves (SEND_BY_MS after the claim). */
  sendBy: number;
  budget: Budget;
  settles: Settle[];
  disables: { id: number; reason: string }[];
  platforms: Map<PlatformName, PlatformView>;
  /** What the platforms answered, for the pacer. */
  answers: Answers;
}

/** What happened to one queue message, for the log. */
type Handled = { outcome: string; platform?: PlatformName };

const retryOrHandOver = (message: Message, delaySeconds: number) => {
  // A message the queue would dead-letter next is acked instead: its row stays pending and due, so the sweep queues it again.
  if (message.attempts >= QUEUE_LAST_ATTEMPT) message.ack();
  else message.retry({ delaySeconds: queueDelay(delaySeconds) });
};

function isPaused(view: PlatformView, now: number): boolean {
  return view.state.pausedUntil > now;
}

function isStopped(view: PlatformView): boolean {
  return view.tokenHash !== undefined && stillRefused(view.state, view.tokenHash);
}

/** The first delivery with the platform's shared token: a token that was refused stays refused; a new one resumes sending. */
async function knowSharedToken(view: PlatformView, token: string): Promise<void> {
  if (view.tokenHash !== undefined) return;
  const hash = await tokenHash(token);
  view.tokenHash = hash;
  if (view.state.authError !== null && view.state.tokenHash !== hash) {
    view.change.cleared = { tokenHash: view.state.tokenHash };
    view.state = { ...view.state, authError: null, tokenHash: null };
  }
}

const isShared = (token: BotToken) => token.token === undefined || !token.own;

/**
 * Why nothing is sent on a platform without a shared token configured: taken as the empty token refused,
 * so its deliveries and edits wait, parked, until the planner sees a token (its hash is another).
 */
const noTokenConfigured = (platform: PlatformName) => `no ${platform} bot token configured`;

/**
 * What the platforms answered a batch, for the pacer: per call route, one answer is told to it, and the
 * rest are kept for its next call (pacing's `note`, never a call of its own) so that every invalid
 * answer counts toward Discord's ban. A route's first 429 or 401 is told at once: other invocations on
 * the token stop now, not when this batch ends. Without one, the route's last answer is told at the end
 * (`tellRest`), and so, on a route told at once, is any later 429 or 401 kept meanwhile. The batch counts
 * one report per route; what the end sends beyond that, it sends only with calls left over.
 */
class Answers {
  private readonly byRoute = new Map<
    string,
    { key: PaceKey; status: number; headers: Headers; toldAtOnce: boolean; keptSince?: boolean; noted?: boolean }
  >();

  constructor(
    private readonly env: Env,
    private readonly budget: Budget,
  ) {}

  async heard(key: PaceKey, status: number, headers: Headers): Promise<void> {
    const id = paceId(key);
    const chosen = this.byRoute.get(id);
    const stopsOthers = status === 429 || status === 401;
    if (chosen?.toldAtOnce) {
      await note(key, status, headers);
      if (stopsOthers) chosen.keptSince = true;
      return;
    }
    if (chosen && !chosen.noted) await note(chosen.key, chosen.status, chosen.headers);
    // A route's first answer that calls for nothing at once is kept for the pacer's next call now, not at
    // the end: the batch's first call went alone (sendPaced) so that the rest are reserved knowing what it
    // met, a channel's bucket among it. It is not told again at the end.
    const noted = !chosen && status < 400 && headers.get("x-ratelimit-remaining") !== "0";
    if (noted) await note(key, status, headers);
    this.byRoute.set(id, { key, status, headers, toldAtOnce: stopsOthers, noted });
    if (stopsOthers) await this.tell(key, status, headers);
  }

  async tellRest(): Promise<void> {
    for (const { key, status, headers, toldAtOnce, keptSince, noted } of this.byRoute.values()) {
      if (!toldAtOnce && !noted) await this.tell(key, status, headers);
      else if (keptSince) await this.pacerCall(key, () => flush(this.env, key, this.charge));
    }
  }

  /** Tells the pacer one answer (`observe` calls it only when the answer calls for it). */
  private tell(key: PaceKey, status: number, headers: Headers): Promise<void> {
    return this.pacerCall(key, () => observe(this.env, key, status, headers, this.charge));
  }

  /** A call to the pacer, counted only when one is made; out of budget, the answers wait for the isolate's next call. */
  private async pacerCall(key: PaceKey, call: () => Promise<void>): Promise<void> {
    await call().catch((error) => {
      if (!(error instanceof BudgetSpent)) logError("pacing.observe", error, { platform: key.platform });
    });
  }

  private readonly charge = () => this.budget.spend(1);
}

/**
 * Until when the rate limits a batch met hold: a `route` limit its route, a `channel` one that channel's
 * lane of it. The batch's later calls were reserved before the answer told how long the limit holds: each
 * waits it out, untried, instead of meeting the same 429.
 */
class LimitsMet {
  private readonly until = new Map<string, number>();
  private static lane = (pace: PaceKey) => `${paceId(pace)}|${pace.lane ?? ""}`;

  /** The ms a limit met still holds `pace`, 0 when none does. */
  left(pace: PaceKey): number {
    const until = Math.max(this.until.get(paceId(pace)) ?? 0, this.until.get(LimitsMet.lane(pace)) ?? 0);
    return Math.max(0, until - Date.now());
  }

  /** Records a call's outcome: a limit met holds its route, or its channel (a call without a lane stands for no one else's). */
  heard(pace: PaceKey, outcome: Attempted): void {
    if (outcome.kind !== "retry" || !outcome.rateLimited) return;
    if (outcome.rateLimited === "channel" && pace.lane === undefined) return;
    const id = outcome.rateLimited === "route" ? paceId(pace) : LimitsMet.lane(pace);
    this.until.set(id, Math.max(this.until.get(id) ?? 0, Date.now() + outcome.delaySeconds * 1000));
  }
}

/** Why a call waits, untried, for a limit an earlier call of its batch met. */
const LIMIT_MET = "waiting for the platform's limit";

/** Every answer is heard by `answers`, under the route of its own call: a lookup's 429 limits lookups, not posts. */
function recording(budget: Budget, answers: Answers, platform: Platform, pace: PaceKey): Subrequests {
  return {
    get left() {
      return budget.left;
    },
    async fetch(input, init) {
      const response = await budget.fetch(input, init);
      const method = init.method ?? "GET";
      await answers.heard(
        callKey(pace, platform.callRoute(input, method), platform.callLane(input, method)),
        response.status,
        response.headers,
      );
      return response;
    },
    limited: (input, method, waitSeconds) =>
      answers.heard(
        callKey(pace, platform.callRoute(input, method), platform.callLane(input, method)),
        429,
        limitHeaders(waitSeconds),
      ),
  };
}

/**
 * A post or edit in its rendered form, then, if the platform refused that form, its plain-text version.
 * The plain text is a request the batch's reservation did not count, so it waits for a slot of its own
 * on `pace`; without one in time the work comes again a second later.
 */
async function richThenPlain(
  send: (plain: boolean) => Promise<Outcome>,
  { env, pace, budget, sendBy = Number.POSITIVE_INFINITY }: { env: Env; pace: PaceKey; budget: Budget; sendBy?: number },
): Promise<Outcome> {
  const rich = await send(false);
  if (rich.kind !== "fallback") return rich;
  if (!(await oneMoreSlot(env, pace, () => budget.trySpend(), PACE_WAIT_MAX_MS)) || Date.now() > sendBy)
    return { kind: "retry", delaySeconds: 1, reason: `${rich.reason}; plain text waits for a pacing slot` };
  const plain = await send(true);
  return plain.kind === "fallback" ? { kind: "fail", reason: `${rich.reason}; plain text refused too` } : plain;
}

/** An earlier attempt may have posted without hearing back: the next one looks for the post first. */
const toLookFor = (row: PendingDelivery): row is PendingDelivery & { firstAttemptAt: number } =>
  row.unsure && row.firstAttemptAt !== null;

/** Alerts turned off in the channel (not stopped by the platform, not replaced by a follow). */
const turnedOff = (row: PendingDelivery): boolean =>
  !row.subscription.active && row.subscription.disabledReason?.startsWith("turned off") === true;

/**
 * Why a delivery is no longer to be posted, or null: its item was withdrawn, or since it was planned its
 * channel's alerts were turned off (and maybe on again) or the channel began to follow the announcement
 * channel. One an earlier attempt may have posted is still looked for, and recorded when found, so that
 * a withdrawal edits it.
 */
function unwanted(row: PendingDelivery): string | null {
  if (row.withdrawn !== null) return `withdrawn: ${row.withdrawn}`;
  if (broughtByFollow(row) === "yes") return FOLLOWING;
  // Marked look-only when the channel began to follow (the follow brings the item), or alerts went off.
  if (row.lookOnly) return followed(row) ? FOLLOWING : "unsubscribed";
  return turnedOff(row) ? "unsubscribed" : null;
}

/** Nothing more is sent on the platform for `delaySeconds` (every isolate learns it from platform_state). */
function pausePlatform(view: PlatformView, now: number, delaySeconds: number, reason: string): void {
  const until = Math.max(view.state.pausedUntil, now + delaySeconds * 1000);
  view.state = { ...view.state, pausedUntil: until, pauseReason: reason };
  view.change.pause = { until, reason };
}

/** What a call given back for a pause records. */
const PLATFORM_PAUSED = "platform paused";

/** The platform's shared token refused: nothing more is sent with it until it changes (the planner's wake). */
function refuseToken(view: PlatformView, reason: string): void {
  view.state = { ...view.state, authError: reason, tokenHash: view.tokenHash ?? null };
  view.change.refusal = { reason, tokenHash: view.state.tokenHash };
}

/** What a batch changed of each platform's state, to be written with its outcomes. */
const changedStates = (views: ReadonlyMap<PlatformName, PlatformView>): Map<PlatformName, PlatformChange> =>
  new Map([...views].filter(([, v]) => Object.keys(v.change).length > 0).map(([name, v]) => [name, v.change]));

/** How long a following channel's delivery waits for the announcement channel's to be known, in seconds. */
const FOLLOW_UNDECIDED_WAIT_S = 60;

/** The channel follows the announcement channel (its own alerts replaced by the follow). */
const followed = (row: PendingDelivery): boolean => row.subscription.disabledReason === FOLLOWING;

/**
 * Whether a follow of the announcement channel brings this item to the row's channel: "yes" when the
 * announcement channel published it no earlier than the follow began (`disabledAt`); "no" when the
 * channel does not follow, or the announcement channel published it before, or never will (it ended
 * otherwise, or has no delivery of it); "undecided" while that delivery is pending: the decision waits
 * until it ends.
 */
function broughtByFollow(row: PendingDelivery): "yes" | "no" | "undecided" {
  const { announced } = row;
  const since = row.subscription.disabledAt ?? 0;
  if (!followed(row) || !announced) return "no";
  if (announced.state === "sent") return announced.at !== null && announced.at < since ? "no" : "yes";
  return announced.state === "queued" || announced.state === "claimed" ? "undecided" : "no";
}

/**
 * A claimed delivery given back untouched (nothing sent, nothing read): queued again as it was, the
 * claim's attempt undone, its look to go on from `lookFrom`.
 */
const givenBack = (
  row: PendingDelivery,
  reason: string,
  dueAt: number,
  lookFrom = row.lookFrom,
): Extract<Settle, { to: "queued" }> => ({
  job: { message: row.message, subscriptionId: row.subscriptionId },
  to: "queued",
  reason,
  unsure: row.unsure,
  afterServerError: row.afterServerError,
  dueAt,
  untried: true,
  lookFrom,
});

/** `lookup` once per platform and workspace: the rows of one workspace in a batch share its answer. */
function oncePerWorkspace<T>(lookup: (row: PendingDelivery) => Promise<T>): (row: PendingDelivery) => Promise<T> {
  const found = new Map<string, Promise<T>>();
  return (row) => {
    const id = `${row.subscription.platform}|${row.subscription.workspaceId}`;
    let answer = found.get(id);
    if (!answer) {
      answer = lookup(row);
      found.set(id, answer);
    }
    return answer;
  };
}

/** The row as the batch loaded it: a change decided before the claim is written only while the row is still so. */
const asLoaded = (row: PendingDelivery): AsLoaded => ({ state: row.state, claimedAt: row.claimedAt, attempts: row.attempts });

/**
 * Given back untouched to wait, parked, until the platform's refused token is replaced. `unclaimed`: met
 * before this batch claimed it, so no attempt of its own is undone.
 */
const park = (row: PendingDelivery, view: PlatformView, unclaimed = false): Settle => ({
  ...givenBack(row, `${WAITING_FOR_TOKEN} ${view.state.authError ?? "refused"}`, parkedDueAt(row.subscription.platform)),
  untried: !unclaimed,
  ...(unclaimed ? { unclaimed: asLoaded(row) } : {}),
});

/**
 * What an attempt came to: a platform's answer, an unwanted delivery that surely never posted, or a look
 * the platform's rate limit answered before anything was read (given back untried).
 */
/** `later` with `pause`: the limit met holds for the whole platform, which waits for it too. */
type Attempted =
  | Outcome
  | { kind: "unwanted"; reason: string }
  | { kind: "later"; reason: string; delaySeconds: number; pause?: boolean }
  /** A workspace's own token lacks a scope the post or its look needs: the delivery waits for the app to be installed again. */
  | { kind: "install"; reason: string };

/** An attempt's outcome, and where its look for an earlier post stopped, for the next look (Lookup.from). */
interface AttemptResult {
  outcome: Attempted;
  lookFrom: string | null;
}

async function attempt(
  platform: Platform,
  row: PendingDelivery,
  attemptNo: number,
  work: BatchWork,
  pace: PaceKey,
  token: string,
): Promise<AttemptResult> {
  const { env } = work;
  // Nothing posted, nothing more read: the next look goes on from where the last one stopped.
  const kept = (outcome: Attempted): AttemptResult => ({ outcome, lookFrom: row.lookFrom });
  if (!token) return kept({ kind: "stop", reason: noTokenConfigured(platform.name) });
  const reply = row.replies?.[row.subscription.locale] ?? row.replies?.en;
  if (!reply) return kept({ kind: "fail", reason: `no ${row.subscription.locale} text frozen` });
  const channel = { workspaceId: row.subscription.workspaceId, channelId: row.subscription.channelId };
  const calls = recording(work.budget, work.answers, platform, pace);
  // Whether this attempt's look made a request (read the channel): see the lease check before the post.
  let read = false;
  const lookCalls: Subrequests = {
    get left() {
      return calls.left;
    },
    fetch(input, init) {
      read = true;
      return calls.fetch(input, init);
    },
    limited: calls.limited,
  };
  try {
    if (toLookFor(row)) {
      // A lookup limited apart from posts (Slack reads a workspace's history once a minute) waits for its
      // turn, uncounted, instead of reading beside the workspace's other lookups into a 429.
      if (platform.lookupRoute !== undefined) {
        const wait = await turnNow(env, callKey(pace, platform.lookupRoute), () => work.budget.trySpend());
        if (wait !== 0)
          return kept({
            kind: "later",
            // Undefined: the pacer could not be asked (out of budget, or unreachable), so no read is made.
            reason:
              wait === undefined ? "the history check waits for the pacer" : "the history check waits for the platform's limit",
            delaySeconds: wait === undefined ? PACER_RETRY_SECONDS : wait / 1000,
          });
      }
      // An earlier attempt may have posted without hearing back: find out first. "Cannot tell" waits.
      // An unwanted delivery is only looked for, never posted: a post found is recorded, to be edited.
      // A withdrawn item's post found is not published further.
      const lookOnly = unwanted(row) !== null;
      const found = await platform.findPosted(
        env,
        {
          channel,
          reply,
          otherForms: Object.values(row.replies ?? {}).filter((other) => other !== reply),
          key: row.message,
          since: row.firstAttemptAt,
          token,
          lookOnly,
          leaveAsIs: row.withdrawn !== null,
          // Where nothing is to be posted anyway, only finding a post that landed can record it.
          afterServerError: row.afterServerError && !lookOnly,
          from: row.lookFrom ?? undefined,
        },
        lookCalls,
      );
      if (typeof found === "string") return kept({ kind: "done", messageId: found });
      // The token refused before the look could tell: the delivery waits for a new one, its doubt kept.
      if (isRefused(found)) return kept({ kind: "stop", reason: found.refused });
      // The token lacks the scope the look needs: the delivery waits for it, its doubt kept, as a post
      // refused for a scope waits (a workspace's own token for the app to be installed again, see `one`).
      if (lacksScope(found)) return kept({ kind: "install", reason: found.scope });
      // The channel is gone: a post would be refused the same way, and its alerts stop as they would then.
      // Whether the earlier attempt posted no longer matters: nothing there can be edited either.
      if (isGone(found)) return kept({ kind: "disable", reason: found.gone });
      // Found, its publishing to followers refused: the next attempt publishes it. Its id is kept, so that a
      // withdrawal edits it however the delivery ends; the post is surely there, so the doubt is no longer
      // only a server error's (a look that cannot read the channel never posts it again).
      if (typeof found === "object" && found !== null && "unpublished" in found)
        return kept({
          kind: "retry",
          delaySeconds: backoff(attemptNo),
          reason: found.reason,
          unsure: true,
          publishedFrom: found.publishedFrom,
          messageId: found.unpublished,
        });
      if (typeof found === "object" && found !== null && "messageId" in found)
        return kept({
          kind: "done",
          messageId: found.messageId,
          publishedFrom: found.publishedFrom,
          publishedBefore: found.publishedBefore,
        });
      // Not yet, without fault (the platform's limit on history reads): the attempt does not count.
      if (typeof found === "object" && found !== null)
        return {
          outcome: {
            kind: "later",
            reason:
              found.pause ??
              (found.from ? "the history check reads on at the next one" : "the history check waits for the platform's limit"),
            delaySeconds: found.waitSeconds,
            pause: found.pause !== undefined,
          },
          lookFrom: found.from ?? row.lookFrom,
        };
      if (found === undefined)
        return kept({
          kind: "retry",
          delaySeconds: backoff(attemptNo),
          reason: "cannot tell yet whether an earlier attempt posted",
          unsure: true,
          serverError: row.afterServerError,
        });
    }
    const reason = unwanted(row);
    // Surely not posted: the look is over, and a post made now starts the next one from the newest.
    if (reason !== null) return { outcome: { kind: "unwanted", reason }, lookFrom: null };
    // The claim may be taken over before this post is answered: nothing is sent, the delivery comes again.
    // After a look that read the channel, the attempt counts (its doubt kept): the look's result is not
    // kept, so an uncounted give-back could read the same history again and again without end.
    if (Date.now() > work.sendBy) {
      const reason = "the claim's lease runs out";
      if (read)
        return {
          outcome: { kind: "retry", delaySeconds: 1, reason, unsure: true, serverError: row.afterServerError },
          lookFrom: null,
        };
      return { outcome: { kind: "later", reason, delaySeconds: 1 }, lookFrom: null };
    }
    const post = { channel, reply, key: row.message, attempt: attemptNo, token };
    const outcome = await richThenPlain((plain) => platform.post(env, { ...post, plain }, calls), {
      env,
      pace,
      budget: work.budget,
      sendBy: work.sendBy,
    });
    // Posted, but which message it is could not be read (the answer broke off): the next attempt finds it,
    // since edits and crossposts need its id.
    if (outcome.kind === "done" && !outcome.messageId)
      return {
        outcome: { kind: "retry", delaySeconds: 1, reason: `${platform.name}: posted, its message not read`, unsure: true },
        lookFrom: null,
      };
    return { outcome, lookFrom: null };
  } catch (error) {
    // Refused before it was sent: nothing was posted or read.
    if (error instanceof BudgetSpent) return kept({ kind: "retry", delaySeconds: 1, reason: BUDGET_SPENT });
    throw error;
  }
}

function settleOutcome(
  { outcome, lookFrom }: AttemptResult,
  row: PendingDelivery,
  attempts: number,
  message: Message,
  work: BatchWork,
  view: PlatformView,
): void {
  const job = { message: row.message, subscriptionId: row.subscriptionId };
  const { now } = work;
  // Posted, and only its crosspost left: the post's id is kept however the delivery ends, for a withdrawal's edit.
  const messageId = outcome.kind === "retry" || outcome.kind === "pause" ? outcome.messageId : undefined;
  const again = (reason: string, delaySeconds: number, unsure: boolean) => {
    if (attempts >= MAX_DELIVERY_ATTEMPTS) {
      work.settles.push({ job, to: "failed", reason: `gave up after ${attempts} attempts: ${reason}`, messageId });
      message.ack();
      return;
    }
    work.settles.push({
      job,
      to: "queued",
      reason,
      unsure,
      afterServerError,
      dueAt: now + delaySeconds * 1000 + STALE_MS,
      lookFrom,
      publishedFrom: outcome.kind === "retry" ? outcome.publishedFrom : undefined,
      messageId,
    });
    retryOrHandOver(message, delaySeconds);
  };
  /** Nothing was done (a limit refused it, or nothing was sent): the attempt does not count, and the row waits as it was. */
  const waitOut = (reason: string, delaySeconds: number) => {
    work.settles.push(givenBack(row, reason, now + delaySeconds * 1000 + STALE_MS, lookFrom));
    retryOrHandOver(message, delaySeconds);
  };
  const doubted = mayHavePosted(outcome);
  const unsure = row.unsure || doubted;
  // A lost answer outweighs a server error's: the doubt stays "only a server error" while nothing else raised it.
  const lost = (row.unsure && !row.afterServerError) || (doubted && !(outcome.kind === "retry" && outcome.serverError === true));
  const afterServerError = unsure && !lost;
  switch (outcome.kind) {
    case "done":
      // The earliest it can have reached followers (else when the answer came): a follow made before then
      // may have brought it, one made after cannot have.
      work.settles.push({
        job,
        to: "sent",
        messageId: outcome.messageId,
        at: outcome.publishedFrom ?? Date.now(),
        before: outcome.publishedBefore,
        // Planned as the announcement channel's, posted when it no longer is (its setting changed or unset).
        ...(row.subscriptionId === row.announcedBy && outcome.publishedFrom === undefined ? { unpublished: true } : {}),
      });
      message.ack();
      return;
    case "unwanted":
      work.settles.push({ job, to: "dropped", reason: outcome.reason });
      message.ack();
      return;
    case "later":
      // Nothing was sent: the attempt does not count, and the look comes back when the platform allows.
      if (outcome.pause) pausePlatform(view, now, outcome.delaySeconds, outcome.reason);
      waitOut(outcome.reason, outcome.delaySeconds);
      return;
    case "install":
      // Nothing was posted: the attempt does not count. The install makes the row due (wakeWorkspaceStatement);
      // the channel's alerts stay on.
      work.settles.push({
        job,
        to: "queued",
        reason: `${WAITING_FOR_INSTALL} ${outcome.reason}`,
        unsure,
        afterServerError,
        dueAt: INSTALL_PARKED_DUE_AT,
        lookFrom,
        untried: true,
      });
      message.ack();
      return;
    case "disable":
      work.disables.push({ id: row.subscriptionId, reason: outcome.reason });
      work.settles.push({ job, to: "dropped", reason: outcome.reason });
      message.ack();
      return;
    case "fail":
    case "fallback":
      work.settles.push({ job, to: "failed", reason: outcome.reason });
      message.ack();
      return;
    case "retry":
      // Refused for the rate limit: nothing was done, so the attempt does not count (waiting out a limit
      // must not end a delivery failed); the row keeps its doubt, if any, for the next attempt.
      if (outcome.rateLimited && !outcome.unsure) {
        waitOut(outcome.reason, outcome.delaySeconds);
        return;
      }
      again(outcome.reason, outcome.delaySeconds, unsure);
      return;
    case "pause":
      pausePlatform(view, now, outcome.delaySeconds, outcome.reason);
      // A global limit or Cloudflare's block refused it: nothing was done, so, as for a channel's limit, the
      // attempt does not count (a block of an hour, tried again at each pause, would spend them all).
      if (outcome.rateLimited && !outcome.unsure) {
        waitOut(outcome.reason, outcome.delaySeconds);
        return;
      }
      again(outcome.reason, outcome.delaySeconds, unsure);
      return;
    case "stop":
      // A token that may come to work as it is (a scope granted to it) pauses the platform instead: it is
      // tried again then, as a new token would be.
      if (outcome.retrySeconds !== undefined) pausePlatform(view, now, outcome.retrySeconds, outcome.reason);
      else refuseToken(view, outcome.reason);
      // The delivery waits in the ledger: after the pause the sweep queues it again; a refused token parks
      // it until the planner sees a new one. A refused token posted nothing: after a pause the attempt does
      // not count, or waiting for a scope to be granted would spend every attempt, one each half hour, and
      // end the delivery `failed`.
      work.settles.push({
        job,
        to: "queued",
        reason: outcome.reason,
        unsure,
        afterServerError,
        dueAt: outcome.retrySeconds !== undefined ? now + STALE_MS : parkedDueAt(row.subscription.platform),
        lookFrom,
        untried: outcome.retrySeconds !== undefined,
      });
      message.ack();
      return;
  }
}

/**
 * A message whose ack or retry takes effect only once the batch's outcomes are written: if writing
 * fails (the worker dies), every message comes back instead of being acked with its row unsettled.
 */
function deferred(original: Message<DeliveryJob>, decisions: Map<Message, () => void>): Message<DeliveryJob> {
  return {
    id: original.id,
    timestamp: original.timestamp,
    body: original.body,
    attempts: original.attempts,
    ack: () => decisions.set(original, () => original.ack()),
    retry: (options?: QueueRetryOptions) => decisions.set(original, () => original.retry(options)),
  };
}

async function deliverBatch(
  originals: readonly Message<DeliveryJob>[],
  env: Env,
  budget: Budget,
): Promise<Map<Message, Handled>> {
  const decisions = new Map<Message, () => void>();
  const originalOf = new Map<Message, Message>();
  const messages = originals.map((o) => {
    const d = deferred(o, decisions);
    originalOf.set(d, o);
    return d;
  });
  const handled = new Map<Message, Handled>();
  const now = Date.now();
  const store = new DeliveryStore(env.DB);
  // Duplicates inside one batch: the first copy decides, the others are done.
  const firstOf = new Map<string, Message<DeliveryJob>>();
  for (const m of messages) {
    if (firstOf.has(jobKey(m.body))) {
      m.ack();
      handled.set(m, { outcome: "duplicate-in-batch" });
    } else firstOf.set(jobKey(m.body), m);
  }
  budget.spend(1);
  const { pending, platforms: states } = await store.load(
    [...firstOf.values()].map((m) => m.body),
    env.DISCORD_ANNOUNCEMENT_CHANNEL_ID,
  );
  const rows = new Map(pending.map((p) => [jobKey({ message: p.message, subscriptionId: p.subscriptionId }), p]));
  const work: BatchWork = {
    env,
    now,
    sendBy: now + SEND_BY_MS,
    budget,
    settles: [],
    disables: [],
    platforms: new Map(),
    answers: new Answers(env, budget),
  };
  for (const row of pending) {
    const name = row.subscription.platform;
    if (work.platforms.has(name) || !(name in PLATFORMS)) continue;
    work.platforms.set(name, platformView(states.get(name) ?? { pausedUntil: 0, authError: null, tokenHash: null }));
  }
  // Each workspace's token is looked up once per batch (Slack: a D1 query for its OAuth installation).
  const lookUpToken = (row: PendingDelivery): Promise<BotToken> =>
    PLATFORMS[row.subscription.platform].token(env, row.subscription.workspaceId, (queries) => budget.spend(queries));
  const tokenOf = oncePerWorkspace(lookUpToken);

  const candidates: { message: Message<DeliveryJob>; row: PendingDelivery; token: BotToken }[] = [];
  const settleD1 = DELIVERY_STATEMENTS_MAX - 1;
  let reserved = settleD1 + 1; // the claim and the settle batch
  const pacer = new PacerCalls();
  for (const [key, message] of firstOf) {
    const row = rows.get(key);
    const decide = (outcome: string, platform?: PlatformName) => handled.set(message, { outcome, platform });
    if (!row) {
      message.ack();
      decide("missing");
      continue;
    }
    const name = row.subscription.platform;
    const view = work.platforms.get(name);
    const job = { message: row.message, subscriptionId: row.subscriptionId };
    if (row.state === "sent" || row.state === "dropped" || row.state === "failed") {
      message.ack();
      decide(`already-${row.state}`, name);
    } else if (row.state === "claimed" && row.claimedAt !== null && row.claimedAt >= now - LEASE_MS) {
      // Someone else holds a live claim: come back when it would have expired.
      retryOrHandOver(message, LEASE_MS / 1000);
      decide("already-claimed", name);
    } else if (!row.subscription.active && row.subscription.disabledReason !== FOLLOWING && !(turnedOff(row) && toLookFor(row))) {
      // Stopped, or turned off and surely not posted (a channel that follows is decided below).
      const reason = turnedOff(row) ? "unsubscribed" : (row.subscription.disabledReason ?? "unsubscribed");
      work.settles.push({ job, to: "dropped", reason, unclaimed: asLoaded(row) });
      message.ack();
      decide("inactive", name);
    } else if (broughtByFollow(row) === "undecided") {
      // Whether the follow brings it is known once the announcement channel's delivery ends: untried till then.
      retryOrHandOver(message, FOLLOW_UNDECIDED_WAIT_S);
      decide("following", name);
    } else if (!toLookFor(row) && broughtByFollow(row) === "yes") {
      // Nothing of it was posted, and the follow brings it.
      work.settles.push({ job, to: "dropped", reason: FOLLOWING, unclaimed: asLoaded(row) });
      message.ack();
      decide("following", name);
    } else if (row.withdrawn !== null && !toLookFor(row)) {
      // Withdrawn, and surely never posted. One an earlier attempt may have posted is looked for (attempt).
      work.settles.push({ job, to: "dropped", reason: `withdrawn: ${row.withdrawn}`, unclaimed: asLoaded(row) });
      message.ack();
      decide("withdrawn", name);
    } else if (row.replies === null) {
      // Planned before its message was frozen (carried over from before the ledger held messages): it waits for the seed.
      message.ack();
      decide("not-frozen", name);
    } else if (!view) {
      message.ack();
      decide("unknown-platform");
    } else if (row.attempts >= MAX_DELIVERY_ATTEMPTS) {
      work.settles.push({ job, to: "failed", reason: `gave up after ${row.attempts} attempts`, unclaimed: asLoaded(row) });
      message.ack();
      decide("gave-up", name);
    } else {
      if (budget.left - reserved < 1) {
        message.retry({ delaySeconds: 1 });
        decide("over-budget", name);
        continue;
      }
      let token: BotToken;
      try {
        token = await tokenOf(row);
      } catch (error) {
        if (error instanceof BudgetSpent) message.retry({ delaySeconds: 1 });
        else {
          logError("delivery.token", error, { platform: name });
          retryOrHandOver(message, backoff(message.attempts));
        }
        decide("token-unknown", name);
        continue;
      }
      if (token.token === undefined && token.gone) {
        // The app was removed from this workspace: its subscription stops with the reason; installing again restores it.
        work.disables.push({ id: row.subscriptionId, reason: token.gone });
        work.settles.push({ job, to: "dropped", reason: token.gone, unclaimed: asLoaded(row) });
        message.ack();
        decide("uninstalled", name);
        continue;
      }
      if (isShared(token)) await knowSharedToken(view, token.token ?? "");
      if (isShared(token) && isStopped(view)) {
        // It waits, parked, for a new token: read again only once the planner wakes it.
        work.settles.push(park(row, view, true));
        message.ack();
        decide("platform-stopped", name);
        continue;
      }
      if (isPaused(view, now)) {
        retryOrHandOver(message, (view.state.pausedUntil - now) / 1000);
        decide("platform-paused", name);
        continue;
      }
      const platform = PLATFORMS[name];
      const pace = paceKey(platform, row.subscription, token.token ?? "", "post");
      // The pacer calls of a pacing key, then the most this delivery can use once it leaves.
      const cost = pacer.cost(pace) + mostSpentBy(row, env);
      if (budget.left - reserved < cost) {
        message.retry({ delaySeconds: 1 });
        decide("over-budget", name);
        continue;
      }
      pacer.add(pace);
      reserved += cost;
      candidates.push({ message, row, token });
    }
  }

  budget.spend(1);
  const claimId = crypto.randomUUID();
  const claims = await store
    .claimMany(
      candidates.map((c) => ({ message: c.row.message, subscriptionId: c.row.subscriptionId })),
      now,
      LEASE_MS,
      now + STALE_MS,
      claimId,
    )
    .catch(async (error: unknown) => {
      // D1 may have taken the claim and lost its answer: nothing is posted, so what of the claim took
      // effect is undone (in the statements the closing write would have used), leaving no doubt behind.
      // Should that fail too, the claim stays and expires, its doubt looked into by the next attempt.
      budget.spend(1);
      await store
        .unclaim(
          candidates.map((c) => c.row),
          claimId,
        )
        .catch((undo: unknown) => logError("delivery.unclaim_failed", undo, { messages: candidates.length }));
      throw error;
    });
  // The closing write's statements are kept from everything spent until then.
  budget.hold(settleD1);
  const claimed = candidates.filter((c) => {
    if (claims.has(jobKey(c.message.body))) return true;
    retryOrHandOver(c.message, LEASE_MS / 1000);
    handled.set(c.message, { outcome: "claim-lost", platform: c.row.subscription.platform });
    return false;
  });

  const paceOf = (row: PendingDelivery, token: BotToken): PaceKey =>
    paceKey(PLATFORMS[row.subscription.platform], row.subscription, token.token ?? "", "post");
  type Claimed = (typeof claimed)[number];
  /** Given back untouched: the row waits, queued, and the message comes back after `delaySeconds`. */
  const untried = ({ message, row }: Claimed, outcome: string, reason: string, delaySeconds: number) => {
    work.settles.push(givenBack(row, reason, now + delaySeconds * 1000 + STALE_MS));
    retryOrHandOver(message, delaySeconds);
    handled.set(message, { outcome, platform: row.subscription.platform });
  };

  /**
   * Whether an earlier delivery of this batch paused or stopped the platform: then this one is given back
   * untouched, parked for a new token or until the pause ends, and true.
   */
  const heldByPlatform = ({ message, row, token }: Claimed): boolean => {
    const name = row.subscription.platform;
    const view = work.platforms.get(name) as PlatformView;
    const stopped = isShared(token) && isStopped(view);
    if (!stopped && !isPaused(view, Date.now())) return false;
    work.settles.push(stopped ? park(row, view) : givenBack(row, PLATFORM_PAUSED, now + STALE_MS));
    if (stopped) message.ack();
    else retryOrHandOver(message, (view.state.pausedUntil - Date.now()) / 1000);
    handled.set(message, { outcome: "platform-paused", platform: name });
    return true;
  };

  /**
   * A workspace's own token refused: whether the workspace has another token by now (false when it has
   * the same, or none), looked up once per workspace and batch; undefined when that cannot be read (D1
   * unreachable, the invocation's budget spent). The app may have been removed and installed again after
   * the batch read the token: Slack's removal event, late, is then about the old installation and stops
   * nothing, and neither must the old token's refusal.
   */
  const tokenNow = oncePerWorkspace((row) =>
    lookUpToken(row).catch((error: unknown) => {
      if (!(error instanceof BudgetSpent)) logError("delivery.token", error, { platform: row.subscription.platform });
      return undefined;
    }),
  );
  const replacedSince = async (row: PendingDelivery, refused: BotToken): Promise<boolean | undefined> => {
    const now = await tokenNow(row);
    return now && now.token !== undefined && now.token !== refused.token;
  };

  const limits = new LimitsMet();
  const one = async (claim: Claimed) => {
    const { message, row, token } = claim;
    const name = row.subscription.platform;
    const platform = PLATFORMS[name];
    const view = work.platforms.get(name) as PlatformView;
    const pace = paceOf(row, token);
    // An earlier post of this batch met the limit of this route, or of this channel (its slots were
    // reserved before that answer told how long it holds): this one waits it out, untried.
    const held = limits.left(pace);
    if (held > 0) {
      work.settles.push(givenBack(row, LIMIT_MET, now + held + STALE_MS));
      retryOrHandOver(message, held / 1000);
      handled.set(message, { outcome: "paced", platform: name });
      return;
    }
    const attempts = claims.get(jobKey(message.body))?.attempts ?? row.attempts + 1;
    if (heldByPlatform(claim)) return;
    const result = await attempt(platform, row, attempts, work, pace, token.token ?? "");
    const { outcome } = result;
    limits.heard(pace, outcome);
    // A workspace's own token refused (the app was removed, or the token revoked): only its deliveries stop.
    // One that lacks a scope the post needs (the app installed again without it) keeps its alerts on, and
    // the delivery waits for the next install, which grants the app's scopes.
    if (outcome.kind === "stop" && !isShared(token))
      result.outcome = outcome.scope
        ? { kind: "install", reason: outcome.reason }
        : (await replacedSince(row, token)) !== false
          ? // The app installed again since the batch read the token (or whether it was cannot be read now):
            // nothing was posted, and the delivery comes again with the token the workspace has then.
            { kind: "later", reason: `${outcome.reason}; the workspace's token is read again`, delaySeconds: 1 }
          : { kind: "disable", reason: `${UNINSTALLED} ${outcome.reason}` };
    // A look the shared token lacks a scope for: no install wakes it, and the token still posts, so neither
    // parked nor pausing the platform, it looks again once the scope may have been granted, uncounted.
    if (outcome.kind === "install" && isShared(token))
      result.outcome = { kind: "later", reason: outcome.reason, delaySeconds: STALE_MS / 1000 };
    settleOutcome(result, row, attempts, message, work, view);
    handled.set(message, { outcome: result.outcome.kind, platform: name });
  };
  // Each leaves at its own pacing slot (see sendPaced), which keeps its channel's own limit (its lane):
  // items published together reach one channel in the same batch.
  await sendPaced(
    claimed.map((c) => ({
      item: c,
      key: paceOf(c.row, c.token),
      // A delivery that may have posted looks itself up first: every request it may make holds a slot.
      slots: 1 + (c.row.unsure ? PLATFORMS[c.row.subscription.platform].lookupSlots : 0),
    })),
    {
      env,
      spend: () => budget.trySpend(),
      maxWaitMs: PACE_WAIT_MAX_MS,
      send: one,
      left: () => budget.left,
      needs: (c) => mostSpentBy(c.row, env),
      giveBack(c, why) {
        // The pacer may hold the token for what an earlier delivery of this batch met: parked, or waiting
        // for the pause, it comes again when the platform allows, not when the pacer's wait says.
        if (heldByPlatform(c)) return;
        const { outcome, reason, delaySeconds } = unsent(why);
        untried(c, outcome, reason, delaySeconds);
      },
    },
  );

  await work.answers.tellRest();
  const changed = changedStates(work.platforms);
  const statements =
    (work.settles.length ? 3 : 0) +
    (work.settles.some((s) => s.to === "sent" && s.unpublished) ? 1 : 0) +
    (work.disables.length ? 2 : 0) +
    changed.size;
  budget.release(settleD1);
  budget.spend(Math.min(statements, settleD1));
  await store.settle(work.settles, work.disables, changed, now);
  for (const decide of decisions.values()) decide();
  return new Map([...handled].map(([m, h]) => [originalOf.get(m) ?? m, h]));
}

/** The withdrawal reasons the bot writes itself (a reviewer's Withdraw, `npm run seed -- --withdraw`). */
const BOT_REASONS = new Map<string, StringKey>([
  [WITHDRAWN_BY_REVIEWER, "delivery.reasonReviewer"],
  [WITHDRAWN_BY_EDITOR, "delivery.reasonEditor"],
]);

/** A delivered post as it reads once withdrawn: the notice, with the reason, above what was posted. */
export function withdrawnReply(row: Pick<PendingAmend, "replies" | "reason" | "subscription">): Reply | undefined {
  const { locale } = row.subscription;
  const posted = row.replies[locale] ?? row.replies.en;
  if (!posted) return undefined;
  // The reasons the bot records itself are English: the channel reads them in its own language.
  const known = BOT_REASONS.get(row.reason);
  const reason = known ? t(locale, known) : literal(row.reason);
  const notice = t(locale, "delivery.withdrawn", { reason });
  return { ...posted, blocks: [{ kind: "text", markdown: `**${notice}**` }, ...posted.blocks] };
}

/**
 * D1 statements of one amend batch: load and settle (the messages of edits handed back are made amending
 * again by a trigger), and a changed state (a pause, a refused token) written per platform.
 */
const AMEND_STATEMENTS = 2 + Object.keys(PLATFORMS).length;

/**
 * Amend jobs: each edits one delivered post of a withdrawn message to carry the notice. One statement
 * loads the batch, one pacing reservation per (token, route) is made, and one statement settles every
 * edit `done` or `failed` (from `queued` only, so a duplicate job edits at most once more, harmlessly:
 * an edit is idempotent). Acks and retries take effect after that write. The platform's state is read
 * and written as a delivery batch does: an edit calls nothing while its platform is paused or its shared
 * token refused, and a pause or refusal it meets holds for deliveries too.
 */
async function amendBatch(messages: readonly Message<AmendJob>[], env: Env, budget: Budget, keep: number): Promise<void> {
  const decisions = new Map<Message, () => void>();
  const ack = (m: Message) => decisions.set(m, () => m.ack());
  const retry = (m: Message, delaySeconds: number) => decisions.set(m, () => m.retry({ delaySeconds: queueDelay(delaySeconds) }));
  const ends: AmendEnd[] = [];
  const again = (m: Message<AmendJob>, reason: string, delaySeconds: number) => {
    // The queue would dead-letter it next: the edit ends with its last error instead of waiting unseen.
    if (m.attempts >= QUEUE_LAST_ATTEMPT) {
      ends.push({ job: m.body, to: "failed", reason: `gave up after ${m.attempts} attempts: ${reason}` });
      ack(m);
    } else {
      ends.push({ job: m.body, to: "queued", reason });
      retry(m, delaySeconds);
    }
  };
  /** The shared token refused: the edit waits, parked, for a new one (the planner wakes it), without a call. */
  const parkForToken = (m: Message<AmendJob>, view: PlatformView) => {
    ends.push({ job: m.body, to: "parked", reason: `${WAITING_FOR_TOKEN} ${view.state.authError}` });
    ack(m);
  };
  /**
   * A wait that is no fault of the edit (a pause, a rate limit: nothing was done): it comes back after it.
   * At the queue's last retry it is handed back to the planner, as a delivery is left to the sweep,
   * instead of ending failed.
   */
  const waitOut = (m: Message<AmendJob>, reason: string, delaySeconds: number) => {
    if (m.attempts < QUEUE_LAST_ATTEMPT) return again(m, reason, delaySeconds);
    ends.push({ job: m.body, to: "unqueued", reason: null });
    ack(m);
  };
  /** The platform paused: the edit comes back once the pause is over, without a call. */
  const waitOutPause = (m: Message<AmendJob>, view: PlatformView, now: number) =>
    waitOut(m, PLATFORM_PAUSED, (view.state.pausedUntil - now) / 1000);
  if (budget.left - keep < AMEND_STATEMENTS + 4) {
    for (const m of messages) m.retry({ delaySeconds: 1 });
    return;
  }
  const store = new DeliveryStore(env.DB);
  budget.spend(1);
  const rows = new Map((await store.loadAmends(messages.map((m) => m.body))).map((r) => [`${r.message}|${r.subscriptionId}`, r]));
  const platforms = new Map<PlatformName, PlatformView>();
  for (const row of rows.values())
    if (!platforms.has(row.subscription.platform)) platforms.set(row.subscription.platform, platformView(row.platformState));
  const now = Date.now();
  const tokens = new Map<string, Promise<BotToken>>();
  const todo: { m: Message<AmendJob>; row: PendingAmend; reply: Reply; token: string; shared: boolean; pace: PaceKey }[] = [];
  const seen = new Set<string>();
  const pacer = new PacerCalls();
  let reserved = AMEND_STATEMENTS - 1; // the settle, and what it writes beside the edits
  for (const m of messages) {
    const key = `${m.body.message}|${m.body.subscriptionId}`;
    const row = rows.get(key);
    // Already edited, never asked for, or a duplicate in this batch: nothing to do.
    if (seen.has(key) || !row || row.amendState !== "queued" || !row.messageId || !(row.subscription.platform in PLATFORMS)) {
      ack(m);
      continue;
    }
    seen.add(key);
    const reply = withdrawnReply(row);
    if (!reply) {
      ends.push({ job: m.body, to: "failed", reason: `no ${row.subscription.locale} text frozen` });
      ack(m);
      continue;
    }
    const platform = PLATFORMS[row.subscription.platform];
    const tokenId = `${platform.name}|${row.subscription.workspaceId}`;
    let found = tokens.get(tokenId);
    if (!found) {
      // Its lookup may need a D1 query, then an edit at least.
      if (budget.left - keep - reserved < 2) {
        retry(m, 1);
        continue;
      }
      found = platform.token(env, row.subscription.workspaceId, (queries) => budget.spend(queries));
      tokens.set(tokenId, found);
    }
    let token: BotToken;
    try {
      token = await found;
    } catch (error) {
      if (error instanceof BudgetSpent) {
        retry(m, 1);
        continue;
      }
      logError("amend.token", error, { platform: platform.name });
      again(m, "bot token unknown", backoff(m.attempts));
      continue;
    }
    if (token.token === undefined && token.gone) {
      // The app was removed there: the edit waits, parked, for it to be installed again (the install wakes it).
      ends.push({ job: m.body, to: "parked", reason: token.gone });
      ack(m);
      continue;
    }
    const view = platforms.get(platform.name) as PlatformView;
    // No shared token configured: the empty one, as for deliveries.
    const secret = token.token ?? "";
    const shared = isShared(token);
    if (shared) await knowSharedToken(view, secret);
    // The shared token is the one already refused (an earlier edit or delivery met it), or none is configured yet.
    if (shared && isStopped(view)) {
      parkForToken(m, view);
      continue;
    }
    if (isPaused(view, now)) {
      waitOutPause(m, view, now);
      continue;
    }
    if (!secret) {
      // Recorded as a delivery records it: the edit waits, parked, for a token (the planner wakes it).
      refuseToken(view, noTokenConfigured(platform.name));
      parkForToken(m, view);
      continue;
    }
    // Its slot keeps the channel's own limit on edits too: items withdrawn together edit one channel's posts.
    const pace = paceKey(platform, row.subscription, secret, "edit");
    // The pacer calls of a pacing key, then the most the edit can use once it leaves.
    const cost = pacer.cost(pace) + EDIT_SPENDS;
    if (budget.left - keep - reserved < cost) {
      retry(m, 1);
      continue;
    }
    pacer.add(pace);
    reserved += cost;
    todo.push({ m, row, reply, token: secret, shared, pace });
  }

  const answers = new Answers(env, budget);
  // The closing write's statements are kept from everything spent until then.
  budget.hold(AMEND_STATEMENTS - 1);
  type Todo = (typeof todo)[number];
  /**
   * An edit before this one (sendPaced sends each token's first, then the rest) met the token refused, or
   * paused the platform: this one is parked for a new token or waits the pause out, and true.
   */
  const heldByPlatform = ({ m, row, shared }: Todo): boolean => {
    const view = platforms.get(row.subscription.platform) as PlatformView;
    if (shared && isStopped(view)) parkForToken(m, view);
    else if (isPaused(view, Date.now())) waitOutPause(m, view, Date.now());
    else return false;
    return true;
  };
  const limits = new LimitsMet();
  const one = async (todo: Todo) => {
    const { m, row, reply, token, shared, pace } = todo;
    const platform = PLATFORMS[row.subscription.platform];
    const view = platforms.get(platform.name) as PlatformView;
    if (heldByPlatform(todo)) return;
    // An earlier edit of this batch met the limit of this route, or of this channel: this one waits it out, untried.
    const held = limits.left(pace);
    if (held > 0) return waitOut(m, LIMIT_MET, held / 1000);
    const channel = { workspaceId: row.subscription.workspaceId, channelId: row.subscription.channelId };
    let outcome: Outcome;
    try {
      const edit = { channel, messageId: row.messageId ?? "", reply, token, attempt: m.attempts };
      const calls = recording(budget, answers, platform, pace);
      outcome = await richThenPlain((plain) => platform.edit(env, { ...edit, plain }, calls), { env, pace, budget });
    } catch (error) {
      if (!(error instanceof BudgetSpent)) throw error;
      return waitOut(m, BUDGET_SPENT, 1);
    }
    limits.heard(pace, outcome);
    switch (outcome.kind) {
      case "done":
        ends.push({ job: m.body, to: "done", reason: outcome.reason ?? null });
        return ack(m);
      // A gone channel or refused edit never disables the subscription: this edit ends, with the reason.
      case "disable":
        ends.push({ job: m.body, to: "done", reason: outcome.reason });
        return ack(m);
      case "fail":
      case "fallback":
        ends.push({ job: m.body, to: "failed", reason: outcome.reason });
        return ack(m);
      case "retry":
        // Refused for the rate limit, the edit was not made: it does not count against it.
        if (outcome.rateLimited) return waitOut(m, outcome.reason, outcome.delaySeconds);
        return again(m, outcome.reason, outcome.delaySeconds);
      case "pause":
        // A global 429, odd answers that persist: the whole platform waits, deliveries too.
        // The edit then waits the pause out, as one that found it recorded (at the last retry, handed back).
        pausePlatform(view, Date.now(), outcome.delaySeconds, outcome.reason);
        return waitOutPause(m, view, Date.now());
      case "stop":
        // A workspace's own token refused (the app removed there, or installed again without a scope the
        // edit needs): the edit waits, parked, for the app to be installed there again.
        if (!shared) {
          ends.push({ job: m.body, to: "parked", reason: `${UNINSTALLED} ${outcome.reason}` });
          return ack(m);
        }
        // A scope the shared token may yet be granted: the platform pauses, as for a delivery.
        if (outcome.retrySeconds !== undefined) {
          pausePlatform(view, Date.now(), outcome.retrySeconds, outcome.reason);
          return waitOutPause(m, view, Date.now());
        }
        // The shared token refused: recorded as a delivery records it, and the edit waits, parked, for a
        // new one instead of spending the queue's retries against the refused token and ending failed.
        refuseToken(view, outcome.reason);
        return parkForToken(m, view);
    }
  };
  try {
    await sendPaced(
      todo.map((x) => ({ item: x, key: x.pace })),
      {
        env,
        spend: () => budget.trySpend(),
        maxWaitMs: PACE_WAIT_MAX_MS,
        send: one,
        left: () => budget.left - keep,
        needs: () => EDIT_SPENDS,
        // Without a slot nothing is sent: the edit stays queued, with the reason, and comes back (as the
        // platform allows, when an earlier edit of this batch met its refusal or pause).
        giveBack: (todo, why) => {
          if (heldByPlatform(todo)) return;
          const { m } = todo;
          const { reason, delaySeconds } = unsent(why);
          waitOut(m, reason, delaySeconds);
        },
      },
    );
    await answers.tellRest();
  } finally {
    // Should this batch fail, the deliveries of the same invocation still have what it held.
    budget.release(AMEND_STATEMENTS - 1);
  }
  const changed = changedStates(platforms);
  budget.spend(1 + changed.size);
  await store.settleAmends(ends, changed, Date.now());
  for (const decide of decisions.values()) decide();
  logEvent("amend.batch", { messages: messages.length, edited: todo.length, subrequests: budget.used });
}

/**
 * Edits on the dead-letter queue: handed back to the planner (no longer queued, their message amending
 * again), whose next tick queues them again. An edit gets there only when it was given back without a
 * fault of its own (no pacing slot, the invocation's budget spent, D1 unreachable): one that fails ends
 * `failed` at the main queue's last retry. Run again here, it would be dropped after the dead-letter
 * queue's own retries and its row would stay queued, taken by no one.
 */
async function handBackDeadEdits(messages: readonly Message<AmendJob>[], env: Env, budget: Budget) {
  budget.spend(1);
  try {
    await new DeliveryStore(env.DB).settleAmends(messages.map((m) => ({ job: m.body, to: "unqueued", reason: null })));
  } catch (error) {
    // D1 unreachable: tried again later. Should the queue drop them meanwhile, the sweep finds their rows
    // still queued long after (EDIT_LOST_AFTER_MS) and hands them back itself.
    logError("amend.dead_letters_failed", error, { messages: messages.length });
    for (const m of messages) m.retry({ delaySeconds: backoff(m.attempts) });
    return;
  }
  for (const m of messages) m.ack();
  logEvent("amend.dead_letters", { messages: messages.length });
}

/** Dead letters: their rows are made due now, so the next sweep queues them again or ends them with a reason. */
async function handleDeadLetters(messages: readonly Message<DeliveryJob>[], env: Env, budget: Budget) {
  budget.spend(1);
  await new DeliveryStore(env.DB).makeDue(
    messages.map((m) => m.body),
    Date.now(),
  );
  for (const m of messages) m.ack();
  logEvent("delivery.dead_letters", { messages: messages.length });
}

export async function handleQueue(batch: MessageBatch<QueueJob>, env: Env): Promise<{ subrequests: number }> {
  const budget = new Budget();
  const deliveries: Message<DeliveryJob>[] = [];
  const amends: Message<AmendJob>[] = [];
  for (const message of batch.messages) {
    const body = message.body;
    if (isPlanJob(body)) {
      if (budget.left < PLAN_JOB_COST + DELIVERY_STATEMENTS_MAX) {
        message.retry({ delaySeconds: 1 });
        continue;
      }
      try {
        await continuePlanning(env, body.message, budget, Date.now(), body.after);
        message.ack();
      } catch (error) {
        logError("plan.failed", error, { message: body.message });
        message.retry({ delaySeconds: backoff(message.attempts) });
      }
    } else if (isWakeJob(body)) {
      const statements = new DeliveryStore(env.DB).wakeWorkspaceStatements(body.platform, body.workspaceId, Date.now());
      if (budget.left < statements.length + DELIVERY_STATEMENTS_MAX) {
        message.retry({ delaySeconds: 1 });
        continue;
      }
      try {
        budget.spend(statements.length);
        await env.DB.batch(statements);
        message.ack();
      } catch (error) {
        logError("delivery.wake_failed", error, { platform: body.platform, workspace: body.workspaceId });
        message.retry({ delaySeconds: backoff(message.attempts) });
      }
    } else if (isDeliveryJob(body)) deliveries.push(message as Message<DeliveryJob>);
    else if (isAmendJob(body)) amends.push(message as Message<AmendJob>);
    // A redraw job is the news review's (src/jobs.ts), done after the deliveries with what they leave.
    else if (!isRedrawJob(body)) {
      logError("delivery.malformed", new Error("not a delivery job"), { id: message.id });
      message.ack();
    }
  }
  // Edits leave room for a batch of deliveries beside them: new items go out before old ones are amended.
  const keepForDeliveries = deliveries.length ? DELIVERY_STATEMENTS_MAX + 4 * CONNECTIONS : 0;
  const deadLetters = batch.queue.endsWith("-dlq");
  if (amends.length && deadLetters) await handBackDeadEdits(amends, env, budget);
  else if (amends.length)
    await amendBatch(amends, env, budget, keepForDeliveries).catch((error) => {
      // D1 unreachable or a bug: every edit comes back later, still queued.
      logError("amend.failed", error, { messages: amends.length });
      for (const message of amends) message.retry({ delaySeconds: backoff(message.attempts) });
    });
  if (!deliveries.length) return { subrequests: budget.used };
  if (deadLetters) {
    await handleDeadLetters(deliveries, env, budget);
    return { subrequests: budget.used };
  }
  const started = Date.now();
  try {
    const handled = await deliverBatch(deliveries, env, budget);
    for (const message of deliveries) {
      const h = handled.get(message);
      logEvent("delivery", {
        platform: h?.platform,
        item: message.body.message,
        subscription: message.body.subscriptionId,
        outcome: h?.outcome ?? "unknown",
        attempt: message.attempts,
        ms: Date.now() - started,
      });
    }
  } catch (error) {
    // D1 unreachable or a bug: every message comes back later; claims expire after the lease.
    logError("delivery.failed", error, { messages: deliveries.length });
    for (const message of deliveries) message.retry({ delaySeconds: backoff(message.attempts) });
  }
  logEvent("delivery.batch", { messages: batch.messages.length, subrequests: budget.used });
  return { subrequests: budget.used };
}
