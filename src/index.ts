// The bot as one Worker: every route, the cron planner and the queue consumer (wrangler.toml; what
// `npm start` runs and the tests exercise). `npm run deploy` ships the same code as two Workers instead,
// src/workers/front.ts and src/workers/back.ts, so that a Discord interaction's cold start compiles
// nothing of Slack or the delivery code.
import type { QueueJob } from "./delivery/jobs";
import type { Env } from "./env";
import { featureComponents } from "./feature-components";
import { jobs } from "./jobs";
import { backRoutes, platformsFirst } from "./routes/back";
import { newApp } from "./routes/base";
import { discordFirst } from "./routes/front";

export { Pacer } from "./pacing/pacer";

// Discord's interactions and the platforms' POSTs are answered before the router; it has the rest.
export default {
  fetch: discordFirst(platformsFirst(backRoutes(newApp())), { features: featureComponents }),
  ...jobs,
} satisfies ExportedHandler<Env, QueueJob>;
