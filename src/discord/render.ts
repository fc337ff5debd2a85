// Reply -> Discord message JSON. All of Discord's size limits are applied here and only here.
// Two renderers: Components V2 (a container with text displays, sections, separators, a media gallery
// and the buttons) for answers to commands and clicks, and embeds for channel posts, which reach other
// servers through announcement-channel follows, where a message made only of components may not show.
import type {
  APIButtonComponent,
  APIComponentInContainer,
  APIContainerComponent,
  APIMessageTopLevelComponent,
  APISectionAccessoryComponent,
  APITextDisplayComponent,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from "discord-api-types/v10";
import type { Choice } from "../command";
import {
  type Accessory,
  assertNever,
  type Block,
  type Control,
  escaped,
  type Field,
  type Form,
  type Markdown,
  markdownLink,
  type Reply,
  USER_IDS,
  written,
} from "../reply";
import { fitted, LONE_ESCAPE, truncate, truncateMarkup, whole } from "../text";

export const DISCORD_EMBED_TITLE_MAX = 256;
export const DISCORD_EMBED_DESCRIPTION_MAX = 4096;
export const DISCORD_EMBED_FIELDS_MAX = 25;
export const DISCORD_FIELD_NAME_MAX = 256;
export const DISCORD_FIELD_VALUE_MAX = 1024;
export const DISCORD_FOOTER_MAX = 2048;
export const DISCORD_EMBED_TOTAL_MAX = 6000;
export const DISCORD_EMBEDS_MAX = 10;
export const DISCORD_CONTENT_MAX = 2000;
export const DISCORD_ACTION_ROWS_MAX = 5;
export const DISCORD_BUTTONS_PER_ROW = 5;
export const DISCORD_BUTTON_LABEL_MAX = 80;
export const DISCORD_CUSTOM_ID_MAX = 100;
export const DISCORD_SELECT_OPTIONS_MAX = 25;
export const DISCORD_SELECT_TEXT_MAX = 100;
export const DISCORD_EPHEMERAL = 64;
export const DISCORD_EMBED_COLOR = 0xc8102e;
/** Components V2: every component counts, nested ones included; text displays share one text budget. */
export const DISCORD_V2_COMPONENTS_MAX = 40;
export const DISCORD_V2_TEXT_MAX = 4000;
export const DISCORD_V2_SECTION_TEXTS_MAX = 3;
export const DISCORD_MEDIA_DESCRIPTION_MAX = 1024;
export const DISCORD_MEDIA_GALLERY_ITEMS_MAX = 10;
export const DISCORD_BUTTON_URL_MAX = 512;

// discord-api-types' enums, as values: its runtime module is CommonJS and large, so only its types are
// imported and the few numbers are written here, checked against those types.
const FLAG_COMPONENTS_V2 = (1 << 15) as MessageFlags.IsComponentsV2;
const LINK_STYLE = 5 as ButtonStyle.Link;
const C = {
  Button: 2 as ComponentType.Button,
  Section: 9 as ComponentType.Section,
  TextDisplay: 10 as ComponentType.TextDisplay,
  Thumbnail: 11 as ComponentType.Thumbnail,
  MediaGallery: 12 as ComponentType.MediaGallery,
  Separator: 14 as ComponentType.Separator,
  Container: 17 as ComponentType.Container,
} as const;

export interface DiscordEmbed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  image?: { url: string };
  thumbnail?: { url: string };
  footer?: { text: string };
}

export interface DiscordComponent {
  type: number;
  components?: DiscordComponent[];
  style?: number;
  label?: string;
  custom_id?: string;
  disabled?: boolean;
  url?: string;
  placeholder?: string;
  options?: { label: string; value: string; description?: string }[];
}

/**
 * Any component of a rendered message read back loosely, nested ones included (action rows and their
 * buttons and menus, or Components V2 text displays, sections, galleries): for tools and tests that
 * print, draw or inspect answers.
 */
export interface DiscordComponentJson {
  type: number;
  content?: string;
  components?: DiscordComponentJson[];
  accessory?: DiscordComponentJson;
  label?: string;
  custom_id?: string;
  url?: string;
  style?: number;
  disabled?: boolean;
  placeholder?: string;
  options?: { label: string; value: string; description?: string }[];
  items?: { media: { url: string }; description?: string }[];
  media?: { url: string };
  description?: string;
  accent_color?: number;
}

