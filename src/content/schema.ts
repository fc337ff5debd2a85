// The shape of every data file in data/, checked by `npm run seed` before anything is written and by
// tests/content/data.test.ts. Valibot is used for its small, tree-shakable bundle.
import * as v from "valibot";
import { LOCALES } from "../i18n/locale";

const text = v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"));

/** A user-facing text in all four languages. */
export const LocalizedSchema = v.strictObject(
  Object.fromEntries(LOCALES.map((locale) => [locale, text])) as Record<(typeof LOCALES)[number], typeof text>,
);

/**
 * A proper name: romanized and in Hangul. The romanized form serves Indonesian and Tagalog too, unless a
 * name carries a word those languages write their own way (a rank: Kapten, Kapitan), given as `id` or `tl`.
 */
export const NameSchema = v.strictObject({ en: text, ko: text, id: v.optional(text), tl: v.optional(text) });

const isoDate = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD"));
/**
 * A web page's address, written as one (http:// or https://, in lower case, from its first character, with no
 * space or control character in it): the URL parser also takes `javascript:`, `data:`, a leading space or one
 * inside (it drops tabs and line breaks), which would become a page's links, the cards' headings and the
 * platforms' link buttons as written, and `HTTPS://`, which no renderer reads as a link in our markdown.
 */
const url = v.pipe(
  v.string(),
  v.regex(/^https?:\/\/[^\s\p{Cc}]+$/u, "must start with http:// or https:// and hold no space or control character"),
  v.url("must be a URL"),
);
/** A URL, or the file name of one of the seed texts the fact sheet was written from. */
const source = v.union([url, v.pipe(v.string(), v.regex(/^seed:\d{3}_[0-9a-f]{16}\.txt$/))], "must be a URL or seed:<file name>");
const sources = v.pipe(v.array(source), v.minLength(1, "every record needs at least one source"));
/**
 * A record's id travels in buttons and menus (`prefix:id:lang`, 100 characters at most on Discord), which
 * refuse to cut it: keep it well short of that, so a long one fails here rather than in a fan's answer.
 */
export const RECORD_ID_MAX = 64;
const id = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase-with-dashes"),
  v.maxLength(RECORD_ID_MAX, `must be at most ${RECORD_ID_MAX} characters`),
);

/** Who made the show: a role, a name, a short note, and where that is written. */
export const CreditSchema = v.strictObject({
  role: LocalizedSchema,
  name: NameSchema,
  note: v.optional(LocalizedSchema),
  sources,
});

/** A chart record or an award. `confirmed: false` marks one that only a single weak source reports. */
export const HonourSchema = v.strictObject({
  id,
  year: v.pipe(v.number(), v.integer(), v.minValue(2025)),
  kind: v.picklist(["award", "chart"]),
  text: LocalizedSchema,
  confirmed: v.optional(v.boolean(), true),
  sources,
});

/** The one-sentence answer of /renewal, with the date it speaks for and its sources. */
export const RenewalStatusSchema = v.strictObject({ asOf: isoDate, text: LocalizedSchema, sources });

/**
 * The longest address a link button takes on Discord (Slack's take 3,000): the renderer would cut a longer one,
 * and the button open another page.
 */
export const LINK_BUTTON_URL_MAX = 512;

export const ShowSchema = v.strictObject({
  title: text,
  koreanTitle: text,
  released: isoDate,
  episodeCount: v.pipe(v.number(), v.integer(), v.minValue(1)),
  summary: LocalizedSchema,
  renewalStatus: RenewalStatusSchema,
  credits: v.array(CreditSchema),
  honours: v.pipe(
    v.array(HonourSchema),
    v.check((items) => new Set(items.map((h) => h.id)).size === items.length, "honour ids must be unique"),
  ),
  /** The show's page on Netflix, only when a source verifies it: it becomes a "Watch on Netflix" button. */
  watchUrl: v.optional(v.pipe(url, v.maxLength(LINK_BUTTON_URL_MAX, `must be at most ${LINK_BUTTON_URL_MAX} characters`))),
  sources,
});

