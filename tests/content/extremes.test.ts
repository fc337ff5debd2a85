// Any content the schema accepts, however long or strange its texts, addresses and lists, gives answers
// within Discord's and Slack's limits in every language: what the data may hold is never a refused answer.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, it } from "vitest";
import { aboutCard } from "../../commands/about";
import { characterCard, characterSpoilers, roster } from "../../commands/character";
import { episodeCard, episodeGuide } from "../../commands/episode";
import { inspirationCard, inspirationList } from "../../commands/inspiration";
import { newsCard, renewalSources, renewalTimeline } from "../../commands/renewal";
import { buildBundle } from "../../src/content/bundle";
import { CONTENT_BUNDLE_KEY } from "../../src/content/keys";
import { LINK_BUTTON_URL_MAX } from "../../src/content/schema";
import { clearContentCache, loadContent } from "../../src/content/store";
import { toDiscordMessage, toDiscordV2Message } from "../../src/discord/render";
import { LOCALES } from "../../src/i18n/locale";
import type { Reply } from "../../src/reply";
import { toSlackMessage } from "../../src/slack/render";
import { assertDiscordLimits, assertSlackLimits } from "../helpers/limits";

const params = { numRuns: 15, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };

// Characters that format, link, escape or quote on one platform or the other, and some that are long in UTF-16.
const unit = fc.constantFrom(..."aZ 가*_[]()|<>&`~#-\n:.\\", "🩺", "👨‍⚕️");
const text = fc
  .oneof(fc.string({ unit, minLength: 1, maxLength: 12 }), fc.string({ unit, minLength: 400, maxLength: 5000 }))
  .map((s) => s.trim() || "x");
const localized = fc.record({ en: text, ko: text, id: text, tl: text });
const name = fc.record({ en: text, ko: text, id: fc.option(text, { nil: undefined }), tl: fc.option(text, { nil: undefined }) });
const url = fc.oneof(
  fc.webUrl(),
  fc.integer({ min: 100, max: 4000 }).map((n) => `https://example.org/${"a".repeat(n)}`),
  fc.constant("https://en.wikipedia.org/wiki/Trauma_(medicine)?a=1&b=<2>|x"),
);
const sources = fc.array(fc.oneof(url, fc.constant("seed:001_0123456789abcdef.txt")), { minLength: 1, maxLength: 30 });
const date = fc.integer({ min: 2025, max: 2027 }).map((y) => `${y}-0${(y % 9) + 1}-1${y % 10}`);
// Ids as long as the schema allows, kept unique by their index.
const idOf = (prefix: string, i: number, long: boolean) => `${prefix}${i}${long ? `-${"z".repeat(60)}` : ""}`.slice(0, 64);
const many = <T>(item: fc.Arbitrary<T>) =>
  fc.oneof(fc.array(item, { maxLength: 4 }), fc.array(item, { minLength: 26, maxLength: 30 }));