export interface DiscordMessage {
  content?: string;
  embeds?: DiscordEmbed[];
  components?: DiscordComponent[] | APIMessageTopLevelComponent[];
  allowed_mentions: { parse: never[] };
  flags?: number;
}

/** A button's or menu's id, whole: a cut one would carry corrupted state back on a click. */
const customId = (id: string) => whole(id, DISCORD_CUSTOM_ID_MAX, "Discord custom_id");

const nonEmpty = (text: string) => (text.trim() ? text : "\u200b");

/**
 * Plain text (a heading, a link's label) set into markdown: the characters that would format it, or close
 * a link's label early and make a link of its own, are escaped. Headings and labels are plain text in the
 * Reply model; some come from feeds, written by strangers. (A URL inside a link's label forms no link.)
 */
const plainText = (text: string) => escaped(text, /[\\[\]*_~`|<>]/g);

const linkText = (label: string, url?: string) => (url ? markdownLink(plainText(label), url) : plainText(label));

/** A markdown link left open at the end of a cut text: `[label` or `[label](address`, its `[` not escaped. */
const OPEN_LINK = /(?<!\\)\[(?:\\.|[^\]\\])*(?:\]\([^)]*)?$/;

const SPOILER_MARK = "||";

/**
 * Markdown cut to `max`, before a link the cut would split rather than through its address; a cut inside
 * a spoiler closes it, since an unclosed `||` hides nothing and what it held would show.
 */
function cutMarkdown(markdown: string, max: number): string {
  if (markdown.length <= max) return markdown;
  const cut = truncateMarkup(markdown, max - SPOILER_MARK.length, OPEN_LINK, LONE_ESCAPE);
  return cut.split(SPOILER_MARK).length % 2 === 0 ? `${cut}${SPOILER_MARK}` : cut;
}

/** Keep `||` inside spoiler text from closing the spoiler early. */
const spoiler = (markdown: string) => `||${markdown.replaceAll("||", "| |")}||`;

function embedSize(e: DiscordEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

/** Shrinks descriptions, then drops fields and embeds from the end, until the 6000 total holds. */
function fitTotal(embeds: DiscordEmbed[]): DiscordEmbed[] {
  let total = embeds.reduce((sum, e) => sum + embedSize(e), 0);
  while (total > DISCORD_EMBED_TOTAL_MAX && embeds.length) {
    const excess = total - DISCORD_EMBED_TOTAL_MAX;
    const longest = embeds.reduce((a, b) => ((b.description?.length ?? 0) > (a.description?.length ?? 0) ? b : a));
    const last = embeds[embeds.length - 1] as DiscordEmbed;
    if ((longest.description?.length ?? 0) > excess + 200) {
      longest.description = cutMarkdown(longest.description as string, (longest.description as string).length - excess);
    } else if (last.fields?.length) {
      last.fields.pop();
    } else if (embeds.length > 1) {
      embeds.pop();
    } else {
      last.description = cutMarkdown(last.description ?? "", Math.max(1, (last.description?.length ?? 0) - excess));
      if (embedSize(last) > DISCORD_EMBED_TOTAL_MAX) last.footer = undefined;
      if (embedSize(last) > DISCORD_EMBED_TOTAL_MAX) last.fields = undefined;
    }
    total = embeds.reduce((sum, e) => sum + embedSize(e), 0);
  }
  return embeds;
}

function finishEmbed(e: DiscordEmbed): DiscordEmbed {
  const out: DiscordEmbed = { color: DISCORD_EMBED_COLOR };
  if (e.title) out.title = truncate(e.title, DISCORD_EMBED_TITLE_MAX, LONE_ESCAPE);
  if (e.url) out.url = e.url;
  if (e.description) out.description = cutMarkdown(e.description, DISCORD_EMBED_DESCRIPTION_MAX);
  if (e.fields?.length)
    out.fields = e.fields.slice(0, DISCORD_EMBED_FIELDS_MAX).map((f) => ({
      name: truncate(nonEmpty(f.name), DISCORD_FIELD_NAME_MAX, LONE_ESCAPE),
      value: cutMarkdown(nonEmpty(f.value), DISCORD_FIELD_VALUE_MAX),
      ...(f.inline ? { inline: true } : {}),
    }));
  if (e.image) out.image = e.image;
  if (e.thumbnail) out.thumbnail = e.thumbnail;
  if (e.footer?.text) out.footer = { text: truncate(e.footer.text, DISCORD_FOOTER_MAX) };
  return out;
}

const BUTTON_STYLES = { primary: 1, secondary: 2, danger: 4 } as const;

function toComponents(controls: Control[]): DiscordComponent[] {
  const rows: DiscordComponent[] = [];
  let buttons: DiscordComponent[] = [];
  const flush = () => {
    if (buttons.length) rows.push({ type: 1, components: buttons });
    buttons = [];
  };
  for (const control of controls) {
    switch (control.kind) {
      case "button":
        if (buttons.length === DISCORD_BUTTONS_PER_ROW) flush();
        buttons.push({
          type: 2,
          style: BUTTON_STYLES[control.style ?? "secondary"],
          label: truncate(control.label, DISCORD_BUTTON_LABEL_MAX),
          custom_id: customId(control.id),
          ...(control.disabled ? { disabled: true } : {}),
        });
        break;
      case "link":
        if (buttons.length === DISCORD_BUTTONS_PER_ROW) flush();
        // As beside a text: its address within the 512 characters Discord takes.
        buttons.push(toButton(control) as DiscordComponent);
        break;
      case "select":
        flush();
        if (!control.options.length) break;
        rows.push({
          type: 1,
          components: [
            {
              type: 3,
              custom_id: customId(control.id),
              placeholder: truncate(control.placeholder, DISCORD_SELECT_TEXT_MAX),
              options: control.options.slice(0, DISCORD_SELECT_OPTIONS_MAX).map((o) => ({
                label: truncate(o.label, DISCORD_SELECT_TEXT_MAX),
                value: whole(o.value, DISCORD_SELECT_TEXT_MAX, "Discord select option value"),
                ...(o.description ? { description: truncate(o.description, DISCORD_SELECT_TEXT_MAX) } : {}),
              })),
            },
          ],
        });
        break;
      default:
        assertNever(control);
    }
  }
  flush();
  return rows.slice(0, DISCORD_ACTION_ROWS_MAX);
}

/**
 * Our markdown as Discord reads it: a Discord user named in it as their mention (every message allows
 * no mentions, so it pings no one), another platform's in words.
 */
const discordText = (markdown: Markdown) =>
  written(
    markdown,
    (text) => text,
    (m) => (m.platform === "discord" && USER_IDS.discord.test(m.userId) ? `<@${m.userId}>` : m.elsewhere),
  );

/** A reply that is nothing but text (hints, confirmations) goes out as plain content. */
const isPlain = (blocks: Block[]) => blocks.every((b) => b.kind === "text" || b.kind === "actions");

/** Buttons that sit beside a section's text, for renderers that cannot put them there. */
const accessoryControls = (blocks: Block[]): Control[] =>
  blocks.flatMap((b) => (b.kind === "section" && b.accessory && b.accessory.kind !== "thumbnail" ? [b.accessory] : []));

/** The embed rendering: channel posts (announcements) and anywhere Components V2 cannot go. */
export function toDiscordMessage(reply: Reply): DiscordMessage {
  const controls = [...accessoryControls(reply.blocks), ...reply.blocks.flatMap((b) => (b.kind === "actions" ? b.controls : []))];
  const components = controls.length ? toComponents(controls) : undefined;
  if (isPlain(reply.blocks)) {
    const text = reply.blocks.flatMap((b) => (b.kind === "text" ? [discordText(b.markdown)] : [])).join("\n\n");
    return {
      content: cutMarkdown(nonEmpty(text), DISCORD_CONTENT_MAX),
      ...(components ? { components } : {}),
      allowed_mentions: { parse: [] },
    };
  }
  const embeds: DiscordEmbed[] = [];
  let current: DiscordEmbed | undefined;
  const open = (): DiscordEmbed => {
    if (!current) {
      current = {};
      embeds.push(current);
    }
    return current;
  };
  const append = (markdown: string) => {
    const e = open();
    e.description = e.description ? `${e.description}\n\n${markdown}` : markdown;
  };
  for (const block of reply.blocks) {
    switch (block.kind) {
      case "heading":
        // A heading is plain text, and Discord reads markdown in an embed's title too.
        current = { title: plainText(block.text), url: block.url };
        embeds.push(current);
        break;
      case "text":
        append(discordText(block.markdown));
        break;
      case "fields":
        open().fields = [...(open().fields ?? []), ...block.fields];
        break;
      case "image":
        if (open().image) current = undefined;
        open().image = { url: block.url };
        break;
      case "links": {
        const links = block.links.map((l) => linkText(l.label, l.url)).join(" · ");
        append(block.label ? `**${block.label}:** ${links}` : links);
        break;
      }
      case "spoiler":
        append(`**${block.label}**\n${spoiler(block.markdown)}`);
        break;
      case "note":
        open().footer = { text: block.text };
        break;
      case "section": {
        // An embed has no place beside its text: a thumbnail becomes the embed's picture, a button joins the rows.
        const text = discordText(block.markdown);
        if (text.trim()) append(text);
        if (block.accessory?.kind === "thumbnail") open().thumbnail = { url: block.accessory.url };
        break;
      }
      case "separator":
      case "actions":
        break;
      default:
        assertNever(block);
    }
  }
  return {
    embeds: fitTotal(embeds.slice(0, DISCORD_EMBEDS_MAX).map(finishEmbed)),
    ...(components ? { components } : {}),
    allowed_mentions: { parse: [] },
  };
}

// ---- Components V2 -------------------------------------------------------------------------------

type Part =
  /** Text, or fields as text (`fields` kept, so that a cut shortens each value rather than end the text). */
  | { kind: "text"; text: string; fields?: Field[] }
  | { kind: "section"; text: string; accessory: APISectionAccessoryComponent }
  | { kind: "separator" }
  | { kind: "gallery"; items: { url: string; alt: string }[] }
  | { kind: "row"; row: DiscordComponent };

function toButton(control: Exclude<Accessory, { kind: "thumbnail" }>): APIButtonComponent {
  if (control.kind === "link")
    return {
      type: C.Button,
      style: LINK_STYLE,
      label: truncate(control.label, DISCORD_BUTTON_LABEL_MAX),
      url: control.url.slice(0, DISCORD_BUTTON_URL_MAX),
    };
  return {
    type: C.Button,
    style: BUTTON_STYLES[control.style ?? "secondary"],
    label: truncate(control.label, DISCORD_BUTTON_LABEL_MAX),
    custom_id: customId(control.id),
    ...(control.disabled ? { disabled: true } : {}),
  };
}

function toAccessory(accessory: Accessory): APISectionAccessoryComponent {
  if (accessory.kind === "thumbnail")
    return {
      type: C.Thumbnail,
      media: { url: accessory.url },
      description: truncate(accessory.alt, DISCORD_MEDIA_DESCRIPTION_MAX),
    };
  return toButton(accessory);
}

/** Fields as lines: short (inline) ones as "**name:** value", long ones with the name on its own line. */
const fieldsText = (fields: { name: string; value: string; inline?: boolean }[]) =>
  fields.map((f) => (f.inline ? `**${f.name}:** ${f.value}` : `**${f.name}**\n${f.value}`)).join("\n");

function toParts(blocks: Block[]): Part[] {
  const parts: Part[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case "heading": {
        const title = block.text.trim() ? block.text.replaceAll("\n", " ") : "\u200b";
        parts.push({ kind: "text", text: `## ${linkText(title, block.url)}` });
        break;
      }
      case "text":
        parts.push({ kind: "text", text: discordText(block.markdown) });
        break;
      case "fields":
        if (block.fields.length) parts.push({ kind: "text", text: fieldsText(block.fields), fields: block.fields });
        break;
      case "image": {
        const last = parts.at(-1);
        const item = { url: block.url, alt: block.alt };
        if (last?.kind === "gallery" && last.items.length < DISCORD_MEDIA_GALLERY_ITEMS_MAX) last.items.push(item);
        else parts.push({ kind: "gallery", items: [item] });
        break;
      }
      case "links": {
        const links = block.links.map((l) => linkText(l.label, l.url)).join(" · ");
        parts.push({ kind: "text", text: `-# ${block.label ? `**${block.label}:** ${links}` : links}` });
        break;
      }
      case "spoiler": {
        // Discord hides the text itself; the reveal button beside it shows it privately, without markup.
        const text = `**${block.label}**\n${spoiler(block.markdown)}`;
        if (block.reveal) {
          const button = { kind: "button" as const, label: block.reveal.label, id: block.reveal.id };
          parts.push({ kind: "section", text, accessory: toButton(button) });
        } else parts.push({ kind: "text", text });
        break;
      }
      case "note":
        parts.push({ kind: "text", text: `-# ${block.text}` });
        break;
      case "section":
        if (block.accessory)
          parts.push({ kind: "section", text: discordText(block.markdown), accessory: toAccessory(block.accessory) });
        else parts.push({ kind: "text", text: discordText(block.markdown) });
        break;
      case "separator":
        if (parts.length && parts.at(-1)?.kind !== "separator") parts.push({ kind: "separator" });
        break;
      case "actions":
        for (const row of toComponents(block.controls)) parts.push({ kind: "row", row });
        break;
      default:
        assertNever(block);
    }
  }
  return parts;
}

/** How many components a part adds, nested ones included. */
function componentCount(part: Part): number {
  switch (part.kind) {
    case "section":
      return 3; // the section, its text display, its accessory
    case "row":
      return 1 + (part.row.components?.length ?? 0);
    default:
      return 1;
  }
}

const textLength = (part: Part) => (part.kind === "text" || part.kind === "section" ? part.text.length : 0);

/**
 * Fields `excess` characters shorter: every value past one length cut to it, with "…", rather than the
 * fields' text cut from its end, which would leave out the last fields whole (the review card's Tagalog
 * wording, below Korean and Indonesian, each as long as the form takes).
 */
function cutFields(fields: Field[], excess: number): Field[] {
  const saved = (most: number) => fields.reduce((sum, f) => sum + Math.max(0, f.value.length - most), 0);
  // The longest length every value may keep that still saves `excess` (each cut value ends at or below it).
  let low = 1;
  let high = Math.max(...fields.map((f) => f.value.length));
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (saved(mid) >= excess) low = mid;
    else high = mid - 1;
  }
  return fields.map((f) => (f.value.length > low ? { ...f, value: cutMarkdown(f.value, low) } : f));
}

