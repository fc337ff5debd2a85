import { describe, expect, it } from "vitest";
import { formatDate, LOCALES, resolveDiscordLocale } from "../../src/i18n/locale";
import { CATALOGUES, t } from "../../src/i18n/strings";

describe("interface strings", () => {
  it("exist, non-empty, in every language, with the same placeholders as English", () => {
    const english = CATALOGUES.en;
    for (const locale of LOCALES) {
      for (const key of Object.keys(english) as (keyof typeof english)[]) {
        const text = CATALOGUES[locale][key];
        expect(text?.trim(), `${locale} ${key}`).toBeTruthy();
        const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(english[key]));
      }
    }
  });

  it("are written in the language, not left in English", () => {
    // Words these languages really share with English.
    const sameAsEnglish: Record<string, string[]> = {
      ko: [],
      id: ["episode.heading", "label.rumor"],
      tl: ["episode.heading", "renewal.timeline", "footer"],
    };
    for (const locale of ["ko", "id", "tl"] as const) {
      const same = Object.keys(CATALOGUES.en).filter(
        (key) => CATALOGUES[locale][key as "footer"] === CATALOGUES.en[key as "footer"],
      );
      expect(same, locale).toEqual(sameAsEnglish[locale]);
    }
  });

  it("translate the four renewal labels", () => {
    expect(["official", "author statement", "report", "rumor"].map((l) => t("ko", `label.${l}` as "label.rumor"))).toEqual([
      "공식",
      "원작자 발언",
      "보도",
      "루머",
    ]);
    expect(t("id", "label.rumor")).toBe("rumor");
    expect(t("tl", "label.rumor")).toBe("tsismis");
  });

  it("fill placeholders", () => {
    expect(t("en", "episode.unknown", { number: 9 })).toBe("There is no episode 9. Season 1 has episodes 1 to 8.");
  });
});

describe("dates", () => {
  it("are written the way each language writes them", () => {
    expect(formatDate("2025-01-24", "en")).toBe("24 January 2025");
    expect(formatDate("2025-01-24", "ko")).toBe("2025년 1월 24일");
    expect(formatDate("2025-01-24", "id")).toBe("24 Januari 2025");
    expect(formatDate("2025-01-24", "tl")).toMatch(/Enero 24, 2025/);
  });

  it("keep each language's own format when languages take turns (formatters are kept per language)", () => {
    for (const locale of ["ko", "en", "ko", "id", "en"] as const)
      expect(formatDate("2025-09-23", locale)).toBe(
        { en: "23 September 2025", ko: "2025년 9월 23일", id: "23 September 2025", tl: "" }[locale],
      );
    expect(formatDate("not a date", "ko")).toBe("not a date");
  });
});

describe("Discord locale resolution", () => {
  it.each([
    [{ locale: "ko" }, "ko"],
    [{ locale: "id" }, "id"],
    [{ locale: "en-US" }, "en"],
    [{ locale: "en-GB" }, "en"],
    [{ locale: "fr", guildLocale: "ko" }, "ko"],
    [{ locale: "ja", guildLocale: "id" }, "id"],
    [{ locale: "fr", guildLocale: "de" }, "en"],
    [{ locale: undefined, guildLocale: undefined }, "en"],
    [{ locale: "ko", override: "tl" }, "tl"],
    [{ locale: "id", override: "en" }, "en"],
    [{ locale: "ko", override: "xx" }, "ko"],
  ])("%j answers in %s", (input, expected) => {
    expect(resolveDiscordLocale(input)).toBe(expected);
  });
});
