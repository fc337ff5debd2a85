// An HTML mock-up of a Discord or Slack message, close enough to the real clients for people to judge a
// layout from a screenshot: it draws exactly the platform JSON the renderers produce, nothing else.
import type { DiscordComponentJson, DiscordMessage } from "../../src/discord/render";
import type { SlackMessage } from "../../src/slack/render";

const esc = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** Discord markdown as HTML: headings, subtext, bold, italic, links, spoilers and backslash escapes. */
export function discordMarkdown(markdown: string): string {
  const links: string[] = [];
  let text = esc(markdown).replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_w, label: string, url: string) => {
    links.push(`<a href="${url}">${label}</a>`);
    return `\uE000${links.length - 1}\uE000`;
  });
  text = text
    .replace(/\\([^\sA-Za-z0-9])/g, "$1")
    .replace(/\|\|(.+?)\|\|/gs, '<span class="spoiler">$1</span>')
    .replace(/\*\*(.+?)\*\*/gs, "<b>$1</b>")
    .replace(/(^|[\s(])_(.+?)_(?=[\s).,:;]|$)/gm, "$1<i>$2</i>");
  text = text.replace(/\uE000(\d+)\uE000/g, (_w, i: string) => links[Number(i)] ?? "");
  return text
    .split("\n")
    .map((line) =>
      line.startsWith("## ")
        ? `<h2>${line.slice(3)}</h2>`
        : line.startsWith("-# ")
          ? `<div class="sub">${line.slice(3)}</div>`
          : `<div>${line || "&nbsp;"}</div>`,
    )
    .join("");
}

type Shown = DiscordComponentJson;

const BUTTON_CLASS: Record<number, string> = { 1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "link" };

function discordComponent(c: Shown): string {
  switch (c.type) {
    case 17:
      return `<div class="container" style="border-left-color:#${(c.accent_color ?? 0).toString(16).padStart(6, "0")}">${(c.components ?? []).map(discordComponent).join("")}</div>`;
    case 10:
      return `<div class="text">${discordMarkdown(c.content ?? "")}</div>`;
    case 9:
      return `<div class="section"><div class="section-text">${(c.components ?? []).map(discordComponent).join("")}</div>${c.accessory ? discordComponent(c.accessory) : ""}</div>`;
    case 11:
      return `<img class="thumb" alt="${esc(c.description ?? "")}" src="${c.media?.url ?? ""}">`;
    case 12:
      return `<div class="gallery">${(c.items ?? []).map((i) => `<img alt="${esc(i.description ?? "")}" src="${i.media.url}">`).join("")}</div>`;
    case 14:
      return '<hr class="separator">';
    case 1:
      return `<div class="row">${(c.components ?? []).map(discordComponent).join("")}</div>`;
    case 2:
      return `<span class="button ${BUTTON_CLASS[c.style ?? 2]}${c.disabled ? " disabled" : ""}">${esc(c.label ?? "")}${c.url ? " ↗" : ""}</span>`;
    case 3:
      return `<span class="select">${esc(c.placeholder ?? "")} ▾</span>`;
    default:
      return "";
  }
}

const DISCORD_CSS = `
body{margin:0;background:#313338;color:#dbdee1;font:16px/1.4 "Noto Sans","Noto Sans CJK KR",sans-serif}
.msg{display:flex;gap:14px;padding:18px 20px;max-width:780px}
.avatar{width:40px;height:40px;border-radius:50%;background:#c8102e;flex:none}
.name{color:#f2f3f5;font-weight:600}.tag{background:#5865f2;color:#fff;font-size:11px;border-radius:3px;padding:1px 4px;margin-left:4px}
.container{background:#2b2d31;border-left:4px solid;border-radius:8px;padding:14px 16px;margin-top:6px;max-width:640px}
.text{margin:6px 0}h2{font-size:20px;margin:2px 0;color:#f2f3f5}a{color:#00a8fc;text-decoration:none}
.sub{font-size:12px;color:#949ba4}.spoiler{background:#1e1f22;color:#1e1f22;border-radius:3px}
.section{display:flex;gap:12px;align-items:flex-start}.section-text{flex:1}.thumb{width:72px;height:72px;border-radius:6px;object-fit:cover}
.separator{border:0;border-top:1px solid #3f4147;margin:10px 0}.gallery img{max-width:100%;border-radius:6px}
.row{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 0}
.button{display:inline-block;padding:6px 14px;border-radius:4px;font-size:14px;font-weight:500;color:#fff}
.primary{background:#5865f2}.secondary,.link{background:#4e5058}.danger{background:#da373c}.success{background:#248046}.disabled{opacity:.5}
.select{display:block;width:100%;background:#1e1f22;border-radius:4px;padding:9px 12px;color:#949ba4}
.content{white-space:pre-wrap}.ephemeral{font-size:12px;color:#949ba4;margin-top:6px}`;