/**
 * Fits the parts into 40 components and 4,000 characters, keeping their order: first drops content from
 * the end (never the button rows, which are how a reader goes on), then shortens the longest text (fields
 * value by value) until the total fits.
 */
function fitV2(all: Part[]): Part[] {
  let rowsLeft = DISCORD_ACTION_ROWS_MAX;
  let parts = all.filter((p) => p.kind !== "row" || rowsLeft-- > 0);
  for (const p of parts) if (p.kind === "text" || p.kind === "section") p.text = nonEmpty(p.text);
  const dropLastContent = () => {
    let at = parts.length - 1;
    while (at > 0 && parts[at]?.kind === "row") at--;
    if (at <= 0) return false;
    parts = parts.filter((_, i) => i !== at);
    return true;
  };
  const count = () => 1 + parts.reduce((sum, p) => sum + componentCount(p), 0);
  while (count() > DISCORD_V2_COMPONENTS_MAX && dropLastContent()) {}
  const total = () => parts.reduce((sum, p) => sum + textLength(p), 0);
  while (total() > DISCORD_V2_TEXT_MAX) {
    const excess = total() - DISCORD_V2_TEXT_MAX;
    const longest = parts.reduce((a, b) => (textLength(b) > textLength(a) ? b : a));
    if ((longest.kind === "text" || longest.kind === "section") && longest.text.length > excess + 200) {
      const fields = longest.kind === "text" && longest.fields ? cutFields(longest.fields, excess) : undefined;
      const text = fields && fieldsText(fields);
      if (longest.kind === "text" && text && text.length < longest.text.length) {
        longest.fields = fields;
        longest.text = text;
      } else longest.text = cutMarkdown(longest.text, longest.text.length - excess);
    } else if (!dropLastContent()) {
      const first = parts[0];
      if (first && (first.kind === "text" || first.kind === "section")) first.text = cutMarkdown(first.text, DISCORD_V2_TEXT_MAX);
      break;
    }
  }
  // A separator at the very end, or right before the buttons, separates nothing.
  const kept = parts.filter((p, i) => p.kind !== "separator" || (parts[i + 1] !== undefined && parts[i + 1]?.kind !== "row"));
  // A container needs at least one component.
  return kept.length ? kept : [{ kind: "text", text: "\u200b" }];
}

