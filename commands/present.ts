// Presentation shared by several commands: names in the reader's script, source lists, what a menu holds.
import type { Name } from "../src/content/schema";
import type { Locale } from "../src/i18n/locale";
import { t } from "../src/i18n/strings";
import type { Link } from "../src/reply";
import { siteName } from "../src/site-name";

/** The most entries an autocomplete answer or a menu holds (Discord's limit for both). */
export const AUTOCOMPLETE_MAX = 25;

/**
 * The first of `items` a menu holds, and the intro that says so when the list has more (a roster, or a
 * name dozens fit): the list's text names them all, and the rest are asked for by name.
 */
export function menuOf<T>(items: readonly T[], intro: string, locale: Locale): { menu: readonly T[]; intro: string } {
  if (items.length <= AUTOCOMPLETE_MAX) return { menu: items, intro };
  const cut = t(locale, "list.menuCut", { shown: AUTOCOMPLETE_MAX, total: items.length });
  return { menu: items.slice(0, AUTOCOMPLETE_MAX), intro: `${intro}\n${cut}` };
}

/** "Baek Kang-hyuk (백강혁)" for most readers, "백강혁 (Baek Kang-hyuk)" for Korean ones. */
export const displayName = (name: Name, locale: Locale): string =>
  locale === "ko" ? `${name.ko} (${name.en})` : `${shortName(name, locale)} (${name.ko})`;

/** The name alone in the reader's script: Hangul, or the romanized form in the reader's language where it has its own. */
export const shortName = (name: Name, locale: Locale): string => (locale === "ko" ? name.ko : (name[locale] ?? name.en));

/** A source URL as a link labelled with its site; a seed text as a plain label. */
export function sourceLink(source: string, locale: Locale): Link {
  if (source.startsWith("seed:")) return { label: t(locale, "sources.fanText") };
  const site = siteName(source);
  return site ? { label: site, url: source } : { label: source };
}

/** The links block of a record's sources, with a localized label, fan texts listed once. */
export function sourcesOf(sources: readonly string[], locale: Locale): { label: string; links: Link[] } {
  const links = sources.map((s) => sourceLink(s, locale));
  const unique = links.filter((link, i) => links.findIndex((l) => l.label === link.label && l.url === link.url) === i);
  return { label: t(locale, "sources"), links: numberedAlike(unique) };
}

/** Links of one site numbered in turn ("oppagram.com (1)", "oppagram.com (2)"), so a reader can tell them apart. */
function numberedAlike(links: Link[]): Link[] {
  const bySite = new Map<string, number>();
  for (const link of links) if (link.url) bySite.set(link.label, (bySite.get(link.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  return links.map((link) => {
    if (!link.url || (bySite.get(link.label) ?? 0) < 2) return link;
    const n = (seen.get(link.label) ?? 0) + 1;
    seen.set(link.label, n);
    return { ...link, label: `${link.label} (${n})` };
  });
}
