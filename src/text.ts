// Text helpers shared by the renderers.

/** Cuts text to `max` UTF-16 units without splitting a character, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** The longest start of `text` within `max` UTF-16 units that does not split a character: for a value put back in a field, where a "…" would become part of it. */
export function fitted(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/**
 * Returns `value` when it fits in `max` UTF-16 units, else throws. For ids and menu values, which carry
 * state back on a click: a cut one would hand back corrupted state, so it is a bug to fail on, not text to shorten.
 */
export function whole(value: string, max: number, what: string): string {
  if (value.length > max) throw new Error(`${what} over ${max} characters (${value.length}): ${value.slice(0, 40)}…`);
  return value;
}
