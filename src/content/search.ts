// Name matching for lookups and autocomplete: romanized spellings with or without dashes, Hangul
// including a syllable still being typed (백 or 배 or ㅂ finds 백강혁, 초 finds 최조은, 쵲 finds 최조은),
// actors and nicknames, and a name typed with a title before it or an honorific after it (Dokter Yang, 백 교수님).

const HANGUL_BASE = 0xac00;
const HANGUL_LAST = 0xd7a3;
const CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";

/** Any Hangul: a syllable, or a lone jamo (compatibility or conjoining) as a keyboard shows it mid-syllable. */
const HANGUL = /[\uac00-\ud7a3\u3131-\u318e\u1100-\u11ff]/;

const isSyllable = (code: number) => code >= HANGUL_BASE && code <= HANGUL_LAST;

/**
 * Lowercase, without spaces, dashes (and U+2010), dots, apostrophes and quotes (straight, and the curly
 * U+2018, U+2019, U+201C and U+201D a phone's keyboard types for them) or middle dots (U+00B7):
 * "Baek Kang-hyuk" -> "baekkanghyuk". NFKC reads an East Asian keyboard's full-width letters as the
 * letters they are, and invisible format characters (a zero-width space or a soft hyphen in a pasted
 * name) are dropped. NFKC makes a lone jamo such as ㅂ the conjoining one, which charMatches reads too.
 * The regexes spell those characters as escapes: esbuild keeps a regex literal's characters as written,
 * and a bundle with characters outside ASCII has to be decoded and, past Latin-1, held and compiled as
 * two-byte text (tests/build/split.test.ts keeps the front ASCII).
 */
export function normalize(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\-\u2010._'\u2018\u2019"\u201c\u201d()\u00b7,:\p{Cf}]+/gu, "");
}

/** The initial consonant a lone jamo stands for (its index in CHOSEONG), as a compatibility or a conjoining jamo. */
function initialOf(jamo: string): number {
  const code = jamo.charCodeAt(0);
  // U+1100 to U+1112: the conjoining initials, in CHOSEONG's order.
  return code >= 0x1100 && code <= 0x1112 ? code - 0x1100 : CHOSEONG.indexOf(jamo);
}

/** A syllable's parts: initial (0-18), vowel (0-20) and final consonant (0 for none, 1-27). */
const partsOf = (code: number) => {
  const i = code - HANGUL_BASE;
  return { initial: Math.floor(i / 588), vowel: Math.floor((i % 588) / 28), final: i % 28 };
};

/** A compound vowel (by index) and the vowel typed first, which a keyboard shows alone until the second: ㅗ of ㅚ. */
const VOWEL_TYPED_FIRST: Partial<Record<number, number>> = { 9: 8, 10: 8, 11: 8, 14: 13, 15: 13, 16: 13, 19: 18 };

/** The final consonants by index from 1, a cluster as its two consonants (ㄳ as ㄱㅅ). */
const FINALS = "ㄱ ㄲ ㄱㅅ ㄴ ㄴㅈ ㄴㅎ ㄷ ㄹ ㄹㄱ ㄹㅁ ㄹㅂ ㄹㅅ ㄹㅌ ㄹㅍ ㄹㅎ ㅁ ㅂ ㅂㅅ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ".split(
  " ",
);

/** Does one target character match one query character, allowing an unfinished Hangul syllable? */
function charMatches(q: string, t: string, isLastOfQuery: boolean): boolean {
  if (q === t) return true;
  const tc = t.charCodeAt(0);
  if (!isSyllable(tc)) return false;
  const jamoIndex = initialOf(q);
  if (jamoIndex >= 0) return Math.floor((tc - HANGUL_BASE) / 588) === jamoIndex;
  const qc = q.charCodeAt(0);
  if (!isLastOfQuery || !isSyllable(qc)) return false;
  const [qp, tp] = [partsOf(qc), partsOf(tc)];
  // "배" while typing "백", "초" while typing "최": same initial, the vowel or its first half, no final yet.
  return qp.final === 0 && qp.initial === tp.initial && (qp.vowel === tp.vowel || qp.vowel === VOWEL_TYPED_FIRST[tp.vowel]);
}

/**
 * Is the query's last syllable the target's syllable holding the next one's initial as its final, as a
 * keyboard shows it until the vowel after is typed ("쵲" while typing "최조", "양쟁" while typing "양재원")?
 * A cluster's second consonant is the one that moves ("첝": 천 and the ㅈ of 장).
 */
