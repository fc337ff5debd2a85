// Small pieces every platform implementation shares: hashing, API base addresses, plain text of a Reply.
import type { Env } from "./env";
import { assertNever, inWords, plainInMarkdown, type Reply } from "./reply";
import { LONE_ESCAPE, truncateMarkup } from "./text";

/** SHA-256 of a text as lowercase hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const API_BASES = {
  DISCORD_API_BASE: "https://discord.com/api/v10",
  SLACK_API_BASE: "https://slack.com/api",
} as const;

/** A platform's REST base from the environment (tests point it at a mock), without a trailing slash. */
export const apiBase = (env: Partial<Pick<Env, keyof typeof API_BASES>>, name: keyof typeof API_BASES): string =>
  (env[name] || API_BASES[name]).replace(/\/+$/, "");

/**
 * A link (`[label` or `[label](address`) or a bare address left open at the end of a cut text: cut, an
 * address would lead somewhere else, or nowhere.
 */
const OPEN_LINK = /(?<!\\)\[(?:\\.|[^\]\\])*(?:\]\([^)]*)?$|https?:\/\/\S*$/;

/**
 * A Reply as plain lines in our markdown (for a platform that refused the rich message), cut to `max`
 * characters, before a link or address the cut would split. Headings, field names and unlinked labels are plain text (a feed's headline): they are
 * escaped, since both platforms read markdown in a message's text, so a headline's `*` or `[...](...)`
 * shows as written and links nowhere.
 */
export function plainText(reply: Reply, max: number): string {
  const lines: string[] = [];
  for (const block of reply.blocks) {
    switch (block.kind) {
      case "heading":
        lines.push(`**${plainInMarkdown(block.text)}**`);
        break;
      case "text":
      case "section":
        lines.push(inWords(block.markdown));
        break;
      case "fields":
        for (const f of block.fields) lines.push(`**${plainInMarkdown(f.name)}**: ${f.value}`);
        break;
      case "links":
        lines.push(block.links.map((l) => l.url ?? plainInMarkdown(l.label)).join(" "));
        break;
      case "image":
      case "separator":
      case "spoiler":
      case "note":
      case "actions":
        break;
      default:
        assertNever(block);
    }
  }
  const url = reply.blocks.find((b) => b.kind === "heading")?.url;
  if (url && !lines.some((l) => l.includes(url))) lines.push(url);
  return truncateMarkup(lines.join("\n"), max, OPEN_LINK, LONE_ESCAPE);
}
