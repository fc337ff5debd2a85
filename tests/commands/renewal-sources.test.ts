// The Sources button of older /renewal answers lists each timeline entry with its links: however many
// entries were published, and however long their links, the answer keeps the newest and cuts no link.
import { beforeEach, describe, expect, it } from "vitest";
import type { NewsItem } from "../../src/content/schema";
import { realBundle, seedContent, seedNews } from "../helpers/content";
import { ask, click, textOf } from "../helpers/discord";
import { assertDiscordLimits } from "../helpers/limits";

/** A news search link as Google News gives one, some 330 characters long. */
const searchLink = (n: number) => `https://news.google.com/rss/articles/CBMi${"y".repeat(280)}${n}?oc=5`;

/** Found stories, one a day, each citing `sources` search links (three: far more than one answer holds). */
async function publishFound(count: number, sources = 3): Promise<NewsItem[]> {
  const [model] = (await realBundle()).news;
  const found = Array.from({ length: count }, (_, n): NewsItem => {
    const title = `Found story ${n}`;
    return {
      ...(model as NewsItem),
      id: `found-${n}`,
      date: `2099-02-${String(n + 1).padStart(2, "0")}`,
      title: { en: title, ko: title, id: title, tl: title },
      url: searchLink(n * 10),
      sources: Array.from({ length: sources }, (_, s) => searchLink(n * 10 + s + 1)),
    };
  });
  await seedNews(found);
  return found;
}

/** Every markdown link begun in the text, and the whole ones among them. */
const links = (text: string) => ({
  begun: (text.match(/(?<!\\)\[[^\]]*\]\(/g) ?? []).length,
  whole: (text.match(/(?<!\\)\[[^\]]*\]\([^)\s]+\)/g) ?? []).length,
});

beforeEach(async () => {
  await seedContent();
  await seedNews();
});

describe("the Sources button's list", () => {
  it("keeps the newest entries and every link whole when they do not all fit, in every language", async () => {
    const found = await publishFound(12);
    const newest = found.at(-1) as NewsItem;
    for (const locale of ["en", "ko", "id", "tl"] as const) {
      const reply = await ask(click(`src:${locale}`));
      assertDiscordLimits(reply.data as never);
      const text = textOf(reply);
      expect(text, locale).toContain(newest.title[locale]);
      const { begun, whole } = links(text);
      expect(begun, locale).toBeGreaterThan(0);
      expect(whole, locale).toBe(begun);
    }
  });
});

describe("the Sources button's count of entries left out", () => {
  // Only three stories, citing four search links each: two fit in one answer, one is left out.
  beforeEach(async () => {
    await seedContent({ ...(await realBundle()), news: [] });
    await publishFound(3, 4);
  });

  it("speaks of one entry as one, in English and Tagalog", async () => {
    expect(textOf(await ask(click("src:en")))).toContain(
      "_One older entry is not listed here: `/renewal`'s Full timeline shows it with its sources._",
    );
    expect(textOf(await ask(click("src:tl")))).toContain(
      "_Hindi nakalista rito ang isang mas lumang entry: nasa Buong timeline ng `/renewal` ito at ang mga pinagmulan nito._",
    );
  });

  it("names /renewal as the asker's Discord client shows it, whatever the answer's language", async () => {
    expect(textOf(await ask(click("src:ko", undefined, { locale: "ko" })))).toContain(
      "_이전 항목 1개는 여기 없어요. `/후속시즌`의 전체 타임라인에서 출처와 함께 볼 수 있어요._",
    );
    expect(textOf(await ask(click("src:en", undefined, { locale: "id" })))).toContain("`/kelanjutan`'s Full timeline");
  });
});
