// The real data files, validated and written to the test's local KV exactly as `npm run seed` does.
import { env } from "cloudflare:workers";
import characters from "../../data/characters.json";
import episodes from "../../data/episodes.json";
import inspirations from "../../data/inspirations.json";
import news from "../../data/news.json";
import show from "../../data/show.json";
import { buildBundle, type ContentBundle } from "../../src/content/bundle";
import { CONTENT_BUNDLE_KEY } from "../../src/content/keys";
import type { NewsItem } from "../../src/content/schema";
import { clearContentCache } from "../../src/content/store";
import { publishNews } from "../../src/topics/renewal";

export const dataFiles = () =>
  structuredClone({
    "show.json": show,
    "characters.json": characters,
    "episodes.json": episodes,
    "news.json": news,
    "inspirations.json": inspirations,
  }) as Record<string, unknown>;

export async function realBundle(): Promise<ContentBundle> {
  const result = await buildBundle(dataFiles());
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.bundle;
}

/**
 * Writes the bundle to KV and its news to D1's `news` table, which /renewal reads (`npm run seed` publishes
 * the items there through importNewsSql). Only the `news` rows are written here, not frozen messages:
 * a test that delivers an item publishes it with publishNews. Items missing from the bundle are dropped.
 */
export async function seedContent(bundle?: ContentBundle): Promise<ContentBundle> {
  const value = bundle ?? (await realBundle());
  await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify(value));
  clearContentCache();
  await env.DB.batch([
    env.DB.prepare("DELETE FROM news WHERE id NOT IN (SELECT value FROM json_each(?))").bind(
      JSON.stringify(value.news.map((n) => n.id)),
    ),
    ...value.news.map((item) =>
      env.DB.prepare(
        "INSERT INTO news (id, item, published_at) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO UPDATE SET item = ?2, withdrawn_at = NULL, withdrawn_reason = NULL",
      ).bind(item.id, JSON.stringify(item), Date.parse(item.date)),
    ),
  ]);
  return value;
}

/**
 * Publishes news into D1 as `npm run seed` does (the data's items unless given others): what /renewal's
 * timeline and delivery read. Separate from seedContent so delivery tests publish only what they count.
 */
export async function seedNews(items?: readonly NewsItem[], now = Date.now()): Promise<readonly NewsItem[]> {
  const news = items ?? (await realBundle()).news;
  for (const item of news) await publishNews(env, item, now);
  return news;
}
