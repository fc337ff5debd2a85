// Planning: turn a frozen message into ledger rows, one per subscription of its topic that predates
// it, a chunk at a time, and queue a delivery job per new row (should the announcement channel have no
// delivery of it, or one that ends without a crosspost, the channels that follow it after that). The
// cron tick plans the first chunk of each message still being planned and sweeps pending rows past
// their due time; further chunks go through the queue as plan jobs. A withdrawn message's sent posts
// get amend jobs (edits saying so), a chunk per tick. An idle tick reads a constant few rows, through
// partial indexes and platform_state, however many subscriptions, deliveries and edits (parked ones
// included) there are.
import type { Env } from "../env";
import { markEvaluated } from "../lazy";
import { logError, logEvent } from "../log";
import { platformList } from "../platforms";
import { Budget } from "./budget";
import type { DeliveryJob, QueueJob } from "./jobs";
import { EDIT_LOST_AFTER_MS, LEASE_MS, MAX_DELIVERY_ATTEMPTS, STALE_MS } from "./policy";
import { DeliveryStore, type Topic, tokenHash } from "./store";

markEvaluated("delivery/planner");

export { STALE_MS };

/** Queues.sendBatch takes at most 100 messages. */
export const SEND_BATCH_MAX = 100;
/** Subscriptions planned per chunk: one INSERT … SELECT and this / 100 queue sends. */
export const PLAN_CHUNK = 400;
/** Messages the cron tick plans a chunk of, at most (and withdrawn messages it queues edits of). */
export const PLANNING_PER_TICK = 2;
/** Rows one sweep queues again, at most. */
export const SWEEP_LIMIT = 500;
/** Posts of a withdrawn message whose edits one tick queues (one queue send); PLANNING_PER_TICK such messages a tick. */
export const AMEND_CHUNK = SEND_BATCH_MAX;
/** What one plan job costs: the chunk (2 statements), its sends, the next plan job. */
export const PLAN_JOB_COST = 2 + PLAN_CHUNK / SEND_BATCH_MAX + 1;

export async function enqueue(env: Env, jobs: readonly QueueJob[], budget?: Budget): Promise<void> {
  for (let i = 0; i < jobs.length; i += SEND_BATCH_MAX) {
    budget?.spend(1);
    await env.ANNOUNCEMENTS.sendBatch(jobs.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body, contentType: "json" as const })));
  }
}

/**
 * Plans one chunk of a message (its subscribers', or once those are done, its followers'); queues its
 * deliveries and, if more remain and this call moved the cursor, the next chunk. A job queued from a
 * cursor that has moved on since (`after`) plans nothing: whoever moved it queued the next job.
 */
export async function continuePlanning(
  env: Env,
  key: string,
  budget: Budget,
  now = Date.now(),
  after?: number,
): Promise<DeliveryJob[]> {
  const store = new DeliveryStore(env.DB);
  budget.spend(1);
  const row = await env.DB.prepare("SELECT topic, planned_through, followers_through FROM messages WHERE key = ?")
    .bind(key)
    .first<{ topic: Topic; planned_through: number | null; followers_through: number | null }>();
  if (!row) return [];
  if (after !== undefined && (row.planned_through ?? row.followers_through) !== after) return [];
  if (row.planned_through !== null) return planFrom(env, store, key, row.topic, row.planned_through, budget, now);
  if (row.followers_through === null) return [];
  return planFrom(env, store, key, row.topic, row.followers_through, budget, now, true);
}

