// Items published from a feed headline by an earlier release kept the headline markdown-escaped as their
// title. Titles are plain text now, escaped where they go into markdown: left as they were, those items
// would show their backslashes in the timeline. Migration 0014 reads them back as written.
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import migration from "../../migrations/0014_plain_found_titles.sql?raw";
import { publishedNews } from "../../src/content/published";
import { LOCALES } from "../../src/i18n/locale";
import { newsIdOf, toNewsItem } from "../../src/news/publish";
import { escaped } from "../../src/reply";
import { newsKey, publishNews } from "../../src/topics/renewal";
import { realBundle } from "../helpers/content";
import { addConfirmedCandidate, foundCandidate } from "../helpers/news";

const HEADLINE = "The Trauma Code (season 2) gets a *second* look #exclusive [updated] \\o/";
/** How the earlier release stored a feed headline. */
const asStoredBefore = (text: string) => escaped(text, /[\\*_~`|[\]()<>#]/g);

const candidate = foundCandidate({
  id: "0123abcdef",
  state: "published",
  title: HEADLINE,
  label: "report",
  decidedBy: "r1",
  decidedAt: Date.UTC(2026, 10, 30),
});

beforeEach(async () => {
  await env.DB.batch(
    ["deliveries", "messages", "news", "news_sources", "news_candidates"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
});

/** A candidate found in a feed whose reviewer typed `titles` (none: the headline was the title). */
async function reviewed(id: string, titles: Partial<Record<string, string>>) {
  await addConfirmedCandidate(id, Date.UTC(2026, 10, 30));
  await env.DB.prepare("UPDATE news_candidates SET edits = ? WHERE id = ?")
    .bind(JSON.stringify({ title: titles, summary: {} }), id)
    .run();
}

const run = async () => {
  for (const statement of migration.split(";").filter((s) => s.replace(/--.*$/gm, "").trim()))
    await env.DB.prepare(statement).run();
};

it("reads a feed headline stored escaped back as written, in the timeline and in the frozen post", async () => {
  const item = toNewsItem(candidate, "report", []);
  const before = { ...item, title: Object.fromEntries(LOCALES.map((l) => [l, asStoredBefore(item.title[l])])) } as typeof item;
  await publishNews(env, before);
  await run();
  const [stored] = await publishedNews(env);
  for (const locale of LOCALES) expect(stored?.title[locale], locale).toBe(HEADLINE);
  const body = await env.DB.prepare("SELECT body FROM messages WHERE key = ?")
    .bind(newsKey(newsIdOf(candidate)))
    .first<{ body: string }>();
  const replies = JSON.parse(body?.body ?? "{}").replies as Record<string, { blocks: { kind: string; text?: string }[] }>;
  for (const locale of LOCALES)
    expect(replies[locale]?.blocks[0], locale).toEqual(expect.objectContaining({ kind: "heading", text: HEADLINE }));
});

it("leaves titles alone that were never escaped: the data's items, and a found item stored as written", async () => {
  const seeded = (await realBundle()).news[0];
  if (!seeded) throw new Error("no news in the data");
  const withBackslash = {
    ...seeded,
    title: Object.fromEntries(LOCALES.map((l) => [l, `${seeded.title[l]} \\(not a feed's\\)`])),
  } as typeof seeded;
  await publishNews(env, withBackslash);
  const found = toNewsItem({ ...candidate, id: "abcdef0123", title: "Plain season 2 news" }, "report", []);
  await publishNews(env, found);
  await run();
  const titles = Object.fromEntries((await publishedNews(env)).map((n) => [n.id, n.title.en]));
  expect(titles[seeded.id]).toBe(withBackslash.title.en);
  expect(titles[found.id]).toBe("Plain season 2 news");
});

it("leaves the titles a reviewer typed as typed, in every language they were typed in", async () => {
  // English typed: every language shows what was typed, or the typed English; nothing was escaped.
  const typed = "Fans cheer ¯\\_(ツ)_/¯ for season 2";
  await reviewed("aaaaaa0001", { en: typed });
  const edited = toNewsItem({ ...candidate, id: "aaaaaa0001", edits: { title: { en: typed }, summary: {} } }, "report", []);
  await publishNews(env, edited);
  // Korean typed beside the headline: the other languages had the headline, escaped.
  const korean = "팬들 환호 \\(시즌2\\)";
  await reviewed("aaaaaa0002", { ko: korean });
  const mixed = toNewsItem({ ...candidate, id: "aaaaaa0002", edits: { title: { ko: korean }, summary: {} } }, "report", []);
  await publishNews(env, {
    ...mixed,
    title: Object.fromEntries(LOCALES.map((l) => [l, l === "ko" ? korean : asStoredBefore(HEADLINE)])) as typeof mixed.title,
  });
  await run();
  const stored = Object.fromEntries((await publishedNews(env)).map((n) => [n.id, n.title]));
  expect(stored[edited.id]).toEqual(edited.title);
  expect(stored[mixed.id]).toEqual(Object.fromEntries(LOCALES.map((l) => [l, l === "ko" ? korean : HEADLINE])));
});
