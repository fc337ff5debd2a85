// What the feeds let through to a reviewer. "Trauma center" and "golden hour" are ordinary words,
// and "cast" is inside "broadcast" and "podcast": a headline about a hospital or a video game is not
// renewal news about the show. And a feed's date is the feed's word: an entry dated years ahead, once
// published, would set the window of what is still news and hide every real story after it.
import { describe, expect, it } from "vitest";
import { isAboutRenewal, relevant } from "../../src/news/filter";
import { parseFeed } from "../../src/news/parse";
import { toNewsItem } from "../../src/news/publish";
import { foundCandidate } from "../helpers/news";

describe("headlines about something else", () => {
  it.each([
    ["Atlus confirms Trauma Center: New Blood remaster in production for Switch 2"],
    ["City hospital's new trauma center launches a podcast on road safety"],
    ["Golden Hour: the photographer's Netflix documentary starts filming"],
    ["The Trauma Code wins at the 2025 Blue Dragon Series Awards"],
    ["Ju Ji-hoon hadiri konferensi pers lanjutan film barunya"],
  ])("%s is not renewal news", (title) => {
    expect(isAboutRenewal(title)).toBe(false);
  });
});

describe("Korean news of real severe trauma centres, the show's Korean title", () => {
  it.each([
    ["권역 중증외상센터 CT 촬영 대기 줄인다"],
    ["정부, 중증외상센터 출연금 200억 확대"],
    ["정부, 중증외상센터 지원 후속 대책 발표"],
    ["권역 중증외상센터 2곳 신규 지정"],
    ["권역 중증외상센터 2~3곳 추가 지정"],
    ["권역 중증외상센터 2, 3곳 추가 지정"],
  ])("%s is not renewal news", (title) => {
    expect(isAboutRenewal(title)).toBe(false);
  });

  it.each([
    ["넷플릭스 <중증외상센터> 시즌2 제작 확정"],
    ["'중증외상센터' 속편 나온다"],
    ["주지훈 주연 중증외상센터, 촬영 시작"],
    ["중증외상센터 시즌2 제작 확정"],
    ["'중증외상센터2' 제작 확정"],
    ["<중증외상센터2> 제작 확정"],
    ["중증외상센터2, 내년 촬영 돌입"],
    ["중증외상센터 후속 시즌 제작 확정"],
    ["중증외상센터2, 2027년 공개 확정"],
    ["중증외상센터2 - 2027년 공개 확정"],
    ["중증외상센터2·3 동시 제작 확정"],
  ])("%s, the show's, is", (title) => {
    expect(isAboutRenewal(title)).toBe(true);
  });
});

describe("renewal wording in the show's languages", () => {
  it.each([
    ["The Trauma Code: Heroes on Call dapat sekuel"],
    ["The Trauma Code: Heroes on Call musim ke-2 resmi"],
    ["The Trauma Code, may pangalawang season na!"],
    ["The Trauma Code Season Kedua Dikonfirmasi"],
    ["The Trauma Code Musim Dua, Kapan Tayang?"],
    ["The Trauma Code Bakal Ada Lanjutan? Ini Kata Sutradara"],
    ["The Trauma Code: Heroes on Call will be back for seasons two and three"],
    ["'The Trauma Code 2' confirmed with Ju Ji-hoon"],
    ["Ju Ji-hoon returns for 'Trauma Code 2'"],
    ["'The Trauma Code' gets greenlit for two more seasons"],
    ["The Trauma Code: Heroes on Call gets the green light for more"],
  ])("%s is renewal news", (title) => {
    expect(isAboutRenewal(title)).toBe(true);
  });
});

describe("a season or a return said shortly, beside the show's name", () => {
  it.each([
    ["Trauma Code S2 confirmed"],
    ["'The Trauma Code' S2 officially happening"],
    ["The Trauma Code: Heroes on Call S2 is happening"],
    ["'The Trauma Code' confirmed to return"],
    ["The Trauma Code is officially set to return"],
    ["The Trauma Code will return"],
    ["The Trauma Code: Heroes on Call will be back"],
    ["중증외상센터 새 시즌"],
    ["'중증외상센터' 새로운 시즌 온다"],
    ["<중증외상센터> 2기 온다"],
    ["드라마 중증외상센터 2기"],
    ["'중증외상센터' 2기 나온다"],
    ["중증외상센터 2기 제작 확정"],
  ])("%s is renewal news", (title) => {
    expect(isAboutRenewal(title)).toBe(true);
  });

  it.each([
    // Another show's season, or the show's people in another.
    ["Squid Game S2 confirmed"],
    ["Golden Hour S2 confirmed"],
    ["Mask Girl S2 confirmed to return with a new cast of leads"],
    ["The Trauma Code's Choo Young-woo confirmed to return in 'Oh My Ghost Clients 2'"],
    ["The Trauma Code star Ju Ji-hoon returns to the stage"],
    ["The Trauma Code director set to return to cinema with a thriller"],
    // A code of another kind: a model numbered S2, a year.
    ["Trauma code S20 blue alert drill at city hospital"],
    // Real trauma centres: a new season of something else, a second round of designation or training.
    ["프로야구 새 시즌 개막, 중증외상센터 의료진 시구"],
    ["중증외상센터 2기 지정 결과 발표"],
    ["권역 중증외상센터 2기 전문의 수료"],
    ["중증외상센터 2기 운영 평가"],
    // Another 2기: a class of a broadcaster's recruits.
    ["드라마 중증외상센터 공채 12기 출신 조연"],
  ])("%s is not", (title) => {
    expect(isAboutRenewal(title)).toBe(false);
  });
});

describe('headlines where "cast" follows another word', () => {
  it.each([["The Trauma Code news: casting underway"], ["Heroes on Call: before casting the leads, producers meet"]])(
    "%s is still renewal news",
    (title) => {
      expect(isAboutRenewal(title)).toBe(true);
    },
  );
});

describe("dates a feed gives", () => {
  it("an entry dated in the future is not taken at its word", () => {
    const now = Date.parse("2026-11-10T00:00:00Z");
    const [entry] = parseFeed(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
      <item><title>The Trauma Code season 2 confirmed by Netflix</title><link>https://wire.example/1</link>
      <pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item></channel></rss>`);
    expect(entry).toBeDefined();
    const kept = relevant(entry ? [entry] : [], { newestPublished: null, now });
    const published = kept[0]
      ? toNewsItem(
          foundCandidate({ ...kept[0], id: "abcdef0123", foundAt: now, publishedAt: kept[0].publishedAt ?? now }),
          "official",
          [],
        )
      : undefined;
    // Published, it is the newest item: a story of today falls outside the window it sets.
    const today = {
      title: "The Trauma Code season 2 starts filming",
      url: "https://wire.example/2",
      publishedAt: now,
      outlet: "wire",
    };
    const newest = published ? Date.parse(published.date) : null;
    expect(relevant([today], { newestPublished: newest, now })).toHaveLength(1);
  });
});
