// The ANNOUNCEMENTS queue consumer: claim each (item, channel) in D1, post, confirm. A duplicate or
// late message finds the delivery already claimed or sent and posts nothing.
import { type Content, loadContent } from "../content/store";
import type { Env } from "../env";
import { logError, logEvent } from "../log";
import { type Budget, deliver } from "./deliver";
import type { DeliveryJob } from "./jobs";
import { backoff, type Outcome } from "./outcome";
import { AlertsStore, type Platform, type PlatformState } from "./store";
import { tokenFor, tokenHash } from "./tokens";

/** A claim older than this belongs to a worker that died; another may take over. */
export const LEASE_MS = 60_000;
/** Workers keep at most 6 outbound connections open at once; more would only wait. */
export const CONCURRENT_DELIVERIES = 6;
/** After this many attempts across queue retries and re-plans, a delivery is recorded as failed. */
export const MAX_DELIVERY_ATTEMPTS = 20;

const isJob = (value: unknown): value is DeliveryJob => {
  const v = value as DeliveryJob | null;
  return typeof v?.newsId === "string" && Number.isInteger(v?.subscriptionId);
};

interface BatchState {
  store: AlertsStore;
  content: Content;
  platforms: Map<Platform, PlatformState>;
  budget: Budget;
}

async function platformState(state: BatchState, env: Env, platform: Platform, now: number): Promise<PlatformState> {
  let current = state.platforms.get(platform);
  if (!current) {
    current = await state.store.platformState(platform);
    // A token that was refused stays refused; a new one resumes sending.
    if (current.authError && current.tokenHash !== (await tokenHash(tokenFor(env, platform)))) {
      current = { ...current, authError: null, tokenHash: null };
      await state.store.setPlatformState(platform, current, now);
    }
    state.platforms.set(platform, current);
  }
  return current;
}

async function apply(
  outcome: Outcome,
  message: Message<DeliveryJob>,
  job: DeliveryJob,
  platform: Platform,
  state: BatchState,
  env: Env,
  now: number,
) {
  const { store } = state;
  switch (outcome.kind) {
    case "done":
      await store.confirm(job, outcome.messageId, now);
      message.ack();
      return;
    case "disable":
      await store.disable(job.subscriptionId, outcome.reason, now);
      await store.finish(job, "dropped", outcome.reason);
      message.ack();
      return;
    case "fail":
    case "fallback":
      await store.finish(job, "failed", outcome.reason);
      message.ack();
      return;
    case "retry":
      await store.release(job, outcome.reason);
      message.retry({ delaySeconds: outcome.delaySeconds });
      return;
    case "pause": {
      const paused = { ...(await platformState(state, env, platform, now)), pausedUntil: now + outcome.delaySeconds * 1000 };
      state.platforms.set(platform, paused);
      await store.setPlatformState(platform, paused, now);
      await store.release(job, outcome.reason);
      message.retry({ delaySeconds: outcome.delaySeconds });
      return;
    }
    case "stop": {
      const stopped = {
        ...(await platformState(state, env, platform, now)),
        authError: outcome.reason,
        tokenHash: await tokenHash(tokenFor(env, platform)),
      };
      state.platforms.set(platform, stopped);
      await store.setPlatformState(platform, stopped, now);
      // The delivery waits in the ledger; the planner queues it again once a working token is set.
      await store.release(job, outcome.reason);
      message.ack();
      return;
    }
  }
}

type Handled = { outcome: string; platform?: Platform };

async function handleMessage(message: Message<DeliveryJob>, state: BatchState, env: Env): Promise<Handled> {
  const job = message.body;
  if (!isJob(job)) {
    logError("delivery.malformed", new Error("not a delivery job"), { id: message.id });
    message.ack();
    return { outcome: "malformed" };
  }
  const now = Date.now();
  const { store } = state;
  const sub = await store.subscriptionById(job.subscriptionId);
  if (!sub?.active) {
    await store.finish(job, "dropped", "alerts turned off");
    message.ack();
    return { outcome: "inactive", platform: sub?.platform };
  }
  const item = state.content.news.find((n) => n.id === job.newsId);
  if (!item) {
    await store.finish(job, "dropped", "news item withdrawn");
    message.ack();
    return { outcome: "withdrawn", platform: sub.platform };
  }
  const platform = await platformState(state, env, sub.platform, now);
  if (platform.authError) {
    message.ack();
    return { outcome: "platform-stopped", platform: sub.platform };
  }
  if (platform.pausedUntil > now) {
    message.retry({ delaySeconds: Math.ceil((platform.pausedUntil - now) / 1000) });
    return { outcome: "platform-paused", platform: sub.platform };
  }
  const claim = await store.claim(job, now, LEASE_MS);
  if (!claim.claimed) {
    // Someone else holds a live claim: come back when it would have expired. Otherwise it is done.
    if (claim.state === "claimed") message.retry({ delaySeconds: LEASE_MS / 1000 });
    else message.ack();
    return { outcome: `already-${claim.state}`, platform: sub.platform };
  }
  if (claim.attempts > MAX_DELIVERY_ATTEMPTS) {
    await store.finish(job, "failed", `gave up after ${MAX_DELIVERY_ATTEMPTS} attempts`);
    logError("delivery.gave_up", new Error("too many attempts"), { news: job.newsId, subscription: job.subscriptionId });
    message.ack();
    return { outcome: "gave-up", platform: sub.platform };
  }
  const outcome = await deliver(env, sub, item, claim, state.budget);
  await apply(outcome, message, job, sub.platform, state, env, now);
  return { outcome: outcome.kind, platform: sub.platform };
}

export async function handleQueue(batch: MessageBatch<DeliveryJob>, env: Env): Promise<void> {
  let content: Content;
  try {
    content = await loadContent(env.CONTENT);
  } catch (error) {
    logError("delivery.no_content", error, { messages: batch.messages.length });
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  const state: BatchState = { store: new AlertsStore(env.DB), content, platforms: new Map(), budget: { used: 0 } };
  const one = async (message: Message<DeliveryJob>) => {
    const started = Date.now();
    try {
      const { outcome, platform } = await handleMessage(message, state, env);
      logEvent("delivery", {
        platform,
        item: message.body?.newsId,
        subscription: message.body?.subscriptionId,
        outcome,
        attempt: message.attempts,
        ms: Date.now() - started,
      });
    } catch (error) {
      logError("delivery.failed", error, { item: message.body?.newsId, subscription: message.body?.subscriptionId });
      message.retry({ delaySeconds: backoff(message.attempts) });
    }
  };
  // Each message is a different channel: work on several at once, as many as a Worker keeps connections
  // open. The first goes alone, so a refused token or a platform-wide 429 stops the batch before the
  // rest add more refused requests.
  const waiting = [...batch.messages];
  const first = waiting.shift();
  if (first) await one(first);
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENT_DELIVERIES, waiting.length) }, async () => {
      for (let message = waiting.shift(); message; message = waiting.shift()) await one(message);
    }),
  );
  logEvent("delivery.batch", { messages: batch.messages.length, subrequests: state.budget.used });
}
