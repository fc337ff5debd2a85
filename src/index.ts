// The Worker: HTTP routes, the cron planner and the queue consumer.
import { app } from "./app";
import { handleQueue } from "./delivery/consumer";
import type { QueueJob } from "./delivery/jobs";
import { planDeliveries } from "./delivery/planner";
import type { Env } from "./env";

export { Pacer } from "./pacing/pacer";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(planDeliveries(env));
    // Feed polling and its XML parser are evaluated by the cron only, never on an interaction's cold start.
    ctx.waitUntil(import("./news/poll").then(({ newsTick }) => newsTick(env, controller.scheduledTime)));
  },
  async queue(batch, env, _ctx) {
    await handleQueue(batch, env);
  },
} satisfies ExportedHandler<Env, QueueJob>;
