// Reply -> HTML for the web pages: every block kind, escaping, and only http(s) links.
import { describe, expect, it } from "vitest";
import { plainInMarkdown, type Reply } from "../../src/reply";
import { replyCard } from "../../src/web/cards";
import { markdownToHtml } from "../../src/web/markdown";

describe("markdownToHtml", () => {
  it("turns the Reply model's marks into HTML", () => {
    expect(markdownToHtml("**bold** · _label_ · [Title](https://example.org/a?b=1&c=2)\n`/help`")).toBe(
      '<strong>bold</strong> · <em>label</em> · <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">Title</a><br><code>/help</code>',
    );
  });

  it("escapes everything else, and never makes a link of a non-http address", () => {
    expect(markdownToHtml('<script>alert("x")</script>')).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(markdownToHtml("[click](javascript:alert(1))")).not.toContain("<a");
    expect(markdownToHtml('[x](https://e.org/"onmouseover="alert(1))')).not.toMatch(/"onmouseover=/);
    expect(markdownToHtml("[**<b>**](https://e.org)")).toBe(
      '<a href="https://e.org" rel="noopener noreferrer"><strong>&lt;b&gt;</strong></a>',
    );
  });
});

describe("markdownToHtml on the lines answers are made of", () => {
  it("reads an italic line that holds links, as the timeline's sources are written", () => {
    expect(markdownToHtml("_Sources: [Netflix](https://netflix.example) · [Soompi](https://soompi.example)_")).toBe(
      '<em>Sources: <a href="https://netflix.example" rel="noopener noreferrer">Netflix</a> · <a href="https://soompi.example" rel="noopener noreferrer">Soompi</a></em>',
    );
  });

  it("shows a character escaped by a backslash as written, inside a link's label too", () => {
    expect(markdownToHtml("\\_not italic\\_ and \\*not bold\\*")).toBe("_not italic_ and *not bold*");
    const title = plainInMarkdown("The Trauma Code (season 2) gets a *second* look #exclusive [updated]");
    expect(markdownToHtml(`[${title}](https://news.example/a)`)).toBe(
      '<a href="https://news.example/a" rel="noopener noreferrer">The Trauma Code (season 2) gets a *second* look #exclusive [updated]</a>',
    );
  });
});

describe("replyCard", () => {
  const reply: Reply = {
    visibility: "public",
    blocks: [
      { kind: "heading", text: "Title <1>", url: "https://example.org/t" },
      { kind: "text", markdown: "Some **text**" },
      {
        kind: "fields",
        fields: [
          { name: "Role", value: "Surgeon", inline: true },
          { name: "Note", value: "Long" },
        ],
      },
      { kind: "image", url: "https://example.org/i.png", alt: "A photo" },
      { kind: "links", label: "Sources", links: [{ label: "site", url: "https://example.org" }, { label: "fan article" }] },
      { kind: "spoiler", label: "Spoilers", markdown: "He lives" },
      { kind: "note", text: "footer" },
      {
        kind: "actions",
        controls: [
          { kind: "button", label: "Next ▶", id: "ep:2:en" },
          { kind: "select", placeholder: "Choose", id: "chs:en", options: [{ label: "A", value: "a" }] },
        ],
      },
    ],
  };

  it.each(["discord", "slack"] as const)("draws every block kind as a %s message, loading nothing", (style) => {
    const html = replyCard(reply, style, style);
    expect(html).toContain(`class="msg ${style}"`);
    expect(html).toContain('<a href="https://example.org/t" rel="noopener noreferrer">Title &lt;1&gt;</a>');
    expect(html).toContain("<strong>text</strong>");
    expect(html).toContain('class="field inline"');
    expect(html).toContain('aria-label="A photo"');
    expect(html).not.toContain("i.png");
    expect(html).toContain("fan article");
    expect(html).toContain("<details");
    expect(html).toContain("Next ▶");
    expect(html).toContain("Choose ▾");
  });

  it("puts Discord's content in an embed with the buttons below it, and Slack's in blocks", () => {
    expect(replyCard(reply, "discord", "d")).toMatch(/<div class="embed">.*<\/div><div class="actions">/);
    expect(replyCard(reply, "slack", "s")).not.toContain('class="embed"');
  });
});

describe("replyCard's addresses", () => {
  it("links only a web address: a heading, a source or a link button with another scheme shows its text alone", () => {
    const reply: Reply = {
      visibility: "public",
      blocks: [
        { kind: "heading", text: "Heading", url: "javascript:alert(1)" },
        { kind: "links", links: [{ label: "source", url: " JavaScript:alert(2)" }] },
        { kind: "section", markdown: "text", accessory: { kind: "link", label: "Read", url: "vbscript:msgbox(3)" } },
        { kind: "actions", controls: [{ kind: "link", label: "Watch", url: "data:text/html,<b>4</b>" }] },
      ],
    };
    for (const style of ["discord", "slack"] as const) {
      const html = replyCard(reply, style, style);
      expect(html).not.toMatch(/href="\s*(?!https?:\/\/)/i);
      for (const label of ["Heading", "source", "Read", "Watch"]) expect(html).toContain(label);
    }
  });
});
