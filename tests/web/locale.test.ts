// The browser's Accept-Language, read as RFC 9110 says: a weight is q=0 to q=1 with at most three
// decimals, q=0 means "not this one", and an entry whose weight is not a weight at all is ignored
// rather than taken as the most preferred.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOCALES, type Locale, localeOfTag } from "../../src/i18n/locale";
import { fromAcceptLanguage } from "../../src/web/locale";

describe("Accept-Language", () => {
  it.each([
    ["ko;q=-1, en;q=0.5", "en"],
    ["ko;q=abc, id;q=0.3", "id"],
    ["ko;q=2, id;q=0.9", "id"],
    ["ko;q=0.5.5, tl;q=0.1", "tl"],
    ["ko;q=1.5, id;q=0.2", "id"],
    ["ko;q=0.1234, id;q=0.2", "id"],
    ["ko;q=, id;q=0.2", "id"],
    ["ko;q=.5, id;q=0.2", "id"],
    ["ko;q=0.5;q=0.9, id;q=0.7", "id"],
    ["ko;q=0, en;q=0.1", "en"],
    ["ko;q=0.000, tl;q=0.001", "tl"],
    ["ko;q=1.000, en", "ko"],
    ["id;Q=0.8, ko ; q=0.7", "id"],
    ["en;q=0.5, ko;q=1.", "ko"],
  ])("ignores an entry whose weight is no weight, or zero: %j is %s", (header, locale) => {
    expect(fromAcceptLanguage(header)).toBe(locale);
  });

  it("finds nothing when no entry of ours has a weight that holds", () => {
    for (const header of ["ko;q=abc", "ko;q=-1, id;q=2", "tl;q=0", "ko;q=0.5.5"])
      expect(fromAcceptLanguage(header), header).toBeUndefined();
  });
});

/** Tags as browsers write them: ours, their regional and aliased forms, others, and the wildcard. */
const TAGS = ["en", "en-US", "ko", "ko-KR", "KO", "id", "in-ID", "tl", "fil-PH", "fr", "de-DE", "ja", "*", "zh-Hant-TW"];
const VALID_WEIGHTS = ["0", "0.", "0.0", "0.5", "0.05", "0.123", "0.999", "1", "1.", "1.0", "1.000"];
const INVALID_WEIGHTS = ["-1", "abc", "2", "0.5.5", "1.5", "1.001", "0.1234", ".5", "", "1e0", "+1", "0,5"];

const entry = fc.record({
  tag: fc.constantFrom(...TAGS),
  // undefined: no weight (q=1).
  weight: fc.option(fc.oneof(fc.constantFrom(...VALID_WEIGHTS), fc.constantFrom(...INVALID_WEIGHTS)), { nil: undefined }),
  name: fc.constantFrom("q", "Q"),
  before: fc.constantFrom("", " ", "  "),
  after: fc.constantFrom("", " "),
});

const VALID = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

describe("every Accept-Language, as a property", () => {
  it("chooses one of our languages offered with the highest valid weight, or none when none is offered so", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
        const header = entries
          .map((e) => `${e.before}${e.tag}${e.weight === undefined ? "" : `${e.after};${e.before}${e.name}=${e.weight}`}`)
          .join(",");
        // What each entry of ours offers, by RFC 9110: its weight (1 when none), an invalid one leaving it out.
        const offered = entries.flatMap((e): { locale: Locale; q: number }[] => {
          const locale = localeOfTag(e.tag);
          if (!locale || (e.weight !== undefined && !VALID.test(e.weight))) return [];
          const q = e.weight === undefined ? 1 : Number(e.weight);
          return q > 0 ? [{ locale, q }] : [];
        });
        const chosen = fromAcceptLanguage(header);
        if (!offered.length) expect(chosen, header).toBeUndefined();
        else {
          expect(LOCALES, header).toContain(chosen);
          const best = Math.max(...offered.map((o) => o.q));
          expect(Math.max(...offered.filter((o) => o.locale === chosen).map((o) => o.q)), header).toBe(best);
        }
      }),
      { seed: 2026_12_06, numRuns: 500 },
    );
  });
});