function holdsNextInitial(q: string, t: string, next: string | undefined): boolean {
  const [qc, tc, nc] = [q.charCodeAt(0), t.charCodeAt(0), next?.charCodeAt(0) ?? 0];
  if (!isSyllable(qc) || !isSyllable(tc) || !isSyllable(nc)) return false;
  const [qp, tp] = [partsOf(qc), partsOf(tc)];
  const final = FINALS[qp.final - 1];
  if (!final) return false;
  const stays = final.length === 2 ? FINALS.indexOf(final[0] as string) + 1 : 0;
  const moves = CHOSEONG.indexOf(final.at(-1) as string);
  return qp.initial === tp.initial && qp.vowel === tp.vowel && tp.final === stays && partsOf(nc).initial === moves;
}

function startsWithAt(target: string, query: string, at: number): boolean {
  if (at + query.length > target.length) return false;
  for (let i = 0; i < query.length; i++) {
    const [q, t, last] = [query[i] as string, target[at + i] as string, i === query.length - 1];
    if (!charMatches(q, t, last) && !(last && holdsNextInitial(q, t, target[at + i + 1]))) return false;
  }
  return true;
}

/**
 * A name prepared once for matching: normalized, with the offsets where its words start (a hyphenated
 * given name's syllables too: "Kang-hyuk" has two) and where its space-separated words end.
 */
export interface NameKey {
  text: string;
  wordStarts: number[];
  wordEnds: number[];
  /** The kind of title the name opens with ("Dr. Baek": a doctor), or a Korean one ends it with (천 간호사). */
  title?: TitleKind;
  /** Whose name it is: the record's own (a character's, a topic's), or the actor's who plays the character. */
  actor?: true;
}

export function nameKey(candidate: string): NameKey {
  const wordStarts: number[] = [];
  const wordEnds: number[] = [];
  let offset = 0;
  for (const spaced of candidate.toLowerCase().split(/\s+/)) {
    for (const word of spaced.split(/[-\u2010]+/)) {
      if (offset > 0) wordStarts.push(offset);
      offset += normalize(word).length;
    }
    wordEnds.push(offset);
  }
  const words = candidate.trim().split(/\s+/);
  // A title before the name, or a Korean one after it (천 간호사).
  const title =
    words.length > 1 ? (TITLES.get(normalize(words[0] ?? "")) ?? KOREAN_TITLES.get(normalize(words.at(-1) ?? ""))) : undefined;
  return { text: normalize(candidate), wordStarts, wordEnds, ...(title ? { title } : {}) };
}

/**
 * 0 for no match; higher is better: exact 5, the name's first words whole 4, prefix 3, start of a later
 * word 2, anywhere in Hangul 1. A family name typed alone ("Kang") is then Minister Kang Myung-hee's before it is
 * the first syllable of Baek's given name ("Kang-hyuk").
 */
export function scoreKey(key: NameKey, normalizedQuery: string): number {
  const { text } = key;
  const q = normalizedQuery;
  if (!q || !text) return 0;
  if (text === q) return 5;
  if (text.startsWith(q) && key.wordEnds.includes(q.length)) return 4;
  if (startsWithAt(text, q, 0)) return 3;
  if (key.wordStarts.some((at) => startsWithAt(text, q, at))) return 2;
  // Inside a word only for Hangul, whose names run without spaces (강혁 in 백강혁): romanized letters
  // inside a word are another word's ("oman" in "Womans"), and would answer a topic that is no match.
  if (!HANGUL.test(q)) return 0;
  for (let at = 1; at < text.length; at++) if (startsWithAt(text, q, at)) return 1;
  return 0;
}

export interface Searchable {
  id: string;
  /** Every name the record can be found by, prepared with nameKey. */
  keys: NameKey[];
}

type TitleKind = "doctor" | "nurse" | "director" | "minister" | "captain";

/** Each of a kind's titles, normalized, in English, Indonesian and Tagalog. A professor here is a doctor. */
const TITLE_WORDS: Record<TitleKind, string[]> = {
  doctor: ["dr", "doctor", "doc", "prof", "professor", "dokter", "dok", "profesor", "doktor", "propesor"],
  nurse: ["nurse", "suster", "perawat", "nars"],
  director: ["director", "direktur", "direktor"],
  minister: ["minister", "menteri", "ministro"],
  captain: ["captain", "kapten", "kapitan"],
};

/**
 * Titles fans type before a name ("Dokter Yang", "Propesor Baek", "Nars Cheon"), by kind: the data lists
 * a few such forms as aliases, and a name must not be lost for want of one. A record's own titled names
 * say which kinds it bears, so that "Professor Lee" is not Captain Lee.
 */
const TITLES = new Map<string, TitleKind>(
  Object.entries(TITLE_WORDS).flatMap(([kind, words]) => words.map((word) => [word, kind as TitleKind] as const)),
);

