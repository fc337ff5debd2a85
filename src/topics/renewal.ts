// The renewal topic: published news about seasons 2 and 3. Publishing an item freezes it as a message
// (the card /renewal shows, rendered once per locale) and records the item in D1; withdrawing it is an
// explicit, recorded act. Feed discovery, review and the seed all publish through here.
import * as v from "valibot";
import { newsCard } from "../../commands/renewal";
import { type NewsItem, NewsSchema } from "../content/schema";
import { DeliveryStore, DROPPED_ON_WITHDRAWAL, type FrozenMessage, type Topic } from "../delivery/store";
import type { Env } from "../env";
import { LOCALES, type Locale } from "../i18n/locale";
import type { Reply } from "../reply";

export const RENEWAL: Topic = "renewal";

/** The message key of a news item. */
export const newsKey = (id: string): string => `${RENEWAL}:${id}`;

/** The message every subscriber gets for an item, in each locale. */
export function newsMessage(item: NewsItem, publishedAt: number): FrozenMessage {
  const replies = Object.fromEntries(LOCALES.map((locale) => [locale, newsCard(item, locale)])) as Record<Locale, Reply>;
  return { key: newsKey(item.id), topic: RENEWAL, replies, publishedAt };
}

/**
 * Publishes an item: validated, recorded in `news`, frozen in `messages`, and planned on the next
 * cron tick for every subscription older than it. Idempotent: false when the item was published before.
 */
export async function publishNews(env: Pick<Env, "DB">, input: NewsItem, now = Date.now()): Promise<boolean> {
  const item = v.parse(NewsSchema, input);
  const store = new DeliveryStore(env.DB);
  return store.publish(newsMessage(item, now), [
    store
      .prepare("INSERT OR IGNORE INTO news (id, item, published_at) VALUES (?, ?, ?)")
      .bind(item.id, JSON.stringify(item), now),
  ]);
}

/** Whether an item was written to `news` (published, withdrawn since or not). */
export const newsWritten = async (env: Pick<Env, "DB">, id: string): Promise<boolean> =>
  (await env.DB.prepare("SELECT 1 FROM news WHERE id = ?").bind(id).first()) !== null;

/** What became of an item in `news`: published, withdrawn since, or null when it was never written. */
export async function newsStanding(env: Pick<Env, "DB">, id: string): Promise<"published" | "withdrawn" | null> {
  const row = await env.DB.prepare("SELECT withdrawn_at FROM news WHERE id = ?")
    .bind(id)
    .first<{ withdrawn_at: number | null }>();
  return row ? (row.withdrawn_at === null ? "published" : "withdrawn") : null;
}

/**
 * Withdraws an item: nothing more of it is delivered; deliveries not yet made end `dropped` with the
 * reason, and the posts already made are edited to say it was withdrawn and why (queued by the cron).
 * A post whose answer was lost is looked for first: found, it is edited like the others.
 */
export async function withdrawNews(env: Pick<Env, "DB">, id: string, reason = "withdrawn", now = Date.now()): Promise<boolean> {
  const store = new DeliveryStore(env.DB);
  return store.withdraw(newsKey(id), reason, now, [
    store
      .prepare("UPDATE news SET withdrawn_at = ?2, withdrawn_reason = ?3 WHERE id = ?1 AND withdrawn_at IS NULL")
      .bind(id, now, reason),
  ]);
}

/** The items published and not withdrawn (the read lives with the content, where /renewal's timeline reaches it). */
export { publishedNews } from "../content/published";

// --- the same, as SQL text for `wrangler d1 execute` (the seed runs in Node, outside the Worker) ---

const literal = (value: string | number | null): string =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`;

/**
 * SQL that publishes each item not yet published. An item the bot saw before news lived in D1 keeps
 * the time it was first seen, so no subscriber gets it twice or late. An item published before and
 * corrected in the data since shows on /renewal as the data now words it (a fix must reach fans); the
 * message frozen for delivery keeps the wording it was published with, and a withdrawn item stays so.
 */
export function importNewsSql(items: readonly NewsItem[], now: number): string {
  return items
    .map((item) => {
      const message = newsMessage(item, now);
      const json = literal(JSON.stringify(item));
      const when = `COALESCE((SELECT first_seen_at FROM news_seen WHERE news_id = ${literal(item.id)}), ${now})`;
      return [
        `INSERT OR IGNORE INTO messages (key, topic, body, published_at, planned_through) VALUES (${literal(message.key)}, ${literal(RENEWAL)}, ${literal(JSON.stringify({ replies: message.replies }))}, ${when}, 0);`,
        `INSERT OR IGNORE INTO news (id, item, published_at) VALUES (${literal(item.id)}, ${json}, ${when});`,
        `UPDATE news SET item = ${json} WHERE id = ${literal(item.id)} AND withdrawn_at IS NULL AND item <> ${json};`,
      ].join("\n");
    })
    .join("\n");
}

/** SQL that withdraws items by id, recording why: what `withdrawNews` does. */
export function withdrawNewsSql(ids: readonly string[], reason: string, now: number): string {
  return ids
    .map((id) =>
      [
        `UPDATE messages SET withdrawn_at = ${now}, withdrawn_reason = ${literal(reason)}, planned_through = NULL, followers_through = NULL, amending = 1 WHERE key = ${literal(newsKey(id))} AND withdrawn_at IS NULL;`,
        `UPDATE deliveries SET state = 'dropped', error = ${literal(`withdrawn: ${reason}`)} WHERE message_key = ${literal(newsKey(id))} AND ${DROPPED_ON_WITHDRAWAL};`,
        `UPDATE news SET withdrawn_at = ${now}, withdrawn_reason = ${literal(reason)} WHERE id = ${literal(id)} AND withdrawn_at IS NULL;`,
      ].join("\n"),
    )
    .join("\n");
}

/** Lists published items with how many deliveries each has, for the seed's check. */
export const PUBLISHED_WITH_DELIVERIES_SQL = `SELECT n.id AS id, (SELECT COUNT(*) FROM deliveries d WHERE d.message_key = '${RENEWAL}:' || n.id) AS deliveries FROM news n WHERE n.withdrawn_at IS NULL`;

/** Published ids missing from the data: those with deliveries need `--withdraw`, the others are withdrawn quietly. */
export function missingNews(
  published: readonly { id: string; deliveries: number }[],
  ids: ReadonlySet<string>,
  withdraw: ReadonlySet<string>,
): { refused: string[]; withdrawn: string[]; unknown: string[] } {
  const missing = published.filter((p) => !ids.has(p.id));
  const known = new Set([...ids, ...published.map((p) => p.id)]);
  return {
    refused: missing.filter((p) => p.deliveries > 0 && !withdraw.has(p.id)).map((p) => p.id),
    withdrawn: [...missing.map((p) => p.id), ...[...withdraw].filter((id) => ids.has(id))],
    // Asked to withdraw, yet neither published nor in the data: a mistyped id, most likely.
    unknown: [...withdraw].filter((id) => !known.has(id)),
  };
}
