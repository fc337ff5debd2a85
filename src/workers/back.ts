// The back Worker (`npm run deploy`): Slack, with Bolt evaluated at start-up (which has its own, larger
// CPU budget) so that no Slack request pays for it; the pages, the Slack install, /health and the news
// review's Discord buttons, which the front Worker hands over; the cron tick, the queue consumer and the
// shared pacer. Reached only through the front Worker's service binding.
import "../slack/bolt";
import { env as workerEnv } from "cloudflare:workers";
import type { QueueJob } from "../delivery/jobs";
import type { Env } from "../env";
import { featureComponents } from "../feature-components";
import { jobs } from "../jobs";
import { backRoutes, platformsFirst } from "../routes/back";
import { newApp } from "../routes/base";
import { discordFirst } from "../routes/front";
import { prepareSlackKey } from "../slack/verify";

export { Pacer } from "../pacing/pacer";

// At start-up, with Bolt: the key every Slack request is verified with.
prepareSlackKey((workerEnv as Env).SLACK_SIGNING_SECRET);

const app = backRoutes(newApp());

// Discord's interactions that reach the back are those the front hands over: the features' presses.
export default {
  fetch: discordFirst(platformsFirst(app), { features: featureComponents }),
  ...jobs,
} satisfies ExportedHandler<Env, QueueJob>;
