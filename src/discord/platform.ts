// Discord as a Platform: the interactions webhook and alert delivery through its REST API.
import { featureComponents } from "../feature-components";
import type { Platform } from "../platform";
import {
  editChannelMessage,
  findDiscordPost,
  followAnnouncements,
  isAnnouncementChannel,
  LOOKUP_PAGES_MAX,
  postChannelMessage,
} from "./api";
import type { DiscordInput } from "./parse";
import { toDiscordCommands } from "./register";
import { toDiscordAnswer } from "./render";
import { DISCORD_ROUTE, handleDiscord, parseDiscord, verifyDiscord } from "./route";

export const discord: Platform<DiscordInput> = {
  name: "discord",
  route: DISCORD_ROUTE,
  // The whole route, a feature's press included; the front Worker's own route hands those to the back.
  handle: (request, env) => handleDiscord(request, env, { features: featureComponents }),
  verify: verifyDiscord,
  parse: parseDiscord,
  render: toDiscordAnswer,
  // The interactions endpoint URL is set once in the developer portal, so the origin is not part of it.
  registration: (commands) => toDiscordCommands(commands),
  // One bot token for every server.
  token: async (env) => (env.DISCORD_BOT_TOKEN ? { token: env.DISCORD_BOT_TOKEN, own: false } : { token: undefined }),
  sharedToken: (env) => env.DISCORD_BOT_TOKEN,
  // Discord's message route is limited per channel, and every route shares the global 50/s per token.
  paceRoute: () => "POST /channels/{channel.id}/messages",
  // Discord limits a bot by its token.
  paceAccount: () => undefined,
  // Each channel has a bucket of its own for messages (5 per 5 s today), told in the answers' headers.
  paceLane: (channel) => `POST /channels/${channel.channelId}/messages`,
  // "POST /channels/{channel.id}/messages": the method and the path after the API version, ids replaced.
  // Ids after /messages/ are messages: "PATCH /channels/{channel.id}/messages/{message.id}".
  callRoute: (url, method) =>
    `${method.toUpperCase()} ${new URL(url).pathname
      .replace(/^.*?\/v\d+(?=\/)/, "")
      .replace(/\/messages\/\d+/g, "/messages/{message.id}")
      .replace(/\/\d+/g, "/{channel.id}")}`,
  // The same with the channel's id kept and a message's left out, as editLane names an edit's:
  // "GET /channels/123/messages", "POST /channels/123/messages/crosspost". Discord limits each channel apart.
  callLane: (url, method) =>
    `${method.toUpperCase()} ${new URL(url).pathname.replace(/^.*?\/v\d+(?=\/)/, "").replace(/\/messages\/\d+/g, "/messages")}`,
  post: postChannelMessage,
  edit: editChannelMessage,
  editRoute: () => "PATCH /channels/{channel.id}/messages/{message.id}",
  // Edits have a bucket of their own per channel, told in the answers' headers as the posts' is.
  // (a lane names no placeholder: it is one channel's own, and the pacer learns its bucket from the answers).
  editLane: (channel) => `PATCH /channels/${channel.channelId}/messages`,
  findPosted: findDiscordPost,
  // Lookup pages, the post and its plain fallback, and in announcement mode a crosspost after each.
  callsPerDelivery: LOOKUP_PAGES_MAX + 4,
  // The post and its plain-text fallback, and in the announcement channel the crosspost of the one made.
  callsPerPost: (env, channel) => (isAnnouncementChannel(env, channel.channelId) ? 3 : 2),
  // Listing the channel's messages: every page counts toward the global limit like the post.
  lookupSlots: LOOKUP_PAGES_MAX,
  // The bot posts with its permissions in the channel, which /renewal alerts:on already checked.
  prepareChannel: async () => undefined,
  follow: (env, channel, claim) => followAnnouncements(env, channel.channelId, claim),
};
