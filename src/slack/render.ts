// Reply -> Slack Block Kit. All of Slack's size limits are applied here and only here.
import {
  type Accessory,
  assertNever,
  type Block,
  type Control,
  type Markdown,
  plainInMarkdown,
  type Reply,
  USER_IDS,
  written,
} from "../reply";
import { siteName } from "../site-name";
import { fitted, truncate, truncateMarkup, whole } from "../text";

export const SLACK_BLOCKS_MAX = 50;
export const SLACK_HEADER_MAX = 150;
export const SLACK_SECTION_TEXT_MAX = 3000;
export const SLACK_FIELDS_MAX = 10;
export const SLACK_FIELD_TEXT_MAX = 2000;
export const SLACK_CONTEXT_TEXT_MAX = 3000;
export const SLACK_CONTEXT_ELEMENTS_MAX = 10;
export const SLACK_ACTION_ELEMENTS_MAX = 25;
export const SLACK_BUTTON_TEXT_MAX = 75;
export const SLACK_ACTION_ID_MAX = 255;
export const SLACK_OPTION_TEXT_MAX = 75;
export const SLACK_OPTION_VALUE_MAX = 150;
export const SLACK_SELECT_OPTIONS_MAX = 100;
export const SLACK_PLACEHOLDER_MAX = 150;
export const SLACK_ALT_TEXT_MAX = 2000;
export const SLACK_FALLBACK_TEXT_MAX = 3000;
export const SLACK_BUTTON_URL_MAX = 3000;
/** Link buttons still send a click to the app; ids with this prefix are acknowledged and otherwise ignored. */
export const SLACK_LINK_ACTION_PREFIX = "link:";

type Text = { type: "mrkdwn" | "plain_text"; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: "header"; text: Text }
  | { type: "section"; text?: Text; fields?: Text[]; accessory?: Record<string, unknown> }
  | { type: "context"; elements: Text[] }
  | { type: "image"; image_url: string; alt_text: string }
  | { type: "divider" }
  | { type: "actions"; elements: Record<string, unknown>[] };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Text as Slack sends and reads it: `&`, `<` and `>` as entities. */
export const escapeText = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/**
 * Slack's mrkdwn has no backslash escapes, so a character our markdown escaped (user text, see `literal`)
 * becomes a look-alike that Slack cannot read as formatting, and ":" and "." get a zero-width space so
 * neither a link nor an emoji code forms. Written by hand: no Slack library escapes mrkdwn formatting.
 */
const SLACK_LITERAL: Record<string, string> = { "*": "∗", _: "ˍ", "~": "∼", "`": "ˋ", ":": ":\u200b", ".": ".\u200b" };
const unescapeLiteral = (text: string) => text.replace(/\\([^\sA-Za-z0-9])/g, (_w, ch: string) => SLACK_LITERAL[ch] ?? ch);

/**
 * A URL as the target of a `<url|label>` link. A URL may hold `<`, `>` and `|` as typed (a feed's link
 * does: the URL parser takes them), and Slack would read them as the link's end or label, and what
 * follows as markup (`<!channel>`): they are percent-encoded, as a browser sends them anyway.
 */
const linkTarget = (url: string) => url.replace(/[<>|]/g, (ch) => encodeURIComponent(ch));

/** A letter or digit: what Slack's `*bold*` may not touch. */
const WORD = /[\p{L}\p{N}]/u;

/**
 * Slack reads `*bold*` only where its marks stand between spaces or punctuation; against a letter, as a
 * Korean particle follows a word (`*번호*에는`), it shows the asterisks. Such a span goes out unmarked (the
 * interface strings write none: a test holds them to it).
 */
const bold = (whole: string, inner: string, at: number, text: string) =>
  WORD.test(text[at - 1] ?? "") || WORD.test(text[at + whole.length] ?? "") ? inner : `*${inner}*`;

/**
 * A link of our markdown, read before its escapes are: its label may hold escaped brackets (a Korean
 * headline opens with `[공식]`, escaped by plainInMarkdown), which end no label, and an escaped `[` opens none.
 */
