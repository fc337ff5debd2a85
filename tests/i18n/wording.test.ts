// Fixed texts and data read the way a fan of each language would say them, and say what the English says.
import { describe, expect, it } from "vitest";
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
});
