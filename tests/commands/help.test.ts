// /help on both platforms, in every language: what the bot does, each command with an example in that
// platform's syntax, how alerts work there, where to add the bot, and where the data comes from.
import { beforeEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index";
import { LOCALES } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { seedContent } from "../helpers/content";
import { type DiscordReply, isPrivate, send, slash, str, textOf } from "../helpers/discord";
import { MockApis } from "../helpers/mock-api";
import { sendSlash, slackJson, slackText } from "../helpers/slack";
import { oauthEnv, SlackOAuthMock } from "../helpers/slack-oauth";

/** Slack's mrkdwn has single-star bold; compare text with the marks taken out. */
const plain = (text: string) => text.replace(/\*+/g, "");

beforeEach(async () => {
  await seedContent();
});

it("every command in the one list has examples that call that command", () => {
  for (const command of COMMANDS) {
    expect(command.examples.discord, command.name).toMatch(new RegExp(`^/${command.name}\\b`));
    expect(command.examples.slack, command.name).toMatch(new RegExp(`^/${command.name}\\b`));
  }
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
      expect(text).toContain(command.examples.discord);
    }
    expect(text).toContain(t(locale, "help.alertsDiscord"));
    // Discord has no Tagalog setting: the help says where to pick it, by the names this reader's client shows.
    const language = COMMANDS[0]?.options.language;
    const shown = locale === "ko" || locale === "id" ? language?.names?.[locale] : "language";
    expect(text).toContain(`\`${shown}\``);
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
    expect(text).toContain(plain(t(locale, "help.alertsSlack")));
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
