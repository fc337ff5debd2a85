// The Slack app manifest, generated from commands/index.ts so Slack's commands match the router's.
import { COMMANDS } from "../../commands/index";
import type { Command } from "../command";
import { SLACK_ROUTE } from "./route";

/** Bolt's default OAuth paths, served by src/slack/install.ts (routed in src/routes/back.ts, which loads it on use). */
export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

/**
 * Bot scopes: commands for the slash commands; chat:write and chat:write.public to post renewal alerts;
 * channels:history and groups:history so a delivery retried after a lost answer can see whether it already
 * posted; channels:join to join a public channel when alerts are turned on there (history needs membership);
 * channels:read for the channel_left event, which says the bot was removed from a channel.
 */
export const SLACK_BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "channels:history",
  "groups:history",
  "channels:join",
  "channels:read",
] as const;

/** Slack's usage hint without the command itself: "/character [name] [lang:…]" -> "[name] [lang:…]". */
const usageHint = (usage: string) => usage.replace(/^\/\S+\s*/, "");

/** Events about the installation itself, which need no scope, and the bot's removal from a channel (channels:read). */
export const SLACK_BOT_EVENTS = ["app_uninstalled", "tokens_revoked", "channel_left"] as const;

export function slackManifest(baseUrl: string, commands: readonly Command[] = COMMANDS) {
  const base = baseUrl.replace(/\/$/, "");
  const requestUrl = `${base}${SLACK_ROUTE}`;
  return {
    display_information: {
      name: "Trauma Code Bot",
      description:
        "Characters, episodes, renewal news and the real stories behind The Trauma Code: Heroes on Call (중증외상센터).",
      background_color: "#8c0b20",
    },
    features: {
      bot_user: { display_name: "Trauma Code Bot", always_online: true },
      slash_commands: commands.map((command) => ({
        command: `/${command.name}`,
        url: requestUrl,
        description: command.description.en.slice(0, 100),
        usage_hint: usageHint(command.usage),
        should_escape: false,
      })),
    },
    // Where Slack sends an installer back with the OAuth code (src/slack/install.ts).
    oauth_config: { redirect_urls: [`${base}${REDIRECT_PATH}`], scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      event_subscriptions: { request_url: requestUrl, bot_events: [...SLACK_BOT_EVENTS] },
      interactivity: { is_enabled: true, request_url: requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
