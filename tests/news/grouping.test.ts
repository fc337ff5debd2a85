// Grouping that puts two stories under one candidate hides the second from the reviewers: the card lists
// a source's outlet, not its headline. A cancellation is a denial of the renewal, another season is
// another story, and another actor's casting is another actor's news.
import { describe, expect, it } from "vitest";
import { groupEntries } from "../../src/news/discover";
import { sameStory, titleKey } from "../../src/news/group";

const same = (a: string, b: string) => sameStory(titleKey(a), titleKey(b));

describe("headlines that tell different stories stay apart", () => {
  it.each([
    ["The Trauma Code season 2 confirmed", "The Trauma Code season 2 cancelled"],
    ["The Trauma Code will get season 2", "The Trauma Code will not get season 2"],
    ["중증외상센터 시즌2 제작 확정", "중증외상센터 시즌2 제작 무산"],
  ])("a confirmation and a denial: %s / %s", (a, b) => {
    expect(same(a, b)).toBe(false);
  });

  it("season 2 and season 3 are different stories", () => {
    expect(same("The Trauma Code season 2 confirmed", "The Trauma Code season 3 confirmed")).toBe(false);
  });

  it("two actors' castings are different stories", () => {
    expect(same("Ju Ji-hoon joins The Trauma Code season 2", "Choo Young-woo joins The Trauma Code season 2")).toBe(false);
  });

  it("a cancellation found the day after a confirmation becomes a candidate of its own", async () => {
    const t = Date.parse("2026-11-10T00:00:00Z");
    const { candidates, sources } = await groupEntries(
      [
        { title: "The Trauma Code season 2 confirmed", url: "https://a.example/1", outlet: "a", publishedAt: t, language: "en" },
        {
          title: "The Trauma Code season 2 cancelled",
          url: "https://b.example/1",
          outlet: "b",
          publishedAt: t + 86_400_000,
          language: "en",
        },
      ],
      new Map(),
      [],
      t,
    );
    expect(sources).toHaveLength(2);
    expect(candidates).toHaveLength(2);
  });
});

describe("one story in two languages is one candidate", () => {
  it("season 2 confirmed, in English and in Korean", () => {
    expect(same("The Trauma Code season 2 confirmed", "중증외상센터 시즌2 확정")).toBe(true);
  });

  it("season 2 confirmed, in English and in Indonesian, which writes its number in words", () => {
    expect(same("The Trauma Code season 2 confirmed", "The Trauma Code Season Kedua Dikonfirmasi")).toBe(true);
    expect(same("The Trauma Code season 3 confirmed", "The Trauma Code Musim Tiga Dikonfirmasi")).toBe(true);
  });

  it.each([
    ["Netflix renews The Trauma Code: Heroes on Call for season 2", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
    ["Netflix announces The Trauma Code season 2 renewal", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
    ["The Trauma Code season 2 officially confirmed", "'중증외상센터' 시즌2 제작 확정"],
    ["Netflix greenlights The Trauma Code season 2", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
  ])("as each press words it, found an hour apart: %s / %s", async (en, ko) => {
    const at = Date.parse("2026-11-10T00:00:00Z");
    const { candidates, sources } = await groupEntries(
      [
        { title: ko, url: "https://ko.example/1", outlet: "ko", publishedAt: at, language: "ko" },
        { title: en, url: "https://en.example/1", outlet: "en", publishedAt: at + 3_600_000, language: "en" },
      ],
      new Map(),
      [],
      at,
    );
    expect(sources).toHaveLength(2);
    expect(candidates, `keys: [${titleKey(ko)}] / [${titleKey(en)}]`).toHaveLength(1);
  });

  it.each([
    ["The Trauma Code season 2 confirmed, release date yet to be announced"],
    ["Netflix confirms The Trauma Code season 2: when will it premiere?"],
    ["The Trauma Code renewed for season 2 by Netflix — what do we know?"],
  ])("a confirmation that asks something more is still one: %s", (en) => {
    expect(same(en, "넷플릭스 '중증외상센터' 시즌2 제작 확정")).toBe(true);
  });

  it.each([
    ["Netflix renews The Trauma Code for seasons 2 and 3", "Netflix renews The Trauma Code for season 2 & 3"],
    ["Netflix renews The Trauma Code for seasons 2 and 3", "넷플릭스 '중증외상센터' 시즌2·3 제작 확정"],
    ["The Trauma Code confirmed for seasons 2 and 3", "The Trauma Code Resmi Dikonfirmasi Musim 2 dan 3"],
    ["The Trauma Code season 2 & 3 confirmed", "'중증외상센터' 시즌 2, 3 확정"],
    ["Netflix renews The Trauma Code for second and third seasons", "넷플릭스 '중증외상센터' 시즌2·3 제작 확정"],
    ["The Trauma Code renewed for a 2nd & 3rd season", "The Trauma Code confirmed for seasons 2 and 3"],
    ["The Trauma Code, kumpirmado na ang ikalawa at ikatlong season", "The Trauma Code confirmed for seasons 2 and 3"],
  ])("seasons 2 and 3 confirmed together, however the pair is written: %s / %s", (a, b) => {
    expect(same(a, b), `keys: [${titleKey(a)}] / [${titleKey(b)}]`).toBe(true);
  });

  it.each([
    ["Netflix renews The Trauma Code for second and third seasons"],
    ["The Trauma Code renewed for a 2nd & 3rd season"],
    ["Netflix confirms a second and a third season of The Trauma Code"],
    ["The Trauma Code, kumpirmado na ang ikalawa at ikatlong season"],
  ])("seasons counted before the word as a pair name both: %s", (title) => {
    expect(titleKey(title)).toContain("#season2");
    expect(titleKey(title)).toContain("#season3");
    expect(same(title, "넷플릭스 '중증외상센터' 시즌2 제작 확정")).toBe(true);
  });

  it("a second and a third episode are no pair of seasons", () => {
    expect(titleKey("The Trauma Code season 2: the second and third episodes explained")).not.toContain("#season3");
  });

  it("a season's filming is not its confirmation", () => {
    expect(same("The Trauma Code season 2 confirmed", "중증외상센터 시즌2 촬영 시작")).toBe(false);
  });

  it.each([
    ["Netflix has yet to renew The Trauma Code for season 2", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
    ["Will Netflix renew The Trauma Code for season 2?", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
    ["Ju Ji-hoon confirmed for The Trauma Code season 2", "중증외상센터 시즌2 제작 확정"],
    ["Will The Trauma Code be renewed for season 2?", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
    ["The Trauma Code has yet to be renewed for season 2", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
    ["Netflix to announce The Trauma Code season 2 decision next month", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
    ["Netflix will announce whether The Trauma Code gets season 2", "넷플릭스 '중증외상센터' 시즌2 제작 확정"],
  ])("a speculation, or an actor's return, is not the season confirmed: %s / %s", (a, b) => {
    expect(same(a, b)).toBe(false);
  });
});
