import { describe, expect, it } from "vitest";
import { formatDate, formatList, LOCALES, localeOfTag, resolveDiscordLocale } from "../../src/i18n/locale";
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
      // Indonesian Discord names the Administrator permission with the English word.
      id: ["episode.heading", "label.rumor", "permission.administrator", "renewal.show"],
      // Discord's client has no Tagalog, so a Tagalog reader's Discord names its permissions in English.
      tl: [
        "episode.heading",
        ...Object.keys(CATALOGUES.en).filter((key) => key.startsWith("permission.")),
        "renewal.timeline",
        "renewal.show",
        // Tagalog says season (Unang season), as its other strings do.
        "episode.season",
        "footer",
      ],
    };
    for (const locale of ["ko", "id", "tl"] as const) {
      const same = Object.keys(CATALOGUES.en).filter(
        (key) => CATALOGUES[locale][key as "footer"] === CATALOGUES.en[key as "footer"],
      );
      expect(same.sort(), locale).toEqual(sameAsEnglish[locale]?.sort());
    }
  });

  it("in Indonesian, have the bot call itself the same way throughout (aku, as it calls the reader kamu)", () => {
    const formal = Object.entries(CATALOGUES.id)
      .filter(([, text]) => /\bsaya\b/i.test(text))
      .map(([key]) => key);
    expect(formal).toEqual([]);
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

  it("are written exactly as Intl.DateTimeFormat writes them, in every month of every language", () => {
    const tags = { en: "en-GB", ko: "ko-KR", id: "id-ID", tl: "fil-PH" } as const;
    for (const locale of LOCALES) {
      const intl = new Intl.DateTimeFormat(tags[locale], { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
      for (let month = 1; month <= 12; month++)
        for (const day of [1, 9, 28]) {
          const iso = `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
          expect(formatDate(iso, locale), `${locale} ${iso}`).toBe(intl.format(new Date(`${iso}T00:00:00Z`)));
        }
    }
  });

  it("leave anything that is not a real calendar date as it is", () => {
    for (const text of ["not a date", "2025-02-30", "2025-13-01", "2025-1-5", ""]) expect(formatDate(text, "en")).toBe(text);
  });

  it("keep each language's own format when languages take turns", () => {
    for (const locale of ["ko", "en", "ko", "id", "en"] as const)
      expect(formatDate("2025-09-23", locale)).toBe(
        { en: "23 September 2025", ko: "2025년 9월 23일", id: "23 September 2025", tl: "" }[locale],
      );
    expect(formatDate("not a date", "ko")).toBe("not a date");
  });
});

describe("lists", () => {
  it("are joined exactly as Intl.ListFormat joins them, in every language", () => {
    const tags = { en: "en-GB", ko: "ko-KR", id: "id-ID", tl: "fil-PH" } as const;
    for (const locale of LOCALES) {
      const intl = new Intl.ListFormat(tags[locale], { type: "conjunction" });
      for (const items of [[], ["Yonhap"], ["Yonhap", "Soompi"], ["Yonhap", "Soompi", "연합뉴스"], ["A", "B", "C", "D"]])
        expect(formatList(items, locale), `${locale} ${items.length}`).toBe(intl.format(items));
    }
  });
});

describe("language tags", () => {
  it("are read as the language they canonically name, deprecated codes included (Android's in-ID is Indonesian)", () => {
    // Java, and so Android's apps and web views, still write Indonesian with the withdrawn code `in`; the
    // language subtag registry names `id` in its place, as Intl does.
    const tags = ["in", "in-ID", "IN_id", "id-ID", "ko", "ko-KR", "fil-PH", "tl", "en-GB", "iw-IL", "zh-TW", "pt-BR", "ja"];
    for (const tag of tags) {
      const [canonical = ""] = Intl.getCanonicalLocales(tag.replace("_", "-"));
      expect(localeOfTag(tag), tag).toBe(localeOfTag(canonical));
    }
    expect(localeOfTag("in-ID")).toBe("id");
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
