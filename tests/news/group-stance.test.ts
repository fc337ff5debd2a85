// A denial or a rumour is not the same story as a confirmation, however alike the headlines: grouped
// together, the later headline becomes one more source of the earlier candidate, and no reviewer sees
// it as a story of its own (the review card lists a source's outlet, not its headline).
import { describe, expect, it } from "vitest";
import { groupEntries } from "../../src/news/discover";
import { sameStory, titleKey } from "../../src/news/group";

const confirmed = "The Trauma Code season 2 confirmed";

describe("what a headline says about the story keeps stories apart", () => {
  it.each([
    ["The Trauma Code season 2 not confirmed"],
    ["The Trauma Code season 2 rumor"],
    ["Netflix denies The Trauma Code season 2"],
    // Headlines say it in the past tense, or as "not yet", as often as in the present.
    ["Netflix denied The Trauma Code season 2 reports"],
    ["The Trauma Code season 2 not yet confirmed, Netflix says"],
    ["The Trauma Code season 2 isn't confirmed"],
    ["The Trauma Code ikalawang season, hindi pa kumpirmado"],
    // A "not" written short, or a "yet to" with an adverb between, denies as surely.
    ["Netflix hasn't confirmed The Trauma Code season 2"],
    ["The Trauma Code season 2 hasn’t been confirmed"],
    ["Netflix didn't confirm The Trauma Code season 2"],
    ["The Trauma Code season 2 wasn't confirmed, Netflix says"],
    ["Netflix has yet to officially confirm The Trauma Code season 2"],
    ["The Trauma Code season 2 yet to be officially confirmed"],
  ])("%s is not the same story as a confirmation", (other) => {
    expect(sameStory(titleKey(confirmed), titleKey(other))).toBe(false);
  });

  it.each([
    ["중증외상센터 시즌2 확정 아냐"],
    ['중증외상센터 시즌2 확정? 넷플릭스 "사실무근"'],
    ["중증외상센터 시즌2 확정설"],
    ["중증외상센터 시즌2 확정 아니다"],
    ['넷플릭스 "중증외상센터 시즌2 확정된 바 없어"'],
    ["중증외상센터 시즌2, 확정 안 됐다"],
    ['중증외상센터 시즌2 확정? 넷플릭스 "결정된 것 없어"'],
  ])("%s is not the same story as a Korean confirmation", (other) => {
    expect(sameStory(titleKey("중증외상센터 시즌2 확정"), titleKey(other))).toBe(false);
  });

  it.each([
    ["The Trauma Code musim 2 belum resmi diproduksi Netflix"],
    ["Netflix belum konfirmasi The Trauma Code musim 2 resmi diproduksi"],
    ["The Trauma Code musim 2 tidak resmi diproduksi Netflix"],
  ])("%s is not the same story as an Indonesian confirmation", (other) => {
    expect(sameStory(titleKey("The Trauma Code musim 2 resmi diproduksi Netflix"), titleKey(other))).toBe(false);
  });

  it("a confirmation found after a headline saying it has not come yet becomes a candidate of its own", async () => {
    const t = Date.parse("2026-11-10T00:00:00Z");
    const official = "Netflix confirms The Trauma Code season 2";
    const notYet = "Netflix hasn't confirmed The Trauma Code season 2";
    const { candidates } = await groupEntries(
      [
        { title: official, url: "https://a.example/1", outlet: "a", publishedAt: t + 3_600_000, language: "en" },
        { title: notYet, url: "https://b.example/1", outlet: "b", publishedAt: t, language: "en" },
      ],
      new Map(),
      [],
      t,
    );
    expect(candidates.map((c) => c.title)).toEqual([notYet, official]);
  });

  it.each([
    ["Will Netflix renew The Trauma Code for season 2?", "Netflix renews The Trauma Code for season 2"],
    ["Is The Trauma Code season 2 confirmed?", "Netflix confirms The Trauma Code season 2"],
    ["Will The Trauma Code be renewed for season 2?", "The Trauma Code renewed for season 2"],
    ["Apakah The Trauma Code musim 2 akan dibuat?", "The Trauma Code musim 2 resmi dibuat"],
  ])("a headline asking whether (%s) is not the same story as its answer (%s)", (asking, answer) => {
    expect(sameStory(titleKey(asking), titleKey(answer))).toBe(false);
  });

  describe.each([
    ["중증외상센터 시즌2 나오나?"],
    ["중증외상센터 시즌2 나오나"],
    ["중증외상센터 시즌2 제작될까"],
    ["중증외상센터 시즌2, 나올까?"],
    ["중증외상센터 시즌2 제작 확정?"],
    ["중증외상센터 시즌2 제작확정?"],
    ["중증외상센터 시즌2 제작될지 관심"],
    ["'중증외상센터' 시즌2 제작 확정됐나요?"],
    ["'중증외상센터' 시즌2 제작 확정됐나요"],
    ["중증외상센터 시즌2 제작되나"],
    ["중증외상센터 시즌2 볼 수 있나"],
    ["중증외상센터 시즌2 돌아오나"],
    ["중증외상센터 시즌2 찍나"],
    ["중증외상센터 시즌2 또 뜨나"],
    // 려나 and 까나 wonder, and 만드나 asks whether it is made: none of them ends a name.
    ["중증외상센터 시즌2 나오려나"],
    ["중증외상센터 시즌2 제작되려나"],
    ["중증외상센터 시즌2 볼 수 있을까나"],
    ["중증외상센터 시즌2 만드나"],
    // 하나 set against the word before it is a verb's (제작하다, 가능하다), not "one".
    ["'중증외상센터' 시즌2 제작하나?"],
    ["중증외상센터 시즌2 가능하나?"],
    ["중증외상센터 시즌2 제작하나요"],
  ])("a Korean headline asking whether (%s)", (asking) => {
    it.each([["중증외상센터 시즌2 나온다"], ["중증외상센터 시즌2 제작 확정"], ["중증외상센터 시즌2 제작"]])(
      "is not the same story as one saying it has (%s)",
      (answer) => {
        expect(sameStory(titleKey(asking), titleKey(answer))).toBe(false);
      },
    );
  });

  it.each([
    ["May season 2 na ba ang The Trauma Code?", "May season 2 na ang The Trauma Code"],
    ["Magkakaroon ba ng season 2 ang The Trauma Code?", "Magkakaroon ng season 2 ang The Trauma Code"],
    ["The Trauma Code ikalawang season, kumpirmado na ba?", "The Trauma Code ikalawang season, kumpirmado na"],
    ["The Trauma Code season 2 confirmed?", "The Trauma Code season 2 confirmed"],
  ])("a headline asking whether (%s) is not the same story as its answer (%s)", (asking, answer) => {
    expect(sameStory(titleKey(asking), titleKey(answer))).toBe(false);
  });

  it.each([
    // It tells, then asks something more: when, or whether someone returns.
    ["중증외상센터 시즌2 제작 확정… 주지훈 돌아올까", "중증외상센터 시즌2 제작 확정"],
    ["중증외상센터 시즌2 제작 확정, 공개는 언제?", "중증외상센터 시즌2 제작 확정"],
    ["The Trauma Code ikalawang season, kumpirmado na: kailan ba ipapalabas?", "The Trauma Code ikalawang season, kumpirmado na"],
    // Words that only end like a question: 까지 (until), 일지 (a diary).
    ["중증외상센터 시즌2 10월까지 촬영 확정", "중증외상센터 시즌2 10월 촬영 확정"],
    ["중증외상센터 시즌2 촬영 일지 공개", "중증외상센터 시즌2 촬영 일지 공개됐다"],
  ])("a headline that tells (%s) is still the story of one saying so (%s)", (telling, answer) => {
    expect(sameStory(titleKey(telling), titleKey(answer))).toBe(true);
  });

  it.each([
    // 다시 만나 is "meet again", and 한지나 a name: both end in 나 and ask nothing.
    ["'중증외상센터' 시즌2, 넷플릭스서 다시 만나", "'중증외상센터' 시즌2, 넷플릭스서 나오나?", false],
    ["'중증외상센터' 시즌2 합류 확정 배우 한지나", "'중증외상센터' 시즌2 합류 확정", true],
    // Names that end in 나 after no verb's stem: 유나, 세나, 미나.
    ["'중증외상센터' 시즌2 합류 확정 배우 유나", "'중증외상센터' 시즌2 합류 확정", true],
    ["'중증외상센터' 시즌2 출연 확정 배우 김세나", "'중증외상센터' 시즌2 출연 확정", true],
    ["중증외상센터 시즌2 제작 확정 신예 미나", "중증외상센터 시즌2 제작 확정", true],
    ["'중증외상센터' 시즌2 합류 확정 배우 이하나", "'중증외상센터' 시즌2 합류 확정", true],
  ])("a Korean headline ending in 나 that tells (%s) is read as telling, against %s", (telling, other, same) => {
    expect(sameStory(titleKey(telling), titleKey(other))).toBe(same);
  });

  it.each([
    // Confirmed, and only its date not yet: the doubt is the date's, not the season's.
    ["The Trauma Code season 2 confirmed, no release date yet", "The Trauma Code season 2 not confirmed"],
    ["Netflix confirms The Trauma Code season 2 but no premiere date yet", "Netflix has not confirmed The Trauma Code season 2"],
    ["중증외상센터 시즌2 제작 확정…공개일 미정", "중증외상센터 시즌2 제작 미정"],
    ["The Trauma Code musim 2 resmi, tanggal tayang belum diumumkan", "The Trauma Code musim 2 belum resmi"],
  ])("a confirmation whose date is still to come (%s) is not the story of a denial (%s)", (official, denial) => {
    expect(sameStory(titleKey(official), titleKey(denial))).toBe(false);
  });

  it.each([
    // A report of a confirmation, then its denial: no confirmation at all.
    ['중증외상센터 시즌2 확정 보도…넷플릭스 "사실무근"', "중증외상센터 시즌2 제작 확정"],
    ["The Trauma Code season 2 confirmed? Not yet, Netflix says", "The Trauma Code season 2 confirmed"],
  ])("a confirmation denied in the next clause (%s) is not the story of a confirmation (%s)", (denied, official) => {
    expect(sameStory(titleKey(denied), titleKey(official))).toBe(false);
  });

  it.each([
    // It asks, then answers: the question is the hook, the answer is the news.
    ["Will there be a season 2? Netflix confirms The Trauma Code", "Netflix confirms The Trauma Code season 2"],
    ["Is The Trauma Code renewed? Netflix confirms season 2", "Netflix confirms The Trauma Code season 2"],
    ["중증외상센터 시즌2 나오나? 넷플릭스 제작 확정", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
  ])("a headline that asks, then answers (%s), is the story of the confirmation (%s)", (answered, official) => {
    expect(sameStory(titleKey(answered), titleKey(official))).toBe(true);
    expect(sameStory(titleKey(answered), titleKey("Will there be a season 2 of The Trauma Code?"))).toBe(false);
  });

  it.each([
    // An answer that is only a statement about the question confirms nothing.
    ["중증외상센터 시즌2 나오나? 넷플릭스 공식 입장은", "중증외상센터 시즌2 제작 확정"],
    ["Will there be a season 2? Netflix makes no official announcement", "Netflix confirms The Trauma Code season 2"],
  ])("a headline that asks, then tells no answer (%s), is not the story of the confirmation (%s)", (asking, official) => {
    expect(sameStory(titleKey(asking), titleKey(official))).toBe(false);
  });

  it.each([
    ["중증외상센터 시즌2 제작 유력", "중증외상센터 시즌2 제작 확정"],
    ["중증외상센터 시즌2 제작 가닥", "중증외상센터 시즌2 제작 확정"],
    ["넷플릭스, '중증외상센터' 시즌2 제작으로 가닥", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
  ])("a Korean headline saying it is only likely (%s) is not the same story as its confirmation (%s)", (likely, official) => {
    expect(sameStory(titleKey(likely), titleKey(official))).toBe(false);
  });

  it("an exclusive ([단독]) is a report of the news, and the same story as the others' confirmation", () => {
    expect(sameStory(titleKey("[단독] 중증외상센터 시즌2 제작 확정"), titleKey("중증외상센터 시즌2 제작 확정"))).toBe(true);
  });

  it("a Korean confirmation found after a headline asking whether becomes a candidate of its own", async () => {
    const t = Date.parse("2026-11-10T00:00:00Z");
    const asking = "중증외상센터 시즌2 나오나?";
    const official = "중증외상센터 시즌2 나온다";
    const { candidates } = await groupEntries(
      [
        { title: official, url: "https://a.example/1", outlet: "a", publishedAt: t + 3_600_000, language: "ko" },
        { title: asking, url: "https://b.example/1", outlet: "b", publishedAt: t, language: "ko" },
      ],
      new Map(),
      [],
      t,
    );
    expect(candidates.map((c) => c.title)).toEqual([asking, official]);
  });

  it("two headlines asking the same are still one story", () => {
    expect(
      sameStory(
        titleKey("Will Netflix renew The Trauma Code for season 2?"),
        titleKey("Will Netflix renew The Trauma Code season 2?"),
      ),
    ).toBe(true);
  });

  it("a confirmation found after a rumour becomes a candidate of its own", async () => {
    const t = Date.parse("2026-11-10T00:00:00Z");
    const { candidates } = await groupEntries(
      [
        {
          title: "Netflix confirms The Trauma Code season 2, filming in October",
          url: "https://a.example/1",
          outlet: "a",
          publishedAt: t + 3_600_000,
          language: "en",
        },
        {
          title: "Rumor: Netflix The Trauma Code season 2 filming in October",
          url: "https://b.example/1",
          outlet: "b",
          publishedAt: t,
          language: "en",
        },
      ],
      new Map(),
      [],
      t,
    );
    expect(candidates.map((c) => c.title)).toHaveLength(2);
  });

  it.each([
    ["en", "The Trauma Code season 2 reportedly confirmed", "Netflix confirms The Trauma Code season 2"],
    ["en", "The Trauma Code season 2 allegedly confirmed for 2026", "The Trauma Code season 2 confirmed for 2026"],
    ["id", "The Trauma Code musim 2 dikabarkan resmi diproduksi Netflix", "The Trauma Code musim 2 resmi diproduksi Netflix"],
    ["id", "Kabarnya The Trauma Code musim 2 resmi diproduksi Netflix", "The Trauma Code musim 2 resmi diproduksi Netflix"],
    ["tl", "The Trauma Code ikalawang season, kumpirmado na umano", "The Trauma Code ikalawang season, kumpirmado na"],
    ["en", "Netflix renews The Trauma Code for season 2, sources say", "Netflix renews The Trauma Code for season 2"],
    ["en", "The Trauma Code season 2 confirmed, according to reports", "The Trauma Code season 2 confirmed"],
    ["id", "The Trauma Code musim 2 dilaporkan resmi diproduksi Netflix", "The Trauma Code musim 2 resmi diproduksi Netflix"],
    ["ko", "넷플릭스 '중증외상센터' 시즌2 제작 확정된 것으로 알려져", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
    ["ko", "'중증외상센터' 시즌2 제작 확정 전해져", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
  ])(
    "a confirmation found after a headline saying it is only reported (%s) becomes a candidate of its own",
    async (language, reported, official) => {
      const t = Date.parse("2026-11-10T00:00:00Z");
      const { candidates } = await groupEntries(
        [
          { title: official, url: "https://a.example/1", outlet: "a", publishedAt: t + 3_600_000, language: language as "en" },
          { title: reported, url: "https://b.example/1", outlet: "b", publishedAt: t, language: language as "en" },
        ],
        new Map(),
        [],
        t,
      );
      expect(candidates.map((c) => c.title)).toEqual([reported, official]);
    },
  );

  it("reads Tagalog's umano as a word, not inside another", () => {
    expect(sameStory(titleKey("The Trauma Code season 2 confirmed, human organ drama"), titleKey(confirmed))).toBe(true);
  });
});
