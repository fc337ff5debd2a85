import { defineCommand, language } from "../src/command";
import type { Content } from "../src/content/store";
import { formatDate, type Locale, pick } from "../src/i18n/locale";
import { t } from "../src/i18n/strings";
import { card, type Reply } from "../src/reply";
import { watchButton } from "./character";
import { displayName, sourcesOf } from "./present";

const HONOUR_MARKS = { award: "🏆", chart: "📈" } as const;

/** The show itself: what it is, who made it, how it did, and where that is written. */
export function aboutCard(content: Content, locale: Locale): Reply {
  const { show } = content;
  const credits = show.credits.map((c) => {
    const note = c.note ? ` · _${pick(c.note, locale)}_` : "";
    return `**${pick(c.role, locale)}:** ${displayName(c.name, locale)}${note}`;
  });
  // An honour only one weak source reports is shown with its own "reportedly" wording, never as a plain fact.
  const honours = show.honours.map((h) => `${h.confirmed ? HONOUR_MARKS[h.kind] : "❓"} ${pick(h.text, locale)}`);
  const sources = [...show.sources, ...show.credits.flatMap((c) => c.sources), ...show.honours.flatMap((h) => h.sources)];
  return card({
    // The show's title is a name like the others: in the reader's script first (중증외상센터 for Korean readers).
    title: displayName({ en: show.title, ko: show.koreanTitle }, locale),
    url: show.watchUrl,
    text: [
      pick(show.summary, locale),
      `**${t(locale, "about.released")}:** ${formatDate(show.released, locale)} · ${t(locale, "about.episodes", { count: show.episodeCount })}`,
      `**${t(locale, "about.credits")}**\n${credits.join("\n")}`,
      `**${t(locale, "about.honours")}**\n${honours.join("\n")}`,
    ].join("\n\n"),
    sources: sourcesOf([...new Set(sources)], locale),
    note: t(locale, "footer"),
    controls: watchButton(content, locale),
  });
}

export const about = defineCommand({
  name: "about",
  names: { ko: "작품정보", id: "tentang" },
  description: {
    en: "The show: credits, chart record and awards",
    ko: "작품 정보: 제작진, 흥행 기록, 수상",
    id: "Tentang drama ini: kru, prestasi di chart, dan penghargaan",
    tl: "Tungkol sa serye: mga gumawa, rekord sa chart at mga parangal",
  },
  usage: "/about [lang:en|ko|id|tl]",
  examples: { discord: { language: "ko" }, slack: "/about lang:ko" },
  pure: true,
  options: { language: language() },
  async run({ locale }, ctx) {
    return aboutCard(await ctx.content(), locale);
  },
});
