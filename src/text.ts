// Text helpers shared by the renderers.

/** What a reader sees as one character (a grapheme: an emoji sequence, a flag, a letter with its marks), made only for a cut. */
let graphemes: Intl.Segmenter | undefined;

/**
 * A backslash at the end of our markdown that escapes nothing: one after an even run of them, which escape
 * each other. Before a cut's "…" it would escape that, or show as a stray backslash before a space.
 */
export const LONE_ESCAPE = /(?<=(?:^|[^\\])(?:\\\\)*)\\$/;

/**
 * `text` without the end `split` finds there, as often as it finds one. `split` names what a cut must not
 * end in: the start of something that means nothing without its rest (an escape's backslash without what
 * it escapes, half an entity).
 */
function unsplit(text: string, split?: RegExp): string {
  let out = text;
  for (let half = split?.exec(out); half?.[0]; half = split?.exec(out)) out = out.slice(0, half.index);
  return out;
}

/**
 * The longest start of `text` within `max` UTF-16 units that ends between two characters as a reader sees
 * them, and not in what `split` finds.
 */
function startWithin(text: string, max: number, split?: RegExp): string {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let out = "";
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return unsplit(out, split);
}

/** Cuts text to `max` UTF-16 units without splitting a character (or what `split` finds), ending with "…" when cut. */
export function truncate(text: string, max: number, split?: RegExp): string {
  if (text.length <= max) return text;
  return `${startWithin(text, max - 1, split)}…`;
}

/**
 * `truncate` for text with markup: a cut that would fall inside a link (`openAtEnd` finds one left open at
 * the end of what is kept) ends before that link, since half a link shows its address as text and loses
 * its end. Where nothing would be left before the link, the plain cut stands. No cut ends in what `split`
 * finds.
 */
export function truncateMarkup(text: string, max: number, openAtEnd: RegExp, split?: RegExp): string {
  if (text.length <= max) return text;
  const kept = startWithin(text, max - 1, split);
  const open = openAtEnd.exec(kept);
  const cut = (open ? unsplit(kept.slice(0, open.index).trimEnd(), split) : "") || kept;
  // What still ends open (an address whole up to the cut) would take a "…" right after it as its own,
  // so it is set off by a space, for which the cut leaves room.
  return openAtEnd.test(cut) ? `${startWithin(cut, max - 2, split)} …` : `${cut}…`;
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