function toV2Component(part: Part): APIComponentInContainer {
  const display = (content: string): APITextDisplayComponent => ({ type: C.TextDisplay, content });
  switch (part.kind) {
    case "text":
      return display(part.text);
    case "section":
      return { type: C.Section, components: [display(part.text)], accessory: part.accessory };
    case "separator":
      return { type: C.Separator, divider: true, spacing: 1 };
    case "gallery":
      return {
        type: C.MediaGallery,
        items: part.items.map((i) => ({ media: { url: i.url }, description: truncate(i.alt, DISCORD_MEDIA_DESCRIPTION_MAX) })),
      };
    case "row":
      return part.row as APIComponentInContainer;
    default:
      return assertNever(part);
  }
}

/** A V2 message: one container with the accent colour holding the whole answer. */
/** Autocomplete's choices at most, and a choice's name or value at most (Discord refuses the whole answer past them). */
export const DISCORD_CHOICES_MAX = 25;
export const DISCORD_CHOICE_TEXT_MAX = 100;

/**
 * An autocomplete answer within Discord's limits: at most 25 choices, names cut to 100 characters. A value
 * cannot be cut (it is what the command gets back), so a choice whose value is too long is left out.
 */
export const toDiscordChoices = (choices: readonly Choice[]) => ({
  type: 8,
  data: {
    choices: choices
      .filter((c) => c.value.length <= DISCORD_CHOICE_TEXT_MAX)
      .slice(0, DISCORD_CHOICES_MAX)
      .map((c) => ({ name: truncate(c.name, DISCORD_CHOICE_TEXT_MAX), value: c.value })),
  },
});