const LINK = /(?<!\\)\[((?:\\.|[^\]\\])+)\]\((https?:\/\/[^)\s]+)\)/g;

/** Our markdown (**bold**, _italic_, [label](url)) as Slack mrkdwn. */
export function toMrkdwn(markdown: string): string {
  return unescapeLiteral(
    escapeText(markdown).replace(
      LINK,
      (_whole, label: string, url: string) => `<${linkTarget(url.replaceAll("&amp;", "&"))}|${label.replaceAll("|", "¦")}>`,
    ),
  ).replace(/\*\*(.+?)\*\*/gs, bold);
}

/**
 * Plain text (a site's name, a link's label) as mrkdwn that shows it as written: escaped into our markdown,
 * as the timeline's sources are, then converted, so that a `_`, `*`, `~` or backtick in it formats nothing
 * and an `&` is no entity. A site is named the same under a heading, in a card's sources and in the timeline.
 */
const shownPlain = (text: string): string => toMrkdwn(plainInMarkdown(text));

/**
 * Text for the notification fallback: links and bold removed, and escaped like the blocks, since Slack
 * reads `text` as mrkdwn too (a typed `<!channel>` would otherwise notify everyone).
 */
export function toPlain(markdown: string): string {
  return unescapeLiteral(escapeText(markdown.replace(/(?<!\\)\[([^\]]+)\]\([^)]+\)/g, "$1").replace(/\*\*(.+?)\*\*/gs, "$1")));
}

/**
 * Our markdown as Slack reads it, its text through `convert` (which escapes every `<`): a Slack user named
 * in it as their mention, written here, where no text can reach; another platform's in words.
 */
const slackText = (markdown: Markdown, convert: (markdown: string) => string) =>
  written(markdown, convert, (m) =>
    m.platform === "slack" && USER_IDS.slack.test(m.userId) ? `<@${m.userId}>` : convert(m.elsewhere),
  );

/** Half an entity (`&am` of `&amp;`) at the end of a cut text: escaped text holds `&` only as an entity's. */
export const HALF_ENTITY = /&[a-z]{0,4}$/;

/** A link or mention (`<…>`) or an entity (`&lt;`) left open at the end of a cut text. */
const OPEN_MARKUP = /<[^>]*$|&[a-z]{0,4}$/;

/**
 * Slack quotes every line that starts with `>` (`&gt;` as sent), and our markdown has no quotes: such a line
 * starts with what a user typed or a feed wrote (a name typed, at the start of an answer's notification
 * text, which drops bold). A zero-width space before it keeps the line as written.
 */
const unquoted = (text: string) => text.replace(/^&gt;/gm, "\u200b&gt;");

/** mrkdwn cut to `max` before a link the cut would split, rather than through its address. */
const mrkdwn = (text: string, max: number): Text => ({
  type: "mrkdwn",
  text: truncateMarkup(text.trim() ? unquoted(text) : " ", max, OPEN_MARKUP, HALF_ENTITY),
});
const plain = (text: string, max: number): Text => ({
  type: "plain_text",
  text: truncate(text.trim() ? text : " ", max),
  emoji: true,
});

/**
 * Long text (mrkdwn) as the texts of sections of at most `max` characters. Each ends at a line break where
 * there is one in its second half, else at a space, else where the limit falls; never inside a link, a
 * mention, an entity or a character, nor inside a bold or an italic span where it can end before it. A span
 * longer than a section is ended where the section ends and opened again where the next begins; a link too
 * long for a section shows the start of its label, ending in "…". What each section shows is what the whole
 * text would, and nothing else is lost.
 */
export function sectionTexts(text: string, max = SLACK_SECTION_TEXT_MAX): Text[] {
  const out: Text[] = [];
  // Marked before the cut, so that each section's length is the length sent.
  let rest = unquoted(text);
  while (rest.length > max) {
    const { at, open, shown = rest.slice(0, at) } = sectionEnd(rest, max);
    const close = [...open].reverse().join("");
    out.push(mrkdwn(shown + close, max));
    // A span the text closes right where the section ends (a bold link's `*`) is closed by the section only,
    // not opened again just to close: the next section would start with `**`, which shows as written.
    let after = rest.slice(at);
    let again = open;
    for (const mark of close) {
      if (!after.startsWith(mark)) break;
      after = after.slice(mark.length);
      again = again.slice(0, -1);
    }
    // A rest that starts mid-line with `&gt;` is marked here too, before it is measured as the last section.
    rest = unquoted(again + after.replace(/^[\n ]/, ""));
  }
  // A section that ended with the text's last link leaves nothing to show after it.
  if (!out.length || rest.trim()) out.push(mrkdwn(rest, max));
  return out;
}

