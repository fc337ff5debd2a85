// `/help`: what the bot does, every command with an example, how alerts work and who may turn them on,
// where to add the bot, and where the data comes from. It reads the one command list, so a new
// command shows up here by being listed.
import type { CommandFacts } from "../src/command";
import { defineCommand, LANGUAGE_NAMES, language } from "../src/command";
import { LOCALES, type Locale } from "../src/i18n/locale";
import { t } from "../src/i18n/strings";
import type { InstallLinks } from "../src/install-links";
import { type Field, type Link, type Reply, reply } from "../src/reply";
import { COMMANDS } from "./index";

type Platform = CommandFacts["platform"];

/** One example per command and platform: Discord takes named options, Slack plain text. */
export const HELP_EXAMPLES: Record<string, Record<Platform, string>> = {
  character: { discord: "/character name:Baek Kang-hyuk", slack: "/character baek" },
  episode: { discord: "/episode number:3", slack: "/episode 3" },
  renewal: { discord: "/renewal language:ko", slack: "/renewal lang:ko" },
  inspiration: { discord: "/inspiration", slack: "/inspiration" },
  help: { discord: "/help language:id", slack: "/help lang:id" },
};

function installLinks(links: InstallLinks, locale: Locale): Link[] {
  const all: (Link | undefined)[] = [
    links.discordServer ? { label: t(locale, "help.discordServer"), url: links.discordServer } : undefined,
    links.discordAccount ? { label: t(locale, "help.discordAccount"), url: links.discordAccount } : undefined,
    links.slack ? { label: t(locale, "help.slack"), url: links.slack } : undefined,
  ];
  return all.filter((link): link is Link => link !== undefined);
}

export function helpReply(locale: Locale, platform: Platform, links: InstallLinks): Reply {
  const languages = LOCALES.map((l) => `\`${l}\` ${LANGUAGE_NAMES[l][locale]}`).join(", ");
  const commands: Field[] = COMMANDS.map((command) => ({
    name: `/${command.name}`,
    value: `${command.description[locale]}\n${t(locale, "help.example")}: \`${HELP_EXAMPLES[command.name]?.[platform] ?? command.usage}\``,
  }));
  const install = installLinks(links, locale);
  return reply(
    [
      { kind: "heading", text: t(locale, "help.title") },
      { kind: "text", markdown: t(locale, "help.intro", { languages }) },
      { kind: "fields", fields: commands },
      {
        kind: "text",
        markdown: `**${t(locale, "help.alertsTitle")}**\n${t(locale, platform === "slack" ? "help.alertsSlack" : "help.alertsDiscord")}`,
      },
      ...(install.length ? [{ kind: "links" as const, label: t(locale, "help.installTitle"), links: install }] : []),
      { kind: "text", markdown: `**${t(locale, "help.dataTitle")}**\n${t(locale, "help.data")}` },
      { kind: "note", text: t(locale, "renewal.legend") },
    ],
    // Help is for whoever asked; it does not need to fill the channel.
    "ephemeral",
  );
}

export const help = defineCommand({
  name: "help",
  names: { ko: "도움말", id: "bantuan" },
  description: {
    en: "What this bot does, every command with an example, alerts, and where the data comes from",
    ko: "봇 소개, 명령어별 예시, 알림 안내, 데이터 출처",
    id: "Apa yang dilakukan bot ini, contoh setiap perintah, notifikasi, dan asal datanya",
    tl: "Ano ang ginagawa ng bot, halimbawa ng bawat command, alerts, at saan galing ang data",
  },
  usage: "/help [lang:en|ko|id|tl]",
  options: { language: language() },
  async run({ locale, facts }, ctx) {
    return helpReply(locale, facts.platform, ctx.links?.() ?? {});
  },
});
