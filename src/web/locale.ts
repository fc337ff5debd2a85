// Which language a page is shown in: `?lang=` (the switch on every page) wins, then the browser's
// Accept-Language by preference, then English. Filipino (fil) is read as Tagalog in both.
import { DEFAULT_LOCALE, type Locale, localeOfTag } from "../i18n/locale";

/** The best of our locales in an Accept-Language header, honouring q-values. */
export function fromAcceptLanguage(header: string | null): Locale | undefined {
  const ranked = (header ?? "")
    .split(",")
    .slice(0, 20)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      // Whitespace may stand around the semicolon, and "q" may be written "Q" (RFC 9110).
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      return { locale: localeOfTag(tag), q: q === undefined ? 1 : Number(q), index };
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
