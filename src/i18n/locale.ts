// The four languages the show's fans write in, and how a request picks one.

export const LOCALES = ["en", "ko", "id", "tl"] as const;
export type Locale = (typeof LOCALES)[number];
export type Localized = Record<Locale, string>;

export const DEFAULT_LOCALE: Locale = "en";

/**
 * How far ahead of UTC, in minutes, each language's outlets write: Korea's press (KST), Indonesia's
 * (Jakarta, WIB), the Philippines' (PHT). English outlets write from many zones, and keep UTC. None of
 * them changes its clock.
 */
export const MARKET_OFFSET_MINUTES: Record<Locale, number> = { en: 0, ko: 9 * 60, id: 7 * 60, tl: 8 * 60 };

export const isLocale = (value: unknown): value is Locale =>
  typeof value === "string" && (LOCALES as readonly string[]).includes(value);

export const pick = (text: Localized, locale: Locale): string => text[locale] || text.en;

/**
 * Filipino (fil), the standard form of Tagalog, is read as Tagalog: browsers and people write either.
 * `in` is Indonesian's withdrawn code, which Java, and so Android's apps and web views, still write (in-ID).
 */
const TAG_ALIASES: Record<string, Locale> = { fil: "tl", in: "id" };

/**
 * Our locale for a language tag as people write one, by its language alone: KO, ko-KR, ko_KR, fil or
 * fil-PH. Undefined for a language the bot does not speak.
 */
export function localeOfTag(tag: string): Locale | undefined {
  const base = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  const locale = TAG_ALIASES[base] ?? base;
  return isLocale(locale) ? locale : undefined;
}

/** Discord locale codes ("ko", "id", "en-US", "en-GB", ...) to ours. Discord has no Tagalog. */
export function fromDiscordLocale(code: string | undefined): Locale | undefined {
  if (!code) return undefined;
  if (code === "ko" || code === "id") return code;
  if (code === "en-US" || code === "en-GB") return "en";
  return undefined;
}

/** The `language` option wins, then the user's locale, then the server's, then English. */
export function resolveDiscordLocale(input: { override?: string; locale?: string; guildLocale?: string }): Locale {
  if (isLocale(input.override)) return input.override;
  return fromDiscordLocale(input.locale) ?? fromDiscordLocale(input.guildLocale) ?? DEFAULT_LOCALE;
}

/** The month names each language writes dates with (the long form of en-GB, ko-KR, id-ID and fil-PH). */
const MONTHS: Record<Exclude<Locale, "ko">, readonly string[]> = {
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  id: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
  tl: [
    "Enero",
    "Pebrero",
    "Marso",
    "Abril",
    "Mayo",
    "Hunyo",
    "Hulyo",
    "Agosto",
    "Setyembre",
    "Oktubre",
    "Nobyembre",
    "Disyembre",
  ],
};

/**
 * "2025-09-23" as a reader of the language writes it (23 September 2025, 2025년 9월 23일, 23 September 2025,
 * Setyembre 23, 2025): what `Intl.DateTimeFormat` (en-GB, ko-KR, id-ID, fil-PH; long month, UTC) writes,
 * and tests/i18n/strings.test.ts checks every month against it. Written by hand because building the first
 * DateTimeFormat of an isolate loads ICU's date data, about 29 ms of CPU: three times a free-plan
 * request's budget, paid by the first answer that shows a date.
 */
export function formatDate(isoDate: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const date = match ? new Date(`${isoDate}T00:00:00Z`) : undefined;
  if (!match || !date || Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(match[3])) return isoDate;
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
  if (locale === "ko") return `${year}년 ${month + 1}월 ${day}일`;
  const name = MONTHS[locale][month];
  return locale === "tl" ? `${name} ${day}, ${year}` : `${day} ${name} ${year}`;
}

/** The word each language joins the last two items of a list with (Intl.ListFormat's conjunction). */
const AND: Record<Locale, string> = { en: " and ", ko: " 및 ", id: " dan ", tl: " at " };

/**
 * Items as a reader of the language lists them: "A, B and C", "A, B 및 C", "A, B, dan C", "A, B, at C"
 * (two: "A and B"): what `Intl.ListFormat` (en-GB, ko-KR, id-ID, fil-PH) writes, and
 * tests/i18n/strings.test.ts checks it so. Written by hand for the reason formatDate is.
 */
export function formatList(items: readonly string[], locale: Locale): string {
  if (items.length < 2) return items.join("");
  const comma = items.length > 2 && (locale === "id" || locale === "tl") ? "," : "";
  return `${items.slice(0, -1).join(", ")}${comma}${AND[locale]}${items.at(-1)}`;
}
