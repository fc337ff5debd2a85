// Discord as a Platform: the interactions webhook and alert delivery through its REST API.
import type { Platform } from "../platform";
import { findDiscordPost, LOOKUP_PAGES_MAX, postChannelMessage } from "./api";
import { handleDiscord } from "./route";

export const discord: Platform = {
  name: "discord",
  route: "/discord/interactions",
  handle: (request, env) => handleDiscord(request, env),
  // One bot token for every server.
  token: async (env) => (env.DISCORD_BOT_TOKEN ? { token: env.DISCORD_BOT_TOKEN, own: false } : { token: undefined }),
  // Discord's message route is limited per channel, and every route shares the global 50/s per token.
  paceRoute: () => "POST /channels/{channel.id}/messages",
  post: postChannelMessage,
  findPosted: findDiscordPost,
  callsPerDelivery: LOOKUP_PAGES_MAX + 2,
  // The bot posts with its permissions in the channel, which /renewal alerts:on already checked.
  prepareChannel: async () => undefined,
};
