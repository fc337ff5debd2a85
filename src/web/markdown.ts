// The Reply model's markdown (**bold**, _italic_, `code`, [label](url)) as HTML for the web pages.
// Everything is escaped first; only http(s) links become anchors. Written here because the web pages
// need just these four marks and no markdown library is smaller than this.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

const LINK = /\[((?:[^\]\n\\]|\\.)+)\]\((https?:\/\/[^\s)]+)\)/g;
/** A backslash escape: the character after it shows as written (see literal() and plainInMarkdown()). */
const ESCAPED = /\\([^\sA-Za-z0-9])/g;
/** Stand-ins for escaped characters and links while the marks around them are read (private-use code points). */
const HELD = /\uE000(\d+)\uE001/g;

function marks(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*\n]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(\u00b7])_([^_\n]+)_(?=$|[\s).,:;!?\u00b7])/g, "$1<em>$2</em>")
    .replace(/`([^`\n]+)`/g, "<code>$1</code>");
}

/**
 * Markdown to HTML, line breaks kept. Escaped characters and links are held aside while the marks are
 * read, so that an italic line may hold links ("_Sources: [a](…) · [b](…)_") and an escaped `_` or `(`
 * shows as written.
 */
export function markdownToHtml(markdown: string): string {
  const held: string[] = [];
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE001`;
  const text = markdown
    .replace(/[\uE000\uE001]/g, "")
    .replace(ESCAPED, (_whole, ch: string) => hold(escapeHtml(ch)))
    .replace(LINK, (_whole, label: string, url: string) =>
      hold(`<a href="${escapeHtml(url)}" rel="noopener noreferrer">${marks(label)}</a>`),
    );
  let html = marks(text);
  // Links hold escapes of their own: restore until none is left.
  while (html.includes("\uE000")) html = html.replace(HELD, (_whole, i: string) => held[Number(i)] ?? "");
  return html.replace(/\n/g, "<br>");
}