/** A Discord message (V2 components, embeds or plain content) drawn as the desktop client shows it. */
export function discordHtml(message: DiscordMessage): string {
  const body = [
    message.content ? `<div class="content">${discordMarkdown(message.content)}</div>` : "",
    ...(message.embeds ?? []).map(
      (e) =>
        `<div class="container" style="border-left-color:#c8102e"><h2>${esc(e.title ?? "")}</h2>${discordMarkdown(e.description ?? "")}${(e.fields ?? []).map((f) => `<div><b>${esc(f.name)}</b></div>${discordMarkdown(f.value)}`).join("")}<div class="sub">${esc(e.footer?.text ?? "")}</div></div>`,
    ),
    ...((message.components ?? []) as Shown[]).map(discordComponent),
    (message.flags ?? 0) & 64 ? '<div class="ephemeral">Only you can see this</div>' : "",
  ].join("");
  return `<!doctype html><meta charset="utf-8"><style>${DISCORD_CSS}</style><div class="msg"><div class="avatar"></div><div><span class="name">Trauma Code bot</span><span class="tag">APP</span>${body}</div></div>`;
}

/** Slack mrkdwn as HTML: <url|label> links, *bold*, _italic_, and the entities Slack expects. */
export function slackMarkdown(mrkdwn: string): string {
  const links: string[] = [];
  let text = mrkdwn.replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, (_w, url: string, label: string) => {
    links.push(`<a href="${url.replaceAll('"', "%22")}">${label}</a>`);
    return `\uE000${links.length - 1}\uE000`;
  });
  text = text
    .replace(/&(?!amp;|lt;|gt;)/g, "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replace(/(^|[\s(])\*(.+?)\*(?=[\s).,:;]|$)/gm, "$1<b>$2</b>")
    .replace(/(^|[\s(])_(.+?)_(?=[\s).,:;]|$)/gm, "$1<i>$2</i>");
  text = text.replace(/\uE000(\d+)\uE000/g, (_w, i: string) => links[Number(i)] ?? "");
  return text.replaceAll("\n", "<br>");
}

type Element = {
  type: string;
  text?: { text: string };
  url?: string;
  style?: string;
  placeholder?: { text: string };
  image_url?: string;
  alt_text?: string;
};

function slackElement(e: Element): string {
  if (e.type === "button") return `<span class="sbutton ${e.style ?? ""}">${esc(e.text?.text ?? "")}${e.url ? " ↗" : ""}</span>`;
  if (e.type === "static_select") return `<span class="sselect">${esc(e.placeholder?.text ?? "")} ▾</span>`;
  if (e.type === "image") return `<img class="sthumb" alt="${esc(e.alt_text ?? "")}" src="${e.image_url ?? ""}">`;
  return "";
}

const SLACK_CSS = `
body{margin:0;background:#fff;color:#1d1c1d;font:15px/1.46 "Noto Sans","Noto Sans CJK KR",sans-serif}
.msg{display:flex;gap:10px;padding:16px 20px;max-width:780px}.avatar{width:36px;height:36px;border-radius:6px;background:#c8102e;flex:none}
.name{font-weight:900}.tag{background:#e8e8e8;color:#616061;font-size:10px;border-radius:2px;padding:1px 3px;margin-left:4px}
.block{margin:6px 0}.header{font-size:18px;font-weight:900}.context{font-size:12px;color:#616061}
a{color:#1264a3;text-decoration:none}.divider{border:0;border-top:1px solid #ddd;margin:10px 0}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px}.section{display:flex;gap:12px;justify-content:space-between;align-items:flex-start}
.actions{display:flex;flex-wrap:wrap;gap:8px}.sbutton{border:1px solid #bbb;border-radius:4px;padding:4px 12px;font-weight:700;font-size:13px}
.sbutton.primary{background:#007a5a;color:#fff;border-color:#007a5a}.sbutton.danger{color:#e01e5a}
.sselect{border:1px solid #bbb;border-radius:4px;padding:4px 12px;font-size:13px;color:#616061}.sthumb{width:72px;height:72px;border-radius:6px}
.ephemeral{font-size:12px;color:#616061}`;

/** A Slack message (Block Kit) drawn as the desktop client shows it. */
export function slackHtml(message: SlackMessage & { response_type?: string }): string {
  const blocks = message.blocks.map((b) => {
    const block = b as {
      type: string;
      text?: { text: string };
      fields?: { text: string }[];
      elements?: (Element & { text?: string | { text: string } })[];
      accessory?: Element;
      image_url?: string;
      alt_text?: string;
    };
    switch (block.type) {
      case "header":
        return `<div class="block header">${esc(block.text?.text ?? "")}</div>`;
      case "section":
        return `<div class="block section"><div>${block.text ? slackMarkdown(block.text.text) : ""}${block.fields ? `<div class="fields">${block.fields.map((f) => `<div>${slackMarkdown(f.text)}</div>`).join("")}</div>` : ""}</div>${block.accessory ? slackElement(block.accessory) : ""}</div>`;
      case "context":
        return `<div class="block context">${(block.elements ?? []).map((e) => slackMarkdown(typeof e.text === "string" ? e.text : "")).join(" ")}</div>`;
      case "divider":
        return '<hr class="divider">';
      case "image":
        return `<div class="block"><img alt="${esc(block.alt_text ?? "")}" src="${block.image_url ?? ""}" style="max-width:100%"></div>`;
      case "actions":
        return `<div class="block actions">${(block.elements ?? []).map((e) => slackElement(e as Element)).join("")}</div>`;
      default:
        return "";
    }
  });
  const ephemeral = message.response_type === "ephemeral" ? '<div class="ephemeral">Only visible to you</div>' : "";
  return `<!doctype html><meta charset="utf-8"><style>${SLACK_CSS}</style><div class="msg"><div class="avatar"></div><div><span class="name">Trauma Code bot</span><span class="tag">APP</span>${ephemeral}${blocks.join("")}</div></div>`;
}
