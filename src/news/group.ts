// The same story from many outlets becomes one candidate: links are normalized (tracking parameters,
// mobile and AMP variants, redirects), and headlines are compared by the concepts they name, which
// works across languages ("시즌2" and "season 2" are one concept), and by their words within one.
import { compact } from "./filter";

/** Two entries further apart than this are different stories, however alike their headlines. */
export const SAME_STORY_MS = 4 * 24 * 60 * 60_000;

/**
 * Parameters that track a click or pick a variant of the same page: `amp` and `outputtype` its AMP page,
 * `noamp` the page WordPress's AMP plugin links back to from it (`?noamp=mobile`), which is how an editor
 * who read the story on a phone pastes its link.
 */
const TRACKING =
  /^(utm_.*|fbclid|gclid|dclid|mc_cid|mc_eid|ocid|oc|cmpid|ref|ref_src|src|source|from|feature|igshid|spm|_ga|outputtype|amp|noamp)$/i;

/** The link as a URL without its tracking parameters and fragment; null if it is no URL. */
function untracked(link: string): URL | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  url.hash = "";
  for (const name of [...url.searchParams.keys()]) if (TRACKING.test(name)) url.searchParams.delete(name);
  return url;
}

/** A link as a story's identity: https, host without www/m/mobile/amp, no /amp page, no tracking parameters or fragment. */
export function normalizeUrl(link: string): string {
  const url = untracked(link);
  if (!url) return link.trim();
  url.protocol = "https:";
  url.hostname = url.hostname.toLowerCase().replace(/^(www|m|mobile|amp)\./, "");
  url.port = "";
  url.searchParams.sort();
  url.pathname = url.pathname.replace(/\/amp\/?$/i, "/").replace(/\/+$/, "") || "/";
  return url.toString().replace(/\/$/, "");
}

/**
 * A link as a reader follows it: without tracking parameters, but with the scheme, host and port its
 * outlet gave, which the identity drops and the page may need (a site served over http only, one whose
 * name has no address without its www., one on another port).
 */
export function outletLink(link: string): string {
  return untracked(link)?.toString() ?? link.trim();
}

/** Concepts a headline can name in any of the four languages (forms are compacted, see compact()). */
const CONCEPTS: Record<string, string[]> = {
  show: ["traumacode", "중증외상센터", "heroesoncall", "traumacenter", "goldenhour", "골든아워"],
  season2: [
    "season2",
    "secondseason",
    "seasontwo",
    "시즌2",
    "musim2",
    "musimkedua",
    "musimdua",
    "seasonkedua",
    "ikalawangseason",
  ],
  season3: [
    "season3",
    "thirdseason",
    "seasonthree",
    "시즌3",
    "musim3",
    "musimketiga",
    "musimtiga",
    "seasonketiga",
    "ikatlongseason",
    "seasons2and3",
    "seasons2&3",
  ],
  netflix: ["netflix", "넷플릭스"],
  filming: ["filming", "shoot", "촬영", "syuting", "crankin", "크랭크인"],
  casting: ["casting", "cast", "캐스팅", "출연", "pemeran", "합류", "join"],
  production: ["production", "produce", "제작", "produksi", "produksyon"],
  // A renewal made is a confirmation: "Netflix renews ..." (or greenlights) tells what "... 확정" does;
  // "will renew?" and "yet to renew" do not.
  confirmed: [
    "confirm",
    "renews",
    "renewed",
    "greenlit",
    "greenlights",
    "greenlighted",
    "announces",
    "announced",
    "확정",
    "dipastikan",
    "konfirmasi",
    "kumpirmado",
    "official",
    "공식",
    "resmi",
    "opisyal",
  ],
  // Compacted, so "not yet confirmed" and "isn't confirmed" are written as one word.
  denied: [
    "deny",
    "denie",
    "denial",
    "notconfirmed",
    "notyetconfirmed",
    "isntconfirmed",
    "부인",
    "사실무근",
    "확정아냐",
    "확정아님",
    "확정아니",
    "확정안됐",
    "확정안돼",
    "확정안된",
    "확정되지않",
    // Nothing decided: "확정된 바 없다", "정해진 바 없다", "결정된 것 없어".
    "된바없",
    "진바없",
    "된것없",
    "미정",
    "검토",
    "bantah",
    "belumdipastikan",
    "itinanggi",
    "hindipakumpirmado",
    "hindikumpirmado",
    // Not yet: "has yet to be renewed".
    "yettoberenewed",
    "yettobeconfirmed",
    "yettorenew",
    "yettoconfirm",
    // A cancellation denies the renewal as surely as a denial.
    "cancel",
    "취소",
    "무산",
    "dibatalkan",
    "kinansela",
  ],
  // A report of what others say ("reportedly", "sources say", Korean "알려져" and "전해져", Indonesian
  // "dikabarkan" and "dilaporkan", Tagalog "umano", see REPORTED) is as unsure as a rumour: grouped with it, the
  // announcement found after it would be a source of that candidate, and a story published as a report would
  // never come back to review as official.
  rumor: [
    "rumor",
    "rumour",
    "unconfirmed",
    "reportedly",
    "allegedly",
    "accordingtoreports",
    "sourcessay",
    "sourcessaid",
    "루머",
    "소문",
    "확정설",
    // Likely, or leaning that way ("제작 유력", "제작으로 가닥"): not yet decided.
    "유력",
    "가닥",
    "알려져",
    "알려졌",
    "전해져",
    "전해졌",
    "kabarburung",
    "desasdesus",
    "dikabarkan",
    "dilaporkan",
    "kabarnya",
    "diisukan",
    "tsismis",
    "bulungbulungan",
  ],
  sequel: ["sequel", "후속", "lanjutan", "karugtong"],
  october: ["october", "10월", "oktober", "oktubre"],
  jujihoon: ["jujihoon", "주지훈"],
  chooyoungwoo: ["chooyoungwoo", "추영우"],
  hayoung: ["hayoung", "하영"],
  author: ["leenakjun", "leenakjoon", "이낙준", "hansanleega", "한산이가"],
};