export const CharacterSchema = v.strictObject({
  id,
  name: NameSchema,
  actor: v.nullable(NameSchema),
  /**
   * Other spellings of the actor's name, for lookup (Jeong Jae-kwang for Jung Jae-kwang): found as the
   * actor's name is, so a title never goes with them, as it goes with the character's own names.
   */
  actorAliases: v.optional(v.array(text)),
  /** Without an actor: seen only in a photo (true), or the actor is not named in any source (absent). */
  photoOnly: v.optional(v.literal(true)),
  main: v.boolean(),
  role: LocalizedSchema,
  description: LocalizedSchema,
  nicknames: v.array(v.strictObject({ name: NameSchema, meaning: LocalizedSchema })),
  /** Extra spellings for lookup: other romanizations, short forms, call signs. */
  aliases: v.array(text),
  /** Characters closest to this one in the story, by id. */
  related: v.array(id),
  spoiler: v.optional(LocalizedSchema),
  sources,
});

export const EpisodeSchema = v.strictObject({
  number: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** The Netflix English title; null where no reliable source gives it. */
  title: v.nullable(text),
  /** Spoiler-light synopsis; null where no verified recap exists. */
  synopsis: v.nullable(LocalizedSchema),
  spoiler: v.nullable(LocalizedSchema),
  sources,
});

export const LABELS = ["official", "author statement", "report", "rumor"] as const;

export const NewsSchema = v.strictObject({
  id,
  date: isoDate,
  /**
   * The date is only known to within a few days (the fact sheet's "~", an interview reported around a
   * week): it is shown as "around" that day, never as the day itself.
   */
  approximateDate: v.optional(v.literal(true)),
  title: LocalizedSchema,
  summary: LocalizedSchema,
  url,
  label: v.picklist(LABELS, `must be one of: ${LABELS.join(", ")}`),
  sources,
});

export const InspirationSchema = v.strictObject({
  id,
  name: LocalizedSchema,
  aliases: v.array(text),
  summary: LocalizedSchema,
  url,
  sources,
});

function uniqueBy<T>(key: (item: T) => string | number, what: string) {
  return v.check<T[], string>((items) => new Set(items.map(key)).size === items.length, `${what} must be unique`);
}

/** data/<file>.json -> its schema. */
export const DATA_FILES = {
  "show.json": ShowSchema,
  "characters.json": v.pipe(
    v.array(CharacterSchema),
    uniqueBy((c) => c.id, "character ids"),
    v.check(
      (characters) => characters.every((c) => c.actor || !c.actorAliases?.length),
      "a character without an actor has no actorAliases",
    ),
  ),
  "episodes.json": v.pipe(
    v.array(EpisodeSchema),
    uniqueBy((e) => e.number, "episode numbers"),
  ),
  "news.json": v.pipe(
    v.array(NewsSchema),
    uniqueBy((n) => n.id, "news ids"),
  ),
  "inspirations.json": v.pipe(
    v.array(InspirationSchema),
    uniqueBy((i) => i.id, "inspiration ids"),
  ),
} as const;

export type DataFileName = keyof typeof DATA_FILES;
export type Show = v.InferOutput<typeof ShowSchema>;
export type Character = v.InferOutput<typeof CharacterSchema>;
export type Episode = v.InferOutput<typeof EpisodeSchema>;
export type NewsItem = v.InferOutput<typeof NewsSchema>;
export type NewsLabel = (typeof LABELS)[number];
export type Inspiration = v.InferOutput<typeof InspirationSchema>;
export type Name = v.InferOutput<typeof NameSchema>;
export type Credit = v.InferOutput<typeof CreditSchema>;
export type Honour = v.InferOutput<typeof HonourSchema>;
