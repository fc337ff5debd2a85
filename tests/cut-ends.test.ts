// Where text is cut to a limit and ends in "…", the cut ends between two characters as a reader sees them
// and never in something that means nothing without its rest: on Discord (and in our markdown) a backslash
// without what it escapes, which would escape the "…" or show as a stray backslash; on Slack half an entity
// (`&am` of `&amp;`), which Slack would show as written. What is kept is the start of the text as it would
// be shown whole.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DISCORD_CONTENT_MAX, DISCORD_EMBED_TITLE_MAX, toDiscordMessage } from "../src/discord/render";
import { card, hint, literal, plainInMarkdown } from "../src/reply";
import { escapeText, HALF_ENTITY, SLACK_FALLBACK_TEXT_MAX, toPlain, toSlackMessage } from "../src/slack/render";
import { LONE_ESCAPE, truncate, truncateMarkup } from "../src/text";

const params = { seed: 2026_12_06, numRuns: 300, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };
/** Whole messages are long to build: fewer of them. */
const messages = { ...params, numRuns: 40 };

/** Our markdown's pieces: words, escapes (as plainInMarkdown and literal write them), what Slack escapes, links. */
const piece = fc.oneof(
  fc.constantFrom("word", "백강혁", "Baek", " ", "🧑‍⚕️", "🇰🇷", "e\u0301"),
  fc.constantFrom("\\*", "\\_", "\\\\", "\\[", "\\`", "\\~", "\\:"),
  fc.constantFrom("&", "<", ">", "a&b", "<b>"),
  fc.constantFrom("[Netflix](https://example.com/a_b?c=1&d=2)", "**bold**", "_italic_"),
);
const markdown = (minLength: number, maxLength: number) =>
  fc.array(piece, { minLength, maxLength }).map((pieces) => `x ${pieces.join("")}`);

/** The cut's text without its "…" (and the space that may set it off). */
const body = (cut: string) => cut.replace(/ ?…$/, "");

/** Whether `text` ends in a backslash that escapes nothing. */
const endsInLoneEscape = (text: string) => /(?:^|[^\\])(?:\\\\)*\\$/.test(text);

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/** Whether `at` falls between two characters of `text` as a reader sees them. */
const atBoundary = (text: string, at: number) =>
  at === 0 || at === text.length || [...segmenter.segment(text)].some(({ index }) => index === at);

/** Every promise of a cut of `whole` to `max`, given as `cut`. */
function expectCut(whole: string, cut: string, max: number, { slack }: { slack: boolean }) {
  expect(cut.length).toBeLessThanOrEqual(max);
  if (whole.length <= max) return expect(cut).toBe(whole);
  expect(cut.endsWith("…")).toBe(true);
  const kept = body(cut);
  expect(whole.startsWith(kept), `${JSON.stringify(kept.slice(-20))} starts the text`).toBe(true);
  expect(atBoundary(whole, kept.length)).toBe(true);
  // Slack's mrkdwn has no escapes (a backslash in it is one to show), and our markdown has no entities.
  if (!slack) expect(endsInLoneEscape(kept), `${JSON.stringify(kept.slice(-20))} ends in a lone escape`).toBe(false);
  if (slack) expect(HALF_ENTITY.test(kept), `${JSON.stringify(kept.slice(-20))} ends in half an entity`).toBe(false);
}

/** A markdown link left open at the end (as the Discord renderer finds one). */
const OPEN_LINK = /(?<!\\)\[(?:\\.|[^\]\\])*(?:\]\([^)]*)?$/;

describe("a cut at any limit", () => {
  it("keeps an escape with what it escapes, in plain and marked-up text", () => {
    fc.assert(
      fc.property(markdown(0, 60), fc.integer({ min: 1, max: 400 }), (text, max) => {
        expectCut(text, truncate(text, max, LONE_ESCAPE), max, { slack: false });
        expectCut(text, truncateMarkup(text, max, OPEN_LINK, LONE_ESCAPE), max, { slack: false });
      }),
      params,
    );
  });

  it("keeps an entity whole, in plain and marked-up text", () => {
    fc.assert(
      fc.property(markdown(0, 60), fc.integer({ min: 1, max: 400 }), (text, max) => {
        const escaped = escapeText(text.replaceAll("\\", ""));
        expectCut(escaped, truncate(escaped, max, HALF_ENTITY), max, { slack: true });
        expectCut(escaped, truncateMarkup(escaped, max, /<[^>]*$/, HALF_ENTITY), max, { slack: true });
      }),
      params,
    );
  });
});

describe("a renderer's cut", () => {
  it("ends a Discord message's text without a lone escape before its …", () => {
    fc.assert(
      fc.property(markdown(300, 1500), (text) => {
        expectCut(text, toDiscordMessage(hint(text)).content ?? "", DISCORD_CONTENT_MAX, { slack: false });
      }),
      messages,
    );
  });

  it("ends a Discord embed's title without a lone escape before its …, the title's start as written", () => {
    fc.assert(
      fc.property(markdown(20, 150), (title) => {
        const shown = toDiscordMessage(card({ title, text: "Body" })).embeds?.[0]?.title ?? "";
        expect(shown.length).toBeLessThanOrEqual(DISCORD_EMBED_TITLE_MAX);
        const kept = body(shown);
        expect(endsInLoneEscape(kept), `${JSON.stringify(kept.slice(-20))} ends in a lone escape`).toBe(false);
        expect(title.startsWith(kept.replace(/\\(.)/gsu, "$1"))).toBe(true);
      }),
      messages,
    );
  });

  it("ends Slack's notification text without half an entity", () => {
    fc.assert(
      fc.property(markdown(600, 2500), (text) => {
        const fallback = toSlackMessage(hint(text)).text;
        expectCut(toPlain(text).trim(), fallback, SLACK_FALLBACK_TEXT_MAX, { slack: true });
      }),
      messages,
    );
  });

  it("ends Slack's notification text without half an entity where a heading and a typed name fill it", () => {
    // The notification text is the heading and the first text: a typed name full of `&` as both.
    const typed = "&<>".repeat(600);
    for (const cut of [0, 1, 2, 3, 4]) {
      const text = toSlackMessage(card({ title: "a".repeat(cut + 1), text: literal(typed) })).text;
      expect(text.length).toBeLessThanOrEqual(SLACK_FALLBACK_TEXT_MAX);
      expect(HALF_ENTITY.test(body(text)), JSON.stringify(text.slice(-12))).toBe(false);
    }
    expect(toPlain(plainInMarkdown("&"))).toBe("&amp;");
  });
});
