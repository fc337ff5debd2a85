// The bot added to a fan's own Discord account (user install): registration says where each command
// may be used, and interactions from a server without the bot, a DM and a group DM get the answers
// Discord lets a user-installed app give there.
import { beforeEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index";
import { INTEGRATION_TYPES, INTERACTION_CONTEXTS, toDiscordCommands } from "../../src/discord/register";
import { ADMIN, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { ask, controlsOf, type DiscordReply, int, isPrivate, send, slash, str, textOf, titleOf } from "../helpers/discord";

const GUILD = "300000000000000001";
const FAN = { id: "500000000000000001", username: "fan", global_name: "Fan" };
const USE_EXTERNAL_APPS = 1n << 50n;
const SEND_MESSAGES = 1n << 11n;
/** What app_permissions carries for a user-installed app that may post (view, send, embed). */
const USER_APP_PERMISSIONS = String((1n << 10n) | SEND_MESSAGES | (1n << 14n));

/** In a server that has not added the bot: only the member's own install authorizes it. */
const inGuildWithoutBot = (memberPermissions: bigint, appPermissions = USER_APP_PERMISSIONS) => ({
  context: 0,
  authorizing_integration_owners: { "1": FAN.id },
  member: { user: FAN, permissions: String(memberPermissions) },
  app_permissions: appPermissions,
});

/** In a DM with the bot (context 1) or a group DM (context 2): no guild, a user, no member. */
const inPrivate = (context: 1 | 2) => ({
  context,
  guild_id: undefined,
  guild_locale: undefined,
  member: undefined,
  user: FAN,
  channel_id: "700000000000000001",
  channel: { id: "700000000000000001", type: context === 1 ? 1 : 3 },
  authorizing_integration_owners: context === 1 ? { "0": "0", "1": FAN.id } : { "1": FAN.id },
  app_permissions: String((1n << 14n) | (1n << 15n) | (1n << 17n)),
});

beforeEach(async () => {
  await seedContent();
});

describe("registration", () => {
  it("offers every command to server and user installs, in servers, bot DMs and group DMs", () => {
    const payload = toDiscordCommands() as unknown as { name: string; integration_types: number[]; contexts: number[] }[];
    expect(payload.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    expect(payload.map((c) => c.name)).toContain("help");
    for (const command of payload) {
      expect(command.integration_types, command.name).toEqual([0, 1]);
      expect(command.contexts, command.name).toEqual([0, 1, 2]);
    }
    expect([...INTEGRATION_TYPES]).toEqual([0, 1]);
    expect([...INTERACTION_CONTEXTS]).toEqual([0, 1, 2]);
  });
});

describe("a server that has not added the bot", () => {
  it("answers publicly where the member may use external apps and the app may send messages", async () => {
    const reply = await ask(slash("episode", [int("number", 3)], inGuildWithoutBot(USE_EXTERNAL_APPS)));
    expect(reply.type).toBe(4);
    expect(isPrivate(reply)).toBe(false);
    expect(titleOf(reply)).toContain("3");
  });

  it("answers privately where the server does not let members' apps answer publicly", async () => {
    const reply = await ask(slash("episode", [int("number", 3)], inGuildWithoutBot(0n)));
    expect(isPrivate(reply)).toBe(true);
    expect(titleOf(reply)).toContain("3");
  });

  it("answers privately where app_permissions says the app may not send messages", async () => {
    const noSend = String((1n << 10n) | (1n << 14n));
    const reply = await ask(slash("character", [str("name", "baek")], inGuildWithoutBot(USE_EXTERNAL_APPS, noSend)));
    expect(isPrivate(reply)).toBe(true);
  });

  it("does not serve a cached public answer where only a private one is allowed", async () => {
    const publicFirst = await ask(slash("character", [str("name", "baek")]));
    expect(isPrivate(publicFirst)).toBe(false);
    const again = await ask(slash("character", [str("name", "baek")], inGuildWithoutBot(0n)));
    expect(isPrivate(again)).toBe(true);
    expect(titleOf(again)).toBe(titleOf(publicFirst));
  });

  it("refuses /renewal alerts with a private hint and the link to add the bot to the server, even for an admin", async () => {
    const reply = await ask(
      slash("renewal", [str("alerts", "on")], {
        ...inGuildWithoutBot(USE_EXTERNAL_APPS | 8n),
        member: { user: FAN, permissions: ADMIN },
      }),
    );
    expect(isPrivate(reply)).toBe(true);
    const text = textOf(reply);
    expect(text).toContain("you have added it to your account only");
    expect(text).toContain("https://discord.com/oauth2/authorize?client_id=100000000000000001");
    expect(text).toContain("integration_type=0");
    expect(await store().subscription("discord", "400000000000000001")).toBeNull();
  });

  it("links to the application the interaction came to when the deployment names none", async () => {
    const interaction = {
      ...slash("renewal", [str("alerts", "on")], {
        ...inGuildWithoutBot(USE_EXTERNAL_APPS | 8n),
        member: { user: FAN, permissions: ADMIN },
      }),
      application_id: "100000000000000777",
    };
    const response = await send(interaction, { env: { DISCORD_APPLICATION_ID: "" } });
    const text = textOf((await response.json()) as DiscordReply);
    expect(text).toContain("https://discord.com/oauth2/authorize?client_id=100000000000000777");
    expect(text).not.toMatch(/add it here: *\.?$/);
  });

  it("offers no alerts button under /renewal there", async () => {
    const reply = await ask(slash("renewal", [], inGuildWithoutBot(USE_EXTERNAL_APPS)));
    // Every custom_id in the answer, wherever Components V2 nests it.
    const ids = (r: DiscordReply) => controlsOf(r).map((c) => c.custom_id);
    expect(ids(reply).some((id) => id?.startsWith("al:"))).toBe(false);
    // Where the bot is in the server, the same answer has the toggle.
    expect(ids(await ask(slash("renewal", [])))).toContain("al:on:en");
  });

  it("still treats a server that added the bot as before when the member has also added it", async () => {
    const both = { context: 0, authorizing_integration_owners: { "0": GUILD, "1": FAN.id } };
    const reply = await ask(slash("renewal", [str("alerts", "on")], { ...both, member: { user: FAN, permissions: ADMIN } }));
    expect(textOf(reply)).toContain("Renewal alerts are on for this channel");
    expect((await store().subscription("discord", "400000000000000001"))?.active).toBe(true);
    const answer = await ask(slash("episode", [int("number", 2)], { ...both, member: { user: FAN, permissions: "0" } }));
    expect(isPrivate(answer)).toBe(false);
  });
});

describe.each([
  [1, "a DM with the bot"],
  [2, "a group DM"],
] as const)("%s: %s", (context, _where) => {
  it("answers commands publicly, in the user's language", async () => {
    const reply = await ask(slash("episode", [int("number", 3)], { ...inPrivate(context), locale: "ko" }));
    expect(reply.type).toBe(4);
    expect(isPrivate(reply)).toBe(false);
    expect(titleOf(reply)).toContain("3화");
  });

  it("refuses /renewal alerts with a private hint that alerts are set per channel", async () => {
    const reply = await ask(slash("renewal", [str("alerts", "on")], inPrivate(context)));
    expect(isPrivate(reply)).toBe(true);
    expect(textOf(reply)).toContain("run this in a channel, not in a DM");
  });

  it("answers /help privately with both Discord install links", async () => {
    const reply = await ask(slash("help", [], inPrivate(context)));
    expect(isPrivate(reply)).toBe(true);
    const text = textOf(reply);
    expect(text).toContain("integration_type=0");
    expect(text).toContain("integration_type=1");
  });
});
