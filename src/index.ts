// The bot as one Worker: every route, the cron planner and the queue consumer (wrangler.toml; what
// `npm start` runs and the tests exercise). `npm run deploy` ships the same code as two Workers instead,
// src/workers/front.ts and src/workers/back.ts, so that a Discord interaction's cold start compiles
// nothing of Slack or the delivery code.
import { app } from "./app";
import type { QueueJob } from "./delivery/jobs";
import type { Env } from "./env";
import { jobs } from "./jobs";
import { platformsFirst } from "./routes/back";
import { discordFirst } from "./routes/front";

export { Pacer } from "./pacing/pacer";

export default {
  fetch: discordFirst(platformsFirst(app)),
  ...jobs,
} satisfies ExportedHandler<Env, QueueJob>;
