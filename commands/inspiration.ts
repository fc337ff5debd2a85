import {
  type Choice,
  type CommandContext,
  type CommandFacts,
  commandNameAsShown,
  componentId,
  defineCommand,
  exampleOf,
  inPlace,
  language,
  SLUG,
  staleButton,
  string,
} from "../src/command";
import type { Inspiration } from "../src/content/schema";
import { normalize } from "../src/content/search";
import type { Content } from "../src/content/store";
import { UserError } from "../src/errors";
import { type Locale, pick } from "../src/i18n/locale";
import { t } from "../src/i18n/strings";
import { card, list, literal, type Reply } from "../src/reply";
import { AUTOCOMPLETE_MAX, menuOf, sourcesOf } from "./present";

/** `ins:<lang>`: the list's menu (value = topic id), showing the topic in place. */
const TOPIC_MENU_PREFIX = "ins";

export async function inspirationChoices(query: string, locale: Locale, ctx: CommandContext): Promise<Choice[]> {
  const content = await ctx.content();
  const found = normalize(query) ? content.searchInspirations(query) : content.inspirations;
  return found.slice(0, AUTOCOMPLETE_MAX).map((i) => ({ name: pick(i.name, locale), value: i.id }));
}

export function inspirationCard(item: Inspiration, locale: Locale): Reply {
  return card({
    title: pick(item.name, locale),
    url: item.url,
    text: pick(item.summary, locale),
    sources: sourcesOf(item.sources, locale),
    note: t(locale, "footer"),
  });
}

/** The topics, saying how to ask for one of them as the asker's client shows the command. */
export function inspirationList(content: Content, locale: Locale, facts: Pick<CommandFacts, "platform" | "clientLocale">): Reply {
  return topicList(
    content.inspirations,
    t(locale, "inspiration.listIntro", { example: `\`${exampleOf(inspiration, facts)}\`` }),
    locale,
  );
}

/** Topics with a menu that shows the one picked in place. */
function topicList(topics: readonly Inspiration[], listIntro: string, locale: Locale): Reply {
  const { menu, intro } = menuOf(topics, listIntro, locale);
  return list({
    title: t(locale, "inspiration.list"),
    intro,
    items: topics.map((i) => `**${pick(i.name, locale)}**`),
    note: t(locale, "footer"),
    controls: [
      {
        kind: "select",
        placeholder: t(locale, "menu.topic"),
        id: componentId(TOPIC_MENU_PREFIX, locale),
        options: menu.map((i) => ({ label: pick(i.name, locale), value: i.id })),
      },
    ],
  });
}

export const inspiration = defineCommand({
  name: "inspiration",
  names: { ko: "모티브", id: "inspirasi" },
  description: {
    en: "The real people and events behind the show, and dramas like it",
    ko: "드라마 뒤의 실제 인물과 사건, 비슷한 드라마",
    id: "Tokoh dan peristiwa nyata di balik serial ini, serta drama serupa",
    tl: "Ang totoong mga tao at pangyayari sa likod ng serye, at mga kahawig na drama",
  },
  usage: "/inspiration [topic] [lang:en|ko|id|tl]",
  // One topic asked for, as each platform types it: /help shows it, and so does the list.
  examples: { discord: { topic: { en: "Lee Kook-jong", ko: "이국종" } }, slack: "/inspiration lee kook-jong" },
  pure: true,
  options: {
    topic: string({
      description: {
        en: "Topic, e.g. Lee Kook-jong",
        ko: "주제 (예: 이국종)",
        id: "Topik, mis. Lee Kook-jong",
        tl: "Paksa, hal. Lee Kook-jong",
      },
      names: { ko: "주제", id: "topik" },
      autocomplete: inspirationChoices,
    }),
    language: language(),
  },
  async run({ options, locale, facts }, ctx) {
    const content = await ctx.content();
    if (!options.topic) return inspirationList(content, locale, facts);
    const [found, ...others] = content.inspirationsNamed(options.topic);
    if (!found)
      throw new UserError("inspiration.unknown", { topic: literal(options.topic), list: commandNameAsShown(inspiration, facts) });
    // `golden` fits Golden Hour and Golden Time alike: the asker picks.
    if (others.length)
      return topicList([found, ...others], t(locale, "inspiration.several", { topic: literal(options.topic) }), locale);
    return inspirationCard(found, locale);
  },
  components: [
    {
      prefix: TOPIC_MENU_PREFIX,
      async run({ arg, values, locale }, ctx) {
        const id = values[0];
        if (arg !== undefined || !id || !SLUG.test(id)) return staleButton();
        const found = (await ctx.content()).inspirations.find((i) => i.id === id) ?? staleButton();
        return inPlace(inspirationCard(found, locale));
      },
    },
  ],
});
