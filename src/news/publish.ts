// Publishing a reviewed candidate as a news item, and withdrawing it. Everything that writes published
// news goes through publishNews / withdrawNews, so moving published news into D1 (the renewal topic)
// changes these two functions and nothing else.
//
// For now an item is written into the content bundle in KV, which /renewal and the cron planner
// read; the planner runs at once, so subscribed channels get the item without waiting for the cron.
import { planDeliveries } from "../alerts/planner";
import type { ContentBundle } from "../content/bundle";
import { CONTENT_BUNDLE_KEY } from "../content/keys";
import type { NewsItem, NewsLabel } from "../content/schema";
import { clearContentCache } from "../content/store";
import type { Env } from "../env";
import { LOCALES, type Localized } from "../i18n/locale";
import type { Candidate, Source } from "./store";

/** An item can be published only with an English title and summary; this says what is missing. */
export class NeedsEnglish extends Error {
  constructor() {
    super("an English title and summary are needed");
    this.name = "NeedsEnglish";
  }
}

/** Feed text shown in markdown: characters that would format or break a link are escaped. */
export const escapeMarkdown = (text: string): string => text.replace(/([\\*_~`|[\]()<>#])/g, "\\$1");

/** The published item's id: stable per candidate, so publishing twice writes the same item. */
export const newsIdOf = (candidate: Pick<Candidate, "id">): string => `found-${candidate.id}`;

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Sources cited by one item, at most. */
export const ITEM_SOURCES_MAX = 10;

/**
 * The news item a candidate becomes: the reviewer's wording where given, else an English source's
 * headline; languages without their own wording use the English text.
 */
export function toNewsItem(candidate: Candidate, label: NewsLabel, sources: readonly Source[]): NewsItem {
  const edits = candidate.edits;
  const englishHeadline = candidate.language === "en" ? candidate.title : sources.find((s) => s.language === "en")?.title;
  const englishTitle = edits?.title.en?.trim() || (englishHeadline ? escapeMarkdown(englishHeadline) : "");
  if (!englishTitle) throw new NeedsEnglish();
  const outlets = [...new Set([candidate.outlet, ...sources.map((s) => s.outlet)])].filter(Boolean).slice(0, 3);
  const englishSummary =
    edits?.summary.en?.trim() || `Headline from ${escapeMarkdown(outlets.join(", "))}; the sources have the details.`;
  const localized = (own: Partial<Record<string, string>> | undefined, english: string): Localized =>
    Object.fromEntries(LOCALES.map((l) => [l, own?.[l]?.trim() || english])) as Localized;
  const links = [...new Set([candidate.url, ...sources.map((s) => s.url)])].slice(0, ITEM_SOURCES_MAX);
  return {
    id: newsIdOf(candidate),
    date: isoDate(candidate.publishedAt),
    label,
    title: localized(edits?.title, englishTitle),
    summary: localized(edits?.summary, englishSummary),
    url: candidate.url,
    sources: links,
  };
}

/** The bundle with the item added (or replaced, so publishing again changes nothing). */
export function bundleWith(bundle: ContentBundle, item: NewsItem): ContentBundle {
  const news = [...bundle.news.filter((n) => n.id !== item.id), item].sort((a, b) => a.date.localeCompare(b.date));
  return { ...bundle, news, version: `${bundle.version.split("+")[0]}+${news.length}-${item.id}` };
}

export function bundleWithout(bundle: ContentBundle, id: string): ContentBundle {
  const news = bundle.news.filter((n) => n.id !== id);
  return { ...bundle, news, version: `${bundle.version.split("+")[0]}+${news.length}-${id}-withdrawn` };
}

async function updateBundle(env: Env, change: (bundle: ContentBundle) => ContentBundle): Promise<void> {
  const raw = await env.CONTENT.get(CONTENT_BUNDLE_KEY);
  if (raw === null) throw new Error("no content bundle to publish into");
  await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify(change(JSON.parse(raw) as ContentBundle)));
  clearContentCache();
}

/**
 * Makes the item public and hands it to delivery at once (`deliverNow: false` leaves that to the next
 * cron tick, for callers without the queue, such as the command line).
 */
export async function publishNews(env: Env, item: NewsItem, { deliverNow = true } = {}): Promise<void> {
  await updateBundle(env, (bundle) => bundleWith(bundle, item));
  if (deliverNow) await planDeliveries(env);
}

/** The one-sentence answer of /renewal, with the date it speaks for and its sources. */
export async function updateRenewalStatus(env: Env, status: ContentBundle["show"]["renewalStatus"]): Promise<void> {
  await updateBundle(env, (bundle) => ({
    ...bundle,
    show: { ...bundle.show, renewalStatus: status },
    version: `${bundle.version.split("+")[0]}+status-${status.asOf}`,
  }));
}

/** Takes the item back: deliveries not yet made are dropped by the consumer. */
export async function withdrawNews(env: Env, id: string): Promise<void> {
  await updateBundle(env, (bundle) => bundleWithout(bundle, id));
}
