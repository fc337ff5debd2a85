// What a candidate becomes when published: nothing invented for a language without its own wording.
import { describe, expect, it } from "vitest";
import { LOCALES } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { toNewsItem } from "../../src/news/publish";
import type { Candidate } from "../../src/news/store";

const candidate = (edits: Candidate["edits"]): Candidate => ({
  id: "c0ffee0000",
  state: "new",
  title: "Season 2 casting confirmed",
  language: "en",
  outlet: "Wire",
  url: "https://news.example/story",
  publishedAt: Date.UTC(2026, 10, 30),
  foundAt: Date.UTC(2026, 10, 30),
  key: "k",
  edits,
  label: null,
  decidedBy: null,
  decidedAt: null,
  newsId: null,
  reviewPostedMask: 0,
});

describe("publishing a candidate", () => {
  it("gives a language without its own wording the English text with a short note, and keeps a language's own", () => {
    const item = toNewsItem(
      candidate({
        title: { en: "Casting confirmed", ko: "캐스팅 확정" },
        summary: { en: "The cast is set.", ko: "캐스팅이 정해졌어요." },
      }),
      "report",
      [],
    );
    expect(item.summary.en).toBe("The cast is set.");
    expect(item.summary.ko).toBe("캐스팅이 정해졌어요.");
    for (const locale of LOCALES.filter((l) => l !== "en" && l !== "ko")) {
      expect(item.summary[locale]).toBe(`The cast is set. ${t(locale, "news.englishOnly")}`);
      expect(item.title[locale]).toBe("Casting confirmed");
    }
    expect(item.label).toBe("report");
  });
});
