// Shared by the benchmark scripts: signing like Discord and Slack, statistics, the content bundle.
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../src/cli/project";
import { buildBundle, type ContentBundle } from "../src/content/bundle";
import { DATA_FILES, type DataFileName } from "../src/content/schema";

export const keys = (() => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { publicHex: publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex"), privateKey };
})();
export const SLACK_SECRET = "bench-signing-secret";
/** A single-workspace install (SLACK_BOT_TOKEN), as a deployment without OAuth has: its answers look the token up. */
export const SLACK_BOT_TOKEN = "xoxb-bench-token";

export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function discordRequest(base: string, interaction: unknown): SignedRequest {
  const body = JSON.stringify(interaction);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), keys.privateKey).toString("hex");
  return {
    url: `${base}/discord/interactions`,
    // As Discord sends it, with the body's length.
    headers: {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      "x-signature-ed25519": signature,
      "x-signature-timestamp": timestamp,
    },
    body,
  };
}

export function slackRequest(base: string, command: string, text: string): SignedRequest {
  // Every field Slack sends with a command, as long as Slack's own.
  const body = new URLSearchParams({
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    team_id: "T0A1B2C3D4E",
    team_domain: "trauma-code-fans",
    channel_id: "C0A1B2C3D4F",
    channel_name: "trauma-code",
    user_id: "U0A1B2C3D50",
    user_name: "traumafan",
    command,
    text,
    api_app_id: "A0A1B2C3D51",
    is_enterprise_install: "false",
    response_url: "https://hooks.slack.com/commands/T0A1B2C3D4E/8102934756123/oTkRsUq9Xy2LmNbVcD4eF5gH",
    trigger_id: "8102934756187.10339485712.6b2f4c1e9d8a7b3c5e0f1a2b3c4d5e6f",
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    url: `${base}/slack/events`,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
    body,
  };
}

export const toRequest = (r: SignedRequest) => new Request(r.url, { method: "POST", headers: r.headers, body: r.body });

const GUILD = "1186457823456780288";
const CHANNEL = "1186457823456780291";
const APPLICATION = "1296310857392357386";

/**
 * An interaction in a server that added the bot, with every field Discord sends one today (about 2 KB, as
 * real ones are): the verifying, the parsing and the reading are measured on what Discord sends, not
 * on a handful of fields, which would make each cheaper than it is.
 */
export function interaction(type: number, data: Record<string, unknown>) {
  return {
    app_permissions: "2248473465835073",
    application_id: APPLICATION,
    attachment_size_limit: 10485760,
    authorizing_integration_owners: { "0": GUILD },
    channel: {
      flags: 0,
      guild_id: GUILD,
      icon_emoji: { id: null, name: "\u{1f3e5}" },
      id: CHANNEL,
      last_message_id: "1311954201738711090",
      name: "trauma-code",
      nsfw: false,
      parent_id: "1186457823456780289",
      permissions: "2248473465835073",
      position: 2,
      rate_limit_per_user: 0,
      theme_color: null,
      topic: "The Trauma Code: Heroes on Call, season 1 and what comes next",
      type: 0,
    },
    channel_id: CHANNEL,
    context: 0,
    data,
    entitlement_sku_ids: [],
    entitlements: [],
    guild: { features: ["COMMUNITY", "NEWS", "GUILD_ONBOARDING", "SOUNDBOARD"], id: GUILD, locale: "en-US" },
    guild_id: GUILD,
    guild_locale: "en-US",
    id: "1311954296554811452",
    locale: "en-US",
    member: {
      avatar: null,
      banner: null,
      collectibles: null,
      communication_disabled_until: null,
      deaf: false,
      flags: 0,
      joined_at: "2025-01-24T09:12:45.131000+00:00",
      mute: false,
      nick: null,
      pending: false,
      permissions: "2248473465835073",
      premium_since: null,
      roles: ["1186457823456780290"],
      unusual_dm_activity_until: null,
      user: {
        avatar: "a6c3f2d8e1b0974c5d2e3f4a5b6c7d8e",
        avatar_decoration_data: null,
        clan: null,
        collectibles: null,
        discriminator: "0",
        display_name_styles: null,
        global_name: "Trauma Fan",
        id: "1186457551049261066",
        primary_guild: null,
        public_flags: 0,
        username: "traumafan",
      },
    },
    token:
      "aW50ZXJhY3Rpb246MTMxMTk1NDI5NjU1NDgxMTQ1MjpMSTNGTXdHbDBZQjhOa2dSbTVvUk9nTjlEYk9HTnBFZzJwcVh3V2hQRmVZSFY3WkdmQ2R6V3FoUzRlTjhmcmlWa0pBTWdZSmJrSnVMUXVGN3Y1dWVQRTF1aEFaU2pUdHh4dmQ0dFFWS2FQbGtLbmx3cHVFSFhvTDRGbG5EZ3RZbQ",
    type,
    version: 1,
  };
}

/** The message a button sits on, as a component interaction carries it: an episode card with its buttons. */
function cardMessage() {
  const button = (custom_id: string, label: string) => ({ type: 2, id: 0, style: 2, label, custom_id });
  const text = (content: string) => ({ type: 10, id: 0, content });
  return {
    type: 20,
    content: "",
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    timestamp: "2025-01-24T09:12:46.402000+00:00",
    edited_timestamp: null,
    flags: 32768,
    components: [
      {
        type: 17,
        id: 1,
        accent_color: 13111342,
        components: [
          text("## Episode 3"),
          text(
            "A patient from a motorcycle crash reaches the hospital with internal bleeding while the team still has no operating room of its own; Baek decides on the spot, and the hospital's managers count the cost.",
          ),
          text("-# Sources: netflix.com, koreaherald.com, decider.com"),
          {
            type: 1,
            id: 0,
            components: [button("ep:2:en", "Episode 2"), button("ep:4:en", "Episode 4"), button("eps:3:en", "Spoilers")],
          },
        ],
      },
    ],
    id: "1311954299365134407",
    channel_id: CHANNEL,
    author: {
      id: APPLICATION,
      username: "Trauma Code Bot",
      avatar: null,
      discriminator: "0000",
      public_flags: 0,
      flags: 0,
      bot: true,
      banner: null,
      accent_color: null,
      global_name: null,
      avatar_decoration_data: null,
      collectibles: null,
      banner_color: null,
      clan: null,
      primary_guild: null,
    },
    pinned: false,
    mention_everyone: false,
    tts: false,
    application_id: APPLICATION,
    interaction_metadata: {
      id: "1311954296554811452",
      type: 2,
      user: { id: "1186457551049261066", username: "traumafan", discriminator: "0", global_name: "Trauma Fan", avatar: null },
      authorizing_integration_owners: { "0": GUILD },
      name: "episode",
      command_type: 1,
    },
    webhook_id: APPLICATION,
    position: 0,
  };
}

/** The scenarios measured per request, by name. */
export function scenarios(base: string): Record<string, SignedRequest> {
  return {
    PING: discordRequest(base, { id: "1", application_id: "1", type: 1, token: "t", version: 1 }),
    "/character name": discordRequest(
      base,
      interaction(2, { id: "1", name: "character", type: 1, options: [{ name: "name", type: 3, value: "baek" }] }),
    ),
    "/episode 3": discordRequest(
      base,
      interaction(2, { id: "1", name: "episode", type: 1, options: [{ name: "number", type: 4, value: 3 }] }),
    ),
    autocomplete: discordRequest(
      base,
      interaction(4, { id: "1", name: "character", type: 1, options: [{ name: "name", type: 3, value: "ba", focused: true }] }),
    ),
    "button click": discordRequest(base, {
      ...interaction(3, { custom_id: "ep:4:en", component_type: 2 }),
      message: cardMessage(),
    }),
    "Slack /episode 3": slackRequest(base, "/episode", "3"),
  };
}

export async function contentBundle(): Promise<ContentBundle> {
  const files: Partial<Record<DataFileName, unknown>> = {};
  for (const name of Object.keys(DATA_FILES) as DataFileName[])
    files[name] = JSON.parse(readFileSync(join(ROOT, "data", name), "utf8"));
  const result = await buildBundle(files);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.bundle;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const median = (values: number[]) => percentile(values, 50);

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(cells[0] ?? []), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...cells.slice(1).map(line)].join("\n");
}
