// Planning: turn a frozen message into ledger rows, one per subscription of its topic that predates
// it, a chunk at a time, and queue a delivery job per new row. The cron tick plans the first chunk of
// each message still being planned and sweeps pending rows past their due time; further chunks go
// through the queue as plan jobs. An idle tick reads no rows beyond two index probes.
import type { Env } from "../env";
import { logEvent } from "../log";
import { Budget } from "./budget";
import type { DeliveryJob, QueueJob } from "./jobs";
import { LEASE_MS, MAX_DELIVERY_ATTEMPTS, STALE_MS } from "./policy";
import { DeliveryStore } from "./store";

export { STALE_MS };

/** Queues.sendBatch takes at most 100 messages. */
export const SEND_BATCH_MAX = 100;
/** Subscriptions planned per chunk: one INSERT … SELECT and this / 100 queue sends. */
export const PLAN_CHUNK = 400;
/** Messages the cron tick plans a chunk of, at most. */
export const PLANNING_PER_TICK = 2;
/** Rows one sweep queues again, at most. */
export const SWEEP_LIMIT = 500;
/** What one plan job costs: the chunk (2 statements), its sends, the next plan job. */
export const PLAN_JOB_COST = 2 + PLAN_CHUNK / SEND_BATCH_MAX + 1;

export async function enqueue(env: Env, jobs: readonly QueueJob[], budget?: Budget): Promise<void> {
  for (let i = 0; i < jobs.length; i += SEND_BATCH_MAX) {
    budget?.spend(1);
    await env.ANNOUNCEMENTS.sendBatch(jobs.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body, contentType: "json" as const })));
  }
}

/** Plans one chunk of a message; queues its deliveries and, if more remain and this call moved the cursor, the next chunk. */
export async function continuePlanning(env: Env, key: string, budget: Budget, now = Date.now()): Promise<DeliveryJob[]> {
  const store = new DeliveryStore(env.DB);
  budget.spend(1);
  const row = await env.DB.prepare("SELECT topic, planned_through FROM messages WHERE key = ?")
    .bind(key)
    .first<{ topic: "renewal"; planned_through: number | null }>();
  if (!row || row.planned_through === null) return [];
  return planFrom(env, store, key, row.topic, row.planned_through, budget, now);
}

async function planFrom(
  env: Env,
  store: DeliveryStore,
  key: string,
  topic: "renewal",
  after: number,
  budget: Budget,
  now: number,
): Promise<DeliveryJob[]> {
  budget.spend(2);
  const { jobs, next, advanced } = await store.planChunk(key, topic, after, PLAN_CHUNK, now, now + STALE_MS);
  await enqueue(env, jobs, budget);
  // Overlapping planners: only the one that moved the cursor goes on, so chains never fork.
  if (advanced && next !== null) await enqueue(env, [{ kind: "plan", message: key }], budget);
  return jobs;
}

export async function planDeliveries(env: Env, now = Date.now()): Promise<{ planned: number; replanned: number }> {
  const budget = new Budget();
  const store = new DeliveryStore(env.DB);
  budget.spend(1);
  let planned = 0;
  for (const message of await store.planning(PLANNING_PER_TICK))
    planned += (await planFrom(env, store, message.key, message.topic, message.plannedThrough, budget, now)).length;
  budget.spend(2);
  const replanned = await store.sweep(now, LEASE_MS, MAX_DELIVERY_ATTEMPTS, now + STALE_MS, SWEEP_LIMIT);
  await enqueue(env, replanned, budget);
  logEvent("plan", { planned, replanned: replanned.length, subrequests: budget.used, ms: Date.now() - now });
  return { planned, replanned: replanned.length };
}
