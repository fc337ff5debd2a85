// The platform-neutral answer every command returns. Renderers in src/discord and src/slack turn it
// into platform JSON and apply the platform limits; commands never truncate.
// Markdown inside blocks is limited to **bold**, _italic_ and [label](url).

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
  /** Opaque state the platform sends back on click (see componentId in src/command.ts). */
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

export type Control = Button | Select;

export type Block =
  | { kind: "heading"; text: string; url?: string }
  | { kind: "text"; markdown: string }
  | { kind: "fields"; fields: Field[] }
  | { kind: "image"; url: string; alt: string }
  | { kind: "links"; label?: string; links: Link[] }
  | { kind: "spoiler"; label: string; markdown: string }
  | { kind: "note"; text: string }
  | { kind: "actions"; controls: Control[] };

/** A form of text inputs; its answer comes back to the component of `id` with the inputs' values in order. */
export interface Form {
  id: string;
  title: string;
  inputs: { id: string; label: string; paragraph: boolean; required: boolean; max: number; value?: string }[];
}

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

export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}

export const reply = (blocks: Block[], visibility: Visibility = "public"): Reply => ({ visibility, blocks });

/** A short ephemeral answer: hints, refusals, confirmations. */
export const hint = (markdown: string): Reply => reply([{ kind: "text", markdown }], "ephemeral");

export interface CardInput {
  title: string;
  url?: string;
  text?: string;
  fields?: Field[];
  image?: { url: string; alt: string };
  spoiler?: { label: string; markdown: string };
  sources?: { label: string; links: Link[] };
  note?: string;
  controls?: Control[];
}

/** One titled answer: heading, text, fields, spoiler, sources, footer note, controls. */
export function card(input: CardInput): Reply {
  const blocks: Block[] = [{ kind: "heading", text: input.title, url: input.url }];
  if (input.text) blocks.push({ kind: "text", markdown: input.text });
  if (input.fields?.length) blocks.push({ kind: "fields", fields: input.fields });
  if (input.image) blocks.push({ kind: "image", ...input.image });
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
