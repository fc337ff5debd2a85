// Long text in a Slack message is split into sections of at most 3,000 characters. Whatever the text (long
// lines without a break, links, entities, emoji, lines Slack would quote), each section stays within the
// limit, no link or entity is split between two sections, a bold or italic span split between two is closed
// and opened again, no character is split, and nothing is lost.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, it } from "vitest";
import { card } from "../../src/reply";
import { SLACK_SECTION_TEXT_MAX, toMrkdwn, toSlackMessage } from "../../src/slack/render";
import { balanced, squeezed } from "../helpers/mrkdwn";

const params = { numRuns: 200, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };

const piece = fc.oneof(
  { arbitrary: fc.constantFrom("word", "trauma", "백강혁", "Baek", "&", "<b>", "> quoted", "🩺", "👩‍⚕️"), weight: 6 },
  { arbitrary: fc.constantFrom("**bold**", "**Played by:** Ju Ji-hoon", "**season two news at last**"), weight: 3 },
  { arbitrary: fc.constantFrom("_italic_", "_not confirmed by Netflix_", "**_both_**"), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom("Netflix", "season two", "a b c"), fc.integer({ min: 0, max: 400 }))
      .map(([label, n]) => `[${label}](https://example.com/${"p".repeat(n)}?a=1&b=2)`),
    weight: 2,
  },
  { arbitrary: fc.constant("\n"), weight: 1 },
);
const separator = fc.constantFrom(" ", " ", " ", "", "\n");
const longText = fc.oneof(
  fc
    .array(fc.tuple(piece, separator), { minLength: 400, maxLength: 3000 })
    .map((parts) => parts.map(([p, s]) => p + s).join(""))
    .filter((text) => text.trim().length > 0),
  // One long paragraph of bold phrases: every cut falls at a space, often inside one.
  fc
    .array(fc.constantFrom("**season two news at last**", "**Played by:** Ju Ji-hoon", "word"), {
      minLength: 200,
      maxLength: 1500,
    })
    .map((words) => words.join(" ")),
  // A long italic line of links, as a reply's sources are written, with bold around some of it.
  fc
    .tuple(
      fc.array(fc.constantFrom("word", "**bold**", "[Netflix](https://example.com/a_b?c=1)", "[Wire](https://wire.example/x)"), {
        minLength: 300,
        maxLength: 1200,
      }),
      fc.constantFrom("", "**"),
    )
    .map(([words, around]) => `${around}_Sources: ${words.join(" · ")}_${around}`),
);

/** The text without bold's and italic's marks (those outside links). */
const unmarked = (text: string) => text.replace(/(<[^>]*>)|[*_]/g, (_m, link?: string) => link ?? "");
/** How many bold and italic marks the text has outside links. */
const marks = (text: string) => text.replace(/<[^>]*>/g, "").replace(/[^*_]/g, "").length;

/** The text of each section of a message carrying `text`. */
const sectionsOf = (text: string) =>
  toSlackMessage(card({ title: "x", text })).blocks.flatMap((b) => (b.type === "section" && b.text ? [b.text.text] : []));

it("splits long text into whole sections within Slack's limit, losing nothing", () => {
  fc.assert(
    fc.property(longText, (text) => {
      const sections = sectionsOf(text);
      for (const section of sections) {
        expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
        expect(balanced(section), section.slice(0, 80)).toBe(true);
        expect(/&[a-z]{0,4}$/.test(section), "an entity cut at the end").toBe(false);
        expect(/^[a-z]{0,4};/.test(section) && !/^[a-z]{0,4};/.test(squeezed(toMrkdwn(text))), "an entity cut at the start").toBe(
          false,
        );
        expect(/[\ud800-\udbff]$|^[\udc00-\udfff]/.test(section), "a character split").toBe(false);
        expect(/^(&gt;|>)/m.test(section), "a line Slack would quote").toBe(false);
        expect((section.replace(/<[^>]*>/g, "").split("*").length - 1) % 2, "a bold span left open").toBe(0);
        expect((section.replace(/<[^>]*>/g, "").split("_").length - 1) % 2, "an italic span left open").toBe(0);
      }
      expect(squeezed(unmarked(sections.join("")))).toBe(squeezed(unmarked(toMrkdwn(text))));
      // Marks are only added in pairs, a span closed at a section's end and opened again at the next's start.
      const added = marks(sections.join("")) - marks(toMrkdwn(text));
      expect(added % 2).toBe(0);
      expect(added).toBeGreaterThanOrEqual(0);
      expect(added).toBeLessThanOrEqual(4 * (sections.length - 1));
    }),
    params,
  );
});

