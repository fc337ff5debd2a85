import { describe, expect, it } from "vitest";
import {
  DISCORD_CHOICE_TEXT_MAX,
  DISCORD_CHOICES_MAX,
  DISCORD_CUSTOM_ID_MAX,
  DISCORD_SELECT_TEXT_MAX,
  DISCORD_V2_COMPONENTS_MAX,
  DISCORD_V2_TEXT_MAX,
  type DiscordMessage,
  MODAL_TITLE_MAX,
  toDiscordChoices,
  toDiscordMessage,
  toDiscordModal,
  toDiscordResponse,
  toDiscordV2Message,
} from "../../src/discord/render";
import { type Block, card, hint, literal, type Reply, reply } from "../../src/reply";
import { truncate } from "../../src/text";
import { textOf as replyText, v2Components } from "../helpers/discord";
import { assertDiscordLimits, assertDiscordV2Limits } from "../helpers/limits";
import { describeRenderer, hugeReply } from "../helpers/renderer-suite";

const textOf = (m: unknown) => replyText({ type: 4, data: m as DiscordMessage });
const DISCORD_LIMITS = { id: DISCORD_CUSTOM_ID_MAX, optionValue: DISCORD_SELECT_TEXT_MAX };

describeRenderer("Discord embeds (channel posts)", {
  render: toDiscordMessage,
  assertLimits: assertDiscordLimits,
  isEphemeral: (r: Reply) => toDiscordResponse(r).data.flags === 64,
  textOf,
  limits: DISCORD_LIMITS,
});

describeRenderer("Discord Components V2 (answers)", {
  render: toDiscordV2Message,
  assertLimits: (m) => assertDiscordLimits(m as DiscordMessage),
  isEphemeral: (r: Reply) => ((toDiscordResponse(r).data.flags ?? 0) & 64) === 64,
  textOf,
  limits: DISCORD_LIMITS,
});

const example = () =>
  card({
    title: "Episode 1",
    url: "https://example.org/1",
    text: "Synopsis",
    fields: [{ name: "Role", value: "Surgeon", inline: true }],
    spoiler: { label: "Spoilers", markdown: "He || lives", reveal: { id: "csp:x:en", label: "Show spoilers" } },
    sources: { label: "Sources", links: [{ label: "example.org", url: "https://example.org/s" }, { label: "fan article" }] },
    note: "footer",
    controls: [
      { kind: "button", label: "Next", id: "ep:2:en", style: "primary" },
      { kind: "link", label: "Watch", url: "https://example.org/w" },
    ],
  });

