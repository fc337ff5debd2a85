import { describe, expect, it } from "vitest";
import { buildBundle } from "../../src/content/bundle";
import { LOCALES } from "../../src/i18n/locale";
import { dataFiles, realBundle } from "../helpers/content";

describe("data files", () => {
  it("all pass the schema", async () => {
    const result = await buildBundle(dataFiles());
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("give every record at least one source", async () => {
    const b = await realBundle();
    for (const record of [...b.characters, ...b.episodes, ...b.news, ...b.inspirations, b.show]) {
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

describe("the seed's validation", () => {
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

  it("refuses a link to a character that does not exist", async () => {
    const files = dataFiles();
    (files["characters.json"] as { related: string[] }[])[0]!.related.push("kim-sa-bu");
    const result = await buildBundle(files);
    if (result.ok) throw new Error("accepted");
    expect(result.errors).toEqual([
      'data/characters.json: record 0 (baek-kang-hyuk) field related: unknown character "kim-sa-bu"',
    ]);
  });

  it("refuses unexpected fields, so a typo cannot hide a missing one", async () => {
    const files = dataFiles();
    (files["episodes.json"] as Record<string, unknown>[])[0]!.synopsys = "typo";
    const result = await buildBundle(files);
    expect(result.ok).toBe(false);
  });
});
