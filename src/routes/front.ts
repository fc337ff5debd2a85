// Discord's interactions, the front Worker's one route, answered without a router. Nothing here may
// import Slack's modules, the web pages, the feed parser or the queue consumer (tests/build/split.test.ts
// checks it): they would be compiled on the cold start of every Discord interaction.

import { getPath } from "hono/utils/url";
import { DISCORD_ROUTE, type DiscordRouteOptions, handleDiscord } from "../discord/route";
import type { Env } from "../env";
import { answerOrInternalError } from "../http";
import type { Fetch } from "./base";

const DISCORD_ROUTE_SLASHED = `${DISCORD_ROUTE}/`;

/**
 * Is this a Discord interaction (the front Worker's own route)? The endpoint pasted into the developer
 * portal with a trailing slash is the same endpoint: Discord calls it exactly as pasted, and a 404 there
 * fails the portal's check with no word of why.
 */
export const isDiscordInteraction = (request: Request): boolean => {
  if (request.method !== "POST") return false;
  const path = getPath(request);
  return path === DISCORD_ROUTE || path === DISCORD_ROUTE_SLASHED;
};

/** Discord's interaction answered, or, should anything escape its handler, a 500 with a JSON body. */
export const answerDiscord = (request: Request, env: Env, options?: DiscordRouteOptions): Promise<Response> =>
  answerOrInternalError(() => handleDiscord(request, env, options), DISCORD_ROUTE);

/**
 * A Worker's fetch: Discord's interactions go straight to their handler, everything else to `next` (the
 * app's router). Every fan's command takes this path, and the router would add its own work to each.
 */
export const discordFirst =
  (next: Fetch, options?: DiscordRouteOptions): Fetch =>
  (request, env, ctx) =>
    isDiscordInteraction(request) ? answerDiscord(request, env, options) : next(request, env, ctx);
