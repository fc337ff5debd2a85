// The review card shows every title the story would be published with. A language the reviewer gave no
// title in is titled with an outlet's headline in that language (src/news/publish.ts): a headline from a
// source of the story, which the card otherwise names only by its outlet, would reach those readers
// unseen by whoever pressed Publish ("시즌2 확정" under a rumor label, though the English was reworded).
// And a story published without a summary says, in each language, whose headline it is titled with.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toDiscordMessage } from "../../src/discord/render";
import { LOCALES, type Locale } from "../../src/i18n/locale";
import { toNewsItem } from "../../src/news/publish";
import { reviewCard } from "../../src/news/review";
import type { Edits, Source } from "../../src/news/store";
import { toSlackMessage } from "../../src/slack/render";
import { assertDiscordLimits, assertSlackLimits } from "../helpers/limits";
import { foundCandidate, textsOf } from "../helpers/news";

const params = { numRuns: 100, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };

const locale = fc.constantFrom<Locale>(...LOCALES);
/** A headline of plain words (no markup to escape), in Latin letters or Hangul. */
const headline = fc
  .array(fc.constantFrom("season", "Netflix", "confirmed", "시즌2", "확정", "musim", "dipastikan", "kumpirmado", "Trauma"), {
    minLength: 1,
    maxLength: 5,
  })
  .map((words) => words.join(" "));
const source = (n: number) =>
  fc.record({ language: locale, title: headline }).map(
    ({ language, title }): Source => ({
      url: `https://outlet-${n}.example/story`,
      candidateId: "c0ffee0000",
      title,
      outlet: `Outlet ${n}`,
      language,
      publishedAt: Date.UTC(2026, 10, 30),
    }),
  );
const sources = fc.integer({ min: 0, max: 4 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, n) => source(n))));
/** The reviewer's wording: none, or an English title and summary with any of the other languages' titles and summaries. */
const others = fc.record({ ko: fc.option(headline), id: fc.option(headline), tl: fc.option(headline) });
const edits: fc.Arbitrary<Edits | null> = fc.option(
  fc.record({ en: headline, titles: others, summaries: others }).map(({ en, titles, summaries }) => ({
    title: { en, ...Object.fromEntries(Object.entries(titles).filter(([, text]) => text)) },
    summary: { en: "Reviewed summary.", ...Object.fromEntries(Object.entries(summaries).filter(([, text]) => text)) },
  })),
  { nil: null },
);

describe("the review card", () => {
  it("shows each title the story would be published with, in every language, on both platforms", () => {
    fc.assert(
      fc.property(locale, headline, sources, edits, (language, title, found, wording) => {
        const candidate = foundCandidate({ language, title, edits: wording });
        const english = wording?.title.en ?? (language === "en" ? title : found.find((s) => s.language === "en")?.title);
        // A story with no English headline and no English wording cannot be published (NeedsEnglish).
        fc.pre(english !== undefined);
        const item = toNewsItem(candidate, "rumor", found);
        const card = reviewCard(candidate, found);
        const [slack, discord] = [toSlackMessage(card), toDiscordMessage(card)];
        assertSlackLimits(slack);
        assertDiscordLimits(discord);
        for (const message of [slack, discord]) {
          const shown = textsOf(message);
          for (const l of LOCALES) expect(shown, `${l}: ${item.title[l]}`).toContain(item.title[l]);
        }
      }),
      params,
    );
  });

  it("says which language a source's headline would title", () => {
    const candidate = foundCandidate({ edits: { title: { en: "Report: season 2 to be made" }, summary: { en: "A report." } } });
    const korean: Source = {
      url: "https://news-ko.example/1",
      candidateId: candidate.id,
      title: "중증외상센터 시즌2 제작 확정",
      outlet: "K",
      language: "ko",
      publishedAt: candidate.publishedAt,
    };
    expect(toNewsItem(candidate, "report", [korean]).title.ko).toBe("중증외상센터 시즌2 제작 확정");
    const shown = textsOf(toSlackMessage(reviewCard(candidate, [korean])));
    expect(shown).toContain("Korean title (a source's headline)");
    expect(shown).toContain("중증외상센터 시즌2 제작 확정");
  });
});

describe("a story published without a summary", () => {
  it("names, in each language, the outlet whose headline titles it there, however many outlets carried it", () => {
    const outlet = fc.constantFrom("Yonhap", "Soompi", "Koreaboo", "Antara", "Rappler", "Newsen");
    fc.assert(
      fc.property(locale, outlet, fc.array(fc.record({ language: locale, outlet }), { maxLength: 6 }), (language, own, found) => {
        const candidate = foundCandidate({ language, outlet: own, title: "The Trauma Code season 2" });
        const sources: Source[] = found.map((s, n) => ({
          url: `https://outlet-${n}.example/story`,
          candidateId: candidate.id,
          title: `${s.outlet} headline ${n}`,
          outlet: s.outlet,
          language: s.language,
          publishedAt: candidate.publishedAt,
        }));
        // The outlet of the headline a language is titled with: the candidate's, a source's in it, else the English one's.
        const from = (l: Locale): string | undefined =>
          language === l ? own : (sources.find((s) => s.language === l)?.outlet ?? (l === "en" ? undefined : from("en")));
        fc.pre(from("en") !== undefined);
        const item = toNewsItem(candidate, "report", sources);
        for (const l of LOCALES) expect(item.summary[l], `${l}: ${item.title[l]}`).toContain(from(l));
      }),
      params,
    );
  });
});
