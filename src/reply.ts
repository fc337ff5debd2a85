// The platform-neutral answer every command returns. Renderers in src/discord and src/slack turn it
// into platform JSON and apply the platform limits; commands never truncate.
// Markdown inside blocks is limited to **bold**, _italic_ and [label](url); a person is named by a Mention.
import type { PlatformName } from "./platform-name";
import { DIRECTION_CONTROLS, fitted } from "./text";

export type Visibility = "public" | "ephemeral";

export interface Field {
  name: string;
  value: string;
  inline?: boolean;
}

export interface Link {
  label: string;
  /** Without a URL the label is shown as plain text. */
  url?: string;
}

export interface Button {
  kind: "button";
  label: string;
  /** Opaque state the platform sends back on click (`componentId` in src/command.ts). */
  id: string;
  style?: "primary" | "secondary" | "danger";
  disabled?: boolean;
}

export interface Select {
  kind: "select";
  placeholder: string;
  id: string;
  options: { label: string; value: string; description?: string }[];
}

/** A button that opens a web page (Netflix, an article). Nothing comes back to the bot when it is clicked. */
export interface LinkButton {
  kind: "link";
  label: string;
  url: string;
}

export type Control = Button | Select | LinkButton;

/** What sits beside a section's text: a small picture, a button, or a link button. */
export type Accessory = { kind: "thumbnail"; url: string; alt: string } | Button | LinkButton;

/**
 * A person of one platform named in a text: a mention on that platform (Discord's pings no one, its
 * messages allow no mentions), and `elsewhere`, plain words, on the other platform and the web, where
 * the id names no one. Never written into the markdown itself: Slack's renderer escapes every `<` of it,
 * so that no text a user or a feed wrote becomes a mention there.
 */
export interface Mention {
  kind: "mention";
  platform: PlatformName;
  userId: string;
  elsewhere: string;
}

/**
 * How each platform's user ids look (Discord's snowflakes; Slack's U…, W… in an Enterprise Grid): a Mention
 * is written as one only for an id of its platform's shape.
 */
export const USER_IDS: Record<PlatformName, RegExp> = { discord: /^\d+$/, slack: /^[UW][A-Z0-9]+$/ };

/** Our markdown, in pieces where it names a person. */
export type Markdown = string | readonly (string | Mention)[];

/** `markdown` as one string: its text through `text`, each person through `mention`. */
export const written = (markdown: Markdown, text: (markdown: string) => string, mention: (mention: Mention) => string) =>
  typeof markdown === "string" ? text(markdown) : markdown.map((p) => (typeof p === "string" ? text(p) : mention(p))).join("");

/** `markdown` with every person in words: for the web and for text that is no platform's message. */
export const inWords = (markdown: Markdown): string =>
  written(
    markdown,
    (text) => text,
    (m) => m.elsewhere,
  );

export type Block =
  | { kind: "heading"; text: string; url?: string }
  | { kind: "text"; markdown: Markdown }
  | { kind: "fields"; fields: Field[] }
  | { kind: "image"; url: string; alt: string }
  | { kind: "links"; label?: string; links: Link[] }
  /**
   * Hidden text. Discord hides it with spoiler markup; Slack has none, so it shows the label and a button
   * (`reveal`: its id and label) whose answer shows the text to the one reader who clicked.
   */
  | { kind: "spoiler"; label: string; markdown: string; reveal?: { id: string; label: string } }
  | { kind: "note"; text: string }
  | { kind: "actions"; controls: Control[] }
  /** Text with something beside it: a thumbnail, or a button that belongs to this text. */
  | { kind: "section"; markdown: Markdown; accessory?: Accessory }
  /** A line between parts of an answer. */
  | { kind: "separator" };

/** A form of text inputs; its answer comes back to the component of `id` with the inputs' values in order. */
export interface Form {
  id: string;
  title: string;
  inputs: { id: string; label: string; paragraph: boolean; required: boolean; max: number; value?: string }[];
}

/**
 * The most text a reply's blocks may hold and still be shown whole on every platform: the smallest of the
 * renderers' limits, Discord's Components V2 message (4,000 characters, links' addresses counted). A
 * renderer cuts what passes it; an answer whose text can run longer (a timeline of found stories) is laid
 * out to stay within it.
 */
export const REPLY_TEXT_MAX = 4_000;

export interface Reply {
  visibility: Visibility;
  blocks: Block[];
  /** Replace the message the user clicked on instead of posting a new one. */
  replace?: boolean;
  /**
   * Open this form instead of answering, where the platform can in reply to a click (Discord); the
   * blocks are the answer where it cannot (Slack needs a views.open call for a form).
   */
  form?: Form;
}

/** `text` with every character `chars` matches (a global pattern) escaped by a backslash, so markdown shows it as written. */
export const escaped = (text: string, chars: RegExp): string => text.replace(chars, (ch) => `\\${ch}`);