const sections = (text: string): SlackBlock[] => sectionTexts(text).map((t) => ({ type: "section", text: t }));

/** Bold's and italic's marks, as many as a section may have to close and open again. */
const SPAN_MARKS = ["*", "_"] as const;

/**
 * Where the first section of `text` (longer than `max`) ends, and the spans still open there (their marks,
 * in the order they opened), which the section closes and the next opens again; see `sectionTexts`. What the
 * section shows, where that is not the text up to its end (a link's label cut), is `shown`.
 */
function sectionEnd(text: string, max: number): { at: number; open: string; shown?: string } {
  // Room for the marks of spans that began with the text and run on past the section.
  const room = max - SPAN_MARKS.length;
  const lastBefore = (char: string) => {
    const at = text.lastIndexOf(char, room);
    return at > room / 2 ? at : -1;
  };
  let at = lastBefore("\n");
  if (at < 0) at = lastBefore(" ");
  // A single character longer than a section (an emoji sequence joined without end) is cut between code points.
  if (at < 0) at = fitted(text, room).length || room - (/[\ud800-\udbff]/.test(text.charAt(room - 1)) ? 1 : 0);
  const markup = OPEN_MARKUP.exec(text.slice(0, at));
  // A section ends before a link or an entity the cut falls in, where anything but the marks of spans opened
  // again stands before it (ended there, the section would hold only those marks and the rest would start
  // the same again). A link at the section's head ends it instead where it fits whole; one too long for
  // that shows its label cut, ending in "…", and only an address too long for any label is cut through,
  // outside its label's entities.
  let shown: { text: string; at: number } | undefined;
  if (markup && /[^*_]/.test(text.slice(0, markup.index))) at = markup.index;
  else if (markup?.[0].startsWith("<")) {
    const end = text.indexOf(">", markup.index) + 1;
    const cut = end > room ? shortLink(text.slice(markup.index, end), room - markup.index) : undefined;
    if (end > 0 && end <= room) at = end;
    else if (end > 0 && cut) {
      at = end;
      shown = { text: text.slice(0, markup.index) + cut, at };
    } else at = HALF_ENTITY.exec(text.slice(0, at))?.index ?? at;
  }
  // A `*` or `_` outside links is only ever bold's or italic's (a typed one is a look-alike): an odd count of
  // either leaves a span open. It is then ended before that mark's last one outside links (one in a link's
  // address or label is the link's), and again while the earlier end leaves a span open; one that opened
  // with the text stays open, as does one whose mark follows that one's at the text's head (a span opened
  // again after a cut, then the text's own): ended there, the section would hold nothing but marks.
  const head = Math.max(1, /^[*_]*/.exec(text)?.[0].length ?? 0);
  for (;;) {
    const found = [...text.slice(0, at).matchAll(/<[^>]*>|[*_]/g)];
    const lastOpen = (mark: string) => {
      const marks = found.filter(([m]) => m === mark);
      return marks.length % 2 === 1 ? (marks.at(-1)?.index ?? 0) : -1;
    };
    const open = SPAN_MARKS.map((mark) => ({ mark, from: lastOpen(mark) })).filter(({ from }) => from >= 0);
    const end = Math.max(-1, ...open.map(({ from }) => from));
    if (end < head)
      return {
        at,
        open: open
          .sort((a, b) => a.from - b.from)
          .map(({ mark }) => mark)
          .join(""),
        ...(shown?.at === at ? { shown: shown.text } : {}),
      };
    at = end;
  }
}