async function planFrom(
  env: Env,
  store: DeliveryStore,
  key: string,
  topic: Topic,
  after: number,
  budget: Budget,
  now: number,
  followers = false,
): Promise<DeliveryJob[]> {
  budget.spend(2);
  const { jobs, next, advanced } = followers
    ? await store.planFollowers(key, topic, after, PLAN_CHUNK, now, now + STALE_MS)
    : await store.planChunk(key, topic, after, PLAN_CHUNK, now, now + STALE_MS, env.DISCORD_ANNOUNCEMENT_CHANNEL_ID ?? "");
  // The next chunk's plan job goes between the halves of this chunk's deliveries: it is planned while
  // the second half is still going out, so the queue never runs dry between chunks, and the backlog
  // stays about a chunk deep (a newer message's deliveries wait behind no more than that).
  const half = Math.ceil(jobs.length / SEND_BATCH_MAX / 2) * SEND_BATCH_MAX;
  let queued = 0;
  try {
    await enqueue(env, jobs.slice(0, half), budget);
    queued = half;
    // Overlapping planners: only the one that moved the cursor goes on, and its job only while the cursor
    // is where it left it, so chains never fork (a tick planning a chunk, or a job delivered twice, would
    // otherwise start a second chain beside the first, and the queue would hold a chunk per chain).
    if (advanced && next !== null) await enqueue(env, [{ kind: "plan", message: key, after: next }], budget);
    await enqueue(env, jobs.slice(half), budget);
  } catch (error) {
    // Rows the queue refused would wait STALE_MS for the sweep: made due now, the next tick queues them.
    budget.spend(1);
    await store.makeDue(jobs.slice(queued), now).catch((e) => logError("delivery.make_due", e, { message: key }));
    throw error;
  }
  return jobs;
}

/**
 * Withdrawn messages: queues an amend job for a chunk of each one's sent posts not yet edited (marked
 * `queued` as they are taken, so overlapping ticks take each once). A chunk that cannot be queued is
 * put back for the next tick. A message stays amending while one of its posts is being made (a claim
 * within the lease), so a post that lands after the withdrawal is edited too. Returns how many edits
 * were queued.
 */
async function planAmends(env: Env, store: DeliveryStore, keys: readonly string[], budget: Budget, now: number): Promise<number> {
  let queued = 0;
  for (const key of keys) {
    budget.spend(2);
    const jobs = await store.amendChunk(key, AMEND_CHUNK, now - LEASE_MS, now);
    if (!jobs.length) continue;
    try {
      await enqueue(env, jobs, budget);
      queued += jobs.length;
    } catch (error) {
      logError("amend.enqueue", error, { message: key });
      budget.spend(1);
      await store.unqueueAmends(jobs);
    }
  }
  return queued;
}

export async function planDeliveries(env: Env, now = Date.now()): Promise<{ planned: number; replanned: number }> {
  const budget = new Budget();
  const store = new DeliveryStore(env.DB);
  budget.spend(1);
  let planned = 0;
  const { planning, amending } = await store.planning(PLANNING_PER_TICK);
  for (const message of planning)
    planned += (await planFrom(env, store, message.key, message.topic, message.plannedThrough, budget, now, message.followers))
      .length;
  const amended = await planAmends(env, store, amending, budget, now);
  // Rows parked while a platform's shared token was refused wake once it is another token (the same batch).
  const wake = await Promise.all(
    platformList().map(async (p) => ({ platform: p.name, tokenHash: await tokenHash(p.sharedToken(env) ?? "") })),
  );
  // The sweep's batch: edits that lost their queue message handed back, the wake, the rows out of
  // attempts, the rows queued again.
  budget.spend(4);
  const replanned = await store.sweep(
    now,
    LEASE_MS,
    MAX_DELIVERY_ATTEMPTS,
    now + STALE_MS,
    SWEEP_LIMIT,
    wake,
    now - EDIT_LOST_AFTER_MS,
  );
  try {
    await enqueue(env, replanned, budget);
  } catch (error) {
    // The sweep made them due a stale time on: made due now, the next tick's sweep queues them again
    // (a row queued twice is claimed once).
    budget.spend(1);
    await store.makeDue(replanned, now).catch((e) => logError("delivery.make_due", e, { sweep: replanned.length }));
    throw error;
  }
  // Edits parked the same way wake too; their messages are amending again from the next tick. All
  // platforms' parked edits are in one index, so they are read only when a platform may have some to wake.
  budget.spend(1);
  const editsToWake = await store.editsToWake(wake);
  if (editsToWake.length) {
    // Their messages made amending, the wake and its platforms' marks: one batch.
    budget.spend(3);
    await store.wakeAmends(editsToWake);
  }
  logEvent("plan", { planned, amended, replanned: replanned.length, subrequests: budget.used, ms: Date.now() - now });
  return { planned, replanned: replanned.length };
}