/**
 * Korean titles typed after a name, by kind, read as a title before a name is: 천 간호사 is Nurse Cheon,
 * and finds no one who is not a nurse; 강 장관 is Minister Kang, 석 선장 Captain Seok. Each is written
 * with 님 too (천 간호사님, 강 장관님), as politely as 교수님 is. 선생님 and 쌤 are polite to any doctor,
 * nurse or teacher: no kind.
 */
const KOREAN_TITLE_WORDS: Partial<Record<TitleKind, string[]>> = {
  doctor: ["\uad50\uc218"],
  nurse: ["\uac04\ud638\uc0ac"],
  minister: ["\uc7a5\uad00"],
  director: ["\uc6d0\uc7a5"],
  // An army captain (이 대위) and a ship's (석 선장): Captain in English alike.
  captain: ["\ub300\uc704", "\uc120\uc7a5"],
};

const KOREAN_TITLES = new Map<string, TitleKind>(
  Object.entries(KOREAN_TITLE_WORDS).flatMap(([kind, words]) =>
    words.flatMap((word) => [[word, kind as TitleKind] as const, [`${word}\ub2d8`, kind as TitleKind] as const]),
  ),
);

/**
 * Korean titles and honorifics typed after a name (백 교수님, 양재원 선생님), longest first, so that 교수님
 * is taken whole: the titles above, 선생님, 선생, 님, 씨, 쌤.
 */
const HONORIFICS = [...KOREAN_TITLES.keys(), "\uc120\uc0dd\ub2d8", "\uc120\uc0dd", "\ub2d8", "\uc528", "\uc324"].sort(
  (a, b) => b.length - a.length,
);

/** The plain honorifics, 님 and 씨, polite after anyone's name: an actor's too (주지훈님), unlike a title. */
const ANYONES = new Set(["\ub2d8", "\uc528"]);

/**
 * The normalized query without a title before the name (with the title's kind) or an honorific after it,
 * when it has one; `anyone` when that is a plain honorific, which an actor's name may bear too.
 */
function withoutTitle(query: string): { name: string; title?: TitleKind; anyone?: true } | undefined {
  const [first = "", ...rest] = query.trim().split(/[\s.]+/);
  const name = normalize(rest.join(""));
  const title = TITLES.get(normalize(first));
  if (name && title) return { name, title };
  const q = normalize(query);
  const honorific = HONORIFICS.find((h) => q.length > h.length && q.endsWith(h));
  if (!honorific) return undefined;
  const kind = KOREAN_TITLES.get(honorific);
  return {
    name: q.slice(0, -honorific.length),
    ...(kind ? { title: kind } : {}),
    ...(ANYONES.has(honorific) ? { anyone: true as const } : {}),
  };
}

/** Records matching the query, or the query without its title, best first (ties keep the data order). */
export function search<T extends Searchable>(items: readonly T[], query: string): T[] {
  return scored(items, query).map((entry) => entry.item);
}

/** Records matching the query with their scores, best first (ties keep the data order). */
function scored<T extends Searchable>(items: readonly T[], query: string): { item: T; score: number }[] {
  const q = normalize(query);
  const bare = withoutTitle(query);
  const found: { item: T; index: number; score: number }[] = [];
  items.forEach((item, index) => {
    let score = 0;
    // A title typed finds only records that bear its kind of title in one of their names. A title or an
    // honorific is the character's, never the actor's: "Director Kim" is no director played by a Kim. A
    // plain 님 or 씨 is anyone's: 주지훈님 is the actor. So is the actor's whole name: 김의성 선생님 is Kim Eui-sung.
    const byName = bare && (!bare.title || item.keys.some((key) => key.title === bare.title)) ? bare.name : undefined;
    const actorsToo = (key: NameKey) => !key.actor || bare?.anyone || key.text === byName;
    for (const key of item.keys) score = Math.max(score, scoreKey(key, q), byName && actorsToo(key) ? scoreKey(key, byName) : 0);
    if (score > 0) found.push({ item, index, score });
  });
  found.sort((a, b) => b.score - a.score || a.index - b.index);
  return found;
}

/**
 * The record whose id is `query`, else every record that matches it best: one, or several that match it
 * equally well (a family name several share), in the data's order; none when nothing matches.
 */
export function bestMatches<T extends Searchable>(items: readonly T[], query: string): T[] {
  const byId = items.find((item) => item.id === query);
  if (byId) return [byId];
  const found = scored(items, query);
  const top = found[0]?.score;
  return found.filter((entry) => entry.score === top).map((entry) => entry.item);
}
