import { describe, expect, it } from "vitest";
import { groupEntries } from "../../src/news/discover";
import { normalizeUrl, sameStory, titleKey } from "../../src/news/group";

describe("one story, one link", () => {
  it.each([
    ["https://www.outlet.example/a/b/?utm_source=x&utm_medium=y", "https://outlet.example/a/b"],
    ["http://m.outlet.example/a/b#comments", "https://outlet.example/a/b"],
    ["https://amp.outlet.example/a/b/amp/", "https://outlet.example/a/b"],
    ["https://outlet.example/view?id=7&fbclid=abc&ref=rss", "https://outlet.example/view?id=7"],
    ["https://outlet.example/view?b=2&a=1", "https://outlet.example/view?a=1&b=2"],
  ])("%s -> %s", (link, normalized) => {
    expect(normalizeUrl(link)).toBe(normalized);
  });

  it("keeps parameters that identify the article", () => {
    expect(normalizeUrl("https://news.example/read?newsIdx=390857")).not.toBe(
      normalizeUrl("https://news.example/read?newsIdx=390858"),
    );
  });
});

describe("the same story across languages", () => {
  const en = titleKey("The Trauma Code Season 2 confirms casting and filming start in October");
  it.each([
    ["중증외상센터 시즌2, 캐스팅 변경…10월 촬영 시작"],
    ["The Trauma Code Musim 2 Mulai Syuting Oktober, Ada Pemeran Baru"],
    ["Trauma Code season 2: casting confirmed, filming begins October"],
  ])("matches %s", (other) => {
    expect(sameStory(en, titleKey(other))).toBe(true);
  });

  it.each([
    ["Netflix: The Trauma Code season 2 not confirmed yet"],
    ["주지훈, 새 영화 촬영 시작"],
    ["The Trauma Code tops Netflix's non-English chart"],
  ])("keeps %s apart", (other) => {
    expect(sameStory(en, titleKey(other))).toBe(false);
  });

  it("groups entries within days into one candidate with every source, and keeps a known link out", async () => {
    const day = 86_400_000;
    const t = Date.parse("2026-11-10T00:00:00Z");
    const entries = [
      {
        title: "중증외상센터 시즌2 캐스팅 변경…10월 촬영",
        url: "https://ko.example/1",
        outlet: "ko",
        publishedAt: t,
        language: "ko" as const,
      },
      {
        title: "Trauma Code season 2 casting change, October filming",
        url: "https://en.example/1?utm_source=x",
        outlet: "en",
        publishedAt: t + day,
        language: "en" as const,
      },
      {
        title: "Trauma Code season 2 casting change, October filming",
        url: "https://en.example/2",
        outlet: "en2",
        publishedAt: t + 30 * day,
        language: "en" as const,
      },
      { title: "Already seen", url: "https://seen.example/1", outlet: "x", publishedAt: t, language: "en" as const },
    ];
    const { candidates, sources } = await groupEntries(entries, new Map([["https://seen.example/1", "0000000000"]]), [], t);
    expect(candidates).toHaveLength(2);
    const first = candidates[0];
    expect(sources.filter((s) => s.candidateId === first?.id).map((s) => s.url)).toEqual([
      "https://ko.example/1",
      "https://en.example/1",
    ]);
    expect(sources.map((s) => s.url)).not.toContain("https://seen.example/1");
  });
});

describe("a season written short", () => {
  it.each([
    ["Trauma Code S2 confirmed", "Trauma Code S3 confirmed"],
    ["'The Trauma Code' S2 filming starts", "'The Trauma Code' S3 filming starts"],
    ["<중증외상센터> 2기 온다", "<중증외상센터> 3기 온다"],
    ["Trauma Code S2 confirmed", "Trauma Code season 3 confirmed"],
    // The title numbered, as the filter reads a sequel named.
    ["중증외상센터2 제작 확정", "중증외상센터3 제작 확정"],
    ["The Trauma Code 2 confirmed", "The Trauma Code 3 confirmed"],
  ])("keeps %s apart from %s, another season", (a, b) => {
    expect(sameStory(titleKey(a), titleKey(b))).toBe(false);
  });

  it.each([
    ["Trauma Code S2 confirmed", "중증외상센터 시즌2 확정"],
    ["<중증외상센터> 2기 제작 확정", "Netflix confirms The Trauma Code season 2"],
    ["중증외상센터2 제작 확정", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
  ])("matches %s with %s, the same season in other words", (a, b) => {
    expect(sameStory(titleKey(a), titleKey(b))).toBe(true);
  });

  it.each([
    // Not a season: a phone's model, a twelfth class (12기), an expectation ("3 기대").
    ["Trauma Code season 2 confirmed", "Trauma Code season 2 confirmed, shot on a Galaxy S20"],
    ["중증외상센터 시즌2 확정", "중증외상센터 시즌2 확정, 공채 12기 출신 눈길"],
    ["중증외상센터 시즌2 확정", "중증외상센터 시즌2 확정, 3 기대"],
    // Trauma centres counted, and a year after the English title.
    ["중증외상센터 시즌2 확정", "중증외상센터 시즌2 확정, 중증외상센터 3곳 지정"],
    ["Trauma Code season 2 confirmed", "Trauma Code season 2 confirmed, Trauma Code 3000 fans"],
  ])("reads no other season in %s / %s", (a, b) => {
    expect(sameStory(titleKey(a), titleKey(b))).toBe(true);
  });
});
