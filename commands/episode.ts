import { type CommandContext, componentId, defineCommand, inPlace, integer, language, staleButton } from "../src/command";
import type { Episode } from "../src/content/schema";
import type { Content } from "../src/content/store";
import { UserError } from "../src/errors";
import { formatDate, type Locale, pick } from "../src/i18n/locale";
import { t } from "../src/i18n/strings";
import { type Control, card, list, type Reply } from "../src/reply";
import { watchButton } from "./character";
import { sourcesOf } from "./present";

/**
 * The range of the registered `number` option. It is fixed when the commands are registered (Discord
 * shows and checks it before the bot sees the number; the descriptions and the usage state it), so it
 * cannot be read from the content at run time, and registration runs from the same command list as the
 * Worker. tests/content/data.test.ts checks it equals the episodes in data/episodes.json; what the
 * answers show (the Next button) reads the content.
 */
export const EPISODE_COUNT = 8;
/**
 * The season every episode in data/episodes.json belongs to, as the guide's introduction says. A card
 * names it, since "Episode 3" alone does not say which season's, beside the seasons 2 and 3 /renewal is about.
 */
const SEASON = 1;
/**
 * Buttons: `ep:<n>:<lang>` shows episode n in place, `sp:<n>:<lang>` reveals its spoilers privately.
 * The guide's menu, `eps:<lang>` (value = n), shows the chosen episode in place.
 */
const EPISODE_PREFIX = "ep";
const SPOILERS_PREFIX = "sp";
const EPISODE_MENU_PREFIX = "eps";

async function clickedEpisode(number: string | undefined, content: Content): Promise<Episode> {
  if (!/^\d{1,2}$/.test(number ?? "")) return staleButton();
  return content.episode(Number(number)) ?? staleButton();
}

async function showClicked(number: string | undefined, locale: Locale, ctx: CommandContext): Promise<Reply> {
  const content = await ctx.content();
  return inPlace(episodeCard(await clickedEpisode(number, content), locale, content));
}

/** "Episode 1: Enter Doctor Maniac", or "Episode 6 (title not confirmed)". */
export function episodeTitle(ep: Episode, locale: Locale): string {
  const heading = t(locale, "episode.heading", { number: ep.number });
  return ep.title ? `${heading}: ${ep.title}` : `${heading} (${t(locale, "episode.untitled")})`;
}

function episodeButtons(ep: Episode, locale: Locale, content: Content): Control[] {
  const buttons: Control[] = [
    {
      kind: "button",
      label: t(locale, "button.previous"),
      id: componentId(EPISODE_PREFIX, locale, ep.number - 1),
      disabled: !content.episode(ep.number - 1),
    },
    {
      kind: "button",
      label: t(locale, "button.next"),
      id: componentId(EPISODE_PREFIX, locale, ep.number + 1),
      disabled: !content.episode(ep.number + 1),
    },
  ];
  if (ep.spoiler)
    buttons.push({
      kind: "button",
      label: t(locale, "button.spoilers"),
      id: componentId(SPOILERS_PREFIX, locale, ep.number),
      style: "danger",
    });
  return buttons;
}

export function episodeCard(ep: Episode, locale: Locale, content: Content): Reply {
  return card({
    title: episodeTitle(ep, locale),
    fields: [
      { name: t(locale, "episode.season"), value: String(SEASON), inline: true },
      { name: t(locale, "episode.released"), value: formatDate(content.show.released, locale), inline: true },
      // An untitled episode's heading says so already.
      ...(ep.title ? [{ name: t(locale, "episode.netflixTitle"), value: ep.title, inline: true }] : []),
    ],
    text: ep.synopsis ? pick(ep.synopsis, locale) : `_${t(locale, "episode.noSynopsis")}_`,
    spoiler: ep.spoiler ? { label: t(locale, "spoilers"), markdown: pick(ep.spoiler, locale) } : undefined,
    sources: sourcesOf(ep.sources, locale),
    note: `${t(locale, "episode.titlesNote")} · ${t(locale, "footer")}`,
    controls: [...episodeButtons(ep, locale, content), ...watchButton(content, locale)],
  });
}

/**
 * The spoiler notes on their own, for the one reader who asked for them. A button drawn before the notes
 * were taken out of the content says there are none, not that the episode has no synopsis.
 */
export function episodeSpoilers(ep: Episode, locale: Locale): Reply {
  const text = ep.spoiler ? pick(ep.spoiler, locale) : t(locale, "episode.noSpoilers");
  return { ...card({ title: `${t(locale, "spoilers")}: ${episodeTitle(ep, locale)}`, text }), visibility: "ephemeral" };
}

