import { describe, expect, it } from "vitest";
import { EPISODE_COUNT } from "../../commands/episode";
import feedsFile from "../../data/feeds.json";
import { buildBundle } from "../../src/content/bundle";
import { LINK_BUTTON_URL_MAX, RECORD_ID_MAX } from "../../src/content/schema";
import { LOCALES } from "../../src/i18n/locale";
import { feedOffsetMinutes, loadFeeds } from "../../src/news/feeds";
import { dataFiles, realBundle } from "../helpers/content";

describe("data files", () => {
  it("all pass the schema", async () => {
    const result = await buildBundle(dataFiles());
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("give every record at least one source", async () => {
    const b = await realBundle();
    const records = [...b.characters, ...b.episodes, ...b.news, ...b.inspirations, b.show, ...b.show.credits, ...b.show.honours];
    for (const record of records) {
      expect(record.sources.length).toBeGreaterThan(0);
    }
  });

  it("label every news item, and label the disputed 'confirmed' claim a rumor", async () => {
    const b = await realBundle();
    for (const item of b.news) expect(["official", "author statement", "report", "rumor"]).toContain(item.label);
    expect(b.news.find((n) => n.id === "indonesian-confirmed-claim")?.label).toBe("rumor");
  });

  it("never state in any language that a new season is confirmed", async () => {
    const b = await realBundle();
    const status = b.show.renewalStatus.text;
    expect(status.en).toMatch(/^Not confirmed/);
    expect(status.ko).toMatch(/확정되지 않았/);
    expect(status.id).toMatch(/^Belum pasti/);
    expect(status.tl).toMatch(/^Hindi pa kumpirmado/);
    // One honest sentence: no sentence ends before the last character.
    for (const text of Object.values(status)) expect(text.trim().slice(0, -1)).not.toMatch(/[.!?。]\s/);
  });

  it("carry the lookup aliases the issue names for Baek", async () => {
    const baek = (await realBundle()).characters.find((c) => c.id === "baek-kang-hyuk");
    expect(baek?.name).toEqual({ en: "Baek Kang-hyuk", ko: "백강혁" });
    expect(baek?.actor).toEqual({ en: "Ju Ji-hoon", ko: "주지훈" });
    expect(baek?.aliases).toEqual(expect.arrayContaining(["Baek Gang-hyeok", "Baek"]));
  });

  it("have no empty text in any language", async () => {
    const b = await realBundle();
    const walk = (value: unknown, path: string) => {
      if (typeof value === "string") expect(value.trim(), path).not.toBe("");
      else if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`);
      } else if (value && typeof value === "object") {
        const keys = Object.keys(value);
        if (keys.includes("tl")) expect(keys.sort(), path).toEqual([...LOCALES].sort());
        for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
      }
    };
    walk(b, "bundle");
  });
});

describe("the fixes and additions from the fact sheet", () => {
  it("credit the webtoon art to Hongbichira and the web novel to Lee Nak-jun", async () => {
    const { show } = await realBundle();
    expect(show.summary.en).toMatch(/webtoon drawn by Hongbichira/);
    expect(show.summary.en).not.toMatch(/webtoon (and web novel )?by Lee Nak-jun/);
    for (const locale of LOCALES) expect(show.summary[locale]).toMatch(/Hongbichira|홍비치라/);
    const names = show.credits.map((c) => c.name.en);
    expect(names).toEqual(expect.arrayContaining(["Lee Do-yoon", "Choi Tae-kang", "Lee Nak-jun", "Hongbichira"]));
  });

  it("attribute the seed-only 'third trauma drama' count instead of stating it", async () => {
    const gt = (await realBundle()).inspirations.find((i) => i.id === "golden-time");
    expect(gt?.summary.en).toMatch(/A Korean fan article counts/);
    expect(gt?.summary.en).not.toMatch(/Korean viewers count/);
  });

  it("link the Indonesian 'confirmed' claim to its original on indopop.id", async () => {
    const item = (await realBundle()).news.find((n) => n.id === "indonesian-confirmed-claim");
    expect(new URL(item?.url ?? "").hostname).toBe("www.indopop.id");
    expect(item?.sources[0]).toBe(item?.url);
  });

  it("cite a seed text only where it is the fan text its label says, never the news article seed 001 is", async () => {
    // A seed is shown as "fan article"; seed 001 is indopop.id's news article, which records cite by its URL.
    const b = await realBundle();
    const records = [b.show, ...b.show.credits, ...b.show.honours, ...b.characters, ...b.episodes, ...b.news, ...b.inspirations];
    for (const record of records) expect(record.sources).not.toContain("seed:001_785a8b484e7ace75.txt");
  });

  it("call a fan text in a summary what its Sources entry calls it, not a wiki", async () => {
    // Seeds are listed as "fan article" (sources.fanText); a summary citing one says the same.
    const b = await realBundle();
    const citing = b.inspirations.filter((record) => record.sources.some((s) => s.startsWith("seed:")));
    expect(citing.length).toBeGreaterThan(0);
    for (const record of citing)
      for (const locale of LOCALES) expect(record.summary[locale], `${record.id} ${locale}`).not.toMatch(/wiki|위키/i);
  });

  it("label the single-source 'positive discussions' item a rumor", async () => {
    const item = (await realBundle()).news.find((n) => n.id === "report-positive-discussions");
    expect(item?.label).toBe("rumor");
  });

  it("say the helicopter is marked ATLAS 001, not that it is its call sign", async () => {
    const heli = (await realBundle()).inspirations.find((i) => i.id === "doctor-helicopter");
    expect(heli?.summary.en).toMatch(/marked ATLAS 001/);
    expect(heli?.summary.en).not.toMatch(/call sign ATLAS/);
  });

  it("give each news search feed the language its headlines come in (the search's hl)", () => {
    // A headline filed under the wrong language is grouped with the wrong words, shown to the reviewer as
    // that language, and cannot give a published item its English title.
    for (const feed of loadFeeds().filter((f) => f.kind === "search")) {
      const hl = new URL(feed.url).searchParams.get("hl");
      if (hl) expect(`${feed.id}: ${feed.language}`).toBe(`${feed.id}: ${hl.split("-")[0]}`);
    }
  });

  it("date the stories of a news search feed of the show's markets at that country's offset (the search's gl)", () => {
    // Search feeds write every time in UTC; the edition's day is the one its readers and outlets had. The
    // Philippine edition is in English, whose market is UTC's: without its own offset, a Manila story of
    // 07:00 would be dated the day before.
    const EDITION_OFFSET_MINUTES: Record<string, number> = { KR: 9 * 60, ID: 7 * 60, PH: 8 * 60 };
    for (const feed of loadFeeds().filter((f) => f.kind === "search")) {
      const gl = new URL(feed.url).searchParams.get("gl")?.toUpperCase();
      const offset = gl ? EDITION_OFFSET_MINUTES[gl] : undefined;
      if (offset !== undefined) expect(`${feed.id}: ${feedOffsetMinutes(feed)}`).toBe(`${feed.id}: ${offset}`);
    }
  });

  it("cite original articles, not SEO pages or copies of them", async () => {
    const b = await realBundle();
    const all = [b.show, ...b.characters, ...b.episodes, ...b.news, ...b.inspirations].flatMap((r) => r.sources);
    for (const source of all) expect(source).not.toMatch(/fdm3\.workers\.dev|pluscinemaz\.com/);
  });

  it("date Lee Kook-jong's current post", async () => {
    const lee = (await realBundle()).inspirations.find((i) => i.id === "lee-kook-jong");
    expect(lee?.summary.en).toMatch(/As of February 2025 he headed/);
    expect(lee?.summary.ko).toMatch(/2025년 2월 기준/);
    expect(lee?.summary.id).toMatch(/Per Februari 2025/);
    // "Hanggang" reads "until": he would have left the post then.
    expect(lee?.summary.tl).toMatch(/Noong Pebrero 2025/);
  });

  it("date the empty helicopter call by the report of it, in every language", async () => {
    const reality = (await realBundle()).inspirations.find((i) => i.id === "trauma-care-reality");
    expect(reality?.summary.en).toMatch(/report on 4 March 2025 .*third call/);
    expect(reality?.summary.ko).toMatch(/2025년 3월 4일 보도/);
    expect(reality?.summary.id).toMatch(/laporan 4 Maret 2025/);
    expect(reality?.summary.tl).toMatch(/ulat noong Marso 4, 2025/);
  });

  it("give the superhero point as the author said it, not as a conclusion of our own", async () => {
    const hero = (await realBundle()).inspirations.find((i) => i.id === "why-a-superhero");
    for (const locale of LOCALES) expect(hero?.summary[locale]).toMatch(/2020/);
    expect(hero?.summary.en).not.toMatch(/in fiction|should not need/);
  });

  it("pass on the 'confirmed' article's script claim as unverified", async () => {
    const item = (await realBundle()).news.find((n) => n.id === "indonesian-confirmed-claim");
    expect(item?.summary.en).toMatch(/script claim is unverified/);
    expect(item?.summary.ko).toMatch(/대본 이야기도 확인되지 않았/);
  });

  it("keep the Tagalog free of the slips a reviewer found", async () => {
    const text = JSON.stringify(await realBundle());
    expect(text).not.toMatch(/natarantang|nataranta na fellow|paratang ng palakasan/);
  });

  it("mark an award that only one weak source reports as unconfirmed, and say so in every language", async () => {
    const { honours } = (await realBundle()).show;
    const seoul = honours.find((h) => h.id === "seoul-drama-awards-2025");
    expect(seoul?.confirmed).toBe(false);
    expect(seoul?.text.en).toMatch(/^Reportedly/);
    expect(honours.filter((h) => h.confirmed).map((h) => h.id)).toEqual(
      expect.arrayContaining(["netflix-global-no-1", "baeksang-2025", "blue-dragon-series-2025"]),
    );
  });

  it("give the chart record the fact sheet's figures: No. 3 in week one, No. 1 in week two", async () => {
    const { honours } = (await realBundle()).show;
    expect(honours.find((h) => h.id === "netflix-week-1")?.text.en).toMatch(/32\.6 million hours, No\. 3/);
    expect(honours.find((h) => h.id === "netflix-global-no-1")?.text.en).toMatch(/No\. 1 .* 11\.9 million views/);
  });

  it("add the minor characters the fact sheet names, keeping the unverified surname out of the name", async () => {
    const b = await realBundle();
    const jiyeong = b.characters.find((c) => c.id === "ji-yeong");
    expect(jiyeong?.name.en).toBe("Ji-yeong");
    expect(jiyeong?.description.en).not.toMatch(/Han Yu-rim/);
    expect(b.characters.find((c) => c.id === "lee-hyun-jong")?.name.en).toBe("Captain Lee Hyun-jong");
  });
});

describe("the registered episode range", () => {
  it("is the episodes the data has, numbered 1 to that count", async () => {
    const { episodes } = await realBundle();
    expect(EPISODE_COUNT).toBe(episodes.length);
    expect(episodes.map((e) => e.number).sort((a, b) => a - b)).toEqual(episodes.map((_, i) => i + 1));
  });
});

describe("the seed's validation", () => {
  it("refuses a credit or an honour without sources", async () => {
    for (const list of ["credits", "honours"] as const) {
      const files = dataFiles();
      (files["show.json"] as Record<string, { sources: string[] }[]>)[list]![0]!.sources = [];
      const result = await buildBundle(files);
      if (result.ok) throw new Error("accepted");
      expect(result.errors[0]).toMatch(
        new RegExp(`^data/show\\.json: field ${list}\\.0\\.sources: every record needs at least one source`),
      );
    }
  });

  it("names the file, the record and the field of a bad value", async () => {
    const files = dataFiles();
    (files["characters.json"] as { description: { tl: string } }[])[1]!.description.tl = " ";
    const result = await buildBundle(files);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual(["data/characters.json: record 1 (yang-jae-won) field description.tl: must not be empty"]);
  });

  it("refuses a news item with an unknown label", async () => {
    const files = dataFiles();
    (files["news.json"] as { label: string }[])[0]!.label = "confirmed";
    const result = await buildBundle(files);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]).toMatch(/^data\/news\.json: record 0 \(author-seasons-in-mind\) field label: must be one of/);
  });

  it("checks data/feeds.json too, naming the feed and the field, while keeping it out of the bundle", async () => {
    const feeds = structuredClone(feedsFile) as { everyMinutes?: number }[];
    const good = await buildBundle({ ...dataFiles(), "feeds.json": feeds });
    if (!good.ok) throw new Error(good.errors.join("\n"));
    expect(good.bundle).not.toHaveProperty("feeds");
    // One bad record would stop every feed once deployed (loadFeeds refuses the whole list).
    feeds[0]!.everyMinutes = 2;
    const result = await buildBundle({ ...dataFiles(), "feeds.json": feeds });
    if (result.ok) throw new Error("accepted");
    expect(result.errors).toEqual([expect.stringMatching(/^data\/feeds\.json: record 0 \(.+\) field everyMinutes: /)]);
    expect(() => loadFeeds(JSON.stringify(feeds))).toThrow();
  });

  it("refuses a record without sources", async () => {
    const files = dataFiles();
    (files["episodes.json"] as { sources: string[] }[])[2]!.sources = [];
    const result = await buildBundle(files);
    if (result.ok) throw new Error("accepted");
    expect(result.errors[0]).toBe("data/episodes.json: record 2 (3) field sources: every record needs at least one source");
  });

  it("refuses a badly written date, a missing file and a duplicate id", async () => {
    const files = dataFiles();
    (files["news.json"] as { date: string }[])[3]!.date = "13 Feb 2025";
    delete files["show.json"];
    const inspirations = files["inspirations.json"] as { id: string }[];
    inspirations[1]!.id = inspirations[0]!.id;
    const result = await buildBundle(files);
    if (result.ok) throw new Error("accepted");
    expect(result.errors).toEqual(
      expect.arrayContaining([
        "data/show.json: file is missing",
        expect.stringMatching(/^data\/news\.json: record 3 .* field date: must be a date written YYYY-MM-DD/),
        "data/inspirations.json: inspiration ids must be unique",
      ]),
    );
  });

  it("refuses a record id too long to travel whole in a button, and takes one at the limit", async () => {
    const files = dataFiles();
    const inspirations = files["inspirations.json"] as { id: string }[];
    inspirations[0]!.id = "a".repeat(RECORD_ID_MAX);
    inspirations[1]!.id = "b".repeat(RECORD_ID_MAX + 1);
    const result = await buildBundle(files);
    if (result.ok) throw new Error("accepted");
    expect(result.errors).toEqual([
      `data/inspirations.json: record 1 (${"b".repeat(RECORD_ID_MAX + 1)}) field id: must be at most ${RECORD_ID_MAX} characters`,
    ]);
  });

  it("refuses another spelling of an actor's name on a character no actor plays", async () => {
    const files = dataFiles();
    const characters = files["characters.json"] as { id: string; actor: unknown; actorAliases?: string[] }[];
    const unplayed = characters.findIndex((c) => c.actor === null);
    const played = characters.findIndex((c) => c.actor !== null);
    if (unplayed < 0 || played < 0) throw new Error("the data needs a character with an actor and one without");
    characters[played]!.actorAliases = ["Someone Else"];
    expect((await buildBundle(structuredClone(files))).ok).toBe(true);
    characters[unplayed]!.actorAliases = ["Someone Else"];
    const result = await buildBundle(files);
    if (result.ok) throw new Error("accepted");
    expect(result.errors).toEqual(["data/characters.json: a character without an actor has no actorAliases"]);
  });

  it("refuses a link to a character that does not exist", async () => {
    const files = dataFiles();
    (files["characters.json"] as { related: string[] }[])[0]!.related.push("kim-sa-bu");
    const result = await buildBundle(files);
    if (result.ok) throw new Error("accepted");
    expect(result.errors).toEqual([
      'data/characters.json: record 0 (baek-kang-hyuk) field related: unknown character "kim-sa-bu"',
    ]);
  });

  it("refuses a character listed twice among the closest: the two buttons would carry one id, which Discord refuses", async () => {
    const files = dataFiles();
    const first = (files["characters.json"] as { related: string[] }[])[0]!;
    first.related.push(first.related[0]!);
    const result = await buildBundle(files);
    if (result.ok) throw new Error("accepted");
    expect(result.errors).toEqual([
      `data/characters.json: record 0 (baek-kang-hyuk) field related: "${first.related[0]}" is listed twice`,
    ]);
  });

  it("refuses unexpected fields, so a typo cannot hide a missing one", async () => {
    const files = dataFiles();
    (files["episodes.json"] as Record<string, unknown>[])[0]!.synopsys = "typo";
    const result = await buildBundle(files);
    expect(result.ok).toBe(false);
  });
});

describe("the seed's addresses", () => {
  /** The data files the seed refuses once `write` has put `bad` in them; throws if it takes them. */
  async function refusing(bad: string, write: (files: ReturnType<typeof dataFiles>) => void): Promise<string[]> {
    const files = dataFiles();
    write(files);
    const result = await buildBundle(files);
    if (result.ok) throw new Error(`accepted ${JSON.stringify(bad)}`);
    return result.errors.map((e) => e.replace(/:.*/, ""));
  }

  it("refuses a link that no browser or platform opens as a web page, or that our markdown reads as no link", async () => {
    for (const bad of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "data:text/html,<b>x</b>",
      "vbscript:msgbox(1)",
      " https://x.example/",
      "HTTPS://x.example/",
      "seed:001_0123456789abcdef.txt",
    ]) {
      const refused = await refusing(bad, (files) => {
        (files["show.json"] as { watchUrl?: string }).watchUrl = bad;
        (files["news.json"] as { url: string }[])[0]!.url = bad;
        (files["inspirations.json"] as { sources: string[] }[])[0]!.sources = [
          bad.startsWith("seed:") ? "https://x.example/" : bad,
        ];
      });
      expect(refused, bad).toEqual(
        bad.startsWith("seed:")
          ? ["data/show.json", "data/news.json"]
          : ["data/show.json", "data/news.json", "data/inspirations.json"],
      );
    }
  });

  it("refuses an address with a space, a tab or a line break in it, which the URL parser takes and the cards would send as written", async () => {
    for (const bad of [
      "https://x.example/a b",
      "https://x.example/a\tb",
      "https://x.example/a\nb",
      "https://x.example/a\u00a0b",
    ]) {
      const refused = await refusing(bad, (files) => {
        (files["show.json"] as { watchUrl?: string }).watchUrl = bad;
        (files["inspirations.json"] as { url: string }[])[0]!.url = bad;
      });
      expect(refused, bad).toEqual(["data/show.json", "data/inspirations.json"]);
    }
  });

  it("refuses a watch address too long for Discord's link button, which would cut it and open another page, and takes one at the limit", async () => {
    const files = dataFiles();
    const show = files["show.json"] as { watchUrl?: string };
    const at = (length: number) => `https://www.netflix.com/title/81?${"a".repeat(length - 33)}`;
    show.watchUrl = at(LINK_BUTTON_URL_MAX);
    expect(show.watchUrl.length).toBe(LINK_BUTTON_URL_MAX);
    expect((await buildBundle(structuredClone(files))).ok).toBe(true);
    show.watchUrl = at(LINK_BUTTON_URL_MAX + 1);
    const result = await buildBundle(files);
    if (result.ok) throw new Error("accepted");
    expect(result.errors).toEqual([`data/show.json: field watchUrl: must be at most ${LINK_BUTTON_URL_MAX} characters`]);
  });
});