describe("Discord Components V2 renderer", () => {
  it("renders a card as one container with the accent colour, in reading order", () => {
    expect(toDiscordResponse(example())).toEqual({
      type: 4,
      data: {
        flags: 1 << 15,
        allowed_mentions: { parse: [] },
        components: [
          {
            type: 17,
            accent_color: 0xc8102e,
            components: [
              { type: 10, content: "## [Episode 1](https://example.org/1)" },
              { type: 10, content: "**Role:** Surgeon" },
              { type: 10, content: "Synopsis" },
              { type: 14, divider: true, spacing: 1 },
              {
                type: 9,
                components: [{ type: 10, content: "**Spoilers**\n||He | | lives||" }],
                accessory: { type: 2, style: 2, label: "Show spoilers", custom_id: "csp:x:en" },
              },
              { type: 10, content: "-# **Sources:** [example.org](https://example.org/s) · fan article" },
              { type: 10, content: "-# footer" },
              {
                type: 1,
                components: [
                  { type: 2, style: 1, label: "Next", custom_id: "ep:2:en" },
                  { type: 2, style: 5, label: "Watch", url: "https://example.org/w" },
                ],
              },
            ],
          },
        ],
      },
    });
  });

  it("puts a thumbnail or a button beside a section's text, and pictures in a media gallery", () => {
    const message = toDiscordV2Message(
      reply([
        { kind: "heading", text: "T" },
        { kind: "section", markdown: "Text", accessory: { kind: "thumbnail", url: "https://example.org/t.png", alt: "Alt" } },
        { kind: "image", url: "https://example.org/a.png", alt: "A" },
        { kind: "image", url: "https://example.org/b.png", alt: "B" },
      ]),
    );
    const all = v2Components(message);
    expect(all.find((c) => c.type === 9)).toEqual({
      type: 9,
      components: [{ type: 10, content: "Text" }],
      accessory: { type: 11, media: { url: "https://example.org/t.png" }, description: "Alt" },
    });
    expect(all.find((c) => c.type === 12)?.items).toEqual([
      { media: { url: "https://example.org/a.png" }, description: "A" },
      { media: { url: "https://example.org/b.png" }, description: "B" },
    ]);
  });

  it("marks an ephemeral card with both flags and keeps hints as plain content", () => {
    expect(toDiscordResponse({ ...example(), visibility: "ephemeral" }).data.flags).toBe((1 << 15) | 64);
    expect(toDiscordResponse(hint("Nope"))).toEqual({
      type: 4,
      data: { content: "Nope", allowed_mentions: { parse: [] }, flags: 64 },
    });
  });

  it("escapes a typed heading, small print or list mark where the echoed text begins a line", () => {
    for (const typed of ["# Big", "-# small", "- item"]) {
      const { content } = toDiscordResponse(hint(`${literal(typed)} is not an option.`)).data as { content?: string };
      expect(content, typed).toMatch(/^\\[#-]/);
    }
  });

  it("leaves text of exactly 4,000 characters whole, and cuts one more", () => {
    const texts = (n: number): Block[] => [
      { kind: "heading", text: "x" }, // "## x" is 4 characters
      { kind: "text", markdown: "a".repeat(n - 4) },
    ];
    const exact = toDiscordV2Message(reply(texts(DISCORD_V2_TEXT_MAX)));
    assertDiscordV2Limits(exact);
    expect(textOf(exact)).not.toContain("…");
    const over = toDiscordV2Message(reply(texts(DISCORD_V2_TEXT_MAX + 1)));
    assertDiscordV2Limits(over);
    expect(textOf(over)).toContain("…");
  });

  it("cuts a text that a link left open begins, a spoiler mark in it, to the limit and no further", () => {
    // The cut keeps the open link (nothing stands before it) and closes the spoiler: both within 4,000.
    const message = toDiscordV2Message(
      reply([
        { kind: "heading", text: "x" },
        { kind: "text", markdown: `[||${"a".repeat(5000)}` },
      ]),
    );
    assertDiscordV2Limits(message);
  });

  it("keeps a link button's address within Discord's 512 characters in a row of buttons, as beside a text", () => {
    const watch = { kind: "link" as const, label: "Watch", url: `https://example.org/title?${"q".repeat(600)}` };
    const answer = card({
      title: "Episode 1",
      text: "Synopsis",
      controls: [{ kind: "button", label: "Next", id: "ep:2:en" }, watch],
    });
    assertDiscordV2Limits(toDiscordV2Message(answer));
    const post = toDiscordMessage(answer).components as { components: { url?: string }[] }[];
    for (const button of post.flatMap((row) => row.components)) expect((button.url ?? "").length).toBeLessThanOrEqual(512);
  });

  it("keeps exactly 40 components, drops content past them, and keeps the buttons", () => {
    // The container, a heading, then 35 texts, then a row with two buttons: 1 + 1 + 35 + 3 = 40.
    const blocks = (texts: number): Block[] => [
      { kind: "heading", text: "h" },
      ...Array.from({ length: texts }, (_, i): Block => ({ kind: "text", markdown: `t${i}` })),
      {
        kind: "actions",
        controls: [
          { kind: "button", label: "A", id: "a" },
          { kind: "button", label: "B", id: "b" },
        ],
      },
    ];
    const exact = toDiscordV2Message(reply(blocks(DISCORD_V2_COMPONENTS_MAX - 5)));
    assertDiscordV2Limits(exact);
    expect(v2Components(exact)).toHaveLength(DISCORD_V2_COMPONENTS_MAX);
    expect(textOf(exact)).toContain(`t${DISCORD_V2_COMPONENTS_MAX - 6}`);
    const over = toDiscordV2Message(reply(blocks(DISCORD_V2_COMPONENTS_MAX - 4)));
    assertDiscordV2Limits(over);
    expect(v2Components(over)).toHaveLength(DISCORD_V2_COMPONENTS_MAX);
    expect(
      v2Components(over)
        .filter((c) => c.type === 2)
        .map((c) => c.label),
    ).toEqual(["A", "B"]);
    expect(textOf(over)).toContain(`t${DISCORD_V2_COMPONENTS_MAX - 6}`);
    expect(textOf(over)).not.toContain(`t${DISCORD_V2_COMPONENTS_MAX - 5}`);
  });

  it("keeps a huge reply within every limit while keeping its start and its buttons", () => {
    const message = toDiscordV2Message(hugeReply(DISCORD_LIMITS));
    assertDiscordV2Limits(message);
    expect(textOf(message).trimStart().startsWith("## ")).toBe(true);
    expect(v2Components(message).some((c) => c.type === 1)).toBe(true);
  });
});

describe("Discord embed renderer (channel posts)", () => {
  it("renders a card as one embed with title, url, description, fields, spoiler, sources and footer", () => {
    expect(toDiscordMessage(example())).toEqual({
      embeds: [
        {
          color: 0xc8102e,
          title: "Episode 1",
          url: "https://example.org/1",
          description:
            "Synopsis\n\n**Spoilers**\n||He | | lives||\n\n**Sources:** [example.org](https://example.org/s) · fan article",
          fields: [{ name: "Role", value: "Surgeon", inline: true }],
          footer: { text: "footer" },
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 1, label: "Next", custom_id: "ep:2:en" },
            { type: 2, style: 5, label: "Watch", url: "https://example.org/w" },
          ],
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it("answers a click that replaces the message with UPDATE_MESSAGE (type 7)", () => {
    expect(toDiscordResponse({ ...hint("x"), replace: true }).type).toBe(7);
  });

  it("truncates without splitting a character and marks the cut", () => {
    expect(truncate("가나다라마", 3)).toBe("가나…");
    expect(truncate("😀😀😀", 4)).toBe("😀…");
    expect(truncate("short", 10)).toBe("short");
  });

  it("cuts a modal's title, labels and values without splitting a character", () => {
    const long = "🚑".repeat(MODAL_TITLE_MAX);
    const modal = toDiscordModal({
      id: "f",
      title: long,
      inputs: [{ id: "a", label: long, paragraph: false, required: false, max: 5, value: "ab😀😀" }],
    });
    const input = modal.data.components[0]?.components[0];
    for (const text of [modal.data.title, input?.label ?? ""]) {
      expect(text.length).toBeLessThanOrEqual(MODAL_TITLE_MAX);
      expect(text.endsWith("🚑…")).toBe(true);
    }
    expect(input?.value).toBe("ab😀");
  });

  it("keeps a huge reply within every limit while keeping its start", () => {
    const message = toDiscordMessage(hugeReply(DISCORD_LIMITS));
    assertDiscordLimits(message);
    expect(message.embeds?.[0]?.title?.startsWith("T")).toBe(true);
    expect(message.embeds?.[0]?.description?.endsWith("…")).toBe(true);
  });
});

describe("toDiscordChoices", () => {
  it("keeps an autocomplete answer within Discord's limits, leaving out a value it cannot cut", () => {
    const choices = [
      { name: "x".repeat(150), value: "long-name" },
      { name: "too long a value", value: "v".repeat(101) },
      ...Array.from({ length: 30 }, (_, i) => ({ name: `Name ${i}`, value: `id-${i}` })),
    ];
    const answer = toDiscordChoices(choices);
    expect(answer.type).toBe(8);
    expect(answer.data.choices).toHaveLength(DISCORD_CHOICES_MAX);
    expect(answer.data.choices[0]?.name).toBe(truncate("x".repeat(150), DISCORD_CHOICE_TEXT_MAX));
    expect(answer.data.choices[1]).toEqual({ name: "Name 0", value: "id-0" });
    for (const choice of answer.data.choices) {
      expect(choice.name.length).toBeLessThanOrEqual(DISCORD_CHOICE_TEXT_MAX);
      expect(choice.value.length).toBeLessThanOrEqual(DISCORD_CHOICE_TEXT_MAX);
    }
  });
});
