// The Worker: HTTP routes, the cron planner and the queue consumer.
import { handleQueue } from "./alerts/consumer";
import type { DeliveryJob } from "./alerts/jobs";
import { planDeliveries } from "./alerts/planner";
import { app } from "./app";
import type { Env } from "./env";
import { newsTick } from "./news/poll";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(planDeliveries(env));
    ctx.waitUntil(newsTick(env, controller.scheduledTime));
  },
  async queue(batch, env, _ctx) {
    await handleQueue(batch, env);
  },
} satisfies ExportedHandler<Env, DeliveryJob>;
