// The cron ticks and the queue consumer. The planner, the consumer, feed polling and its XML parser run in
// cron and queue invocations only: they are loaded there, never on an interaction's cold start
// (tests/news/lazy.test.ts).
import type { QueueJob } from "./delivery/jobs";
import type { Env } from "./env";

/** The planner's trigger (wrangler.toml): every minute. Any schedule but the news round's plans. */
export const PLAN_CRON = "* * * * *";
/**
 * The news round's trigger (wrangler.toml). A trigger of its own makes it an invocation of its own, with
 * its own 50 subrequests: sharing the planner's tick, the two together could pass them. A feed waits at
 * least 5 minutes between polls, so polling every other minute delays a story by a minute at most.
 */
export const NEWS_CRON = "*/2 * * * *";

export const jobs = {
  async scheduled(controller, env, ctx) {
    if (controller.cron === NEWS_CRON)
      ctx.waitUntil(import("./news/poll").then(({ newsTick }) => newsTick(env, controller.scheduledTime)));
    else ctx.waitUntil(import("./delivery/planner").then(({ planDeliveries }) => planDeliveries(env)));
  },
  async queue(batch, env, _ctx) {
    const { handleQueue } = await import("./delivery/consumer");
    await handleQueue(batch, env);
  },
} satisfies ExportedHandler<Env, QueueJob>;
