// The cron planner: note newly published news, add a ledger row for every (item, subscription) that
// should get it, and queue one delivery message per new row. Rows whose message went missing are
// queued again after STALE_MS, so nothing is lost.
import { loadContent } from "../content/store";
import type { Env } from "../env";
import { logError, logEvent } from "../log";
import { MAX_DELIVERY_ATTEMPTS } from "./consumer";
import type { DeliveryJob } from "./jobs";
import { AlertsStore } from "./store";

export const STALE_MS = 30 * 60_000;
/** Queues.sendBatch takes at most 100 messages. */
export const SEND_BATCH_MAX = 100;

export async function enqueue(env: Env, jobs: DeliveryJob[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += SEND_BATCH_MAX) {
    await env.ANNOUNCEMENTS.sendBatch(jobs.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body, contentType: "json" as const })));
  }
}

export async function planDeliveries(env: Env, now = Date.now()): Promise<{ planned: number; replanned: number }> {
  let newsIds: string[];
  try {
    newsIds = (await loadContent(env.CONTENT)).news.map((n) => n.id);
  } catch (error) {
    logError("plan.no_content", error, {});
    return { planned: 0, replanned: 0 };
  }
  const store = new AlertsStore(env.DB);
  await store.markSeen(newsIds, now);
  const planned = await store.planNew(newsIds, now);
  const replanned = await store.replanStale(now, STALE_MS, MAX_DELIVERY_ATTEMPTS);
  await enqueue(env, [...planned, ...replanned]);
  logEvent("plan", { planned: planned.length, replanned: replanned.length, ms: Date.now() - now });
  return { planned: planned.length, replanned: replanned.length };
}
