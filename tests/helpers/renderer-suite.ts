// One suite for every renderer: each block kind renders, limits hold, ephemeral maps correctly.
import { describe, expect, it } from "vitest";
import { type Block, card, hint, literal, REPLY_TEXT_MAX, type Reply, reply } from "../../src/reply";

export interface RendererUnderTest<M> {
  render(reply: Reply): M;
  assertLimits(message: M): void;
  isEphemeral(reply: Reply): boolean;
  textOf(message: M): string;
  /** The longest id a button or menu may carry, and the longest value of a menu option, on this platform. */
  limits: IdLimits;
}

export interface IdLimits {
  id: number;
  optionValue: number;
}

/** An id of exactly `length` characters that starts with `prefix` (a `:` after it, then filler). */
export const idOf = (prefix: string, length: number) => `${prefix}:`.padEnd(length, "i");

/** A reply larger than every limit either platform has; its ids and menu values are as long as the platform allows. */
export function hugeReply(limits: IdLimits): Reply {
  const long = (n: number) => "T".repeat(n);
  const blocks: Block[] = [];
  for (let i = 0; i < 60; i++) {
    blocks.push({ kind: "heading", text: long(500), url: "https://example.org/x" });
    blocks.push({ kind: "text", markdown: `${long(9000)} **bold** [link](https://example.org)` });
    blocks.push({
      kind: "fields",
      fields: Array.from({ length: 40 }, (_, j) => ({ name: long(400) + j, value: long(3000), inline: j % 2 === 0 })),
    });
    blocks.push({ kind: "spoiler", label: long(300), markdown: long(5000) });
    blocks.push({
      kind: "links",
      label: "Sources",
      links: Array.from({ length: 30 }, (_, j) => ({ label: long(200), url: `https://example.org/${j}` })),
    });
    blocks.push({ kind: "image", url: "https://example.org/i.png", alt: long(3000) });
    blocks.push({ kind: "note", text: long(4000) });
    blocks.push({ kind: "separator" });
    blocks.push({
      kind: "section",
      markdown: long(5000),
      accessory: { kind: "thumbnail", url: "https://example.org/t.png", alt: long(3000) },
    });
    blocks.push({
      kind: "section",
      markdown: long(5000),
      accessory: { kind: "button", label: long(200), id: idOf("x", limits.id) },
    });
    blocks.push({
      kind: "section",
      markdown: long(5000),
      accessory: { kind: "link", label: long(200), url: `https://example.org/${long(4000)}` },
    });
    blocks.push({
      kind: "spoiler",
      label: long(300),
      markdown: long(5000),
      reveal: { id: idOf("r", limits.id), label: long(200) },
    });
  }
  blocks.push({
    kind: "actions",
    controls: [
      ...Array.from({ length: 40 }, (_, j) => ({ kind: "button" as const, label: long(200), id: idOf(`b${j}`, limits.id) })),
      ...Array.from({ length: 5 }, (_, j) => ({
        kind: "link" as const,
        label: long(200),
        url: `https://example.org/${j}${long(4000)}`,
      })),
      {
        kind: "select",
        placeholder: long(300),
        id: idOf("s", limits.id),
        options: Array.from({ length: 60 }, (_, j) => ({
          label: long(300),
          value: idOf(`${j}`, limits.optionValue),
          description: long(300),
        })),
      },
    ],
  });
  return reply(blocks);
}