/**
 * Plain text (a title, a feed's outlet) set inside our markdown, as a link's label or in a line: the
 * characters that would format it or break the link are escaped, so it shows as written.
 */
export const plainInMarkdown = (text: string): string => escaped(text, /[\\*_~`|[\]()<>#]/g);

/**
 * A URL as a markdown link's target: the characters that would end it early are percent-encoded, as a
 * browser sends them anyway. A URL may hold `(` and `)` as written (a feed's link does: the URL parser
 * keeps them), and the first `)` would close the link, and what follows show as text or as links of its own.
 */
export const linkAddress = (url: string): string =>
  url.replace(/[()<>\s]/g, (ch) => (ch === "(" ? "%28" : ch === ")" ? "%29" : encodeURIComponent(ch)));

/** A link in our markdown to `url`, its label already markdown. */
export const markdownLink = (label: string, url: string): string => `[${label}](${linkAddress(url)})`;

/** Line breaks of every kind, which a typed value (a Slack command's text) can hold. */
const LINE_BREAKS = /[\n\r\v\f\u0085\u2028\u2029]+/g;

/**
 * Text a user typed, made inert in our markdown: every formatting character is escaped with a backslash
 * (renderers turn `\\x` into a literal x), so it can form no bold, link, mention or spoiler where it is
 * echoed back, and its direction controls are dropped. It is echoed on one line, its line breaks made
 * spaces, and a `#` or `-` it begins with is escaped too, so that where it begins a line it starts no
 * heading, small print line (`-# `) or list. Written by hand: it escapes our own small markdown dialect.
 */
export const literal = (text: string): string =>
  escaped(text.replace(DIRECTION_CONTROLS, "").replace(LINE_BREAKS, " "), /[\\*_~`|[\]<>:.]/g).replace(/^(\s*)([#-])/, "$1\\$2");

/** The longest an API's answer is shown (a Discord error's message is a line; anything longer is not ours to show). */
export const RAW_SHOWN_MAX = 200;

/**
 * Text an API answered (an error's code and message), shown as a code span for the reader who wants it as
 * written. Inside one, neither platform formats anything or mentions anyone, so only what would end the
 * span or reach our renderers is changed: a backtick becomes a look-alike, as does a backslash (our Slack
 * renderer reads it as an escape), a line break a space, and `](` is split by a zero-width space, since the
 * Slack renderer reads links before it knows of code spans. It escapes every `<` of it, as of any text.
 */
export const rawCode = (text: string): string =>
  `\`${fitted(text, RAW_SHOWN_MAX)
    .replace(/\s+/g, " ")
    .replaceAll("`", "ˋ")
    .replaceAll("\\", "∖")
    .replaceAll("](", "]\u200b(")}\``;

export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}

export const reply = (blocks: Block[], visibility: Visibility = "public"): Reply => ({ visibility, blocks });

/** A short ephemeral answer: hints, refusals, confirmations. */
export const hint = (markdown: string): Reply => reply([{ kind: "text", markdown }], "ephemeral");

export interface CardInput {
  title: string;
  url?: string;
  /** Shown beside the text: a picture (only with a stable, licensed URL) or a link button. */
  accessory?: Accessory;
  text?: Markdown;
  fields?: Field[];
  image?: { url: string; alt: string };
  spoiler?: { label: string; markdown: string; reveal?: { id: string; label: string } };
  sources?: { label: string; links: Link[] };
  note?: string;
  controls?: Control[];
}

/**
 * One titled answer, in reading order: heading, fields, text (with the accessory beside it), image,
 * then a separator before the spoiler and the sources, the footer note and the controls.
 */
export function card(input: CardInput): Reply {
  const blocks: Block[] = [{ kind: "heading", text: input.title, url: input.url }];
  if (input.fields?.length) blocks.push({ kind: "fields", fields: input.fields });
  if (input.accessory) blocks.push({ kind: "section", markdown: input.text ?? "", accessory: input.accessory });
  else if (input.text) blocks.push({ kind: "text", markdown: input.text });
  if (input.image) blocks.push({ kind: "image", ...input.image });
  if (input.spoiler || input.sources?.links.length) blocks.push({ kind: "separator" });
  if (input.spoiler) blocks.push({ kind: "spoiler", ...input.spoiler });
  if (input.sources?.links.length) blocks.push({ kind: "links", ...input.sources });
  if (input.note) blocks.push({ kind: "note", text: input.note });
  if (input.controls?.length) blocks.push({ kind: "actions", controls: input.controls });
  return reply(blocks);
}

/** A titled list: one line per item. */
export function list(input: { title: string; intro?: string; items: string[]; note?: string; controls?: Control[] }): Reply {
  const lines = input.items.join("\n");
  return card({
    title: input.title,
    text: input.intro ? `${input.intro}\n\n${lines}` : lines,
    note: input.note,
    controls: input.controls,
  });
}
