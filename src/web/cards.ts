// A Reply as HTML that looks like the message Discord or Slack would show: the same blocks the
// platform renderers read, laid out the way each client draws them. Buttons and menus are shown, not
// live; images are named by their alt text so the page makes no outside requests.
import { type Accessory, assertNever, type Block, type Control, inWords, type Reply } from "../reply";
import { escapeHtml, markdownToHtml } from "./markdown";

export type CardStyle = "discord" | "slack";

const BOT_NAME = "Trauma Code Bot";

/**
 * `inner` (markup) linked to `url`, or undefined when the address is no web page's: a link takes only those,
 * as our markdown's links do (markdownToHtml). Content stored by an earlier seed is served unchecked, and a
 * `javascript:` or `data:` address in it becomes no link.
 */
function linked(url: string | undefined, inner: string, className?: string): string | undefined {
  if (!url || !/^https?:\/\//.test(url)) return undefined;
  return `<a${className ? ` class="${className}"` : ""} href="${escapeHtml(url)}" rel="noopener noreferrer">${inner}</a>`;
}

function controlHtml(control: Control): string {
  switch (control.kind) {
    case "button":
      return `<span class="btn${control.style === "primary" ? " primary" : ""}">${escapeHtml(control.label)}</span>`;
    case "select":
      return `<span class="select">${escapeHtml(control.placeholder)} ▾</span>`;
    case "link":
      return (
        linked(control.url, `${escapeHtml(control.label)} ↗`, "btn") ?? `<span class="btn">${escapeHtml(control.label)}</span>`
      );
    default:
      return assertNever(control);
  }
}

/** A thumbnail is named by its alt text, as images are, so the page makes no outside requests. */
function accessoryHtml(accessory: Accessory): string {
  if (accessory.kind === "thumbnail")
    return `<div class="thumb" role="img" aria-label="${escapeHtml(accessory.alt)}">${escapeHtml(accessory.alt)}</div>`;
  return controlHtml(accessory);
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case "heading": {
      const title = escapeHtml(block.text);
      return `<div class="title">${linked(block.url, title) ?? title}</div>`;
    }
    case "text":
      return `<div class="text">${markdownToHtml(inWords(block.markdown))}</div>`;
    case "fields":
      return `<div class="fields">${block.fields
        .map(
          (f) =>
            `<div class="field${f.inline ? " inline" : ""}"><div class="fname">${markdownToHtml(f.name)}</div><div>${markdownToHtml(f.value)}</div></div>`,
        )
        .join("")}</div>`;
    case "image":
      return `<div class="image" role="img" aria-label="${escapeHtml(block.alt)}">${escapeHtml(block.alt)}</div>`;
    case "links":
      return `<div class="links">${block.label ? `<span class="fname">${escapeHtml(block.label)}</span> ` : ""}${block.links
        .map((l) => linked(l.url, escapeHtml(l.label)) ?? escapeHtml(l.label))
        .join(" · ")}</div>`;
    case "spoiler":
      return `<details class="spoiler"><summary>${escapeHtml(block.label)}</summary>${markdownToHtml(block.markdown)}</details>`;
    case "note":
      return `<div class="note">${markdownToHtml(block.text)}</div>`;
    case "actions":
      return `<div class="actions">${block.controls.map(controlHtml).join("")}</div>`;
    case "section":
      return `<div class="section"><div class="text">${markdownToHtml(inWords(block.markdown))}</div>${block.accessory ? accessoryHtml(block.accessory) : ""}</div>`;
    case "separator":
      return `<hr class="sep">`;
    default:
      return assertNever(block);
  }
}

/**
 * One reply as a chat message: the bot's name, then the card (an embed on Discord, blocks on Slack).
 * `label` names the platform; it shows above the card on a narrow screen, where the cards stack and the
 * two columns' headings are hidden.
 */
export function replyCard(reply: Reply, style: CardStyle, label: string): string {
  const actions = reply.blocks.filter((b) => b.kind === "actions");
  const body = reply.blocks.filter((b) => b.kind !== "actions");
  const card =
    style === "discord"
      ? `<div class="embed">${body.map(blockHtml).join("")}</div>${actions.map(blockHtml).join("")}`
      : reply.blocks.map(blockHtml).join("");
  return `<figure class="msg ${style}" aria-label="${escapeHtml(label)}"><figcaption class="who"><span class="platform">${escapeHtml(label)}</span><span class="avatar" aria-hidden="true">🩺</span><b>${BOT_NAME}</b> <span class="app">${style === "discord" ? "BOT" : "APP"}</span></figcaption>${card}</figure>`;
}
