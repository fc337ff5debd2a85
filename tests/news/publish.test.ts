// What a candidate becomes when published: nothing invented for a language without its own wording. And
// what `npm run seed` does to a /renewal sentence set since with `npm run news -- status`.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { labelText, newsCard, timelineLine } from "../../commands/renewal";
import type { ContentBundle } from "../../src/content/bundle";
import { CONTENT_BUNDLE_KEY } from "../../src/content/keys";
import { discordPayload } from "../../src/discord/api";
import { toDiscordMessage } from "../../src/discord/render";
import { LOCALES, type Locale } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { firstReported, localDay, NothingSeeded, seedBundle, toNewsItem, updateRenewalStatus } from "../../src/news/publish";
import { reviewCard } from "../../src/news/review";
import { type Candidate, NewsStore } from "../../src/news/store";
import { reply } from "../../src/reply";
import { toSlackMessage } from "../../src/slack/render";
import { realBundle, seedContent } from "../helpers/content";
import { foundCandidate, reviewWorld } from "../helpers/news";

const candidate = (edits: Candidate["edits"]): Candidate => foundCandidate({ edits });

/** The Korean report a story's first-found English write-up retells: 07:00 KST on 4 March 2025. */
const koreanReport = (candidateId: string) => ({
  url: "https://news-ko.example/1",
  candidateId,
  title: "중증외상센터 시즌2 확정",
  outlet: "K",
  language: "ko" as const,
  publishedAt: Date.UTC(2025, 2, 3, 22),
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

  it("says where the headline is from in each reader's language when no summary was given, with no English note", () => {
    const item = toNewsItem(foundCandidate({ outlet: "Wire" }), "report", []);
    for (const locale of LOCALES) {
      expect(item.summary[locale], locale).toBe(t(locale, "news.headlineFrom", { outlets: "Wire" }));
      expect(item.summary[locale], locale).not.toContain(t(locale, "news.englishOnly"));
    }
    expect(item.summary.ko).toMatch(/[가-힣]/);
    expect(new Set(LOCALES.map((l) => item.summary[l])).size).toBe(LOCALES.length);
  });

  it("names the outlets a headline is from as each language lists them, with its own word for and", () => {
    const source = (outlet: string, n: number) => ({
      url: `https://wire.example/${n}`,
      candidateId: "c",
      title: "Season 2 confirmed",
      outlet,
      language: "en" as const,
      publishedAt: Date.UTC(2025, 2, 3),
    });
    const two = toNewsItem(foundCandidate({ outlet: "Yonhap" }), "report", [source("Soompi", 1)]);
    const three = toNewsItem(foundCandidate({ outlet: "Yonhap" }), "report", [source("Soompi", 1), source("Koreaboo", 2)]);
    expect(two.summary.en).toBe("Headline from Yonhap and Soompi; the sources have the details.");
    expect(three.summary.en).toBe("Headline from Yonhap, Soompi and Koreaboo; the sources have the details.");
    expect(three.summary.ko).toBe("Yonhap, Soompi 및 Koreaboo의 헤드라인이에요. 자세한 내용은 출처에서 볼 수 있어요.");
    expect(three.summary.id).toBe("Judul berita dari Yonhap, Soompi, dan Koreaboo; rinciannya ada di sumber.");
    expect(two.summary.tl).toBe("Headline mula sa Yonhap at Soompi; nasa mga source ang detalye.");
  });

  it("titles a language the reviewer left without a title with the story's headline in that language", () => {
    const korean = foundCandidate({ title: "<중증외상센터> 시즌2 제작 확정", language: "ko" });
    const english = {
      url: "https://wire.example/s2",
      candidateId: korean.id,
      title: "Season 2 confirmed",
      outlet: "Wire",
      language: "en" as const,
      publishedAt: korean.publishedAt,
    };
    const item = toNewsItem(korean, "official", [english]);
    expect(item.title.ko).toBe("<중증외상센터> 시즌2 제작 확정");
    expect(item.title.en).toBe("Season 2 confirmed");
    for (const locale of LOCALES.filter((l) => l !== "en" && l !== "ko")) expect(item.title[locale]).toBe("Season 2 confirmed");
    // A title the reviewer typed wins over the headline.
    const typed = toNewsItem({ ...korean, edits: { title: { en: "Renewed", ko: "시즌2 확정" }, summary: {} } }, "official", [
      english,
    ]);
    expect(typed.title).toMatchObject({ en: "Renewed", ko: "시즌2 확정" });
  });

  it("dates a story by the day its outlet's market had when it came out, on the item and on the review card", () => {
    // 08:00 in Seoul on 4 March is 23:00 UTC on the 3rd, as a search feed writes it; 01:00 in Jakarta
    // on the 4th is 18:00 UTC on the 3rd; 07:00 in Manila, 23:00 UTC.
    for (const [language, publishedAt, korean] of [
      ["ko", Date.UTC(2025, 2, 3, 23), "2025년 3월 4일"],
      ["id", Date.UTC(2025, 2, 3, 18), "2025년 3월 4일"],
      ["tl", Date.UTC(2025, 2, 3, 23), "2025년 3월 4일"],
    ] as const) {
      const found = foundCandidate({
        language,
        publishedAt,
        edits: { title: { en: "Season 2" }, summary: { en: "Confirmed." } },
      });
      const item = toNewsItem(found, "official", []);
      expect(item.date, language).toBe("2025-03-04");
      expect(timelineLine(item, "ko"), language).toContain(`**${korean}**`);
      const source = { url: "https://news.example/a", candidateId: found.id, title: "t", outlet: "O", language, publishedAt };
      const card = JSON.stringify(reviewCard(found, [source]));
      expect(card, language).toContain('"value":"2025-03-04"');
      expect(card, language).toContain(`, 2025-03-04)`);
      expect(card, language).not.toContain("2025-03-03");
    }
  });

  it("dates a story by its earliest source, one found after the story's card was made included", async () => {
    // Found first: an English write-up of 6 March. A later poll found the Korean report of the 4th it retells.
    const found = foundCandidate({
      publishedAt: Date.UTC(2025, 2, 6, 9),
      edits: { title: { en: "S2" }, summary: { en: "Yes." } },
    });
    const korean = koreanReport(found.id);
    const own = { ...korean, url: found.url, title: found.title, outlet: found.outlet, language: "en" as const };
    const sources = [korean, { ...own, publishedAt: found.publishedAt }];
    expect(toNewsItem(found, "official", sources).date).toBe("2025-03-04");
    expect(JSON.stringify(reviewCard(found, sources))).toContain('"name":"Date","value":"2025-03-04"');
  });
});

