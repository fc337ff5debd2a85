// The review card shows the wording a reviewer saved in every language, not only English, so whoever
// presses Publish sees what Korean, Indonesian and Tagalog readers will get. The longest wording the Edit
// form takes, in all four languages, still renders within each platform's limits.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { toDiscordMessage, toDiscordResponse } from "../../src/discord/render";
import { applyReview, editsFrom, reviewCard } from "../../src/news/review";
import type { Source } from "../../src/news/store";
import { toSlackMessage } from "../../src/slack/render";
import { assertDiscordLimits, assertDiscordV2Limits, assertSlackLimits } from "../helpers/limits";
import { addConfirmedCandidate, foundCandidate, reviewWorld, textsOf as texts } from "../helpers/news";

const rendered = (edits: ReturnType<typeof editsFrom>, sources: Source[] = []) => {
  const card = reviewCard(foundCandidate({ edits: edits ?? null }), sources);
  return { discord: toDiscordMessage(card), answer: toDiscordResponse(card), slack: toSlackMessage(card) };
};

describe("the review card's edited wording", () => {
  it("shows each language's title and summary on both platforms", () => {
    const edits = editsFrom([
      "Season 2 confirmed",
      "Netflix confirmed it.",
      "시즌2 확정\n넷플릭스가 확인했어요.",
      "\nNetflix sudah mengonfirmasi.",
      "Kumpirmado ang season 2",
    ]);
    const { discord, answer, slack } = rendered(edits);
    for (const message of [discord, answer, slack]) {
      const all = texts(message);
      for (const wording of ["시즌2 확정", "넷플릭스가 확인했어요.", "Netflix sudah mengonfirmasi.", "Kumpirmado ang season 2"])
        expect(all, wording).toContain(wording);
      for (const language of ["Korean", "Indonesian", "Tagalog"]) expect(all).toContain(`${language} (edited)`);
    }
  });

  it("shows no other language where only English was given", () => {
    const { slack } = rendered(editsFrom(["Season 2 confirmed", "Netflix confirmed it.", "", "", ""]));
    expect(texts(slack)).not.toContain("Korean (edited)");
  });

  it("shows the whole wording of a long story in all four languages, with its sources, on both platforms", () => {
    // As long as the longest summary of data/news.json, in every language.
    const long = (word: string) => `${word} `.repeat(100).slice(0, 430).trim();
    const edits = editsFrom([
      long("Title").slice(0, 100),
      long("English"),
      `${long("제목").slice(0, 100)}\n${long("요약")}`,
      `${long("Judul").slice(0, 100)}\n${long("Ringkasan")}`,
      `${long("Pamagat").slice(0, 100)}\n${long("Buod")}`,
    ]);
    const { discord, answer, slack } = rendered(edits, sources(5));
    for (const message of [discord, answer, slack])
      for (const wording of [long("요약"), long("Ringkasan"), long("Buod"), long("Pamagat").slice(0, 100)])
        expect(texts(message)).toContain(wording);
  });

  it("shows every language's wording on a Discord answer that cannot hold it all, each summary whole or cut with …", () => {
    // Discord's answer holds 4,000 characters in all, and the form takes 1,256 for each language: some must go.
    const words = (word: string, max: number) => `${word} `.repeat(max).slice(0, max).trim();
    const box = (title: string, summary: string) => `${words(title, 250)}\n${words(summary, 990)}`;
    const edits = editsFrom([
      words("Title", 250),
      words("English", 990),
      box("제목", "요약"),
      box("Judul", "Ringkasan"),
      box("Pamagat", "Buod"),
    ]);
    const { answer } = rendered(edits, sources(5));
    const all = texts(answer);
    for (const [language, title, summary] of [
      ["Korean", "제목", "요약"],
      ["Indonesian", "Judul", "Ringkasan"],
      ["Tagalog", "Pamagat", "Buod"],
    ] as const) {
      expect(all).toContain(`${language} (edited)`);
      expect(all).toContain(words(title, 250));
      // Its summary whole, or at least its start, ended by "…" where it was cut.
      if (!all.includes(words(summary, 990))) expect(all, language).toMatch(new RegExp(`\\*\\*\\n(?:${summary} ){20}[^\\n]*…`));
    }
    assertDiscordV2Limits(answer.data as Parameters<typeof assertDiscordV2Limits>[0]);
  });

  it("stays within each platform's limits with the longest wording the form takes in all four languages", () => {
    const box = (title: string, summary: string) => `${title.repeat(256).slice(0, 256)}\n${summary.repeat(1000).slice(0, 1000)}`;
    const edits = editsFrom(["*".repeat(256), "&".repeat(1000), box("제", "<"), box("_", "r"), box("P", "`")]);
    const { discord, answer, slack } = rendered(edits, sources(30));
    assertDiscordLimits(discord);
    assertDiscordV2Limits(answer.data as Parameters<typeof assertDiscordV2Limits>[0]);
    assertSlackLimits(slack);
  });
});

/** `count` sources of the story, each with a long link. */
const sources = (count: number): Source[] =>
  Array.from({ length: count }, (_, i) => ({
    url: `https://outlet-${i}.example/news/the-trauma-code-season-2-${"x".repeat(60)}`,
    candidateId: "c0ffee0000",
    title: "Season 2",
    outlet: `Outlet ${i}`,
    language: "en" as const,
    publishedAt: Date.UTC(2026, 10, 30),
  }));

describe("wording saved with Edit", () => {
  it("says what was cut to fit, since one box takes a language's title and summary, longer than both may be", async () => {
    await reviewWorld();
    await addConfirmedCandidate("c0ffee00ed", Date.now());
    const edit = (korean: string) =>
      applyReview(env, "edit", "c0ffee00ed", "cli", { values: ["Season 2 confirmed", "Netflix confirmed it.", korean, "", ""] });
    const fits = await edit(`시즌2 확정\n${"가".repeat(1000)}`);
    expect(fits).toMatchObject({ ok: true, message: "Wording saved." });
    const cut = await edit(`시즌2 확정\n${"가".repeat(1100)}`);
    expect(cut.ok).toBe(true);
    expect(cut.message).toContain("Korean summary (1,000 characters at most)");
    expect(cut.message).not.toContain("English");
    expect(cut.candidate?.edits?.summary.ko).toHaveLength(1000);
  });

  it("cuts between characters, leaving out whole an emoji the limit falls inside rather than half of it", async () => {
    await reviewWorld();
    await addConfirmedCandidate("c0ffee00ed", Date.now());
    const title = `${"t".repeat(255)}🩺`;
    const summary = `${"가".repeat(999)}🩺 끝`;
    const cut = await applyReview(env, "edit", "c0ffee00ed", "cli", {
      values: [title, "Netflix confirmed it.", `${title}\n${summary}`, "", ""],
    });
    expect(cut.message).toContain("English title (256 characters at most)");
    // As JSON, which writes a lone surrogate as an escape, so a failure can be reported.
    const edits = JSON.stringify(cut.candidate?.edits);
    expect(edits).toBe(
      JSON.stringify({
        title: { en: "t".repeat(255), ko: "t".repeat(255) },
        summary: { en: "Netflix confirmed it.", ko: "가".repeat(999) },
      }),
    );
  });
});
