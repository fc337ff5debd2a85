import {
  type Choice,
  type Click,
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
import type { Character } from "../src/content/schema";
import { normalize } from "../src/content/search";
import { type Content, mainCharacters } from "../src/content/store";
import { UserError } from "../src/errors";
import { type Locale, pick } from "../src/i18n/locale";
import { t } from "../src/i18n/strings";
import { type Block, type Control, card, list, literal, type Reply, reply } from "../src/reply";
import { AUTOCOMPLETE_MAX, displayName, menuOf, shortName, sourcesOf } from "./present";

/** `ch:<id>:<lang>`: a related character's button; `chs:<lang>`: the roster's menu (value = id). Both show the character in place. */
const CHARACTER_PREFIX = "ch";
const CHARACTER_MENU_PREFIX = "chs";
/** `csp:<id>:<lang>`: reveals a character's spoilers to the one reader who clicked (Slack has no spoiler markup). */
const SPOILERS_PREFIX = "csp";

async function clickedCharacter(id: string | undefined, ctx: CommandContext): Promise<{ found: Character; content: Content }> {
  if (!id || !SLUG.test(id)) return staleButton();
  const content = await ctx.content();
  return { found: content.characters.find((c) => c.id === id) ?? staleButton(), content };
}

async function showClicked(id: string | undefined, click: Click, ctx: CommandContext): Promise<Reply> {
  const { found, content } = await clickedCharacter(id, ctx);
  return inPlace(characterCard(found, click.locale, content));
}

/**
 * Autocomplete for a character name: the main team for an empty query (or one of nothing a name is
 * matched by, such as spaces or a zero-width space), else the best matches.
 */
export async function characterChoices(query: string, locale: Locale, ctx: CommandContext): Promise<Choice[]> {
  const content = await ctx.content();
  const found = normalize(query) ? content.searchCharacters(query) : mainCharacters(content);
  return found.slice(0, AUTOCOMPLETE_MAX).map((c) => ({ name: displayName(c.name, locale), value: c.id }));
}

/** Buttons to the characters closest to this one in the story. */
function relatedButtons(c: Character, content: Content, locale: Locale): Control[] {
  return c.related.flatMap((id) => {
    const other = content.characters.find((x) => x.id === id);
    return other
      ? [{ kind: "button" as const, label: shortName(other.name, locale), id: componentId(CHARACTER_PREFIX, locale, other.id) }]
      : [];
  });
}

/** A "Watch on Netflix" link button, only when the show's Netflix page is a verified URL in the data. */
export function watchButton(content: Content, locale: Locale): Control[] {
  return content.show.watchUrl ? [{ kind: "link", label: t(locale, "button.watch"), url: content.show.watchUrl }] : [];
}

/**
 * A character, in the order a fan reads: name, actor and role first, then the description, nicknames,
 * the people closest to them; spoilers and sources last.
 */
export function characterCard(c: Character, locale: Locale, content: Content): Reply {
  const actor = c.actor ? displayName(c.actor, locale) : t(locale, c.photoOnly ? "character.noActor" : "character.actorUnknown");
  const blocks: Block[] = [
    { kind: "heading", text: displayName(c.name, locale) },
    {
      kind: "fields",
      fields: [
        { name: t(locale, "character.actor"), value: actor, inline: true },
        { name: t(locale, "character.role"), value: pick(c.role, locale), inline: true },
      ],
    },
    { kind: "text", markdown: pick(c.description, locale) },
  ];
  if (c.nicknames.length) {
    const lines = c.nicknames.map((n) => `**${shortName(n.name, locale)}**: ${pick(n.meaning, locale)}`);
    blocks.push({ kind: "fields", fields: [{ name: t(locale, "character.nicknames"), value: lines.join("\n") }] });
  }
  const related = relatedButtons(c, content, locale).slice(0, 5);
  if (related.length) {
    blocks.push({ kind: "text", markdown: `**${t(locale, "character.related")}**` });
    blocks.push({ kind: "actions", controls: related });
  }
  blocks.push({ kind: "separator" });
  if (c.spoiler)
    blocks.push({
      kind: "spoiler",
      label: t(locale, "spoilers"),
      markdown: pick(c.spoiler, locale),
      reveal: { id: componentId(SPOILERS_PREFIX, locale, c.id), label: t(locale, "button.spoilers") },
    });
  blocks.push({ kind: "links", ...sourcesOf(c.sources, locale) });
  blocks.push({ kind: "note", text: t(locale, "footer") });
  const watch = watchButton(content, locale);
  if (watch.length) blocks.push({ kind: "actions", controls: watch });
  return reply(blocks);
}

/** A character's spoiler notes on their own, for the one reader who asked for them. */
export function characterSpoilers(c: Character, locale: Locale): Reply {
  const text = c.spoiler ? pick(c.spoiler, locale) : t(locale, "character.noSpoilers");
  return { ...card({ title: `${t(locale, "spoilers")}: ${displayName(c.name, locale)}`, text }), visibility: "ephemeral" };
}

/** The roster, saying how to ask for one of them as the asker's client shows the command. */
export function roster(content: Content, locale: Locale, facts: Pick<CommandFacts, "platform" | "clientLocale">): Reply {
  const ordered = [...mainCharacters(content), ...content.characters.filter((c) => !c.main)];
  const intro = t(locale, "character.rosterIntro", { example: `\`${exampleOf(character, facts)}\`` });
  return characterList(ordered, intro, locale);
}

/** Characters one name fits equally well (a family name several share), to pick one from. */
function severalNamed(found: readonly Character[], name: string, locale: Locale): Reply {
  return characterList(found, t(locale, "character.several", { name: literal(name) }), locale);
}

/** Characters with their actors and roles, and a menu that shows the one picked in place. */
function characterList(characters: readonly Character[], listIntro: string, locale: Locale): Reply {
  const { menu, intro } = menuOf(characters, listIntro, locale);
  return list({
    title: t(locale, "character.roster"),
    intro,
    items: characters.map((c) => {
      const actor = c.actor ? ` · ${shortName(c.actor, locale)}` : "";
      return `**${displayName(c.name, locale)}**${actor}: ${pick(c.role, locale)}`;
    }),
    note: t(locale, "footer"),
    controls: [
      {
        kind: "select",
        placeholder: t(locale, "menu.character"),
        id: componentId(CHARACTER_MENU_PREFIX, locale),
        options: menu.map((c) => ({ label: displayName(c.name, locale), value: c.id, description: pick(c.role, locale) })),
      },
    ],
  });
}

export const character = defineCommand({
  name: "character",
  names: { ko: "인물", id: "karakter" },
  description: {
    en: "A character from The Trauma Code, or the whole roster",
    ko: "중증외상센터 등장인물 한 명, 또는 전체 목록",
    id: "Satu karakter The Trauma Code, atau daftar lengkapnya",
    tl: "Isang karakter ng The Trauma Code, o ang buong listahan",
  },
  usage: "/character [name] [lang:en|ko|id|tl]",
  // One character asked for, as each platform types it: /help shows it, and so does the roster.
  examples: { discord: { name: { en: "Baek Kang-hyuk", ko: "백강혁" } }, slack: "/character baek" },
  pure: true,
  options: {
    name: string({
      description: {
        en: "Name, nickname or actor (English or Hangul)",
        ko: "이름, 별명 또는 배우 (한글·영문)",
        id: "Nama, julukan, atau pemeran (Latin atau Hangul)",
        tl: "Pangalan, palayaw o aktor (English o Hangul)",
      },
      names: { ko: "이름", id: "nama" },
      autocomplete: characterChoices,
    }),
    language: language(),
  },
  async run({ options, locale, facts }, ctx) {
    const content = await ctx.content();
    if (!options.name) return roster(content, locale, facts);
    const [found, ...others] = content.charactersNamed(options.name);
    if (!found)
      throw new UserError("character.unknown", { name: literal(options.name), list: commandNameAsShown(character, facts) });
    // `kim` is three people's family name: the asker picks, rather than get whoever the data lists first.
    if (others.length) return severalNamed([found, ...others], options.name, locale);
    return characterCard(found, locale, content);
  },
  components: [
    { prefix: CHARACTER_PREFIX, run: (click, ctx) => showClicked(click.arg, click, ctx) },
    {
      prefix: CHARACTER_MENU_PREFIX,
      run: (click, ctx) => (click.arg === undefined ? showClicked(click.values[0], click, ctx) : staleButton()),
    },
    {
      prefix: SPOILERS_PREFIX,
      run: async (click, ctx) => characterSpoilers((await clickedCharacter(click.arg, ctx)).found, click.locale),
    },
  ],
});
