// The back Worker (`npm run deploy`): Slack, with Bolt evaluated at start-up (which has its own, larger
// CPU budget) so that no Slack request pays for it; the Slack install and /health, which the front
// Worker hands over; the cron tick, the queue consumer and the shared pacer. Reached only through the
// front Worker's service binding.
import "../slack/bolt";
import type { QueueJob } from "../delivery/jobs";
import type { Env } from "../env";
import { jobs } from "../jobs";
import { backRoutes } from "../routes/back";
import { newApp } from "../routes/base";

export { Pacer } from "../pacing/pacer";

const app = backRoutes(newApp());

export default { fetch: app.fetch, ...jobs } satisfies ExportedHandler<Env, QueueJob>;
