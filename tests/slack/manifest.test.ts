import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index";
import { slackManifest } from "../../src/slack/manifest";

describe("Slack app manifest", () => {
  const manifest = slackManifest("https://bot.example.dev/");

  it("lists every command with its description and usage hint, pointing at /slack/events", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(COMMANDS.map((c) => `/${c.name}`));
    const character = manifest.features.slash_commands[0];
    expect(character).toEqual({
      command: "/character",
      url: "https://bot.example.dev/slack/events",
      description: "A character from The Trauma Code, or the whole roster",
      usage_hint: "[name] [lang:en|ko|id|tl]",
      should_escape: false,
    });
  });

  it("enables interactivity on the same URL and asks for the scopes commands and alerts need", () => {
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: "https://bot.example.dev/slack/events" });
    expect(manifest.oauth_config.scopes.bot).toEqual([
      "commands",
      "chat:write",
      "chat:write.public",
      "channels:history",
      "groups:history",
      "channels:join",
      "channels:read",
    ]);
  });

  it("sends installers back to /slack/oauth_redirect and subscribes to the uninstall and channel_left events on /slack/events", () => {
    expect(manifest.oauth_config.redirect_urls).toEqual(["https://bot.example.dev/slack/oauth_redirect"]);
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: "https://bot.example.dev/slack/events",
      bot_events: ["app_uninstalled", "tokens_revoked", "channel_left"],
    });
  });
});