/**
 * A link (`<address|label>`) within `max` characters, its label cut and ending in "…", never inside an entity
 * or a character; undefined where its address leaves no room for a label.
 */
function shortLink(link: string, max: number): string | undefined {
  const bar = link.indexOf("|");
  // `<address|` before the label, `>` after it.
  const room = max - bar - 2;
  if (bar < 0 || room < 2) return undefined;
  const label = truncate(link.slice(bar + 1, -1), room, HALF_ENTITY);
  return label === "…" ? undefined : `${link.slice(0, bar + 1)}${label}>`;
}

/** A button's or menu's id, whole: a cut one would carry corrupted state back on a click. */
const actionId = (id: string) => whole(id, SLACK_ACTION_ID_MAX, "Slack action_id");

function toElement(control: Control, index: number): Record<string, unknown> {
  switch (control.kind) {
    case "link":
      return {
        type: "button",
        text: plain(control.label, SLACK_BUTTON_TEXT_MAX),
        action_id: `${SLACK_LINK_ACTION_PREFIX}${index}`,
        url: control.url.slice(0, SLACK_BUTTON_URL_MAX),
      };
    default:
      return toElements([control])[0] as Record<string, unknown>;
  }
}

function toAccessory(accessory: Accessory, index: number): Record<string, unknown> {
  if (accessory.kind === "thumbnail")
    return { type: "image", image_url: accessory.url, alt_text: truncate(accessory.alt || " ", SLACK_ALT_TEXT_MAX) };
  return toElement(accessory, index);
}

/**
 * Slack buttons cannot be greyed out: a button the reply disables (Previous on the first episode) is left
 * out, since drawn it would only answer that it has expired. A menu with no options is left out too: Slack
 * refuses the whole message for it.
 */
const drawn = (control: Control | Accessory): boolean =>
  !(control.kind === "button" && control.disabled) && !(control.kind === "select" && !control.options.length);

function toElements(controls: Control[]): Record<string, unknown>[] {
  return controls.slice(0, SLACK_ACTION_ELEMENTS_MAX).map((control, index) => {
    switch (control.kind) {
      case "link":
        return toElement(control, index);
      case "button": {
        // The id is the value too; a value may be 2,000 characters, so the action_id limit is the one that binds.
        const id = actionId(control.id);
        return {
          type: "button",
          text: plain(control.label, SLACK_BUTTON_TEXT_MAX),
          action_id: id,
          value: id,
          ...(control.style === "primary" || control.style === "danger" ? { style: control.style } : {}),
        };
      }
      case "select":
        return {
          type: "static_select",
          action_id: actionId(control.id),
          placeholder: plain(control.placeholder, SLACK_PLACEHOLDER_MAX),
          options: control.options.slice(0, SLACK_SELECT_OPTIONS_MAX).map((o) => ({
            text: plain(o.label, SLACK_OPTION_TEXT_MAX),
            value: whole(o.value, SLACK_OPTION_VALUE_MAX, "Slack option value"),
          })),
        };
      default:
        return assertNever(control);
    }
  });
}