describe("the dates npm run news -- list shows", () => {
  it("are the review card's: each candidate's earliest source, read for all of them at once", async () => {
    await reviewWorld();
    const store = new NewsStore(env.DB);
    // Found first: an English write-up of 6 March; a later poll found the Korean report of the 4th (KST) it retells.
    const found = foundCandidate({ id: "c0ffee0001", publishedAt: Date.UTC(2025, 2, 6, 9) });
    const alone = foundCandidate({ id: "c0ffee0002", url: "https://news.example/other", publishedAt: Date.UTC(2025, 2, 8, 9) });
    const korean = koreanReport(found.id);
    await store.addFound([found, alone], [korean]);
    const sources = await store.sourcesOf([found.id, alone.id]);
    expect(sources.get(found.id)?.map((s) => s.url)).toEqual([korean.url]);
    expect(sources.get(alone.id)).toBeUndefined();
    const listed = await store.list();
    const dates = Object.fromEntries(listed.map((c) => [c.id, firstReported(c, sources.get(c.id) ?? [])]));
    expect(dates).toEqual({ [found.id]: "2025-03-04", [alone.id]: "2025-03-08" });
    expect(JSON.stringify(reviewCard(found, await store.sources(found.id)))).toContain('"name":"Date","value":"2025-03-04"');
  });
});

describe("the day the command line dates a /renewal sentence by", () => {
  it("is the operator's own, not UTC's", () => {
    // Seoul at 08:30 on the 4th is still the 3rd in UTC; New York at 21:00 on the 3rd is the 4th there.
    expect(localDay(new Date("2026-03-03T23:30:00Z"), 9 * 60)).toBe("2026-03-04");
    expect(localDay(new Date("2026-03-04T02:00:00Z"), -5 * 60)).toBe("2026-03-03");
    expect(localDay(new Date("2026-03-04T02:00:00Z"), 0)).toBe("2026-03-04");
  });
});

