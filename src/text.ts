// Text helpers shared by the renderers.

/** What a reader sees as one character (a grapheme: an emoji sequence, a flag, a letter with its marks), made only for a cut. */
let graphemes: Intl.Segmenter | undefined;

/** The longest start of `text` within `max` UTF-16 units that ends between two characters as a reader sees them. */
function startWithin(text: string, max: number): string {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let out = "";
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return out;
}

/** Cuts text to `max` UTF-16 units without splitting a character, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${startWithin(text, max - 1)}…`;
}

/**
 * `truncate` for text with markup: a cut that would fall inside a link (`openAtEnd` finds one left open at
 * the end of what is kept) ends before that link, since half a link shows its address as text and loses
 * its end. Where nothing would be left before the link, the plain cut stands.
 */
export function truncateMarkup(text: string, max: number, openAtEnd: RegExp): string {
  if (text.length <= max) return text;
  const kept = startWithin(text, max - 1);
  const open = openAtEnd.exec(kept);
  const cut = (open ? kept.slice(0, open.index).trimEnd() : "") || kept;
  // What still ends open (an address whole up to the cut) would take a "…" right after it as its own,
  // so it is set off by a space, for which the cut leaves room.
  return openAtEnd.test(cut) ? `${startWithin(cut, max - 2)} …` : `${cut}…`;
}

/** The longest start of `text` within `max` UTF-16 units that does not split a character: for a value put back in a field, where a "…" would become part of it. */
export function fitted(text: string, max: number): string {
  return text.length <= max ? text : startWithin(text, max);
}

/**
 * Returns `value` when it fits in `max` UTF-16 units, else throws. For ids and menu values, which carry
 * state back on a click: a cut one would hand back corrupted state, so it is a bug to fail on, not text to shorten.
 */
export function whole(value: string, max: number, what: string): string {
  if (value.length > max) throw new Error(`${what} over ${max} characters (${value.length}): ${value.slice(0, 40)}…`);
  return value;
}

/**
 * Direction controls (overrides, embeddings, isolates): one left in repeated text would run on past it and
 * set the rest of the bot's line right to left.
 */
export const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
