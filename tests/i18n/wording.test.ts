// Fixed texts and data read the way a fan of each language would say them, and say what the English says.
import { describe, expect, it } from "vitest";
import { formatDate, type Locale } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { realBundle } from "../helpers/content";

describe("translations a fan would read", () => {
  it("pages the Korean timeline with words for newer and older, not 'newest' and the episode's 'previous'", () => {
    // "최신" is "the newest": on page 3 the button goes to page 2. "이전" is already "◀ 이전" (previous episode).
    expect(t("ko", "button.newer")).not.toMatch(/최신/);
    expect(t("ko", "button.older")).not.toBe(`${t("ko", "button.previous").replace("◀ ", "")} ▶`);
    expect(t("ko", "button.newer")).not.toBe(t("ko", "button.previous"));
  });

  it("never says 그녀 in Korean, which reads as a translation in the bot's casual register", async () => {
    // Every Korean text of the content: the value under "ko" wherever a record has one.
    const korean: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) for (const v of value) walk(v);
      else if (value && typeof value === "object")
        for (const [key, v] of Object.entries(value)) typeof v === "string" && key === "ko" ? korean.push(v) : walk(v);
    };
    walk(await realBundle());
    expect(korean.length).toBeGreaterThan(0);
    for (const text of korean) expect(text).not.toMatch(/그녀/);
  });

  it("names a Netflix chart in Indonesian as a chart, not as 'tangga' (stairs) alone", () => {
    expect(t("id", "about.honours")).not.toMatch(/tangga(?! lagu)/);
  });

  it("writes a full date inside the content's text in the order the language's dates are written", async () => {
    // Tagalog writes "Marso 4, 2025" (fil-PH, as formatDate and every answer's date line do), English and
    // Indonesian "4 March 2025": a date in the other order reads as a slip beside the answer's own dates.
    const texts: [Locale, string][] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) for (const v of value) walk(v);
      else if (value && typeof value === "object")
        for (const [key, v] of Object.entries(value))
          typeof v === "string" && (key === "en" || key === "id" || key === "tl") ? texts.push([key, v]) : walk(v);
    };
    walk(await realBundle());
    for (const locale of ["en", "id", "tl"] as const) {
      const months = Array.from({ length: 12 }, (_, i) =>
        formatDate(`2025-${String(i + 1).padStart(2, "0")}-01`, locale).replace(/[\d,\s]/g, ""),
      );
      const names = months.join("|");
      const date = new RegExp(`\\b(\\d{1,2}) (${names}) (\\d{4})\\b|\\b(${names}) (\\d{1,2}), (\\d{4})\\b`, "g");
      for (const [of, text] of texts.filter(([of]) => of === locale))
        for (const m of text.matchAll(date)) {
          const [day, month, year] = m[1] ? [m[1], m[2], m[3]] : [m[5], m[4], m[6]];
          const iso = `${year}-${String(months.indexOf(month ?? "") + 1).padStart(2, "0")}-${day?.padStart(2, "0")}`;
          expect(m[0], `${of}: ${text}`).toBe(formatDate(iso, locale));
        }
    }
    expect(texts.length).toBeGreaterThan(0);
  });
});