describe("an alert post", () => {
  it("names the show it is about, in every language: in its card on either platform, in Slack's notification and in the plain text sent for a refused alert", async () => {
    const { news, show } = await realBundle();
    for (const item of news)
      for (const locale of LOCALES) {
        const name = locale === "ko" ? show.koreanTitle : show.title;
        const card = newsCard(item, locale);
        const embed = toDiscordMessage(card).embeds?.[0];
        const said = `${item.id}, ${locale}`;
        expect(`${embed?.title}\n${embed?.description}`, `Discord, ${said}`).toContain(name);
        expect(toSlackMessage(card).text, `Slack's notification, ${said}`).toContain(name);
        expect(discordPayload({ reply: card, plain: true }).content, `plain, ${said}`).toContain(name);
      }
  });
});

describe("a summary typed with characters markdown reads", () => {
  const typed = "Season 2 *confirmed* [here](https://example.com) `now` ~maybe~ <@&123>";
  const item = toNewsItem(candidate({ title: { en: "Season 2" }, summary: { en: typed, ko: `${typed} 한국어` } }), "report", []);

  it("shows as typed in the alert, on either platform and in every language, as the review card shows it", () => {
    for (const locale of LOCALES) {
      const card = newsCard(item, locale);
      const discord = toDiscordMessage(card).embeds?.[0]?.description ?? "";
      expect(discord, `Discord, ${locale}`).not.toContain("](https://example.com)");
      expect(discord, `Discord, ${locale}`).toContain("\\*confirmed\\*");
      expect(discord.replace(/\\(.)/g, "$1"), `Discord, ${locale}`).toContain(typed);
      const slack = JSON.stringify(toSlackMessage(card).blocks);
      expect(slack, `Slack, ${locale}`).not.toContain("<https://example.com|here>");
      expect(slack, `Slack, ${locale}`).not.toMatch(/[ ]\*confirmed\*/);
    }
    const review = JSON.stringify(
      toDiscordMessage(reviewCard(foundCandidate({ edits: { title: { en: "Season 2" }, summary: { en: typed } } }), [])),
    );
    expect(review).toContain("\\\\*confirmed\\\\*");
  });
});

describe("a headline with characters markdown reads", () => {
  const headline = "The Trauma Code (season 2) gets a *second* look #exclusive [updated]";
  const item = toNewsItem({ ...candidate(null), title: headline }, "report", []);
  /** Markdown with its backslash escapes read, as the platforms show it. */
  const shown = (markdown: string) => markdown.replace(/\\(.)/g, "$1");

  it("heads its alert as written, on either platform and in every language", () => {
    for (const locale of LOCALES) {
      const slack = toSlackMessage(newsCard(item, locale)).blocks.find((b) => b.type === "header") as
        | { text: { type: string; text: string } }
        | undefined;
      expect(slack?.text, `Slack, ${locale}`).toMatchObject({ type: "plain_text", text: headline });
      const discord = toDiscordMessage(newsCard(item, locale)).embeds?.[0]?.title ?? "";
      expect(shown(discord), `Discord, ${locale}`).toBe(headline);
      expect(discord, `Discord reads markdown in an embed's title, ${locale}`).toContain("\\*second\\*");
      // Slack reads its notification text as mrkdwn: no bold made of the headline's asterisks.
      expect(toSlackMessage(newsCard(item, locale)).text, `Slack text, ${locale}`).not.toMatch(/\*second\*/);
    }
  });

  it("heads the plain text sent for a refused alert as written, on Discord as on Slack", () => {
    for (const locale of LOCALES) {
      const content = discordPayload({ reply: newsCard(item, locale), plain: true }).content ?? "";
      const heading = content.split("\n")[0] ?? "";
      // Discord reads markdown in a message's text: the headline's asterisks and brackets are escaped.
      expect(heading, `Discord, ${locale}`).toContain("\\*second\\*");
      expect(heading, `Discord, ${locale}`).toContain("\\[updated\\]");
      expect(shown(heading), `Discord, ${locale}`).toBe(`**${headline}**`);
      expect(content, `Discord, ${locale}: the label stays`).toContain(labelText("report", locale));
    }
  });

  it("shows as written in the timeline, its link kept whole", () => {
    const line = timelineLine(item, "en");
    expect(line).toContain(`](${item.url})`);
    const label = line.slice(line.indexOf(" · [", line.indexOf("_ · ")) + 4, line.lastIndexOf("]("));
    expect(shown(label)).toBe(headline);
    expect(label, "no bracket closes the link early").not.toMatch(/(^|[^\\])[[\]]/);
  });

  it("is one link in Slack's timeline, brackets and all, as Korean headlines open with [공식] or [단독]", () => {
    const korean = toNewsItem(
      { ...candidate(null), title: "[공식] '중증외상센터' 시즌2 제작 확정", language: "ko" },
      "official",
      [
        {
          url: "https://wire.example/s2",
          candidateId: "c",
          title: "Season 2 [updated]",
          outlet: "W",
          language: "en",
          publishedAt: Date.UTC(2026, 10, 30),
        },
      ],
    );
    for (const [locale, title] of [
      ["ko", "[공식] '중증외상센터' 시즌2 제작 확정"],
      ["en", "Season 2 [updated]"],
    ] as const) {
      const section = toSlackMessage(reply([{ kind: "text", markdown: timelineLine(korean, locale) }])).blocks[0];
      const text = section?.type === "section" ? (section.text?.text ?? "") : "";
      expect(text, locale).toContain(`<${korean.url}|${title}>`);
      expect(text, `${locale}: no markdown left showing`).not.toContain("](");
    }
  });
});

