// /help on both platforms, in every language: what the bot does, each command with an example in that
// platform's syntax, how alerts work there, where to add the bot, and where the data comes from.
import { beforeEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index";
import { commandAsShown, exampleOf, exampleValue } from "../../src/command";
import { LOCALES } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { seedContent } from "../helpers/content";
import { ask, type DiscordReply, int, isPrivate, send, slash, str, textOf } from "../helpers/discord";
import { MockApis } from "../helpers/mock-api";
import { sendSlash, slackJson, slackText } from "../helpers/slack";
import { oauthEnv, SlackOAuthMock } from "../helpers/slack-oauth";

/** Slack's mrkdwn has single-star bold; compare text with the marks taken out. */
const plain = (text: string) => text.replace(/\*+/g, "");

beforeEach(async () => {
  await seedContent();
});

it("every command in the one list has examples that call that command with its own options", () => {
  for (const command of COMMANDS) {
    for (const key of Object.keys(command.examples.discord))
      expect(command.options, `${command.name} ${key}`).toHaveProperty(key);
    const discord = exampleOf(command, { platform: "discord" });
    expect(discord, command.name).toMatch(new RegExp(`^/${command.name}( [a-z]+:[^ ]+)+`));
    expect(command.examples.slack, command.name).toMatch(new RegExp(`^/${command.name}\\b`));
  }
});

it("every Discord example spelled for the asker's client gets the answer the English spelling gets", async () => {
  let spelled = 0;
  for (const command of COMMANDS)
    for (const clientLocale of ["ko", "id"] as const) {
      const options = (spelling: "en" | typeof clientLocale) =>
        Object.entries(command.examples.discord).map(([key, value]) => {
          const typed = exampleValue(value, { clientLocale: spelling });
          return command.options[key]?.type === "integer" ? int(key, Number(typed)) : str(key, typed);
        });
      if (JSON.stringify(options("en")) === JSON.stringify(options(clientLocale))) continue;
      spelled++;
      const asked = await ask(slash(command.name, options(clientLocale), { locale: clientLocale }));
      expect(isPrivate(asked), `${command.name} in ${clientLocale}`).toBe(false);
      expect(asked, `${command.name} in ${clientLocale}`).toEqual(
        await ask(slash(command.name, options("en"), { locale: clientLocale })),
      );
    }
  expect(spelled).toBeGreaterThan(0);
});

describe.each(LOCALES)("/help in %s", (locale) => {
  it("on Discord: privately, every command with a Discord example, server alerts, both Discord install links", async () => {
    const response = await send(slash("help", [str("language", locale)]));
    expect(response.status).toBe(200);
    const reply = (await response.json()) as DiscordReply;
    expect(isPrivate(reply)).toBe(true);
    const text = textOf(reply);
    expect(text).toContain(t(locale, "help.title"));
    for (const command of COMMANDS) {
      expect(text).toContain(`/${command.name}`);
      expect(text).toContain(command.description[locale]);
      expect(text).toContain(exampleOf(command, { platform: "discord" }));
    }
    expect(text).toContain(
      t(locale, "help.alertsDiscord", { on: "/renewal alerts:on", permissions: "Administrator, Manage Server, Manage Channels" }),
    );
    // Discord has no Tagalog setting: the help says where to pick it, by the names this reader's (English) client shows.
    const language = COMMANDS[0]?.options.language;
    expect(text).toContain("`language`");
    expect(text).toContain(language?.type === "string" ? language.choices?.find((c) => c.value === "tl")?.name[locale] : "?");
    expect(text).toContain(t(locale, "help.data"));
    expect(text).toContain(`[${t(locale, "help.discordServer")}](https://discord.com/oauth2/authorize?client_id=`);
    expect(text).toContain(`[${t(locale, "help.discordAccount")}](https://discord.com/oauth2/authorize?client_id=`);
    // No Slack OAuth on this deployment: no Slack link offered.
    expect(text).not.toContain("/slack/install");
  });

  it("on Slack: privately, every command with a Slack example, channel alerts, and the Slack install link", async () => {
    // Slack OAuth set up, the asking workspace (slashBody's T0001) served by its own token.
    const slack = new SlackOAuthMock(new MockApis()).install();
    const token = slack.fromSettings({ teamId: "T0001", name: "Fans" });
    const reply = await slackJson(await sendSlash("/help", `lang:${locale}`, { env: oauthEnv({ SLACK_BOT_TOKEN: token }) }));
    expect(reply.response_type).toBe("ephemeral");
    const text = plain(slackText(reply));
    expect(text).toContain(t(locale, "help.title"));
    for (const command of COMMANDS) expect(text).toContain(command.examples.slack);
    expect(text).toContain(plain(t(locale, "help.alertsSlack", { on: "/renewal alerts on" })));
    // Slack says nothing of the asker's language: the help says how to ask for one.
    expect(text).toContain("lang:tl");
    // In the asker's language, which the page the install comes back to speaks.
    expect(text).toContain(`<https://bot.test/slack/install?lang=${locale}|${t(locale, "help.slack")}>`);
  });
});

it("explains /help's own usage when given text it does not take", async () => {
  const reply = await slackJson(await sendSlash("/help", "everything please"));
  expect(reply.response_type).toBe("ephemeral");
  expect(slackText(reply)).toContain("/help [lang:en|ko|id|tl]");
});

describe("/help names commands as the asker's Discord client shows them", () => {
  it("in a Korean client: the Korean command and option names, whatever language the answer is in", async () => {
    for (const language of ["ko", "en", "tl"]) {
      const text = textOf(await ask(slash("help", [str("language", language)], { locale: "ko" })));
      for (const command of COMMANDS) {
        const names = command.names;
        expect(names, command.name).toBeDefined();
        expect(text).toContain(`/${names?.ko}`);
        expect(text).toContain(exampleOf(command, { platform: "discord", clientLocale: "ko" }));
      }
      // A name as a Korean reader types it, which the search finds as it finds the romanized one.
      expect(text).toContain("`/인물 이름:백강혁`");
      expect(text).toContain("`/후속시즌 알림:켜기`");
      expect(text).toContain("`언어`");
      expect(text).toContain("관리자 (Administrator), 서버 관리하기 (Manage Server), 채널 관리하기 (Manage Channels)");
      expect(text).not.toMatch(/`\/(character|renewal) [a-z]+:/);
    }
  });

  it("in an Indonesian client the Indonesian names, in an English one (or one the bot has no names for) the declared ones", async () => {
    const indonesian = textOf(await ask(slash("help", [str("language", "en")], { locale: "id" })));
    expect(indonesian).toContain("`/karakter nama:Baek Kang-hyuk`");
    expect(indonesian).toContain("`/kelanjutan notifikasi:nyalakan`");
    expect(indonesian).toContain("`bahasa`");
    for (const locale of ["en-US", "fr"]) {
      const english = textOf(await ask(slash("help", [str("language", "ko")], { locale })));
      expect(english).toContain("`/character name:Baek Kang-hyuk`");
      expect(english).toContain("`/renewal alerts:on`");
      expect(english).toContain("`language`");
    }
  });

  it("names a choice by the label the client lists it under", () => {
    const renewal = COMMANDS.find((c) => c.name === "renewal");
    if (!renewal) throw new Error("no /renewal");
    expect(commandAsShown(renewal, { clientLocale: "ko" }, { alerts: "follow", language: "tl" })).toBe(
      "/후속시즌 알림:팔로우 언어:타갈로그어",
    );
    expect(commandAsShown(renewal, {}, { alerts: "off" })).toBe("/renewal alerts:off");
  });
});
