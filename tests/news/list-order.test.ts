// `npm run news -- list` shows candidates newest first, each dated by its earliest source (firstReported):
// a source found later may be older than the story's first, and then dates the whole story.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { firstReported } from "../../src/news/publish";
import { NewsStore, type Source } from "../../src/news/store";

const at = (day: number) => Date.UTC(2026, 10, day, 12);

const candidate = (id: string, publishedAt: number) => ({
  id,
  title: `The Trauma Code season 2 story ${id}`,
  language: "en" as const,
  outlet: "Wire",
  url: `https://wire.example/${id}`,
  publishedAt,
  foundAt: publishedAt,
  key: id,
});

const source = (candidateId: string, url: string, publishedAt: number): Source => ({
  url,
  candidateId,
  title: `The Trauma Code season 2 story ${candidateId}`,
  outlet: "Wire",
  language: "en",
  publishedAt,
});

describe("the candidates npm run news -- list shows", () => {
  beforeEach(async () => {
    await env.DB.batch(["news_sources", "news_candidates"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  });

  it("come newest first by the date each is shown with, its earliest source's", async () => {
    const store = new NewsStore(env.DB);
    // Found on the 10th; an outlet's story of the 6th, found since, joined it. Another story is of the 8th.
    await store.addFound(
      [candidate("aaaaaaaaaa", at(10)), candidate("bbbbbbbbbb", at(8))],
      [
        source("aaaaaaaaaa", "https://wire.example/aaaaaaaaaa", at(10)),
        source("aaaaaaaaaa", "https://earlier.example/story", at(6)),
        source("bbbbbbbbbb", "https://wire.example/bbbbbbbbbb", at(8)),
      ],
    );
    const listed = await store.list();
    const sources = await store.sourcesOf(listed.map((c) => c.id));
    const shown = listed.map((c) => firstReported(c, sources.get(c.id) ?? []));
    expect(shown).toEqual(["2026-11-08", "2026-11-06"]);
  });
});
