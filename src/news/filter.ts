// Which feed entries are renewal news about the show: a name of the show (in any of the four
// languages), or of its lead actors or author together with a season word, plus a renewal word.
import type { FeedEntry } from "./parse";

/** Lowercase, width-folded, without spaces, dashes or dots: "Ju Ji-hoon" and "ju jihoon" meet. */
export const compact = (text: string): string =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\-‐-―·.'’"“”:,!?()[\]]+/g, "");

/** Names of the show itself, compacted. */
export const SHOW_NAMES = ["traumacode", "heroesoncall", "severetraumacenter", "백강혁", "baekkanghyuk", "baekganghyeok"];

/**
 * Names the show is known by that are also ordinary words (a hospital's trauma center, a video game,
 * the golden hour of a photograph): they count only with a season word, like a person's name.
 */
export const GENERIC_NAMES = ["traumacenter", "goldenhour", "골든아워"];

/**
 * The show's Korean title is also what Korea calls a real severe trauma centre, in news of hospitals and
 * budgets. It names the show when quoted or bracketed, as Korean press writes a programme's title, or
 * beside Netflix, "drama" or the show's people; else it counts as an ordinary phrase.
 */
const KOREAN_TITLE = "중증외상센터";
const MARKED_KOREAN_TITLE = /[<《〈「『'‘"“]\s*중증외상센터\s*[23]?\s*[>》〉」』'’"”]/;
/** The title numbered as a sequel ("중증외상센터2"), not counting centres ("중증외상센터 2곳", "2~3곳", "2, 3개소"). */
const NUMBERED_KOREAN_TITLE = /중증외상센터\s?[23](?![\d\p{L}])(?!\s*(?:[~,\-·∼]\s*\d+\s*)?(?:곳|개|군데))/u;
const DRAMA_WORDS = ["netflix", "넷플릭스", "drama", "드라마"];
/**
 * The English title numbered as a sequel ("The Trauma Code 2"), as Korean press numbers its own, or with
 * its season written short ("Trauma Code S2", "'The Trauma Code' S2"); not a year ("... 2025 awards").
 */
const NUMBERED_TITLE = /(?:trauma\s?code|heroes\s+on\s+call)['’"”]?\s?(?:s0?)?[23](?![\d\p{L}])/iu;
/**
 * The show itself said to come back: "The Trauma Code confirmed to return", "... is set to return", "... will
 * be back". Its name must be what returns: "The Trauma Code's Choo Young-woo returns in ..." is another show's.
 */
const TITLE_RETURNS =
  /(?:trauma\s?code|heroes\s+on\s+call)['’"”]?\s+(?:(?:is|has\s+been)\s+)?(?:officially\s+)?(?:(?:confirmed|set)\s+to\s+return|will\s+(?:return|be\s+back))\b/iu;
/**
 * A second or third 기 (term), as Korean writes a series' season too ("2기"); not "12기" or "2 기대". A
 * trauma centre has its terms as well (designation rounds, classes of surgeons): beside the show's name
 * marked as a title, or with "제작" (production) right after it, only.
 */
const KOREAN_TERM = /(?<!\d)[23]\s?기(?![\p{L}\p{N}])/u;
const KOREAN_TITLE_TERM_MADE = /중증외상센터\s?[23]\s?기\s*제작/u;
/** The Korean title followed by a new season ("중증외상센터 새 시즌"): no trauma centre has seasons. */
const KOREAN_TITLE_NEW_SEASON = /중증외상센터\s*[>》〉」』'’"”]?\s*(?:의\s*)?(?:새|새로운|다음)\s*시즌/u;

/** The lead cast and the author, whose news is often about the show. */
export const PEOPLE = [
  "jujihoon",
  "주지훈",
  "chooyoungwoo",
  "추영우",
  "yoonkyungho",
  "윤경호",
  "jungjaekwang",
  "정재광",
  "leenakjun",
  "leenakjoon",
  "이낙준",
  "hansanleega",
  "한산이가",
];

/** Words that say a season is meant. */
export const SEASON_WORDS = [
  "season2",
  "season3",
  "seasontwo",
  "seasonthree",
  "secondseason",
  "thirdseason",
  "seasons2",
  "시즌2",
  "시즌3",
  "musim2",
  "musim3",
  "musimkedua",
  "musimketiga",
  "musimke2",
  "musimke3",
  // Indonesian writes the number in words too, and "season" as often as "musim".
  "musimdua",
  "musimtiga",
  "seasonkedua",
  "seasonketiga",
  // "Seasons two and three": the plural is no "season two".
  "seasonstwo",
  "ikalawangseason",
  "ikatlongseason",
  "pangalawangseason",
  "pangatlongseason",
  "sequel",
  "sekuel",
  "후속",
  "속편",
];

/** Season words that name a season whatever the sentence: not 후속 alone, which is also a follow-up measure. */
const KOREAN_TITLE_SEASON_WORDS = [...SEASON_WORDS.filter((w) => w !== "후속"), "후속편", "후속작", "후속시즌"];

/** Renewal words: a season word, or news of production, casting or Netflix. */
export const RENEWAL_WORDS = [
  ...SEASON_WORDS,
  // A continuation (Indonesian, Tagalog): beside the show's name only, since after a person's it is as
  // often a hearing's or a meeting's.
  "lanjutan",
  "karugtong",
  "renew",
  // "Greenlit", "greenlights", "the green light", as compacted.
  "greenlit",
  "greenlight",
  "filming",
  "shooting",
  "casting",
  "cast",
  "production",
  "netflix",
  "촬영",
  "캐스팅",
  "출연",
  "제작",
  "넷플릭스",
  "syuting",
  "pemeran",
  "produksi",
  "produksyon",
];

const hasAny = (text: string, words: readonly string[]) => words.some((w) => text.includes(w));

export function isAboutRenewal(title: string): boolean {
  // "cast" is a renewal word, and part of these words: taken out as words, before the spaces go, so that
  // "news: casting" or "before casting" keeps its casting.
  const text = compact(title.replace(/\b(broad|pod|fore|news|web|simul|tele)cast(s|ers?|ing)?\b/gi, " "));
  const normalized = title.normalize("NFKC");
  const koreanTitle = text.includes(KOREAN_TITLE);
  // The title numbered, said to return or followed by its new season or 2기 제작: a sequel named.
  const numbered = [NUMBERED_KOREAN_TITLE, NUMBERED_TITLE, TITLE_RETURNS, KOREAN_TITLE_NEW_SEASON, KOREAN_TITLE_TERM_MADE].some(
    (sequel) => sequel.test(normalized),
  );
  const namesShow =
    hasAny(text, SHOW_NAMES) ||
    (koreanTitle && (numbered || MARKED_KOREAN_TITLE.test(normalized) || hasAny(text, [...DRAMA_WORDS, ...PEOPLE])));
  // The sequel named is a season word of its own; so is 2기 beside the show's name.
  if (namesShow) return numbered || hasAny(text, RENEWAL_WORDS) || KOREAN_TERM.test(normalized);
  // An actor, the author or an ordinary phrase alone is often about something else: ask for a season word too.
  if (hasAny(text, [...PEOPLE, ...GENERIC_NAMES]) && hasAny(text, SEASON_WORDS)) return true;
  return koreanTitle && hasAny(text, KOREAN_TITLE_SEASON_WORDS);
}

/** How much older than the newest published item a found entry may be. */
export const NEWS_WINDOW_MS = 30 * 24 * 60 * 60_000;

/**
 * The entries worth a reviewer's time: about the show's renewal, and not older than the newest
 * published item by more than the window (an undated entry counts as found now).
 */
export function relevant<T extends FeedEntry>(
  entries: readonly T[],
  { newestPublished, now, windowMs = NEWS_WINDOW_MS }: { newestPublished: number | null; now: number; windowMs?: number },
): T[] {
  // Counted back from now at the latest: an item dated ahead (a premiere's date, a mistyped year) would
  // otherwise put today's news out of the window, and discovery would find nothing until that date.
  const oldest = newestPublished === null ? Number.NEGATIVE_INFINITY : Math.min(newestPublished, now) - windowMs;
  return entries.filter((e) => (e.publishedAt ?? now) >= oldest && isAboutRenewal(e.title));
}
