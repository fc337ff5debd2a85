// Slack as a Platform: the events webhook (Bolt behind our own checks) and alert delivery through the Web API.
import type { Env } from "../env";
import { type BotToken, type Platform, UNINSTALLED } from "../platform";
import { editSlackMessage, findSlackPost, postSlackMessage, prepareSlackChannel } from "./api";
import { slackTokenFor } from "./install-store";
import { slackManifest } from "./manifest";
import { toSlackResponse } from "./render";
import { handleSlack, parseSlack, SLACK_ROUTE, type SlackBody, verifySlack } from "./route";
import { workspaceOfToken } from "./single-workspace";

/**
 * The workspace's OAuth installation's token, else SLACK_BOT_TOKEN where it serves (see slackTokenFor).
 * Asked without a workspace (the review channel without REVIEW_SLACK_TEAM_ID), SLACK_BOT_TOKEN comes with
 * the workspace Slack issued it in: Slack limits an app per workspace, so the review cards are paced with
 * that workspace's deliveries, not apart from them. Its auth.test is asked once per isolate and counted
 * in `spend`; a token Slack refuses names no workspace.
 */
async function workspaceToken(env: Env, workspaceId: string, spend?: (queries: number) => void): Promise<BotToken> {
  // Installations are looked up only once OAuth is set up (SLACK_TOKEN_KEY); asking Slack whose
  // SLACK_BOT_TOKEN is, when it has to be asked, is counted by the lookup itself.
  if (env.SLACK_TOKEN_KEY) spend?.(1);
  const auth = await slackTokenFor(env, workspaceId, undefined, spend);
  if (auth && !workspaceId && auth.from === "single-workspace") {
    const home = await workspaceOfToken(env, auth.token, spend);
    return { token: auth.token, own: false, workspace: home?.teamId };
  }
  if (auth) return { token: auth.token, own: auth.from === "installation" };
  // With OAuth set up, a workspace without an installation has removed the app. Without OAuth the
  // missing SLACK_BOT_TOKEN is the operator's to fix: /health shows it.
  return env.SLACK_TOKEN_KEY
    ? { token: undefined, gone: `${UNINSTALLED} no Slack installation for this workspace` }
    : { token: undefined };
}

export const slack: Platform<SlackBody> = {
  name: "slack",
  route: SLACK_ROUTE,
  handle: (request, env, ctx) => handleSlack(request, env, (p) => ctx.waitUntil(p)),
  verify: verifySlack,
  parse: parseSlack,
  render: toSlackResponse,
  registration: (commands, origin) => slackManifest(origin, commands),
  token: workspaceToken,
  sharedToken: (env) => env.SLACK_BOT_TOKEN,
  // chat.postMessage is paced per workspace and method.
  paceRoute: () => "chat.postMessage",
  // Slack limits an app per workspace, whichever token it issued there (a reinstall issues a new one).
  paceAccount: (channel) => channel.workspaceId || undefined,
  // Slack takes about one message a second in a channel.
  paceLane: (channel) => `chat.postMessage ${channel.channelId}`,
  // Slack limits each Web API method on its own: the route is the method's name.
  callRoute: (url) => new URL(url).pathname.split("/").pop() ?? "",
  // Slack limits a method per workspace, whatever the channel.
  callLane: () => undefined,
  post: postSlackMessage,
  edit: editSlackMessage,
  editRoute: () => "chat.update",
  // chat.update is limited per workspace (its tier), not per channel.
  editLane: () => undefined,
  findPosted: findSlackPost,
  // The history read's pacing slot, one history page (a check reads one: Slack allows one a minute), one
  // join, the post and its plain-text fallback.
  callsPerDelivery: 5,
  // The post and its plain-text fallback.
  callsPerPost: () => 2,
  // conversations.history is limited on its own, apart from chat.postMessage.
  lookupSlots: 0,
  lookupRoute: "conversations.history",
  prepareChannel: prepareSlackChannel,
  // Slack has no channel that others can follow.
  follow: async () => ({ kind: "unavailable" }),
};
