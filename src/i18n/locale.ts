// The four languages the show's fans write in, and how a request picks one.

export const LOCALES = ["en", "ko", "id", "tl"] as const;
export type Locale = (typeof LOCALES)[number];
export type Localized = Record<Locale, string>;

export const DEFAULT_LOCALE: Locale = "en";

export const isLocale = (value: unknown): value is Locale =>
  typeof value === "string" && (LOCALES as readonly string[]).includes(value);

export const pick = (text: Localized, locale: Locale): string => text[locale] || text.en;

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

const DATE_LOCALES: Record<Locale, string> = { en: "en-GB", ko: "ko-KR", id: "id-ID", tl: "fil-PH" };

/**
 * Building an Intl.DateTimeFormat loads the locale's ICU data and costs far more than formatting with it,
 * so each language's formatter is made once per isolate, on first use.
 */
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

function dateFormat(locale: Locale): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(DATE_LOCALES[locale], { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    dateFormats.set(locale, format);
  }
  return format;
}

/** "2025-09-23" as a reader of the language writes it (23 September 2025, 2025년 9월 23일, ...). */
export function formatDate(isoDate: string, locale: Locale): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return dateFormat(locale).format(date);
}
