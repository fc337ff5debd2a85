// What `npm run seed` does with published items the data no longer has, and with `--withdraw ID`, and
// with a published item the data has corrected since.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { publishedNews } from "../../src/content/published";
import { importNewsSql, missingNews, withdrawNewsSql } from "../../src/topics/renewal";
import { realBundle } from "../helpers/content";

const published = [
  { id: "delivered", deliveries: 3 },
  { id: "quiet", deliveries: 0 },
  { id: "kept", deliveries: 5 },
];

describe("items missing from data/news.json at a seed", () => {
  it("refuses to drop a delivered item silently, and withdraws an undelivered one", () => {
    expect(missingNews(published, new Set(["kept"]), new Set())).toEqual({
      refused: ["delivered"],
      withdrawn: ["delivered", "quiet"],
      unknown: [],
    });
  });

  it("withdraws a delivered item when told to, and names an id that matches nothing", () => {
    expect(missingNews(published, new Set(["kept"]), new Set(["delivered", "delivred"]))).toEqual({
      refused: [],
      withdrawn: ["delivered", "quiet"],
      unknown: ["delivred"],
    });
  });
});

describe("a published item corrected in data/news.json, at the next seed", () => {
  // The seed's SQL runs one statement a line, as `wrangler d1 execute --file` takes it.
  const run = (sql: string) => env.DB.batch(sql.split("\n").map((statement) => env.DB.prepare(statement)));
  /** Published at one time, the items come back ordered by id. */
  const byId = (items: readonly { id: string }[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));

  it("shows every item on /renewal as the data now words it, in the order it was first published", async () => {
    const { news } = await realBundle();
    const first = news.map((item) => ({
      ...item,
      label: "report" as const,
      summary: { ...item.summary, en: "Wording since corrected." },
      sources: ["https://example.org/since-corrected"],
    }));
    await run(importNewsSql(first, 1_000));
    await run(importNewsSql(news, 2_000));
    expect(await publishedNews(env)).toEqual(byId(news));
    const { results } = await env.DB.prepare("SELECT DISTINCT published_at FROM news").all<{ published_at: number }>();
    expect(results.map((r) => r.published_at)).toEqual([1_000]);
  });

  it("leaves a withdrawn item withdrawn", async () => {
    const { news } = await realBundle();
    await run(importNewsSql(news, 1_000));
    const [gone, ...kept] = news;
    await run(withdrawNewsSql([gone?.id ?? ""], "withdrawn by the editor", 1_500));
    await run(importNewsSql(news, 2_000));
    expect(await publishedNews(env)).toEqual(byId(kept));
  });
});