it("keeps the whole of a last section that starts with a `>` the cut left at its head", () => {
  // The cut falls at the space, and what is left is exactly a section long: the mark that keeps Slack from
  // quoting its first line must not push its end over the limit.
  const text = `${"x".repeat(2500)} >${"y".repeat(SLACK_SECTION_TEXT_MAX - 4)}`;
  const sections = sectionsOf(text);
  for (const section of sections) expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
  expect(sections.at(-1)).not.toMatch(/…$/);
  expect(squeezed(sections.join(""))).toBe(squeezed(toMrkdwn(text)));
});

it("ends a section before an open bold span, not at a `*` in a link's address inside it; one longer than a section goes on bold in the next", () => {
  const link = `[label](https://example.com/a*b/${"p".repeat(200)})`;
  const text = `${"w ".repeat(100)}**bold ${"b ".repeat(700)}${link} ${"c ".repeat(1000)}**`;
  const sections = sectionsOf(text);
  for (const section of sections) {
    expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
    expect(balanced(section), section.slice(-80)).toBe(true);
    expect((section.replace(/<[^>]*>/g, "").split("*").length - 1) % 2, "a bold span left open").toBe(0);
  }
  expect(squeezed(unmarked(sections.join("")))).toBe(squeezed(unmarked(toMrkdwn(text))));
});

it("cuts a single character longer than a section between its code points, rather than never", () => {
  const text = `word 🩺${"\u200d🩺".repeat(1200)}`;
  const sections = sectionsOf(text);
  expect(sections.length).toBeGreaterThan(1);
  for (const section of sections) {
    expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
    expect(/[\ud800-\udbff]$|^[\udc00-\udfff]/.test(section), "a code point split").toBe(false);
  }
  expect(squeezed(sections.join(""))).toBe(squeezed(toMrkdwn(text)));
});

it("closes an italic line longer than a section at the section's end and opens it again at the next's", () => {
  const line = `_Sources: ${Array.from({ length: 80 }, (_, i) => `[Outlet ${i}](https://example.com/${"p".repeat(40)}/${i})`).join(" · ")}_`;
  const sections = sectionsOf(line);
  expect(sections.length).toBeGreaterThan(1);
  for (const section of sections) {
    expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
    expect(section, "italic from start to end").toMatch(/^_[^_\s][\s\S]*[^_\s]_$/);
  }
  expect(squeezed(unmarked(sections.join("")))).toBe(squeezed(unmarked(toMrkdwn(line))));
});

it("splits an italic line whose one link is longer than a section, rather than never", () => {
  // A source's address of 3,000 characters and more, in the italic line citing it (the renewal status's sources).
  const text = `Not confirmed. _Sources: [example.org](https://example.org/${"a".repeat(3100)})_`;
  const sections = sectionsOf(text);
  expect(sections.length).toBeGreaterThan(1);
  for (const section of sections) expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
  expect(sections.join("")).toContain("Not confirmed.");
});

it("splits a bold text whose italic line, at the head of a section, holds a link longer than a section", () => {
  // The cut falls at the line break: the next section begins with bold opened again, then the line's italic mark.
  const text = `**${"bold ".repeat(500)}\n_Sources: fan article · [x](https://example.org/${"a".repeat(3100)})_**`;
  const sections = sectionsOf(text);
  expect(sections.length).toBeGreaterThan(1);
  for (const section of sections) expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
  expect(sections.join("")).toContain("fan article");
});
