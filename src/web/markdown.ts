// The Reply model's markdown (**bold**, _italic_, `code`, [label](url)) as HTML for the web pages.
// Everything is escaped first; only http(s) links become anchors. Written here because the web pages
// need just these four marks and no markdown library is smaller than this.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g;

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*\n]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(\u00b7])_([^_\n]+)_(?=$|[\s).,:;!?\u00b7])/g, "$1<em>$2</em>")
    .replace(/`([^`\n]+)`/g, "<code>$1</code>");
}

/** Markdown to HTML, line breaks kept. */
export function markdownToHtml(markdown: string): string {
  let out = "";
  let last = 0;
  for (const match of markdown.matchAll(LINK)) {
    out += inline(markdown.slice(last, match.index));
    out += `<a href="${escapeHtml(match[2] as string)}" rel="noopener noreferrer">${inline(match[1] as string)}</a>`;
    last = (match.index ?? 0) + match[0].length;
  }
  out += inline(markdown.slice(last));
  return out.replace(/\n/g, "<br>");
}
