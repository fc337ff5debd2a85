// What `npm run seed` does with published items the data no longer has, and with `--withdraw ID`, and
// with a published item the data has corrected since.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { labelText, renewalTimeline } from "../../commands/renewal";
import { publishedNews } from "../../src/content/published";
import { loadContent } from "../../src/content/store";
import { importNewsSql, missingNews, withdrawNewsSql } from "../../src/topics/renewal";
import { realBundle, seedContent } from "../helpers/content";

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
    // Published at one time, the items come back in the order the data lists them.
    expect(await publishedNews(env)).toEqual(news);
    const { results } = await env.DB.prepare("SELECT DISTINCT published_at FROM news").all<{ published_at: number }>();
    expect(results.map((r) => r.published_at)).toEqual([1_000]);
  });

  it("leaves a withdrawn item withdrawn", async () => {
    const { news } = await realBundle();
    await run(importNewsSql(news, 1_000));
    const [gone, ...kept] = news;
    await run(withdrawNewsSql([gone?.id ?? ""], "withdrawn by the editor", 1_500));
    await run(importNewsSql(news, 2_000));
    expect(await publishedNews(env)).toEqual(kept);
  });
});

describe("items of one day, published by one seed", () => {
  const run = (sql: string) => env.DB.batch(sql.split("\n").map((statement) => env.DB.prepare(statement)));

  it("show on /renewal newest first as news.json lists them, so an answer written after a report comes before it", async () => {
    const bundle = await realBundle();
    const [sample] = bundle.news;
    if (!sample) throw new Error("no news");
    await seedContent({ ...bundle, news: [] });
    // Listed report first, then the answer to it; by id the answer would sort first.
    const report = { ...sample, id: "zz-report", date: "2025-09-23", label: "report" as const };
    const answer = { ...sample, id: "aa-answer", date: "2025-09-23", label: "official" as const };
    await run(importNewsSql([report, answer], 1_000));
    const content = await loadContent(env.CONTENT);
    const shown = renewalTimeline(content, await publishedNews(env), "en");
    const entries = JSON.stringify(shown);
    expect(entries.indexOf(labelText("official", "en"))).toBeGreaterThan(-1);
    expect(entries.indexOf(labelText("official", "en"))).toBeLessThan(entries.indexOf(labelText("report", "en")));
  });
});