export interface DiscordV2Message {
  components: [APIContainerComponent];
  flags: number;
  allowed_mentions: { parse: never[] };
}

/** The Components V2 rendering of a card-like reply; plain replies (hints) stay plain content. */
export function toDiscordV2Message(reply: Reply): DiscordMessage | DiscordV2Message {
  if (isPlain(reply.blocks)) return toDiscordMessage(reply);
  const container: APIContainerComponent = {
    type: C.Container,
    accent_color: DISCORD_EMBED_COLOR,
    components: fitV2(toParts(reply.blocks)).map(toV2Component),
  };
  return { components: [container], flags: FLAG_COMPONENTS_V2, allowed_mentions: { parse: [] } };
}

/** An interaction response as the bot sends it: a message (types 4 and 7), choices (8) or PONG (1). */
export interface DiscordInteractionResponse {
  type: number;
  data: Partial<DiscordMessage> & { choices?: { name: string; value: string }[] };
}

/** The interaction response: a new message (type 4) or, for a click that replaces it, an update (type 7). */
/** Discord's limits for a modal: title and labels 45 characters, 5 rows of one text input each. */
export const MODAL_TITLE_MAX = 45;
export const MODAL_INPUTS_MAX = 5;

/** A form as Discord's modal response (type 9). */
export function toDiscordModal(form: Form) {
  return {
    type: 9,
    data: {
      custom_id: customId(form.id),
      title: truncate(form.title, MODAL_TITLE_MAX),
      components: form.inputs.slice(0, MODAL_INPUTS_MAX).map((input) => ({
        type: 1,
        components: [
          {
            type: 4,
            custom_id: customId(input.id),
            label: truncate(input.label, MODAL_TITLE_MAX),
            style: input.paragraph ? 2 : 1,
            required: input.required,
            max_length: input.max,
            ...(input.value ? { value: fitted(input.value, input.max) } : {}),
          },
        ],
      })),
    },
  };
}

