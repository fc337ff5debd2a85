// What a reviewed candidate becomes when published, and the /renewal status sentence. Publishing and
// withdrawing go through src/topics/renewal.ts (publishNews / withdrawNews): the item is recorded in D1
// and frozen as the message every subscribed channel gets, which /renewal and delivery both read.
import * as v from "valibot";
import type { ContentBundle } from "../content/bundle";
import { CONTENT_BUNDLE_KEY } from "../content/keys";
import { type NewsItem, type NewsLabel, RenewalStatusSchema } from "../content/schema";
import { clearContentCache } from "../content/store";
import type { Env } from "../env";
import { formatList, LOCALES, type Locale, type Localized, MARKET_OFFSET_MINUTES } from "../i18n/locale";
import { t } from "../i18n/strings";
import { plainInMarkdown } from "../reply";
import { type Candidate, FOUND_PREFIX, linkOf, type Source } from "./store";

/** An item can be published only with an English title and summary; this says what is missing. */
export class NeedsEnglish extends Error {
  constructor() {
    super("an English title and summary are needed");
    this.name = "NeedsEnglish";
  }
}

/** The published item's id: stable per candidate, so publishing twice writes the same item. */
export const newsIdOf = (candidate: Pick<Candidate, "id">): string => `${FOUND_PREFIX}${candidate.id}`;

/** Where a story came out: its outlet's language, and its feed's offset from UTC in minutes where recorded. */
type Outlet = { language: Locale; offsetMinutes?: number | undefined };

/**
 * A story's date (YYYY-MM-DD): the day its outlet had when it came out, at its feed's offset from UTC
 * (`utcOffset` in data/feeds.json), else its language's market's. Search feeds write every time in UTC,
 * and Seoul's morning news is still yesterday there: read in UTC, a story of 4 March would be dated the
 * 3rd in the timeline, the alerts and the review card. So would a Manila outlet's, written in English.
 */
export const storyDate = (ms: number, outlet: Outlet): string =>
  new Date(ms + (outlet.offsetMinutes ?? MARKET_OFFSET_MINUTES[outlet.language]) * 60_000).toISOString().slice(0, 10);

/**
 * Today (YYYY-MM-DD) where the clock is `offsetMinutes` ahead of UTC: by default this machine's. The
 * command line dates a /renewal sentence so, as its operator would write data/show.json's `asOf`: run in
 * Seoul in the morning, UTC's day is still yesterday.
 */
export const localDay = (now = new Date(), offsetMinutes = -now.getTimezoneOffset()): string =>
  new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);

/**
 * The story's date: its earliest source's. The candidate holds the date of the first entry found, and a
 * later poll may find the report it retells, dated days before (a search feed lists it late).
 */
export function firstReported(candidate: Candidate, sources: readonly Source[]): string {
  const earliest = sources.reduce<Pick<Source, "publishedAt" | "language" | "offsetMinutes">>(
    (first, s) => (s.publishedAt < first.publishedAt ? s : first),
    candidate,
  );
  return storyDate(earliest.publishedAt, earliest);
}

/** Sources cited by one item, at most. */
export const ITEM_SOURCES_MAX = 10;

/** Typed text, trimmed and escaped for markdown; undefined when there is none. */
const plainOrUndefined = (text: string | undefined): string | undefined => {
  const trimmed = text?.trim();
  return trimmed ? plainInMarkdown(trimmed) : undefined;
};

/**
 * The headlines of the story's sources that would title it in a language: one with no title typed in
 * it, whose headline is not the candidate's own (which heads the review card). The review card lists
 * them, so whoever publishes sees every title its readers will get.
 */
export function sourceHeadlines(candidate: Candidate, sources: readonly Source[]): Partial<Record<Locale, string>> {
  const headlines: Partial<Record<Locale, string>> = {};
  for (const locale of LOCALES) {
    if (candidate.language === locale || candidate.edits?.title[locale]?.trim()) continue;
    const headline = sources.find((s) => s.language === locale)?.title.trim();
    if (headline) headlines[locale] = headline;
  }
  return headlines;
}

/**
 * The news item a candidate becomes: the reviewer's wording where given, else an English source's
 * headline; languages without their own wording use the English text.
 */
