// `/help`: what the bot does, every command with its example, how alerts work and who may turn them on,
// where to add the bot, and where the data comes from. It is handed the one command list
// (commands/index.ts), so a new command shows up here by being listed, with the examples it declares.
import type { Command, CommandFacts, InstallLinks } from "../src/command";
import { commandNameAsShown, defineCommand, exampleOf, LANGUAGE_NAMES, language, optionAsShown } from "../src/command";
import { LOCALES, type Locale } from "../src/i18n/locale";
import { t } from "../src/i18n/strings";
import { slackInstallUrl } from "../src/install-hint";
import { type Field, type Link, type Reply, reply } from "../src/reply";
import { alertsLine, managerPermissions } from "./alerts";

function installLinks(links: InstallLinks, locale: Locale): Link[] {
  const all: (Link | undefined)[] = [
    links.discordServer ? { label: t(locale, "help.discordServer"), url: links.discordServer } : undefined,
    links.discordAccount ? { label: t(locale, "help.discordAccount"), url: links.discordAccount } : undefined,
    links.slack ? { label: t(locale, "help.slack"), url: slackInstallUrl(links.slack, locale) } : undefined,
  ];
  return all.filter((link): link is Link => link !== undefined);
}

/** Help in `locale`, with every command as the asker's client shows it (see commandAsShown). */
export function helpReply(
  commandList: readonly Command[],
  locale: Locale,
  facts: Pick<CommandFacts, "platform" | "clientLocale">,
  links: InstallLinks,
): Reply {
  const { platform } = facts;
  const languages = LOCALES.map((l) => `\`${l}\` ${LANGUAGE_NAMES[l][locale]}`).join(", ");
  const commands: Field[] = commandList.map((command) => ({
    name: commandNameAsShown(command, facts),
    value: `${command.description[locale]}\n${t(locale, "help.example")}: \`${exampleOf(command, facts)}\``,
  }));
  const install = installLinks(links, locale);
  return reply(
    [
      { kind: "heading", text: t(locale, "help.title") },
      // Discord brings the client's language only where it is Korean or Indonesian, Slack none: say how to pick one.
      {
        kind: "text",
        markdown: `${t(locale, "help.intro", { languages })} ${t(locale, platform === "slack" ? "help.languageSlack" : "help.languageDiscord", { language: optionAsShown("language", language(), facts) })}`,
      },
      { kind: "fields", fields: commands },
      {
        kind: "text",
        markdown: `**${t(locale, "help.alertsTitle")}**\n${t(
          locale,
          platform === "slack" ? "help.alertsSlack" : "help.alertsDiscord",
          {
            on: alertsLine(facts, "on"),
            permissions: managerPermissions(facts),
          },
        )}`,
      },
      ...(install.length ? [{ kind: "links" as const, label: t(locale, "help.installTitle"), links: install }] : []),
      { kind: "text", markdown: `**${t(locale, "help.dataTitle")}**\n${t(locale, "help.data")}` },
      { kind: "note", text: t(locale, "renewal.legend") },
    ],
    // Help is for whoever asked; it does not need to fill the channel.
    "ephemeral",
  );
}

/** `/help`, given the list it describes (itself included). */
export const helpCommand = (commandList: () => readonly Command[]) =>
  defineCommand({
    name: "help",
    names: { ko: "도움말", id: "bantuan" },
    description: {
      en: "What this bot does, every command with an example, alerts, and where the data comes from",
      ko: "봇 소개, 명령어별 예시, 알림 안내, 데이터 출처",
      id: "Apa yang dilakukan bot ini, contoh setiap perintah, notifikasi, dan asal datanya",
      tl: "Ano ang ginagawa ng bot, halimbawa ng bawat command, alerts, at saan galing ang data",
    },
    usage: "/help [lang:en|ko|id|tl]",
    examples: { discord: { language: "id" }, slack: "/help lang:id" },
    options: { language: language() },
    async run({ locale, facts }, ctx) {
      return helpReply(commandList(), locale, facts, ctx.links?.() ?? {});
    },
  });
