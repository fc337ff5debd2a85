// Text longer than a Slack section goes on in the next, and a link may stand where one section ends: a
// headline of thousands of characters full of `&`, `<`, `>` (each an entity as sent) and emoji. Whatever
// the limit, no section passes it, none ends or starts inside an entity or a character, a link whose
// address fits in a section stays whole (its label ends in "…" where the whole link would not fit), and
// nothing else is lost.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { card } from "../../src/reply";
import { SLACK_SECTION_TEXT_MAX, sectionTexts, toMrkdwn, toSlackMessage } from "../../src/slack/render";
import { balanced, squeezed } from "../helpers/mrkdwn";

const params = { seed: 2026_12_06, numRuns: 300, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };
/** Whole messages are long to build: fewer of them, and a failing one is shown as found, not shrunk for minutes. */
const messages = { ...params, numRuns: 40, endOnFailure: true };

/** A label's pieces: what Slack escapes, emoji of one and of several code points, words and spaces. */
const labelPiece = fc.constantFrom("&", "<", ">", "a&b", "<b>", "🩺", "👩‍⚕️", "🇰🇷", "word", " ");
const label = (maxLength: number) =>
  fc.array(labelPiece, { minLength: 1, maxLength, size: "max" }).map((pieces) => pieces.join("").replace(/^ | $/g, "x"));
/** A link of our markdown, its address short and its label often long. */
const link = (maxLength: number) =>
  fc
    .tuple(label(maxLength), fc.integer({ min: 0, max: 30 }))
    .map(([text, n]) => `[${text}](https://example.com/${"p".repeat(n)}?a=1&b=2)`);
/** Text of words and links, set off by spaces, line breaks or nothing. */
const text = (linkLength: number, maxLength: number) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom("word", "백강혁", "&", "🩺"), link(linkLength)), fc.constantFrom(" ", "\n", "")), {
      minLength: 1,
      maxLength,
    })
    .map((parts) => parts.map(([p, s]) => p + s).join(""));

/** Whether `shown` is `whole` where each "…" stands for some of it left out, and nothing else is. */
function keptBut(shown: string, whole: string): boolean {
  const parts = shown.split("…");
  const first = parts[0] ?? "";
  const last = parts.at(-1) ?? "";
  if (parts.length === 1) return shown === whole;
  if (!whole.startsWith(first) || !whole.endsWith(last)) return false;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = whole.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return at <= whole.length - last.length;
}

/** Every promise of the sections `sections` of `markdown` at `max`. */
function expectSections(markdown: string, sections: string[], max: number) {
  for (const section of sections) {
    const where = JSON.stringify(`${section.slice(0, 12)}…${section.slice(-12)}`);
    expect(section.length, where).toBeLessThanOrEqual(max);
    // Outside links' addresses, the text has `&` and `;` only in entities: one left of either is an entity cut.
    const text = section.replace(/<[^|<>]*\|/g, "").replace(/&(?:amp|lt|gt);/g, "");
    expect(/[&;]/.test(text), `${where}: an entity cut`).toBe(false);
    expect(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(section),
      `${where}: a character cut`,
    ).toBe(false);
    expect(balanced(section), `${where}: a link cut`).toBe(true);
  }
  expect(keptBut(squeezed(sections.join("")), squeezed(toMrkdwn(markdown))), "text lost").toBe(true);
}

describe("a section's end among long links", () => {
  it("keeps entities, characters and links whole at any limit, losing only what a … stands for", () => {
    fc.assert(
      fc.property(text(400, 12), fc.integer({ min: 100, max: 3000 }), (markdown, max) => {
        expectSections(
          markdown,
          sectionTexts(toMrkdwn(markdown), max).map((t) => t.text),
          max,
        );
      }),
      params,
    );
  });

  it("keeps them whole in a message's sections, where a link's label passes half a section", () => {
    fc.assert(
      fc.property(text(1200, 6), (markdown) => {
        const sections = toSlackMessage(card({ title: "x", text: markdown })).blocks.flatMap((b) =>
          b.type === "section" && b.text ? [b.text.text] : [],
        );
        expectSections(markdown, sections, SLACK_SECTION_TEXT_MAX);
      }),
      messages,
    );
  });

  it("ends a bold or italic link's span with the link, leaving no section of nothing but marks", () => {
    const spanned = fc
      .tuple(fc.constantFrom("**", "_"), link(1200), fc.constantFrom("", " and more", "\nmore"))
      .map(([mark, l, tail]) => `${mark}${l}${mark}${tail}`);
    fc.assert(
      fc.property(spanned, fc.integer({ min: 100, max: 3000 }), (markdown, max) => {
        const sections = sectionTexts(toMrkdwn(markdown), max).map((t) => t.text);
        for (const section of sections) expect(section, JSON.stringify(sections)).toMatch(/[^*_\s]/);
        expectSections(markdown, sections, max);
      }),
      params,
    );
  });
});
