// The feeds the cron polls for renewal news: data/feeds.json, checked against FeedSchema. NEWS_FEEDS
// (a JSON array of the same shape) replaces the list, e.g. to poll a feed served from a local file.
import * as v from "valibot";
import feedsFile from "../../data/feeds.json";
import { LOCALES } from "../i18n/locale";

export const FEED_KINDS = ["rss", "atom", "search"] as const;
/** How often a healthy feed is polled. */
export const DEFAULT_EVERY_MINUTES = 15;

export const FeedSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase-with-dashes")),
  url: v.pipe(v.string(), v.url("must be a URL"), v.regex(/^https?:\/\//, "must be http(s)")),
  language: v.picklist(LOCALES, `must be one of: ${LOCALES.join(", ")}`),
  kind: v.picklist(FEED_KINDS, `must be one of: ${FEED_KINDS.join(", ")}`),
  everyMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(1440))),
});

export const FeedsSchema = v.pipe(
  v.array(FeedSchema),
  v.check((feeds) => new Set(feeds.map((f) => f.url)).size === feeds.length, "feed URLs must be unique"),
);

export type Feed = v.InferOutput<typeof FeedSchema>;

/** The configured feeds; an invalid NEWS_FEEDS is logged by the caller and polls nothing. */
export function loadFeeds(override?: string): Feed[] {
  const raw: unknown = override ? JSON.parse(override) : feedsFile;
  return v.parse(FeedsSchema, raw);
}

export const feedEvery = (feed: Feed): number => (feed.everyMinutes ?? DEFAULT_EVERY_MINUTES) * 60_000;