export function episodeGuide(content: Content, locale: Locale): Reply {
  return list({
    title: t(locale, "episode.guide"),
    intro: `${t(locale, "episode.guideIntro", { date: formatDate(content.show.released, locale) })}\n${t(locale, "episode.titlesNote")}`,
    items: content.episodes.map((ep) => `**${episodeTitle(ep, locale)}**`),
    note: t(locale, "footer"),
    controls: [
      {
        kind: "select",
        placeholder: t(locale, "menu.episode"),
        id: componentId(EPISODE_MENU_PREFIX, locale),
        options: content.episodes.map((ep) => ({ label: episodeTitle(ep, locale), value: String(ep.number) })),
      },
      ...watchButton(content, locale),
    ],
  });
}

export const episode = defineCommand({
  name: "episode",
  names: { ko: "회차", id: "episode" },
  description: {
    en: "One episode of season 1, or the episode guide",
    ko: "시즌 1의 한 회차, 또는 회차 가이드",
    id: "Satu episode musim 1, atau panduan episode",
    tl: "Isang episode ng unang season, o ang gabay sa mga episode",
  },
  usage: `/episode [1-${EPISODE_COUNT}] [lang:en|ko|id|tl]`,
  examples: { discord: { number: "3" }, slack: "/episode 3" },
  pure: true,
  options: {
    number: integer({
      description: {
        en: `Episode number (1-${EPISODE_COUNT})`,
        ko: `회차 번호 (1~${EPISODE_COUNT})`,
        id: `Nomor episode (1-${EPISODE_COUNT})`,
        tl: `Numero ng episode (1-${EPISODE_COUNT})`,
      },
      names: { ko: "번호", id: "nomor" },
      min: 1,
      max: EPISODE_COUNT,
      // Episode 3 as fans write it: 3화 or 제3화 (Korean counts a drama's episodes in 화 or 회, and talks of a
      // part as 편), 에피소드 3 or 에피 3 (the English word in Hangul), ep 3, eps 3 and episode ke-3 (Indonesian's
      // ordinal, with or without its dash), E3, #3, ika-3 (Tagalog's), the 3rd.
      written: {
        before: ["episode", "ep", "eps", "e", "#", "제", "에피소드", "에피", "ke", "ika", "the"],
        after: ["화", "회", "회차", "편"],
        // S1E3, as episode reviews name it, Season 1 Episode 3, 시즌1 3화, 1기 3화, musim (ke-)1 episode 3: season 1 is
        // the only one out; another season named is refused, never read as an episode of this one, and
        // one that /renewal follows (S2E3) is told where its news is.
        within: {
          words: ["season", "s", "시즌", "musim"],
          // 1기 3화: Korean fans count a show's seasons in 기 too.
          after: ["기"],
          only: 1,
          later: { upTo: 3, refusal: "episode.laterSeason" },
        },
        // The 3rd, 3rd episode, 3번째 화, ika-3 na episode (Tagalog's ordinal, with its linking word).
        ordinal: {
          before: ["ke", "ika"],
          after: ["st", "nd", "rd", "th", "번째"],
          counts: ["episode", "ep", "eps", "에피소드", "에피", "화", "회", "회차", "편"],
          linkers: ["na"],
        },
        // Tagalog's po, Korean's 요: episode 3 po, 3화요.
        polite: ["po", "요"],
        // Episode 3 of 8, episode 3 dari 8: the number, and the count it is one of.
        total: ["of", "dari"],
      },
    }),
    language: language(),
  },
  async run({ options, locale }, ctx) {
    const content = await ctx.content();
    if (options.number === undefined) return episodeGuide(content, locale);
    const ep = content.episode(options.number);
    if (!ep) throw new UserError("episode.unknown", { number: options.number });
    return episodeCard(ep, locale, content);
  },
  components: [
    { prefix: EPISODE_PREFIX, run: ({ arg, locale }, ctx) => showClicked(arg, locale, ctx) },
    {
      prefix: SPOILERS_PREFIX,
      run: async ({ arg, locale }, ctx) => episodeSpoilers(await clickedEpisode(arg, await ctx.content()), locale),
    },
    {
      prefix: EPISODE_MENU_PREFIX,
      run: ({ arg, values, locale }, ctx) => (arg === undefined ? showClicked(values[0], locale, ctx) : staleButton()),
    },
  ],
});