/** An interaction's answer: the form as a modal when the reply opens one, else the message. */
export const toDiscordAnswer = (reply: Reply) => (reply.form ? toDiscordModal(reply.form) : toDiscordResponse(reply));

/**
 * What an update that makes a message Components V2 resets: the message it replaces may have been sent
 * with embeds (review posts, answers from before Components V2), and Discord refuses to set the flag on
 * it unless the update empties them itself (content null, embeds []).
 */
const RESET_FOR_V2 = { content: null, embeds: [] } as const;

/** An edit of a channel message as an answer that replaces it renders (see RESET_FOR_V2). */
export function toDiscordV2Edit(reply: Reply) {
  const message = toDiscordV2Message(reply);
  return ((message.flags ?? 0) & FLAG_COMPONENTS_V2) !== 0 ? { ...RESET_FOR_V2, ...message } : message;
}

/**
 * The plain-text version of such an edit. A message once Components V2 keeps the flag and takes no
 * content, so the text goes in a text display: as content, Discord would refuse it too.
 */
export const toDiscordV2PlainEdit = (text: string) => ({
  ...RESET_FOR_V2,
  components: [{ type: C.TextDisplay, content: text }],
  flags: FLAG_COMPONENTS_V2,
  allowed_mentions: { parse: [] },
});

export function toDiscordResponse(reply: Reply) {
  const message = toDiscordV2Message(reply);
  const flags = (message.flags ?? 0) | (reply.visibility === "ephemeral" ? DISCORD_EPHEMERAL : 0);
  const data = flags ? { ...message, flags } : message;
  if (!reply.replace) return { type: 4, data };
  return { type: 7, data: (flags & FLAG_COMPONENTS_V2) !== 0 ? { ...RESET_FOR_V2, ...data } : data };
}
