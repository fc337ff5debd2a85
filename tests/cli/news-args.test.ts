import { describe, expect, it } from "vitest";
import { editValues, flagValue, NewsArgsError, parseNewsArgs, renewalStatusFrom, SERVE_PORT } from "../../src/cli/news-args";
import type { Candidate, Edits } from "../../src/news/store";

describe("npm run news's command line", () => {
  it("reads the command, its id and each flag in both spellings", () => {
    const args = parseNewsArgs(["publish", "abc123", "--label=rumor"]);
    expect(args).toMatchObject({ command: "publish", id: "abc123", remote: false });
    expect(flagValue(args, "label")).toBe("rumor");
    expect(flagValue(parseNewsArgs(["list", "--state", "published"]), "state")).toBe("published");
    expect(flagValue(parseNewsArgs(["list", "--state=published"]), "state")).toBe("published");
  });

  it("takes --remote anywhere, with no value of its own", () => {
    expect(parseNewsArgs(["--remote", "list"])).toMatchObject({ command: "list", remote: true });
    expect(parseNewsArgs(["show", "abc", "--remote"])).toMatchObject({ command: "show", id: "abc", remote: true });
  });

  it("takes --persist-to for local state kept in another folder, but not with --remote", () => {
    expect(flagValue(parseNewsArgs(["list", "--persist-to", "state"]), "persist-to")).toBe("state");
    expect(() => parseNewsArgs(["list", "--remote", "--persist-to=state"])).toThrow(/no meaning with --remote/);
    // An empty folder would have meant the default local state, not the one asked for.
    expect(() => parseNewsArgs(["list", "--persist-to="])).toThrow(/--persist-to needs/);
    expect(() => parseNewsArgs(["list", "--persist-to", ""])).toThrow(/--persist-to needs/);
  });

  it("keeps every --source, and values with spaces, pipes and equals signs whole", () => {
    const args = parseNewsArgs([
      "status",
      "--en",
      "Season 2 is filming",
      "--ko=시즌 2 촬영 중",
      "--source",
      "https://a.test/x?y=1",
      "--source=https://b.test/z?w=2",
    ]);
    expect(args.flags.source).toEqual(["https://a.test/x?y=1", "https://b.test/z?w=2"]);
    expect(flagValue(args, "ko")).toBe("시즌 2 촬영 중");
    expect(flagValue(parseNewsArgs(["edit", "abc", "--ko", "제목|요약"]), "ko")).toBe("제목|요약");
  });

  it("serves on 9001 unless told, and refuses a port that is not one", () => {
    expect(parseNewsArgs(["serve", "feed.xml"]).port).toBe(SERVE_PORT);
    expect(parseNewsArgs(["serve", "feed.xml", "--port=9100"]).port).toBe(9100);
    for (const port of ["0", "65536", "http", "80.5", ""])
      expect(() => parseNewsArgs(["serve", "feed.xml", `--port=${port}`]), port).toThrow(/--port must be a port number/);
  });

  it("refuses a flag it does not take, a flag without its value, and a word too many, instead of ignoring them", () => {
    expect(() => parseNewsArgs(["list", "--sate=published"])).toThrow(NewsArgsError);
    expect(() => parseNewsArgs(["list", "--remote=yes"])).toThrow(/Unknown flag "--remote=yes"/);
    expect(() => parseNewsArgs(["publish", "abc", "--label"])).toThrow(/--label needs a value/);
    expect(() => parseNewsArgs(["publish", "abc", "--label", "--remote"])).toThrow(/--label needs a value/);
    expect(() => parseNewsArgs(["publish", "abc", "rumor"])).toThrow(/Unexpected "rumor"/);
  });
});

describe("npm run news -- edit", () => {
  /** A candidate with this wording saved (the form reads nothing else of it). */
  const savedAs = (edits: Edits | null) => ({ edits }) as Candidate;
  const saved = savedAs({ title: { en: "Old title", ko: "옛 제목" }, summary: { en: "Old summary", ko: "옛 요약" } });
  const edit = (...flags: string[]) => parseNewsArgs(["edit", "abc", ...flags]);

  it("keeps a language's saved wording when the command does not give it, as the Edit form opens filled with it", () => {
    expect(editValues(edit("--title", "New title", "--summary", "New summary"), saved)).toEqual([
      "New title",
      "New summary",
      "옛 제목\n옛 요약",
      "",
      "",
    ]);
  });

  it("saves a language alone over the English saved before", () => {
    expect(editValues(edit("--ko", "새 제목|새 요약"), saved)).toEqual(["Old title", "Old summary", "새 제목\n새 요약", "", ""]);
    expect(editValues(edit("--id=|Ringkasan"), saved)).toEqual([
      "Old title",
      "Old summary",
      "옛 제목\n옛 요약",
      "\nRingkasan",
      "",
    ]);
  });

  it("drops a language given empty, and reads every box from the command line when nothing was saved", () => {
    expect(editValues(edit("--ko="), saved)[2]).toBe("");
    expect(editValues(edit("--title", "T", "--summary", "S", "--tl", "Pamagat|Buod"), savedAs(null))).toEqual([
      "T",
      "S",
      "",
      "",
      "Pamagat\nBuod",
    ]);
    expect(editValues(edit("--title", "T", "--summary", "S"), null)).toEqual(["T", "S", "", "", ""]);
  });

  it("keeps a pipe in the English title and summary as typed: only a language's box splits at it", () => {
    expect(
      editValues(edit("--title", "Season 2 | Netflix confirms", "--summary", "Filming | 2026", "--ko", "제목|요약 | 더"), null),
    ).toEqual(["Season 2 | Netflix confirms", "Filming | 2026", "제목\n요약 | 더", "", ""]);
  });
});

describe("npm run news -- status", () => {
  const status = (...flags: string[]) => renewalStatusFrom(parseNewsArgs(["status", ...flags]), "2026-03-04");

  it("gives each language its own sentence, else the English one", () => {
    expect(status("--en", "Not confirmed.", "--ko", "미정.", "--tl", " ", "--source", "https://a.test/x")).toEqual({
      asOf: "2026-03-04",
      text: { en: "Not confirmed.", ko: "미정.", id: "Not confirmed.", tl: "Not confirmed." },
      sources: ["https://a.test/x"],
    });
  });

  it("refuses what /renewal could not show and the next seed would throw away: a blank sentence, a source no URL parser reads", () => {
    expect(() => status("--source", "https://a.test/x")).toThrow(/--en and at least one --source/);
    expect(() => status("--en", "   ", "--source", "https://a.test/x")).toThrow(/--en and at least one --source/);
    expect(() => status("--en", "Not confirmed.", "--source", "a.test/x")).toThrow(/Every --source must be a URL/);
    expect(() => status("--en", "Not confirmed.", "--source", "https://[a.test]/x")).toThrow(
      /Every --source must be a URL.*https:\/\/\[a\.test\]\/x/,
    );
  });
});