const content = fc
  .record({
    show: fc.record({
      title: text,
      koreanTitle: text,
      summary: localized,
      credits: fc.array(fc.record({ role: localized, name, note: fc.option(localized, { nil: undefined }), sources }), {
        maxLength: 6,
      }),
      honours: fc.array(
        fc.record({ kind: fc.constantFrom("award", "chart"), text: localized, confirmed: fc.boolean(), sources }),
        {
          maxLength: 6,
        },
      ),
      statusText: localized,
      statusSources: sources,
      watchUrl: fc.option(
        url.filter((u) => u.length <= LINK_BUTTON_URL_MAX),
        { nil: undefined },
      ),
      sources,
    }),
    characters: many(
      fc.record({
        name,
        actor: fc.option(name, { nil: null }),
        main: fc.boolean(),
        role: localized,
        description: localized,
        nicknames: fc.array(fc.record({ name, meaning: localized }), { maxLength: 8 }),
        aliases: fc.array(text, { maxLength: 3 }),
        related: fc.array(fc.nat(40), { maxLength: 8 }),
        spoiler: fc.option(localized, { nil: undefined }),
        sources,
        long: fc.boolean(),
      }),
    ),
    episodes: fc.array(
      fc.record({
        title: fc.option(text, { nil: null }),
        synopsis: fc.option(localized, { nil: null }),
        spoiler: fc.option(localized, { nil: null }),
        sources,
      }),
      { maxLength: 8 },
    ),
    news: fc.array(
      fc.record({
        date,
        approximateDate: fc.option(fc.constant(true as const), { nil: undefined }),
        title: localized,
        summary: localized,
        url,
        label: fc.constantFrom("official", "author statement", "report", "rumor"),
        sources,
        long: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
    inspirations: many(
      fc.record({
        name: localized,
        aliases: fc.array(text, { maxLength: 3 }),
        summary: localized,
        url,
        sources,
        long: fc.boolean(),
      }),
    ),
  })
  .map(({ show, characters, episodes, news, inspirations }) => {
    const characterIds = characters.map((c, i) => idOf("c", i, c.long));
    return {
      "show.json": {
        title: show.title,
        koreanTitle: show.koreanTitle,
        released: "2025-01-24",
        episodeCount: 8,
        summary: show.summary,
        renewalStatus: { asOf: "2026-06-22", text: show.statusText, sources: show.statusSources },
        credits: show.credits.map(({ note, ...c }) => (note ? { ...c, note } : c)),
        honours: show.honours.map((h, i) => ({ id: `h${i}`, year: 2025, ...h })),
        ...(show.watchUrl ? { watchUrl: show.watchUrl } : {}),
        sources: show.sources,
      },
      "characters.json": characters.map(({ long: _long, related, spoiler, name, actor, ...c }, i) => ({
        id: characterIds[i],
        name: clean(name),
        actor: actor && clean(actor),
        ...c,
        nicknames: c.nicknames.map((n) => ({ ...n, name: clean(n.name) })),
        related: [...new Set(related.filter((r) => r < characters.length).map((r) => characterIds[r]))],
        ...(spoiler ? { spoiler } : {}),
      })),
      "episodes.json": episodes.map((e, i) => ({ number: i + 1, ...e })),
      "news.json": news.map(({ long, approximateDate, ...n }, i) => ({
        id: idOf("n", i, long),
        ...n,
        ...(approximateDate ? { approximateDate } : {}),
      })),
      "inspirations.json": inspirations.map(({ long, ...item }, i) => ({ id: idOf("i", i, long), ...item })),
    };
  });

/** A name without the optional forms left undefined (the schema is strict about keys, not about undefined). */
function clean<T extends Record<string, unknown>>(name: T): T {
  return Object.fromEntries(Object.entries(name).filter(([, v]) => v !== undefined)) as T;
}

describe("content at the schema's extremes", () => {
  it("gives answers within Discord's and Slack's limits in every language", { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(content, async (files) => {
        const built = await buildBundle(files);
        if (!built.ok) throw new Error(built.errors.slice(0, 3).join("\n"));
        await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify(built.bundle));
        clearContentCache();
        const loaded = await loadContent(env.CONTENT);
        const { news } = loaded;
        for (const locale of LOCALES) {
          const replies: [string, Reply][] = [
            ["roster", roster(loaded, locale, { platform: "discord" })],
            ["roster on Slack", roster(loaded, locale, { platform: "slack" })],
            ["guide", episodeGuide(loaded, locale)],
            ["about", aboutCard(loaded, locale)],
            ...Array.from({ length: news.length + 1 }, (_, page): [string, Reply] => [
              `renewal page ${page}`,
              renewalTimeline(loaded, news, locale, { page }),
            ]),
            ["sources", renewalSources(news, locale, { platform: "discord" })],
            ["inspirations", inspirationList(loaded, locale, { platform: "discord" })],
            ...loaded.characters.map((c): [string, Reply] => [c.id, characterCard(c, locale, loaded)]),
            ...loaded.characters.map((c): [string, Reply] => [`${c.id} spoilers`, characterSpoilers(c, locale)]),
            ...loaded.episodes.map((e): [string, Reply] => [`episode ${e.number}`, episodeCard(e, locale, loaded)]),
            ...loaded.inspirations.map((i): [string, Reply] => [i.id, inspirationCard(i, locale)]),
            ...news.map((n): [string, Reply] => [n.id, newsCard(n, locale)]),
          ];
          for (const [what, reply] of replies) {
            try {
              assertDiscordLimits(toDiscordV2Message(reply) as Parameters<typeof assertDiscordLimits>[0]);
              assertDiscordLimits(toDiscordMessage(reply));
              assertSlackLimits(toSlackMessage(reply));
            } catch (error) {
              throw new Error(`${locale} ${what}: ${(error as Error).message}`);
            }
          }
        }
      }),
      params,
    );
  });
});