/**
 * A headline that says the renewal will not happen, or has not yet, in so many words: "will not get", "no
 * season 2" (not "No. 1"), a "not" written short ("hasn't", "didn't", "won't"), "has yet to officially
 * confirm", and Indonesian's "belum" (not yet) and "tidak" (not) as words ("sebelum" is "before").
 */
const NEGATED =
  /\b(?:not|never|no)\b(?!\.?\s*\d)|\b[a-z]+n[’']t\b|\byet\s+to\s+(?:be\s+)?(?:[a-z]+ly\s+)?(?:confirm|renew)|(?<!\p{L})(?:belum|tidak)(?!\p{L})/iu;

/** Tagalog's "reportedly" as a word: compacted, "umano" is also inside "human organ". */
const REPORTED = /(?<![\p{L}\p{N}])(?:di)?umano(?![\p{L}\p{N}])/iu;

/**
 * Seasons 2 and 3 named as a pair ("seasons 2 and 3", "season 2 & 3", "시즌2·3", "musim 2 dan 3"): the
 * headline names both, however the pair is written, and not an episode ("시즌2 3화"). Counted before the
 * word ("second and third seasons", "ikalawa at ikatlong season"), the pair must name seasons: "second
 * and third episodes" names none.
 */
const SEASON_PAIR =
  /(?:seasons?|시즌|musim)\s*(?:ke-?\s*)?(?:2|two|dua|kedua)\s*(?:[&·∙・,/+~–-]|and|dan|at|와|과|및)\s*(?:ke-?\s*)?(?:3|three|tiga|ketiga)(?!\s*(?:\d|회|화))|(?:second|2nd|ikalawa(?:ng)?)\s*(?:[&,/+]|and|at)\s*(?:a\s+)?(?:third|3rd|ikatlo(?:ng)?)\s*seasons?\b/iu;

/** An English or Indonesian headline that starts asking whether ("Will ...?", "Apakah ...?"). */
const ASKS_FIRST = /^\s*(?:will|is|could|does|can|has|should|would|might|are|did|apakah|akankah)\b[^?？]*[?？]/i;

/**
 * A clause that asks whether. In Korean: a verb ending in 까 ("나올까", "제작될까"; not 니까, "since"), in 나
 * or 나요 ending the clause with its question mark ("나오나?", "됐나요?"; not 하나, "one", as a word of its
 * own, 만나, "meet", or a name in 지나; "제작하나?" and "제작하나요" ask), or without one after a verb's stem
 * or ending ("나오나", "됐나요", "나오려나", "있을까나", "만드나", "찍나", "뜨나"; not a name such as 유나, 세나 or 이하나),
 * in 냐 or 는가, or in 지 after a verb ("제작될지 관심", whether it will be made; not 일지, a diary, as a
 * word of its own). In Tagalog: "ba" and then a question mark, unless after a word asking something more
 * (kailan, "when"; ano, "what" ...). In any language: a confirmation asked ("확정?", "confirmed?").
 */
const ASKING_CLAUSE =
  /(?<!니)까(?![\p{L}\p{N}])|(?<![하이누만지])나요?\s*[?？]|(?<=[오되돼됐있없했왔갔났었았였겠려까드찍뜨])나요?\s*$|(?<![하이누만지])나요\s*$|(?<=\p{Script=Hangul})하나(?:요?\s*[?？]|요\s*$)|(?:냐|는가)(?![\p{L}\p{N}])|(?<=\p{Script=Hangul})(?:될|올|할|을|일|는|인|갈|릴)지(?![\p{L}\p{N}])|확정\s*[?？]|(?<![\p{L}\p{N}])(?:confirmed|kumpirmado|resmi|official)\s*[?？]/iu;
const TAGALOG_ASKING = /(?<![\p{L}\p{N}])ba(?![\p{L}\p{N}])[^?？]*[?？]/iu;
const TAGALOG_ASKS_MORE = /(?<![\p{L}\p{N}])(?:kailan|saan|sino|ano|paano|bakit|ilan|magkano)(?![\p{L}\p{N}])/iu;

/** Words that only call something official ("공식 입장", an official statement): no answer to a question. */
const OFFICIAL_ONLY = ["official", "공식", "resmi", "opisyal"];

/**
 * Whether a headline asks whether the story is so. A question that comes after a clause telling it
 * ("시즌2 제작 확정… 주지훈 돌아올까", it tells, then asks who returns) asks something more: the headline still tells.
 * One answered after it ("Will there be a season 2? Netflix confirms") tells too, when the answer
 * confirms in so many words, not only names something official ("나오나? 넷플릭스 공식 입장은").
 */
function asksWhether(title: string): boolean {
  const first = ASKS_FIRST.exec(title);
  let asked = first !== null;
  // Clauses, each with its own question mark.
  const clauses = title.slice(first?.[0].length ?? 0).split(/(?<=[?？])|[,，…:;|]|\.{2,}|\s[-–—]\s/);
  for (const clause of clauses) {
    if (ASKING_CLAUSE.test(clause) || (TAGALOG_ASKING.test(clause) && !TAGALOG_ASKS_MORE.test(clause))) {
      asked = true;
      continue;
    }
    const confirms = CONCEPTS.confirmed?.filter((form) => compact(clause).includes(form)) ?? [];
    if (asked ? confirms.some((form) => !OFFICIAL_ONLY.includes(form)) : confirms.length > 0) return false;
  }
  return asked;
}

/** Words for when a season comes out, compacted: a doubt about them is the date's, not the season's. */
const SCHEDULE = ["date", "premiere", "방송일", "공개일", "방영일", "공개시기", "방송시기", "편성", "tayang", "jadwal", "petsa"];

/** A clause's doubt: a denial or a "not" in it. */
const doubts = (clause: string) => CONCEPTS.denied?.some((form) => compact(clause).includes(form)) || NEGATED.test(clause);

/**
 * Whether a headline denies the renewal. A clause confirming it without doubt, and doubt only in clauses
 * about its date ("season 2 confirmed, no release date yet", "시즌2 제작 확정…공개일 미정"), is no denial.
 */
function denies(title: string): boolean {
  if (!doubts(title)) return false;
  const clauses = title.split(/[?？,，…:;|]|\.{2,}|\s[-–—]\s|\s(?:but|tapi|namun|pero|하지만)\s/i);
  const confirming = clauses.some((c) => !doubts(c) && CONCEPTS.confirmed?.some((form) => compact(c).includes(form)));
  return !confirming || clauses.some((c) => doubts(c) && !SCHEDULE.some((word) => compact(c).includes(word)));
}

/**
 * The title numbered as a sequel ("중증외상센터2", "The Trauma Code 2"), as the filter reads one; not a
 * year ("Trauma Code 2025") nor trauma centres counted ("중증외상센터 2곳", "2~3곳").
 */
const numberedTitle = (n: number) =>
  `(?:중증외상센터\\s?${n}(?!\\s*(?:[~,\\-·∼]\\s*\\d+\\s*)?(?:곳|개|군데))|(?:trauma\\s?code|heroes\\s+on\\s+call)['’"”]?\\s?${n})(?![\\d\\p{L}])`;

/**
 * A season written short: "S2" (not a phone's "S20"), or Korean's 2기 (term; not "12기" or "2 기대"), which
 * compacted would be found inside other words; or the title numbered.
 */
const SHORT_SEASON: Record<string, RegExp> = {
  season2: new RegExp(`(?<![\\p{L}\\p{N}])s0?2(?![\\p{L}\\p{N}])|(?<!\\p{N})2\\s?기(?![\\p{L}\\p{N}])|${numberedTitle(2)}`, "iu"),
  season3: new RegExp(`(?<![\\p{L}\\p{N}])s0?3(?![\\p{L}\\p{N}])|(?<!\\p{N})3\\s?기(?![\\p{L}\\p{N}])|${numberedTitle(3)}`, "iu"),
};

/** The concepts a bare confirmation of a season names, and no more. */
const SEASON_CONFIRMATION = ["#show", "#netflix", "#season2", "#season3", "#confirmed", "#sequel"];

/** The comparison key of a headline: its concepts, then its words, space-separated. */
export function titleKey(title: string): string {
  const text = compact(title);
  // A headline asking whether confirms nothing ("Will it be renewed for season 2?", Indonesian's "Apakah
  // ...?", Korean's "시즌2 나오나?", Tagalog's "... na ba?"); one that tells, then asks something more
  // ("Netflix confirms season 2: when will it premiere?"), still does.
  const asked = asksWhether(title);
  const concepts = Object.entries(CONCEPTS)
    .filter(
      ([name, forms]) =>
        (name === "denied" ? denies(title) : forms.some((f) => text.includes(f))) ||
        (name === "rumor" && REPORTED.test(title)) ||
        ((name === "season2" || name === "season3") && SEASON_PAIR.test(title.normalize("NFKC"))) ||
        SHORT_SEASON[name]?.test(title.normalize("NFKC")),
    )
    .filter(([name]) => !(asked && name === "confirmed"))
    .map(([name]) => `#${name}`);
  // A season confirmed, and nothing more particular (a person, casting, filming), is a season to be made:
  // Korean says so in so many words ("시즌2 제작 확정").
  const particular = concepts.some((c) => !SEASON_CONFIRMATION.includes(c));
  if (!particular && concepts.includes("#confirmed") && (concepts.includes("#season2") || concepts.includes("#season3")))
    concepts.push("#production");
  if (asked) concepts.push("#asked");
  // Words of three letters and more; in Hangul, where a syllable is a letter block, of two and more.
  const words = title
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2 || (w.length === 2 && /\p{Script=Hangul}/u.test(w)));
  return [...new Set([...concepts, ...words])].join(" ");
}

