import type { CommandContext, CommandFacts } from "../src/command";
import { componentId, defineCommand, language, staleButton, string } from "../src/command";
import type { NewsItem, NewsLabel } from "../src/content/schema";
import type { Content } from "../src/content/store";
import { formatDate, type Locale, pick } from "../src/i18n/locale";
import { t } from "../src/i18n/strings";
import { type Control, card, type Reply } from "../src/reply";
import { ALERT_ACTIONS, type AlertAction, manageAlerts } from "./alerts";
import { sourcesOf } from "./present";

const LABEL_MARKS: Record<NewsLabel, string> = {
  official: "✅",
  "author statement": "✍️",
  report: "📰",
  rumor: "❓",
};

/** "✍️ author statement", translated. Every timeline entry carries one. */
export const labelText = (label: NewsLabel, locale: Locale): string => `${LABEL_MARKS[label]} ${t(locale, `label.${label}`)}`;

/** One timeline line: date, label, title linked to its source. */
export const timelineLine = (item: NewsItem, locale: Locale): string =>
  `**${formatDate(item.date, locale)}** · _${labelText(item.label, locale)}_ · [${pick(item.title, locale)}](${item.url})`;

/** A single news item as a card: used for alert posts, so a post looks like the timeline entry it came from. */
export function newsCard(item: NewsItem, locale: Locale): Reply {
  return card({
    title: pick(item.title, locale),
    url: item.url,
    text: `_${labelText(item.label, locale)}_ · ${formatDate(item.date, locale)}\n\n${pick(item.summary, locale)}`,
    sources: sourcesOf(item.sources, locale),
    note: t(locale, "renewal.legend"),
  });
}

/** `src:<lang>`: every timeline source, privately; `al:on|off:<lang>`: turn the channel's alerts on or off. */
const SOURCES_PREFIX = "src";
const ALERTS_PREFIX = "al";

/** Sources, and in a channel an alerts toggle showing what a click would do. */
async function renewalControls(locale: Locale, facts: CommandFacts, ctx: CommandContext): Promise<Control[]> {
  const controls: Control[] = [{ kind: "button", label: t(locale, "button.sources"), id: componentId(SOURCES_PREFIX, locale) }];
  if (facts.inDM || !facts.channelId) return controls;
  const subscribed = await ctx.alerts.subscription(facts.platform, facts.channelId).then(
    (sub) => sub?.active === true,
    () => false,
  );
  controls.push({
    kind: "button",
    label: t(locale, subscribed ? "button.alertsOff" : "button.alertsOn"),
    id: componentId(ALERTS_PREFIX, locale, subscribed ? "off" : "on"),
  });
  return controls;
}

/** Every timeline entry with all of its sources, for a reader who wants to check them. */
export function renewalSources(news: readonly NewsItem[], locale: Locale): Reply {
  const lines = news.map((item) => {
    const links = sourcesOf(item.sources, locale).links.map((l) => (l.url ? `[${l.label}](${l.url})` : l.label));
    return `**${formatDate(item.date, locale)}** · ${pick(item.title, locale)}\n${links.join(" · ")}`;
  });
  return { ...card({ title: t(locale, "sources.all"), text: lines.join("\n\n") }), visibility: "ephemeral" };
}

/** The status sentence (content) over the timeline of published news (D1, the items delivery sends). */
export function renewalTimeline(content: Content, news: readonly NewsItem[], locale: Locale, controls: Control[] = []): Reply {
  const status = content.show.renewalStatus;
  const asOf = t(locale, "renewal.asOf", { date: formatDate(status.asOf, locale) });
  return card({
    title: t(locale, "renewal.title"),
    text: `${pick(status.text, locale)} _(${asOf})_\n\n**${t(locale, "renewal.timeline")}**\n${news
      .map((item) => timelineLine(item, locale))
      .join("\n")}`,
    note: t(locale, "renewal.legend"),
    controls,
  });
}

const ALERT_CHOICES = ALERT_ACTIONS.map((value) => ({
  value,
  name: {
    on: { en: "on", ko: "켜기", id: "nyalakan", tl: "i-on" },
    off: { en: "off", ko: "끄기", id: "matikan", tl: "i-off" },
    status: { en: "status", ko: "상태", id: "status", tl: "status" },
  }[value],
}));

export const renewal = defineCommand({
  name: "renewal",
  names: { ko: "후속시즌", id: "kelanjutan" },
  description: {
    en: "Seasons 2 and 3: what is official, what is reported, what is rumor",
    ko: "시즌 2·3: 공식 발표, 보도, 루머를 구분해서",
    id: "Musim 2 dan 3: mana yang resmi, laporan, atau rumor",
    tl: "Ikalawa at ikatlong season: alin ang opisyal, ulat, o tsismis",
  },
  usage: "/renewal [alerts on|off|status] [lang:en|ko|id|tl]",
  options: {
    alerts: string({
      description: {
        en: "Post new season 2 and 3 news in this channel",
        ko: "이 채널에 시즌 2·3 새 소식 알림 받기",
        id: "Kirim kabar baru musim 2 dan 3 ke channel ini",
        tl: "I-post dito ang bagong balita sa ikalawa at ikatlong season",
      },
      names: { ko: "알림", id: "notifikasi" },
      choices: ALERT_CHOICES,
    }),
    language: language(),
  },
  async run({ options, locale, facts }, ctx) {
    if (options.alerts) return manageAlerts(options.alerts as AlertAction, locale, facts, ctx);
    const [content, news] = await Promise.all([ctx.content(), ctx.news()]);
    return renewalTimeline(content, news, locale, await renewalControls(locale, facts, ctx));
  },
  components: [
    {
      prefix: SOURCES_PREFIX,
      run: async ({ arg, locale }, ctx) => (arg === undefined ? renewalSources(await ctx.news(), locale) : staleButton()),
    },
    {
      prefix: ALERTS_PREFIX,
      // The same permission rules as the command.
      run: ({ arg, locale, facts }, ctx) =>
        arg === "on" || arg === "off" ? manageAlerts(arg, locale, facts, ctx) : staleButton(),
    },
  ],
});
