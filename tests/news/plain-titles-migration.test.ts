// Items published from a feed headline by an earlier release kept the headline markdown-escaped as their
// title. Titles are plain text now, escaped where they go into markdown: left as they were, those items
// would show their backslashes in the timeline. Migration 0014 reads them back as written.
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import migration from "../../migrations/0014_plain_found_titles.sql?raw";
import { publishedNews } from "../../src/content/published";
import { LOCALES } from "../../src/i18n/locale";
import { newsIdOf, toNewsItem } from "../../src/news/publish";
import type { Candidate } from "../../src/news/store";
import { escaped } from "../../src/reply";
import { newsKey, publishNews } from "../../src/topics/renewal";
import { realBundle } from "../helpers/content";

const HEADLINE = "The Trauma Code (season 2) gets a *second* look #exclusive [updated] \\o/";
/** How the earlier release stored a feed headline. */
const asStoredBefore = (text: string) => escaped(text, /[\\*_~`|[\]()<>#]/g);

const candidate = {
  id: "0123abcdef",
  state: "published",
  title: HEADLINE,
  language: "en",
  outlet: "Wire",
  url: "https://news.example/story",
  publishedAt: Date.UTC(2026, 10, 30),
  foundAt: Date.UTC(2026, 10, 30),
  key: "k",
  edits: null,
  label: "report",
  decidedBy: "r1",
  decidedAt: Date.UTC(2026, 10, 30),
  newsId: null,
  reviewPostedMask: 0,
  reviewUnsureMask: 0,
  reviewTriedAt: null,
  reviewLook: {},
} as Candidate;

beforeEach(async () => {
  await env.DB.batch(["deliveries", "messages", "news"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
});

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