const jaccard = (a: Set<string>, b: Set<string>) => {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
};

/**
 * Concepts that say how sure a headline is. A denial, a rumour or a question whether is another story
 * than a confirmation however alike the words ("season 2 confirmed" / "season 2 not confirmed", "Will
 * Netflix renew ...?" / "Netflix renews ..."): grouped, the later one would only be a source of the
 * earlier candidate and no reviewer would see it as a story of its own.
 */
const DOUBT = ["#denied", "#rumor", "#asked"];

/** Concepts of which two headlines about one story name the same: the season, and the people. */
const EXCLUSIVE = [
  ["#season2", "#season3"],
  ["#jujihoon", "#chooyoungwoo", "#hayoung", "#author"],
];

/**
 * Whether two headlines tell the same story: as sure of it as each other, about the same season and
 * people, and the same words (one language), or the same concepts beyond the show's name (any language):
 * at least three of them, or two that are all either names.
 */
export function sameStory(keyA: string, keyB: string): boolean {
  const a = keyA.split(" ").filter(Boolean);
  const b = keyB.split(" ").filter(Boolean);
  if (DOUBT.some((doubt) => a.includes(doubt) !== b.includes(doubt))) return false;
  // Another season, or other people, is another story: both name some, and not the same.
  const apart = (group: readonly string[]) => {
    const inA = group.filter((c) => a.includes(c));
    const inB = group.filter((c) => b.includes(c));
    return inA.length > 0 && inB.length > 0 && !inA.some((c) => inB.includes(c));
  };
  if (EXCLUSIVE.some(apart)) return false;
  const words = (xs: string[]) => new Set(xs.filter((x) => !x.startsWith("#")));
  const concepts = (xs: string[]) => new Set(xs.filter((x) => x.startsWith("#") && x !== "#show"));
  if (jaccard(words(a), words(b)) >= 0.5) return true;
  const ca = concepts(a);
  const cb = concepts(b);
  const shared = [...ca].filter((c) => cb.has(c)).length;
  // A short headline in two languages ("season 2 confirmed", "시즌2 확정") names two concepts, both the same.
  const alike = shared >= 2 && shared === ca.size && shared === cb.size;
  return alike || (shared >= 3 && jaccard(ca, cb) >= 0.6);
}
