import { describe, expect, it } from "vitest";
import { toDiscordMessage, toDiscordResponse } from "../../src/discord/render";
import { card, hint, type Reply } from "../../src/reply";
import { truncate } from "../../src/text";
import { assertDiscordLimits } from "../helpers/limits";
import { describeRenderer, hugeReply } from "../helpers/renderer-suite";

describeRenderer("Discord", {
  render: toDiscordMessage,
  assertLimits: assertDiscordLimits,
  isEphemeral: (reply: Reply) => toDiscordResponse(reply).data.flags === 64,
  textOf: (m) =>
    [
      m.content ?? "",
      ...(m.embeds ?? []).flatMap((e) => [
        e.title ?? "",
        e.description ?? "",
        ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
        e.footer?.text ?? "",
      ]),
    ].join("\n"),
});

describe("Discord renderer specifics", () => {
  it("renders a card as one embed with title, url, description, fields, spoiler, sources and footer", () => {
    const reply = card({
      title: "Episode 1",
      url: "https://example.org/1",
      text: "Synopsis",
      fields: [{ name: "Role", value: "Surgeon", inline: true }],
      spoiler: { label: "Spoilers", markdown: "He || lives" },
      sources: { label: "Sources", links: [{ label: "example.org", url: "https://example.org/s" }, { label: "fan article" }] },
      note: "footer",
    });
    expect(toDiscordResponse(reply)).toEqual({
      type: 4,
      data: {
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
        allowed_mentions: { parse: [] },
      },
    });
  });

  it("sends a hint as ephemeral plain content", () => {
    expect(toDiscordResponse(hint("Nope"))).toEqual({
      type: 4,
      data: { content: "Nope", allowed_mentions: { parse: [] }, flags: 64 },
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

  it("keeps a huge reply within every limit while keeping its start", () => {
    const message = toDiscordMessage(hugeReply());
    assertDiscordLimits(message);
    expect(message.embeds?.[0]?.title?.startsWith("T")).toBe(true);
    expect(message.embeds?.[0]?.description?.endsWith("…")).toBe(true);
  });
});
