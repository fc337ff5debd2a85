// The front Worker (`npm run deploy`): the bot's public address. It answers Discord's interactions and
// serves the web pages itself, and hands every other request (Slack, its install, /health) to the back
// Worker through the BACK service binding. Its bundle holds nothing of Slack, the feed parser or the
// queue consumer, so a Discord interaction's cold start compiles only what answering needs.
import type { Env } from "../env";
import { newApp } from "../routes/base";
import { discordFirst, frontRoutes } from "../routes/front";

export interface FrontEnv extends Env {
  /** The back Worker (src/workers/back.ts). */
  BACK: Fetcher;
}

const app = frontRoutes(newApp((c) => (c.env as FrontEnv).BACK.fetch(c.req.raw)));

export default { fetch: discordFirst(app) } satisfies ExportedHandler<FrontEnv>;
