import { describe, expect, it } from "vitest";
import { card, hint, type Reply } from "../../src/reply";
import { toMrkdwn, toSlackMessage, toSlackResponse } from "../../src/slack/render";
import { assertSlackLimits } from "../helpers/limits";
import { describeRenderer, hugeReply } from "../helpers/renderer-suite";

describeRenderer("Slack", {
  render: toSlackMessage,
  assertLimits: assertSlackLimits,
  isEphemeral: (reply: Reply) => toSlackResponse(reply).response_type === "ephemeral",
  textOf: (m) =>
    [
      m.text,
      ...m.blocks.flatMap((b) => {
        if (b.type === "header") return [b.text.text];
        if (b.type === "section") return [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)];
        if (b.type === "context") return b.elements.map((e) => e.text);
        return [];
      }),
    ].join("\n"),
});

describe("Slack renderer specifics", () => {
  it("renders a card as exact Block Kit", () => {
    const reply = card({
      title: "Episode 1",
      url: "https://example.org/1",
      text: "A **bold** <move> & [link](https://example.org/l?a=1&b=2)",
      fields: [{ name: "Role", value: "Surgeon" }],
      spoiler: { label: "Spoilers", markdown: "He lives" },
      sources: { label: "Sources", links: [{ label: "example.org", url: "https://example.org/s" }, { label: "fan article" }] },
      note: "footer",
      controls: [{ kind: "button", label: "Next", id: "ep:2", style: "primary" }],
    });
    expect(toSlackResponse(reply)).toEqual({
      response_type: "in_channel",
      text: "Episode 1\nA bold <move> & link",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Episode 1", emoji: true } },
        { type: "context", elements: [{ type: "mrkdwn", text: "<https://example.org/1|example.org>" }] },
        { type: "section", text: { type: "mrkdwn", text: "A *bold* &lt;move&gt; &amp; <https://example.org/l?a=1&b=2|link>" } },
        { type: "section", fields: [{ type: "mrkdwn", text: "*Role*\nSurgeon" }] },
        { type: "context", elements: [{ type: "mrkdwn", text: "🙈 Spoilers" }] },
        { type: "context", elements: [{ type: "mrkdwn", text: "*Sources:* <https://example.org/s|example.org> · fan article" }] },
        { type: "context", elements: [{ type: "mrkdwn", text: "footer" }] },
        {
          type: "actions",
          elements: [
            {
              type: "button",
              text: { type: "plain_text", text: "Next", emoji: true },
              action_id: "ep:2",
              value: "ep:2",
              style: "primary",
            },
          ],
        },
      ],
    });
  });

  it("keeps spoiler text out of Slack messages", () => {
    const message = toSlackMessage(card({ title: "x", spoiler: { label: "Spoilers", markdown: "the secret" } }));
    expect(JSON.stringify(message)).not.toContain("the secret");
  });

  it("sends hints as ephemeral", () => {
    expect(toSlackResponse(hint("No such episode"))).toEqual({
      response_type: "ephemeral",
      text: "No such episode",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "No such episode" } }],
    });
  });

  it("splits long text into several sections instead of dropping it", () => {
    const line = `${"word ".repeat(100)}\n`;
    const message = toSlackMessage(card({ title: "x", text: line.repeat(20) }));
    const sections = message.blocks.filter((b) => b.type === "section");
    expect(sections.length).toBeGreaterThan(1);
    expect(
      sections
        .map((s) => (s.type === "section" ? s.text?.text : ""))
        .join("\n")
        .replace(/\s+/g, ""),
    ).toBe(line.repeat(20).replace(/\s+/g, ""));
  });

  it("keeps buttons when content must be cut to 50 blocks", () => {
    const message = toSlackMessage(hugeReply());
    expect(message.blocks.at(-1)?.type).toBe("actions");
  });

  it("converts our markdown to Slack mrkdwn", () => {
    expect(toMrkdwn("**a** _b_ [c](https://x.org/?q=1&r=2)")).toBe("*a* _b_ <https://x.org/?q=1&r=2|c>");
  });
});
