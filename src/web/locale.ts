// Which language a page is shown in: `?lang=` (the switch on every page) wins, then the browser's
// Accept-Language by preference, then English. Filipino (fil) is read as Tagalog in both.
import { DEFAULT_LOCALE, type Locale, localeOfTag } from "../i18n/locale";

/** A weight as RFC 9110 writes one: 0 to 1, with at most three decimals. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * An entry's weight: 1 when it has none, NaN when it has one that is no weight (`q=-1`, `q=abc`, `q=2`,
 * `q=0.5.5`) or more than one. Whitespace may stand around the semicolon, and "q" may be written "Q".
 */
function weightOf(params: readonly string[]): number {
  const weights = params.map((p) => /^\s*q\s*=(.*)$/i.exec(p)?.[1]).filter((q) => q !== undefined);
  if (!weights.length) return 1;
  const q = (weights[0] ?? "").trim();
  return weights.length === 1 && QVALUE.test(q) ? Number(q) : Number.NaN;
}

/**
 * The best of our locales in an Accept-Language header, honouring q-values (RFC 9110): q=0 says a language
 * is not wanted, and an entry whose weight is invalid is ignored, never taken as the most preferred.
 */
export function fromAcceptLanguage(header: string | null): Locale | undefined {
  const ranked = (header ?? "")
    .split(",")
    .slice(0, 20)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      return { locale: localeOfTag(tag), q: weightOf(params), index };
    })
    .filter((entry) => entry.q > 0 && entry.locale !== undefined)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.locale;
}

/**
 * The language `?lang=` asks for, read as the language tag it is: a link shared or typed by hand may say
 * KO, ko-KR or fil (Filipino) for what the switch writes as ko and tl.
 */
export function askedLocale(request: Request): Locale | undefined {
  const asked = new URL(request.url).searchParams.get("lang");
  return asked ? fromAcceptLanguage(asked.split(/[,;]/)[0] ?? "") : undefined;
}

export function localeFromRequest(request: Request): Locale {
  return askedLocale(request) ?? fromAcceptLanguage(request.headers.get("accept-language")) ?? DEFAULT_LOCALE;
}
