// The Worker: HTTP routes, the cron planner and the queue consumer.
import { handleQueue } from "./alerts/consumer";
import type { DeliveryJob } from "./alerts/jobs";
import { planDeliveries } from "./alerts/planner";
import { app } from "./app";
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
} satisfies ExportedHandler<Env, DeliveryJob>;
