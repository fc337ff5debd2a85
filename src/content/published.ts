// Renewal news as published: the `news` table in D1, written only by src/topics/renewal.ts (publishNews,
// withdrawNews, and the seed's SQL). /renewal and delivery read the same rows.
import type { NewsItem } from "./schema";

/** The items published and not withdrawn, by date (then by when they were published). */
export async function publishedNews(db: D1Database): Promise<NewsItem[]> {
  const { results } = await db
    .prepare("SELECT item FROM news WHERE withdrawn_at IS NULL ORDER BY json_extract(item, '$.date'), published_at, id")
    .all<{ item: string }>();
  return results.map((r) => JSON.parse(r.item) as NewsItem);
}
