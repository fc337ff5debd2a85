// The cron tick and the queue consumer. The planner, the consumer, feed polling and its XML parser run in
// cron and queue invocations only: they are loaded there, never on an interaction's cold start
// (tests/news/lazy.test.ts).
import type { QueueJob } from "./delivery/jobs";
import type { Env } from "./env";

export const jobs = {
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(import("./delivery/planner").then(({ planDeliveries }) => planDeliveries(env)));
    ctx.waitUntil(import("./news/poll").then(({ newsTick }) => newsTick(env, controller.scheduledTime)));
  },
  async queue(batch, env, _ctx) {
    const { handleQueue } = await import("./delivery/consumer");
    await handleQueue(batch, env);
  },
} satisfies ExportedHandler<Env, QueueJob>;
