import { describe, expect, it } from "vitest";
import { LOCALES } from "../../src/i18n/locale";
import { CATALOGUES } from "../../src/i18n/strings";
import { card, hint, literal, type Reply, reply } from "../../src/reply";
import {
  SLACK_ACTION_ID_MAX,
  SLACK_LINK_ACTION_PREFIX,
  SLACK_OPTION_VALUE_MAX,
  toMrkdwn,
  toSlackMessage,
  toSlackResponse,
} from "../../src/slack/render";
import { assertSlackLimits } from "../helpers/limits";
import { describeRenderer, hugeReply } from "../helpers/renderer-suite";

const SLACK_LIMITS = { id: SLACK_ACTION_ID_MAX, optionValue: SLACK_OPTION_VALUE_MAX };

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
        if (b.type === "image") return [b.alt_text];
        if (b.type === "context") return b.elements.map((e) => e.text);
        return [];
      }),
    ].join("\n"),
  limits: SLACK_LIMITS,
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
      text: "Episode 1\nA bold &lt;move&gt; &amp; link",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Episode 1", emoji: true } },
        { type: "context", elements: [{ type: "mrkdwn", text: "<https://example.org/1|example.org>" }] },
        { type: "section", fields: [{ type: "mrkdwn", text: "*Role*\nSurgeon" }] },
        { type: "section", text: { type: "mrkdwn", text: "A *bold* &lt;move&gt; &amp; <https://example.org/l?a=1&b=2|link>" } },
        { type: "divider" },
        { type: "context", elements: [{ type: "mrkdwn", text: "🙈 *Spoilers*" }] },
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

  it("puts a picture, a button or a link button beside a section's text", () => {
    const blocks = toSlackMessage(
      reply([
        { kind: "section", markdown: "Pic", accessory: { kind: "thumbnail", url: "https://example.org/t.png", alt: "Alt" } },
        { kind: "section", markdown: "Btn", accessory: { kind: "button", label: "Open", id: "ch:x:en" } },
        { kind: "section", markdown: "Lnk", accessory: { kind: "link", label: "Watch", url: "https://example.org/w" } },
        { kind: "separator" },
      ]),
    ).blocks;
    expect(blocks).toEqual([
      {
        type: "section",
        text: { type: "mrkdwn", text: "Pic" },
        accessory: { type: "image", image_url: "https://example.org/t.png", alt_text: "Alt" },
      },
      {
        type: "section",
        text: { type: "mrkdwn", text: "Btn" },
        accessory: {
          type: "button",
          text: { type: "plain_text", text: "Open", emoji: true },
          action_id: "ch:x:en",
          value: "ch:x:en",
        },
      },
      {
        type: "section",
        text: { type: "mrkdwn", text: "Lnk" },
        accessory: {
          type: "button",
          text: { type: "plain_text", text: "Watch", emoji: true },
          action_id: `${SLACK_LINK_ACTION_PREFIX}0`,
          url: "https://example.org/w",
        },
      },
      { type: "divider" },
    ]);
  });

  it("gives a spoiler a working reveal button, never a dead label, when the reply offers one", () => {
    const message = toSlackMessage(
      card({
        title: "x",
        spoiler: { label: "Spoilers", markdown: "the secret", reveal: { id: "csp:x:en", label: "Show spoilers" } },
      }),
    );
    expect(message.blocks).toContainEqual({
      type: "section",
      text: { type: "mrkdwn", text: "🙈 *Spoilers*" },
      accessory: {
        type: "button",
        text: { type: "plain_text", text: "Show spoilers", emoji: true },
        action_id: "csp:x:en",
        value: "csp:x:en",
      },
    });
    expect(JSON.stringify(message)).not.toContain("the secret");
  });

  it("escapes user text in the notification text too, where Slack would read <!channel>", () => {
    const message = toSlackMessage(hint(`No **${literal("<!channel> *x* https://evil.example")}**`));
    expect(message.text).not.toContain("<!channel>");
    expect(message.text).not.toContain("https://evil");
    expect(message.text).not.toMatch(/\*x\*/);
    expect(message.text).toContain("&lt;!channel&gt;");
  });

  it("keeps a feed's URL inside its link: a >, < or | in it can neither end the link nor mention anyone", () => {
    const url = "https://evil.example/a?b=>|<!channel>";
    const message = toSlackMessage(
      card({
        title: "News",
        url,
        text: `[the article](${url})`,
        sources: { label: "Sources", links: [{ label: "evil.example", url }] },
      }),
    );
    const texts = message.blocks.flatMap((b) =>
      b.type === "context" ? b.elements : b.type === "section" && b.text ? [b.text] : [],
    );
    expect(texts).toHaveLength(3);
    for (const { text } of texts) {
      expect(text).not.toContain("<!channel>");
      // One link, whole: its target is the URL with what would break the link percent-encoded.
      expect(text.match(/<[^<>]*>/g)).toEqual([expect.stringMatching(/^<https:\/\/evil\.example\/a\?b=[^|<>]+\|[^|<>]+>$/)]);
    }
  });

  it("keeps the link under a heading within a context element when its address alone is longer than one", () => {
    // A feed's or the data's address is any length a URL parser takes; cut, the link still has to fit.
    const url = `https://example.org/${"a".repeat(3500)}`;
    const message = toSlackMessage(card({ title: "Long address", url, text: "Body" }));
    assertSlackLimits(message);
  });

  it("names the site under a heading as its address writes it, though its host holds what Slack reads as an entity", () => {
    // The URL parser keeps `&` and `;` in a host: unescaped, Slack would show `x<y.example`.
    const message = toSlackMessage(card({ title: "Odd host", url: "https://x&lt;y.example/a" }));
    const context = message.blocks.find((b) => b.type === "context");
    expect(context?.type === "context" && context.elements[0]?.text).toMatch(/^<https:\/\/[^|<>]+\|x&amp;lt;y\.example>$/);
  });

  it("shows a source's site name as written, though it holds what mrkdwn reads as formatting", () => {
    // A host may hold `_`, `*` or `~` (the URL parser keeps them), and a label a backtick: as in the timeline,
    // each is escaped into the markdown, and Slack gets a look-alike that formats nothing.
    const links = [
      { label: "fan_club_site.example", url: "https://fan_club_site.example/a" },
      { label: "k*drama*.example", url: "https://k*drama*.example/b" },
      { label: "~wire~ `desk`" },
    ];
    const message = toSlackMessage(card({ title: "News", sources: { label: "Sources", links } }));
    const context = message.blocks.find((b) => b.type === "context");
    expect(context?.type === "context" && context.elements.map((e) => e.text)).toEqual([
      "*Sources:* <https://fan_club_site.example/a|fanˍclubˍsite.example> · <https://k*drama*.example/b|k∗drama∗.example> · ∼wire∼ ˋdeskˋ",
    ]);
  });

  it("leaves out a menu with nothing to choose, which Slack refuses, as Discord's renderer does", () => {
    const empty = { kind: "select" as const, placeholder: "Pick a topic", id: "ins:en", options: [] };
    const alone = toSlackMessage(card({ title: "Topics", text: "None yet", controls: [empty] }));
    assertSlackLimits(alone);
    expect(alone.blocks.some((b) => b.type === "actions")).toBe(false);
    const withButton = toSlackMessage(
      card({ title: "Topics", controls: [empty, { kind: "button", label: "Next", id: "tl:1:en" }] }),
    );
    assertSlackLimits(withButton);
    expect(JSON.stringify(withButton.blocks)).not.toContain("static_select");
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
    const message = toSlackMessage(hugeReply(SLACK_LIMITS));
    expect(message.blocks.at(-1)?.type).toBe("actions");
  });

  it("keeps each row of buttons where the reply put it, cut or not", () => {
    const row = (id: string) => ({ kind: "actions" as const, controls: [{ kind: "button" as const, label: id, id }] });
    const text = (n: number) => ({ kind: "text" as const, markdown: `paragraph ${n}` });
    for (const paragraphs of [3, 70]) {
      const message = toSlackMessage(
        reply([text(0), row("after-first"), ...Array.from({ length: paragraphs }, (_, n) => text(n + 1)), row("last")]),
      );
      const types = message.blocks.map((b) => b.type);
      expect(types.length, `${paragraphs} paragraphs`).toBeLessThanOrEqual(50);
      expect(types.slice(0, 2), `${paragraphs} paragraphs`).toEqual(["section", "actions"]);
      expect(types.at(-1)).toBe("actions");
      expect(types.filter((t) => t === "actions")).toHaveLength(2);
    }
  });

  it("converts our markdown to Slack mrkdwn", () => {
    expect(toMrkdwn("**a** _b_ [c](https://x.org/?q=1&r=2)")).toBe("*a* _b_ <https://x.org/?q=1&r=2|c>");
  });

  it("leaves bold unmarked where its marks would touch a letter, which Slack shows as asterisks", () => {
    expect(toMrkdwn("**번호**에는 숫자를 넣어 주세요.")).toBe("번호에는 숫자를 넣어 주세요.");
    expect(toMrkdwn("넷플릭스 드라마 **중증외상센터**의 팬 봇")).toBe("넷플릭스 드라마 중증외상센터의 팬 봇");
    expect(toMrkdwn("Give **number** a whole number (**1**–**8**).")).toBe("Give *number* a whole number (*1*–*8*).");
    // Every interface string, in every language, as Slack gets it.
    const touching = /[\p{L}\p{N}]\*[^*\s][^*\n]*\*|\*[^*\n]*[^*\s]\*[\p{L}\p{N}]/u;
    for (const locale of LOCALES)
      for (const [key, text] of Object.entries(CATALOGUES[locale]))
        expect(toMrkdwn(text.replace(/\{\w+\}/g, "x")), `${locale} ${key}`).not.toMatch(touching);
  });

  it("keeps every interface string's bold on Slack: no bold span is written against a letter", () => {
    // A Korean particle or verb ending set against the span (`**{option}**에는`) would leave it unmarked.
    for (const locale of LOCALES)
      for (const [key, text] of Object.entries(CATALOGUES[locale])) {
        const filled = text.replace(/\{\w+\}/g, "x");
        const mrkdwn = toMrkdwn(filled);
        for (const [, inner] of filled.matchAll(/\*\*(.+?)\*\*/gs)) expect(mrkdwn, `${locale} ${key}`).toContain(`*${inner}*`);
      }
  });
});