function toBlocks(block: Block): SlackBlock[] {
  switch (block.kind) {
    case "heading": {
      const header: SlackBlock = { type: "header", text: plain(block.text, SLACK_HEADER_MAX) };
      const site = block.url && siteName(block.url);
      // What no URL parser reads links nowhere: the heading stands alone, and the answer is still sent.
      if (!block.url || !site) return [header];
      return [
        header,
        { type: "context", elements: [mrkdwn(`<${linkTarget(block.url)}|${shownPlain(site)}>`, SLACK_CONTEXT_TEXT_MAX)] },
      ];
    }
    case "text":
      return sections(slackText(block.markdown, toMrkdwn));
    case "fields": {
      const out: SlackBlock[] = [];
      for (let i = 0; i < block.fields.length; i += SLACK_FIELDS_MAX) {
        const fields = block.fields
          .slice(i, i + SLACK_FIELDS_MAX)
          .map((f) => mrkdwn(`*${escapeText(f.name)}*\n${toMrkdwn(f.value)}`, SLACK_FIELD_TEXT_MAX));
        out.push({ type: "section", fields });
      }
      return out;
    }
    case "image":
      return [{ type: "image", image_url: block.url, alt_text: truncate(block.alt || " ", SLACK_ALT_TEXT_MAX) }];
    case "links": {
      const links = block.links.map((l) => {
        const label = shownPlain(l.label);
        return l.url ? `<${linkTarget(l.url)}|${label}>` : label;
      });
      // A context element holds 3,000 characters, and ten long addresses (news search links) pass that:
      // the links go on in the block's next elements, each whole, instead of one cut through an address.
      const texts: string[] = [];
      for (const link of links) {
        const last = texts.length - 1;
        const joined = `${texts[last]} · ${link}`;
        if (last < 0) texts.push(block.label ? `*${escapeText(block.label)}:* ${link}` : link);
        else if (joined.length <= SLACK_CONTEXT_TEXT_MAX || texts.length === SLACK_CONTEXT_ELEMENTS_MAX) texts[last] = joined;
        else texts.push(`· ${link}`);
      }
      if (!texts.length) texts.push(block.label ? `*${escapeText(block.label)}:*` : "");
      return [{ type: "context", elements: texts.map((text) => mrkdwn(text, SLACK_CONTEXT_TEXT_MAX)) }];
    }
    case "spoiler": {
      // Slack has no spoiler markup: the label shows, and a button reveals the text to whoever clicks it.
      const label = mrkdwn(`🙈 *${escapeText(block.label)}*`, SLACK_SECTION_TEXT_MAX);
      if (!block.reveal) return [{ type: "context", elements: [label] }];
      const button = { kind: "button" as const, label: block.reveal.label, id: block.reveal.id };
      return [{ type: "section", text: label, accessory: toElement(button, 0) }];
    }
    case "section": {
      const text = mrkdwn(slackText(block.markdown, toMrkdwn), SLACK_SECTION_TEXT_MAX);
      const { accessory } = block;
      return [{ type: "section", text, ...(accessory && drawn(accessory) ? { accessory: toAccessory(accessory, 0) } : {}) }];
    }
    case "separator":
      return [{ type: "divider" }];
    case "note":
      return [{ type: "context", elements: [mrkdwn(escapeText(block.text), SLACK_CONTEXT_TEXT_MAX)] }];
    case "actions": {
      const controls = block.controls.filter(drawn);
      return controls.length ? [{ type: "actions", elements: toElements(controls) }] : [];
    }
    default:
      return assertNever(block);
  }
}

/** The first heading and text, without markup: what notifications and screen readers show. */
function fallbackText(reply: Reply): string {
  const parts: string[] = [];
  for (const block of reply.blocks) {
    // A heading is plain text: what mrkdwn would read in it is escaped first (a feed's `*second*` stays as written).
    if (block.kind === "heading") parts.push(toPlain(plainInMarkdown(block.text)));
    if (block.kind === "text" || block.kind === "section") parts.push(slackText(block.markdown, toPlain));
    if (parts.length >= 2) break;
  }
  return truncate(unquoted(parts.join("\n").trim()) || " ", SLACK_FALLBACK_TEXT_MAX, HALF_ENTITY);
}

export function toSlackMessage(reply: Reply): SlackMessage {
  const blocks = reply.blocks.flatMap(toBlocks);
  if (blocks.length <= SLACK_BLOCKS_MAX) return { text: fallbackText(reply), blocks };
  // Too many blocks: the content is cut, and the buttons, how a reader goes on, are kept in their places.
  let cut = blocks.length - SLACK_BLOCKS_MAX;
  const kept: typeof blocks = [];
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i] as (typeof blocks)[number];
    if (cut > 0 && block.type !== "actions") cut--;
    else kept.unshift(block);
  }
  return { text: fallbackText(reply), blocks: kept.slice(0, SLACK_BLOCKS_MAX) };
}

export function toSlackResponse(reply: Reply) {
  return {
    response_type: reply.visibility === "ephemeral" ? ("ephemeral" as const) : ("in_channel" as const),
    ...(reply.replace ? { replace_original: true } : {}),
    ...toSlackMessage(reply),
  };
}
