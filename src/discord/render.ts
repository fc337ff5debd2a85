// Reply -> Discord message JSON. All of Discord's size limits are applied here and only here.
import { assertNever, type Block, type Control, type Form, type Reply } from "../reply";
import { truncate } from "../text";

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

export interface DiscordEmbed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  image?: { url: string };
  footer?: { text: string };
}

export interface DiscordComponent {
  type: number;
  components?: DiscordComponent[];
  style?: number;
  label?: string;
  custom_id?: string;
  disabled?: boolean;
  placeholder?: string;
  options?: { label: string; value: string; description?: string }[];
}

export interface DiscordMessage {
  content?: string;
  embeds?: DiscordEmbed[];
  components?: DiscordComponent[];
  allowed_mentions: { parse: never[] };
  flags?: number;
}

const nonEmpty = (text: string) => (text.trim() ? text : "\u200b");

const linkText = (label: string, url?: string) => (url ? `[${label}](${url})` : label);

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
      longest.description = truncate(longest.description as string, (longest.description as string).length - excess);
    } else if (last.fields?.length) {
      last.fields.pop();
    } else if (embeds.length > 1) {
      embeds.pop();
    } else {
      last.description = truncate(last.description ?? "", Math.max(1, (last.description?.length ?? 0) - excess));
      if (embedSize(last) > DISCORD_EMBED_TOTAL_MAX) last.footer = undefined;
      if (embedSize(last) > DISCORD_EMBED_TOTAL_MAX) last.fields = undefined;
    }
    total = embeds.reduce((sum, e) => sum + embedSize(e), 0);
  }
  return embeds;
}

function finishEmbed(e: DiscordEmbed): DiscordEmbed {
  const out: DiscordEmbed = { color: DISCORD_EMBED_COLOR };
  if (e.title) out.title = truncate(e.title, DISCORD_EMBED_TITLE_MAX);
  if (e.url) out.url = e.url;
  if (e.description) out.description = truncate(e.description, DISCORD_EMBED_DESCRIPTION_MAX);
  if (e.fields?.length)
    out.fields = e.fields.slice(0, DISCORD_EMBED_FIELDS_MAX).map((f) => ({
      name: truncate(nonEmpty(f.name), DISCORD_FIELD_NAME_MAX),
      value: truncate(nonEmpty(f.value), DISCORD_FIELD_VALUE_MAX),
      ...(f.inline ? { inline: true } : {}),
    }));
  if (e.image) out.image = e.image;
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
          custom_id: control.id.slice(0, DISCORD_CUSTOM_ID_MAX),
          ...(control.disabled ? { disabled: true } : {}),
        });
        break;
      case "select":
        flush();
        if (!control.options.length) break;
        rows.push({
          type: 1,
          components: [
            {
              type: 3,
              custom_id: control.id.slice(0, DISCORD_CUSTOM_ID_MAX),
              placeholder: truncate(control.placeholder, DISCORD_SELECT_TEXT_MAX),
              options: control.options.slice(0, DISCORD_SELECT_OPTIONS_MAX).map((o) => ({
                label: truncate(o.label, DISCORD_SELECT_TEXT_MAX),
                value: o.value.slice(0, DISCORD_SELECT_TEXT_MAX),
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

/** A reply that is nothing but text (hints, confirmations) goes out as plain content. */
const isPlain = (blocks: Block[]) => blocks.every((b) => b.kind === "text" || b.kind === "actions");

export function toDiscordMessage(reply: Reply): DiscordMessage {
  const controls = reply.blocks.flatMap((b) => (b.kind === "actions" ? b.controls : []));
  const components = controls.length ? toComponents(controls) : undefined;
  if (isPlain(reply.blocks)) {
    const text = reply.blocks.flatMap((b) => (b.kind === "text" ? [b.markdown] : [])).join("\n\n");
    return {
      content: truncate(nonEmpty(text), DISCORD_CONTENT_MAX),
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
        current = { title: block.text, url: block.url };
        embeds.push(current);
        break;
      case "text":
        append(block.markdown);
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
      custom_id: form.id,
      title: form.title.slice(0, MODAL_TITLE_MAX),
      components: form.inputs.slice(0, MODAL_INPUTS_MAX).map((input) => ({
        type: 1,
        components: [
          {
            type: 4,
            custom_id: input.id,
            label: input.label.slice(0, MODAL_TITLE_MAX),
            style: input.paragraph ? 2 : 1,
            required: input.required,
            max_length: input.max,
            ...(input.value ? { value: input.value.slice(0, input.max) } : {}),
          },
        ],
      })),
    },
  };
}

/** An interaction's answer: the form as a modal when the reply opens one, else the message. */
export const toDiscordAnswer = (reply: Reply) => (reply.form ? toDiscordModal(reply.form) : toDiscordResponse(reply));

export function toDiscordResponse(reply: Reply) {
  const message = toDiscordMessage(reply);
  return {
    type: reply.replace ? 7 : 4,
    data: reply.visibility === "ephemeral" ? { ...message, flags: DISCORD_EPHEMERAL } : message,
  };
}
