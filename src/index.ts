// The Worker: HTTP routes, the cron planner and the queue consumer.

import type { DeliveryJob } from "./alerts/jobs";
import { app } from "./app";
import type { Env } from "./env";

export default {
  fetch: app.fetch,
  async scheduled(_controller, _env, _ctx) {},
  async queue(batch, _env, _ctx) {
    batch.ackAll();
  },
} satisfies ExportedHandler<Env, DeliveryJob>;
