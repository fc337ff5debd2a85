// The Worker: HTTP routes, the cron planner and the queue consumer.
import { app } from "./app";
import { handleQueue } from "./delivery/consumer";
import type { QueueJob } from "./delivery/jobs";
import { planDeliveries } from "./delivery/planner";
import type { Env } from "./env";

export { Pacer } from "./pacing/pacer";

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(planDeliveries(env));
  },
  async queue(batch, env, _ctx) {
    await handleQueue(batch, env);
  },
} satisfies ExportedHandler<Env, QueueJob>;