export function toNewsItem(candidate: Candidate, label: NewsLabel, sources: readonly Source[]): NewsItem {
  const edits = candidate.edits;
  // The story's headline as an outlet wrote it in a language (the candidate's own, or a source's), and that outlet.
  const found = (locale: string) => (candidate.language === locale ? candidate : sources.find((s) => s.language === locale));
  const headlineIn = (locale: string) => found(locale)?.title.trim();
  const englishHeadline = headlineIn("en");
  // A title is plain text (a card's heading): it is escaped where it is set into markdown.
  const englishTitle = edits?.title.en?.trim() || englishHeadline || "";
  if (!englishTitle) throw new NeedsEnglish();
  // The outlet whose headline titles the story in a language (a language without one is titled in English).
  const titledBy = (l: Locale) => (headlineIn(l) ? found(l) : found("en"))?.outlet;
  // Without a summary, each language says in its own words where the headline is from: that sentence is
  // the bot's, not the story's, so it is no English text to mark as such, and it lists the outlets as the
  // language does ("A, B and C", "A, B, dan C"), not with commas alone. The outlet of the headline that
  // language's readers are shown comes first, however many outlets carried the story.
  const headlineFrom = (l: Locale) => {
    const outlets = [...new Set([titledBy(l), candidate.outlet, ...sources.map((s) => s.outlet)])]
      .filter((outlet): outlet is string => !!outlet)
      .slice(0, 3);
    return t(l, "news.headlineFrom", { outlets: plainInMarkdown(formatList(outlets, l)) });
  };
  // A summary is the reviewer's plain text, as the review card shows it (each platform has its own markup,
  // and readers of both get the same item): what markdown would read in it is escaped.
  const englishSummary = plainOrUndefined(edits?.summary.en);
  const summaries = edits
    ? Object.fromEntries(Object.entries(edits.summary).map(([l, text]) => [l, plainOrUndefined(text)]))
    : undefined;
  const localized = (own: Partial<Record<string, string>> | undefined, english: string, note = false): Localized =>
    Object.fromEntries(
      LOCALES.map((l) => {
        const mine = own?.[l]?.trim();
        if (mine || l === "en") return [l, mine || english];
        // Nothing is invented: a language without its own wording gets the English text, and says so.
        return [l, note ? `${english} ${t(l, "news.englishOnly")}` : english];
      }),
    ) as Localized;
  const summary = englishSummary
    ? localized(summaries, englishSummary, true)
    : (Object.fromEntries(LOCALES.map((l) => [l, summaries?.[l] || headlineFrom(l)])) as Localized);
  // Each source once (by its normalized link, the candidate's first among them), as its outlet's link.
  const links = [...new Map([candidate, ...sources].map((s) => [s.url, linkOf(s)])).values()].slice(0, ITEM_SOURCES_MAX);
  return {
    id: newsIdOf(candidate),
    date: firstReported(candidate, sources),
    label,
    // A language the reviewer gave no title in shows the story's headline in that language, where an
    // outlet wrote one (a Korean reader gets the Korean press's headline), else the English title.
    title: localized(Object.fromEntries(LOCALES.map((l) => [l, edits?.title[l]?.trim() || headlineIn(l)])), englishTitle),
    summary,
    url: linkOf(candidate),
    sources: links,
  };
}

/** KV holds no content yet: there is nothing to change, and `npm run seed` puts it there. */
export class NothingSeeded extends Error {
  constructor() {
    super(
      "Nothing is seeded yet, so there is no /renewal sentence to change: run `npm run seed` first (`-- --remote` for the deployed bot).",
    );
    this.name = "NothingSeeded";
  }
}

async function updateBundle(env: Pick<Env, "CONTENT">, change: (bundle: ContentBundle) => ContentBundle): Promise<void> {
  const raw = await env.CONTENT.get(CONTENT_BUNDLE_KEY);
  if (raw === null) throw new NothingSeeded();
  await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify(change(JSON.parse(raw) as ContentBundle)));
  clearContentCache();
}

type RenewalStatus = ContentBundle["show"]["renewalStatus"];

/** A short fingerprint of a text (FNV-1a, 32 bits): enough to tell one /renewal sentence from another. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * The bundle with this /renewal sentence. Its version changes with the sentence, its date and its words,
 * so that two sentences set on one day are two versions too.
 */
const withRenewalStatus = (bundle: ContentBundle, status: RenewalStatus): ContentBundle => ({
  ...bundle,
  show: { ...bundle.show, renewalStatus: status },
  version: `${bundle.version.split("+")[0]}+status-${status.asOf}-${fingerprint(JSON.stringify(status))}`,
});

/**
 * The one-sentence answer of /renewal, with the date it speaks for and its sources. It is content (the
 * show record in KV), not a published item: nothing is delivered for it. `npm run seed` keeps it
 * while it speaks for a later date than data/show.json's (seedBundle).
 */
export async function updateRenewalStatus(env: Pick<Env, "CONTENT">, status: RenewalStatus): Promise<void> {
  await updateBundle(env, (bundle) => withRenewalStatus(bundle, status));
}

/**
 * What `npm run seed` writes: the bundle built from data/, except that a /renewal sentence set since
 * (`npm run news -- status`, stored in the bundle now in KV) is kept while it speaks for a later date
 * than data/show.json's. A seed for another reason (a typo in a character) must not take the answer
 * back to an older one. `stored` is the bundle's JSON in KV, or null; anything unreadable there counts
 * as nothing kept.
 */
export function seedBundle(built: ContentBundle, stored: string | null): { bundle: ContentBundle; kept?: RenewalStatus } {
  let current: unknown;
  try {
    current = stored === null ? undefined : (JSON.parse(stored) as { show?: { renewalStatus?: unknown } }).show?.renewalStatus;
  } catch {
    return { bundle: built };
  }
  const parsed = v.safeParse(RenewalStatusSchema, current);
  if (!parsed.success || parsed.output.asOf <= built.show.renewalStatus.asOf) return { bundle: built };
  return { bundle: withRenewalStatus(built, parsed.output), kept: parsed.output };
}
