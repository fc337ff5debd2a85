// The feeds the cron polls for renewal news: data/feeds.json, checked against FeedSchema. NEWS_FEEDS
// (a JSON array of the same shape) replaces the list, e.g. to poll a feed served from a local file.
import * as v from "valibot";
import feedsFile from "../../data/feeds.json";
import { LOCALES, MARKET_OFFSET_MINUTES } from "../i18n/locale";

export const FEED_KINDS = ["rss", "atom", "search"] as const;
/** How often a healthy feed is polled. */
export const DEFAULT_EVERY_MINUTES = 15;

export const FeedSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase-with-dashes")),
  url: v.pipe(v.string(), v.url("must be a URL"), v.regex(/^https?:\/\//, "must be http(s)")),
  language: v.picklist(LOCALES, `must be one of: ${LOCALES.join(", ")}`),
  kind: v.picklist(FEED_KINDS, `must be one of: ${FEED_KINDS.join(", ")}`),
  everyMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(1440))),
  /** The feed's offset from UTC ("+09:00"), for dates it writes without a zone; else its language's. */
  utcOffset: v.optional(v.pipe(v.string(), v.regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'must be an offset from UTC such as "+09:00"'))),
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

/** The offset from UTC, in minutes, at which a feed's dates that name no zone are read: its own, else its language's. */
export function feedOffsetMinutes(feed: Feed): number {
  if (!feed.utcOffset) return MARKET_OFFSET_MINUTES[feed.language];
  const sign = feed.utcOffset.startsWith("-") ? -1 : 1;
  const [hours, minutes] = feed.utcOffset.slice(1).split(":").map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0));
}

export const feedEvery = (feed: Feed): number => (feed.everyMinutes ?? DEFAULT_EVERY_MINUTES) * 60_000;
