// The front Worker (`npm run deploy`): the bot's public address. It answers Discord's interactions itself,
// but for the news review's buttons and forms, and hands every other request (Slack, the web pages, the
// Slack install, /health) to the back Worker through the BACK service binding. Its bundle holds nothing of
// Slack, the pages, the feed parser, the news review or the delivery core, not even a router, so a fan's
// cold start compiles only what answering needs.
import { env as workerEnv } from "cloudflare:workers";
import { prepareDiscordKey } from "../discord/verify";
import type { Env } from "../env";
import { json } from "../http";
import { logError } from "../log";
import { answerDiscord, isDiscordInteraction } from "../routes/front";

export interface FrontEnv extends Env {
  /** The back Worker (src/workers/back.ts). */
  BACK: Fetcher;
}

// At start-up, which has its own CPU budget: the public key every interaction is verified with.
prepareDiscordKey((workerEnv as Env).DISCORD_PUBLIC_KEY);

/** The back's answer, or a JSON 502 when the back could not be reached or threw. */
async function toBack(request: Request, env: FrontEnv): Promise<Response> {
  try {
    return await env.BACK.fetch(request);
  } catch (error) {
    logError("back.unreachable", error, { path: new URL(request.url).pathname });
    return json({ error: "temporarily unavailable" }, 502);
  }
}

/**
 * A review card's press, verified here and answered by the back, which has the review; undefined when the
 * back could not answer, and the reviewer is then told privately. A refusal (4xx: the back's own signature
 * check, its window passed in the hop, or a back that does not know the route) is no answer either: passed
 * on, Discord would show the press as failed, with no word of why.
 */
async function reviewInBack(request: Request, env: FrontEnv): Promise<Response | undefined> {
  const response = await toBack(request, env);
  return response.ok ? response : undefined;
}

export default {
  // The execution context goes unused: the front waits on nothing after its answer.
  fetch: (request, env, _ctx) =>
    isDiscordInteraction(request)
      ? answerDiscord(request, env, { handOver: (press) => reviewInBack(press, env) })
      : toBack(request, env),
} satisfies ExportedHandler<FrontEnv>;