export function describeRenderer<M>(name: string, r: RendererUnderTest<M>) {
  describe(`${name} renderer (shared suite)`, () => {
    const every: Block[] = [
      { kind: "heading", text: "Heading", url: "https://example.org/h" },
      { kind: "text", markdown: "Some **bold** and _italic_ with [a link](https://example.org/l)" },
      { kind: "fields", fields: [{ name: "Field", value: "Value" }] },
      { kind: "image", url: "https://example.org/i.png", alt: "Picture" },
      { kind: "links", label: "Sources", links: [{ label: "Site", url: "https://example.org/s" }, { label: "Plain" }] },
      { kind: "spoiler", label: "Spoilers", markdown: "Secret" },
      { kind: "note", text: "Footer note" },
      { kind: "separator" },
      {
        kind: "section",
        markdown: "Beside a picture",
        accessory: { kind: "thumbnail", url: "https://example.org/t.png", alt: "Thumb" },
      },
      { kind: "section", markdown: "Beside a button", accessory: { kind: "button", label: "Open", id: "ch:x:en" } },
      { kind: "section", markdown: "Beside a link", accessory: { kind: "link", label: "Watch", url: "https://example.org/w" } },
      { kind: "spoiler", label: "Revealable", markdown: "Hidden", reveal: { id: "csp:x:en", label: "Show spoilers" } },
      {
        kind: "actions",
        controls: [
          { kind: "button", label: "Next", id: "ep:2" },
          { kind: "link", label: "Netflix", url: "https://example.org/n" },
        ],
      },
    ];

    it("renders every block kind", () => {
      const message = r.render(reply(every));
      const text = r.textOf(message);
      for (const expected of [
        "Heading",
        "bold",
        "italic",
        "Field",
        "Value",
        "Site",
        "Plain",
        "Spoilers",
        "Footer note",
        "Beside a picture",
        "Beside a button",
        "Beside a link",
        "Revealable",
      ]) {
        expect(text, expected).toContain(expected);
      }
      const json = JSON.stringify(message);
      // Pictures, buttons beside text, link buttons and the spoiler reveal all reach the platform's JSON.
      for (const expected of [
        "https://example.org/t.png",
        "ch:x:en",
        "https://example.org/w",
        "https://example.org/n",
        "https://example.org/i.png",
      ])
        expect(json, expected).toContain(expected);
      r.assertLimits(message);
    });

    it("keeps user text made literal from forming links, formatting or mentions", () => {
      const typed = "**x** _y_ [z](https://evil.example) <!channel> <@123> ||s|| `c` https://evil.example";
      const message = r.render(hint(`I couldn't find **${literal(typed)}**.`));
      const text = r.textOf(message);
      expect(text).not.toMatch(/https?:\/\/evil/);
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("<@123>");
      expect(text).not.toMatch(/\]\(https?:\/\/|<https?:|\|z>/);
      r.assertLimits(message);
    });

    it("echoes user text made literal on one line, its line breaks made spaces", () => {
      const typed = "a\n# Big\r\n-# small\u2028- item\n> quote\n1. first";
      const text = r.textOf(r.render(hint(`${literal(typed)} is not an option.`)));
      // Each of the message's texts (Slack's has its notification text too) holds the whole of it on one line.
      for (const line of text.split("\n")) expect(line).toMatch(/^a\W+# Big.+small.+item.+quote.+first is not an option\W*$/);
    });

    it("shows whole a reply whose text is as long as REPLY_TEXT_MAX, the length answers are laid out to stay within", () => {
      // Paragraphs of words, each with its own number, a heading's worth of text less than the whole.
      const paragraph = (i: number, length: number) => `P${i} ${"word ".repeat(length)}`.slice(0, length).trimEnd();
      const heading = "A heading";
      const paragraphs: string[] = [];
      let left = REPLY_TEXT_MAX - heading.length;
      for (let i = 0; left > 0; i++) {
        const length = Math.min(500, left);
        paragraphs.push(paragraph(i, length));
        left -= length + 2;
      }
      const blocks: Block[] = [
        { kind: "heading", text: heading },
        ...paragraphs.map((markdown) => ({ kind: "text" as const, markdown })),
      ];
      const message = r.render(reply(blocks));
      const text = r.textOf(message);
      for (const whole of [heading, ...paragraphs]) expect(text, whole.slice(0, 8)).toContain(whole);
      r.assertLimits(message);
    });

    it("keeps a reply longer than every limit within the platform's limits", () => {
      r.assertLimits(r.render(hugeReply(r.limits)));
    });

    // Every place a reply carries an id or a value that comes back on a click, each with an id (or value) of the given length.
    const carriers = (idLength: number, valueLength: number): { where: string; block: Block; carried: string }[] => {
      const button = idOf("button", idLength);
      const beside = idOf("beside", idLength);
      const menu = idOf("menu", idLength);
      const value = idOf("value", valueLength);
      const select = (id: string, optionValue: string): Block => ({
        kind: "actions",
        controls: [{ kind: "select", placeholder: "Pick", id, options: [{ label: "One", value: optionValue }] }],
      });
      return [
        { where: "button", block: { kind: "actions", controls: [{ kind: "button", label: "Go", id: button }] }, carried: button },
        {
          where: "button beside text",
          block: { kind: "section", markdown: "Text", accessory: { kind: "button", label: "Go", id: beside } },
          carried: beside,
        },
        { where: "menu", block: select(menu, "v"), carried: menu },
        { where: "menu option", block: select("menu", value), carried: value },
      ];
    };
    const withText = (block: Block) => reply([{ kind: "text", markdown: "x" }, block]);
    const revealing = (id: string) => reply([{ kind: "spoiler", label: "S", markdown: "Hidden", reveal: { id, label: "Show" } }]);

    it("keeps ids and menu values whole at the platform's limit", () => {
      for (const { where, block, carried } of carriers(r.limits.id, r.limits.optionValue)) {
        const message = r.render(withText(block));
        expect(JSON.stringify(message), where).toContain(`"${carried}"`);
        r.assertLimits(message);
      }
      // A spoiler's reveal button, where the renderer draws one, carries its id whole too.
      const reveal = idOf("reveal", r.limits.id);
      const json = JSON.stringify(r.render(revealing(reveal)));
      if (json.includes('"reveal:')) expect(json).toContain(`"${reveal}"`);
    });

    it("refuses an id or menu value over the platform's limit instead of cutting it", () => {
      for (const { where, block } of carriers(r.limits.id + 1, r.limits.optionValue + 1))
        expect(() => r.render(withText(block)), where).toThrow(/over \d+ characters/);
      // A reveal button throws too; a renderer that draws none (embeds) leaves the id out entirely.
      let json = "";
      try {
        json = JSON.stringify(r.render(revealing(idOf("reveal", r.limits.id + 1))));
      } catch (error) {
        expect(String(error)).toMatch(/over \d+ characters/);
      }
      expect(json).not.toContain('"reveal:');
    });

    it("keeps empty texts valid", () => {
      r.assertLimits(
        r.render(
          reply([
            { kind: "heading", text: "" },
            { kind: "fields", fields: [{ name: "", value: "" }] },
          ]),
        ),
      );
      r.assertLimits(r.render(hint("")));
    });

    it("maps ephemeral and public visibility", () => {
      expect(r.isEphemeral(hint("x"))).toBe(true);
      expect(r.isEphemeral(card({ title: "x" }))).toBe(false);
    });
  });
}