describe("seeding over a /renewal sentence set since", () => {
  const status = (asOf: string) => ({
    asOf,
    text: Object.fromEntries(LOCALES.map((l) => [l, `Status of ${asOf} (${l})`])) as Record<Locale, string>,
    sources: ["https://news.example/status"],
  });
  const stored = (bundle: ContentBundle, renewalStatus: unknown) =>
    JSON.stringify({ ...bundle, show: { ...bundle.show, renewalStatus } });
  const later = (asOf: string, days: number) => new Date(Date.parse(asOf) + days * 86_400_000).toISOString().slice(0, 10);

  it("keeps a sentence for a later date than data/show.json's, and takes everything else from the data", async () => {
    const built = await realBundle();
    const own = built.show.renewalStatus.asOf;
    const newer = status(later(own, 1));
    const old = structuredClone(built);
    old.characters = [];
    const { bundle, kept } = seedBundle(built, stored(old, newer));
    expect(kept).toEqual(newer);
    expect(bundle.show.renewalStatus).toEqual(newer);
    expect(bundle.characters).toEqual(built.characters);
    expect(bundle.version).not.toBe(built.version);
    expect(bundle.version.startsWith(built.version)).toBe(true);
  });

  it("writes data/show.json's sentence over one of the same date or older, a broken one, or none", async () => {
    const built = await realBundle();
    const own = built.show.renewalStatus.asOf;
    for (const storedJson of [
      stored(built, status(own)),
      stored(built, status(later(own, -30))),
      stored(built, { ...status(later(own, 1)), sources: [] }),
      stored(built, { ...status(later(own, 1)), asOf: "soon" }),
      stored(built, undefined),
      "not json",
      "null",
      null,
    ]) {
      const { bundle, kept } = seedBundle(built, storedJson);
      expect(kept, String(storedJson).slice(0, 80)).toBeUndefined();
      expect(bundle).toEqual(built);
    }
  });
});

describe("npm run news -- status", () => {
  it("gives the content a version of its own for each sentence set, two set on one day included", async () => {
    // The version names the content: /health shows it, and answers kept per isolate are kept per version.
    const bundle = await seedContent();
    const versions = new Set([bundle.version]);
    for (const en of ["Not confirmed yet.", "Not confirmed yet; Netflix has said nothing."]) {
      await updateRenewalStatus(env, {
        asOf: "2026-12-06",
        text: { en, ko: "아직.", id: "Belum.", tl: "Hindi pa." },
        sources: ["https://a.test/x"],
      });
      versions.add((JSON.parse((await env.CONTENT.get(CONTENT_BUNDLE_KEY)) ?? "{}") as ContentBundle).version);
    }
    expect(versions.size).toBe(3);
  });

  it("refuses to set the sentence before anything is seeded, saying to seed first, and writes nothing", async () => {
    await env.CONTENT.delete(CONTENT_BUNDLE_KEY);
    const status = {
      asOf: "2026-11-30",
      text: { en: "Not yet.", ko: "아직.", id: "Belum.", tl: "Hindi pa." },
      sources: ["https://a.test/x"],
    };
    const refused = updateRenewalStatus(env, status);
    await expect(refused).rejects.toBeInstanceOf(NothingSeeded);
    await expect(refused).rejects.toThrow(/npm run seed/);
    expect(await env.CONTENT.get(CONTENT_BUNDLE_KEY)).toBeNull();
  });
});
