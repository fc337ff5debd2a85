// Slack as a Platform: the events webhook (Bolt behind our own checks) and alert delivery through the Web API.
import type { Platform } from "../platform";
import { findSlackPost, HISTORY_PAGES_MAX, postSlackMessage, prepareSlackChannel } from "./api";
import { handleSlack } from "./route";

export const slack: Platform = {
  name: "slack",
  route: "/slack/events",
  handle: (request, env, ctx) => handleSlack(request, env, (p) => ctx.waitUntil(p)),
  token: (env) => env.SLACK_BOT_TOKEN || undefined,
  // chat.postMessage is paced per workspace (the token) and method.
  paceRoute: () => "chat.postMessage",
  // Slack limits each Web API method on its own: the route is the method's name.
  callRoute: (url) => new URL(url).pathname.split("/").pop() ?? "",
  post: postSlackMessage,
  findPosted: findSlackPost,
  // History pages, one join, the post and its plain-text fallback.
  callsPerDelivery: HISTORY_PAGES_MAX + 3,
  prepareChannel: prepareSlackChannel,
  // Slack has no channel that others can follow.
  follow: async () => ({ kind: "unavailable" }),
};
