// RSS 2.0 and Atom -> entries, with fast-xml-parser (pure JavaScript, so it runs in workerd; see
// tests/news/parse.test.ts). Anything that is not a well-formed feed becomes a FeedError with a reason,
// never an exception the caller has to know about.
import { decodeHTML } from "entities";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Locale } from "../i18n/locale";
import { DIRECTION_CONTROLS, fitted } from "../text";

export interface FeedEntry {
  title: string;
  /** The article itself: redirect links of search feeds are unwrapped. */
  url: string;
  /** ms since the epoch; null when the feed gives no readable date. */
  publishedAt: number | null;
  outlet: string;
}

export class FeedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "FeedError";
  }
}

/** A feed with more entries is cut to its newest this many. */
export const MAX_ENTRIES = 100;
/** A headline is kept to this many UTF-16 units, cut between characters (half an emoji is no text). */
const TITLE_MAX = 300;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  htmlEntities: true,
  // What bounds a DOCTYPE's entities is the length they add; a count of expansions would count every
  // `&lt;` too, and a search feed's page of 100 items, each describing itself in escaped HTML, has a
  // thousand of them: the whole feed would be refused.
  processEntities: { enabled: true, maxEntityCount: 50, maxExpandedLength: 50_000 },
  isArray: (name) => name === "item" || name === "entry" || name === "link",
  // An Atom title of type "xhtml" is a div of marked-up text ("The <b>Trauma Code</b> season 2"). Parsed
  // into nodes, its text would come apart from its tags' and lose its order; kept as the markup it is,
  // it reads as an HTML headline does (plainText). An entry's description, summary and content are never
  // read: kept as they are, unparsed, their escaped HTML costs no entity decoding (a search feed's page
  // is mostly that, and a news round has 10 ms of CPU).
  // An item's or entry's title is kept as written too (see titleOf): markup in it, as some feeds write
  // ("The <b>Trauma Code</b> season 2"), parsed into nodes, would lose its words and their order.
  stopNodes: ["..title[type=xhtml]", "..item.title", "..entry.title", "*.description", "*.summary", "*.content", "*.encoded"],
});

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);

/** A date element that holds some text, else undefined: an empty `<published/>` gives way to `<updated>`. */
const filled = (value: unknown) => (textOf(value).trim() ? value : undefined);

/** Text of an element that may be plain, have attributes, or hold CDATA. */
function textOf(value: unknown): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (isNode(value)) return textOf(value["#text"] ?? "");
  return "";
}

/**
 * An item's or entry's title, kept as written (a stop node), as the parser reads other text: its entities
 * decoded, its CDATA sections as they are; markup written in it stays in place, for plainText to drop. An
 * Atom title of type "xhtml" is markup, read by plainText as it is.
 */
function titleOf(value: unknown): string {
  const written = textOf(value);
  if (isNode(value) && value["@type"] === "xhtml") return written;
  return outsideCdata(written, decodeHTML, (section) => section.slice("<![CDATA[".length, -"]]>".length));
}

const CDATA = /(<!\[CDATA\[[\s\S]*?\]\]>)/;
const CDATA_OR_COMMENT = /(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/;

/** `text` with `outside` applied to what stands outside its `sections` (CDATA, by default) and `inside` to them. */
function outsideCdata(
  text: string,
  outside: (part: string) => string,
  inside: (section: string) => string = (section) => section,
  sections: RegExp = CDATA,
): string {
  return text
    .split(sections)
    .map((part, i) => (i % 2 ? inside(part) : outside(part)))
    .join("");
}

/**
 * Headlines in feeds are often escaped HTML: tags dropped, entities decoded (every HTML entity, such as
 * the `&middot;` Korean outlets write between names), whitespace collapsed, and direction controls dropped
 * (a stranger's override would run on past the headline or the outlet's name, through the bot's words). Only what reads as a tag goes:
 * Korean press writes a programme's title in angle brackets (`<중증외상센터>`, `<The Trauma Code>`), which
 * stays. So a tag's name is followed by attributes only (`name="value"`, quoted or not), not by words. A tag
 * may name its namespace by a prefix (`<xh:b>`), as an Atom title written as XHTML may.
 */
const TAG = /<!--[\s\S]*?-->|<\/?[a-z][a-z0-9._:-]*(?:\s+[a-z_:][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))*\s*\/?>/gi;

export function plainText(html: string): string {
  return decodeHTML(html.replace(TAG, " ")).replace(DIRECTION_CONTROLS, "").replace(/\s+/g, " ").trim();
}

const TARGET_PARAMS = ["url", "u", "q", "target"];

/**
 * The article a redirect link points at: search feeds wrap targets as `...?url=<article>`
 * (Google's and Bing's news redirects); other links are returned as they are.
 */
export function unwrapRedirect(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  for (const name of TARGET_PARAMS) {
    const target = url.searchParams.get(name);
    if (target && /^https?:\/\//i.test(target)) {
      try {
        return new URL(target).toString();
      } catch {
        // not a URL after all: keep looking
      }
    }
  }
  return link;
}

/** A date further ahead than this is a feed's mistake, not news from the future. */
const FUTURE_SLACK_MS = 24 * 60 * 60_000;

/**
 * Zone abbreviations as offsets. Those of the show's markets (Korea, Japan, Indonesia, the Philippines) and
 * of outlets across South-East Asia that cover Korean drama (Singapore, Hong Kong, Malaysia, Thailand and
 * Vietnam), which outlets write in RFC 822 dates though RFC 822 names only UT, GMT and US zones; and those, which
 * Date.parse reads in an RFC 822 date but in no form after an ISO time ("2025-03-10T09:00:00 GMT").
 */
const ZONES: Record<string, string> = {
  KST: "+0900",
  JST: "+0900",
  WIB: "+0700",
  WITA: "+0800",
  WIT: "+0900",
  PHT: "+0800",
  SGT: "+0800",
  HKT: "+0800",
  MYT: "+0800",
  ICT: "+0700",
  UT: "+0000",
  UTC: "+0000",
  GMT: "+0000",
  EST: "-0500",
  EDT: "-0400",
  CST: "-0600",
  CDT: "-0500",
  MST: "-0700",
  MDT: "-0600",
  PST: "-0800",
  PDT: "-0700",
  // Outlets farther away that cover Korean drama in English: Europe's, Britain's (BST is British Summer
  // Time there, not Bangladesh's), India's (IST is India's, not Ireland's or Israel's) and Australia's.
  // A zone read wrongly moves a date by hours; a date not read at all counts as found when polled, and
  // an old article then passes the 30-day window.
  WET: "+0000",
  WEST: "+0100",
  BST: "+0100",
  CET: "+0100",
  CEST: "+0200",
  EET: "+0200",
  EEST: "+0300",
  IST: "+0530",
  AWST: "+0800",
  AEST: "+1000",
  AEDT: "+1100",
};

/**
 * Month names Date.parse does not read, as Indonesian and Tagalog feeds write them, in English. Those it
 * reads by their first three letters (Maret, Juni, Juli) need none.
 */
const MONTHS: Record<string, string> = {
  mei: "May",
  agu: "Aug",
  agt: "Aug",
  agustus: "Aug",
  okt: "Oct",
  oktober: "Oct",
  des: "Dec",
  desember: "Dec",
  enero: "Jan",
  pebrero: "Feb",
  febrero: "Feb",
  abril: "Apr",
  hunyo: "Jun",
  hulyo: "Jul",
  agosto: "Aug",
  setyembre: "Sep",
  septiyembre: "Sep",
  oktubre: "Oct",
  nobyembre: "Nov",
  disyembre: "Dec",
};
const MONTH_NAME = new RegExp(`(?<![\\p{L}])(?:${Object.keys(MONTHS).join("|")})(?![\\p{L}])`, "giu");

/**
 * Does a date name its zone: an offset (GMT+9 too), Z, or a zone's letters (GMT, UT, EST, ...), not a
 * 12-hour clock's AM or PM?
 */
const namesZone = (text: string) =>
  /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC?)[+-]\d{1,4}|\b[A-Z]{1,5})$/i.test(text) && !/\b[AP]M$/i.test(text);

/**
 * A date written the Korean way: the year, month and day marked 년, 월 and 일 ("2025년 3월 10일") or
 * parted by dots ("2025.03.10", "2025. 3. 10."), or by dashes or slashes before a Korean word; maybe a
 * weekday ("(월)", "월요일"); maybe a time, on the 24-hour clock ("18:05", "18시 5분") or the 12-hour one
 * with 오전 (a.m.) or 오후 (p.m.) before it; then maybe a zone (checked by koreanDate), left for date() to read.
 */
const KOREAN_DATE = new RegExp(
  [
    "^(\\d{4})\\s*(?:년|[./-])\\s*(\\d{1,2})\\s*(?:월|[./-])\\s*(\\d{1,2})\\s*(?:일|\\.)?",
    "(?:\\s*\\(?[월화수목금토일](?:요일)?\\)?)?",
    "(?:\\s*(오전|오후|[AP]M)?\\s*(?:(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?|(\\d{1,2})\\s*시(?:\\s*(\\d{1,2})\\s*분)?(?:\\s*(\\d{1,2})\\s*초)?)(?:\\s*([AP]M)\\b)?)?",
    // Whatever follows, checked after: a match never fails here, so never tries the spaces before it another way.
    "\\s*([\\s\\S]*)$",
  ].join(""),
  "iu",
);

/** The longest date written the Korean way ("2025년 12월 31일 (수요일) 오후 12시 30분 15초 KST+09:00" and some spaces). */
const KOREAN_DATE_MAX = 64;

/**
 * A date written the Korean way (KOREAN_DATE) as an ISO one ("2025-03-10T18:05:00"), any zone written after
 * it kept; null when it names no such day or time ("2025년 2월 30일", "오후 13:00"), which Date.parse would
 * move into another (2월 30일 is 3월 2일 to it); undefined when the date is not written so.
 */
function koreanDate(written: string): string | null | undefined {
  if (written.length > KOREAN_DATE_MAX) return undefined;
  if (!/\p{Script=Hangul}/u.test(written) && !/^\d{4}\s*\.\s*\d/.test(written)) return undefined;
  const match = KOREAN_DATE.exec(written);
  // After the time, a zone or nothing: what else follows is no part of a date this reads.
  if (!match || !/^(?:[A-Z]{1,5})?\s*(?:[+-]\d{1,2}(?::?\d{2})?)?$/i.test(match[12] ?? "")) return undefined;
  const [, year, month, day, before, hours, minutes, seconds, hoursKo, minutesKo, secondsKo, after, rest] = match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  const meridiem = (before ?? after ?? "").toUpperCase();
  if (before && after) return null;
  let h = Number(hours ?? hoursKo ?? 0);
  const min = Number(minutes ?? minutesKo ?? 0);
  const sec = Number(seconds ?? secondsKo ?? 0);
  if (meridiem) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (meridiem === "오후" || meridiem === "PM" ? 12 : 0);
  }
  if (h > 23 || min > 59 || sec > 59) return null;
  const pad = (n: number) => String(n).padStart(2, "0");
  const iso = `${year}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(min)}:${pad(sec)}`;
  return rest ? `${iso} ${rest}` : iso;
}

/** A date field longer than this is no date: the longest holds two stamps, each a long Korean one. */
const DATE_FIELD_MAX = 2 * KOREAN_DATE_MAX + 40;

/**
 * The labels of a date field that holds two stamps, as Korean outlets write one ("입력 2025.03.10 14:05 수정
 * 2025.03.10 15:00", "기사입력 … 최종수정 …", "등록 … 수정 …", "Published … Updated …"): when the story came
 * out (PUBLISHED_LABEL), and when it last changed.
 */
const STAMP_LABEL =
  /((?:기사\s?)?(?:입력|등록|작성)(?:일시|일)?|(?:최종\s?)?(?:수정|업데이트)(?:일시|일)?|\b(?:published|posted|(?:last\s)?updated|modified)(?:\son)?\b)/i;
const PUBLISHED_LABEL = /입력|등록|작성|published|posted/i;
/** What stands between a stamp and its label or the next one: spaces, a colon, a bar, a dot, brackets. */
const STAMP_EDGE_START = /^[\s:|/·•,;[\]()]+/;
/** The same at a stamp's end, but its closing bracket, which may be the stamp's own ("18:00(월)"). */
const STAMP_EDGE_END = /[\s:|/·•,;[\](]/;

/**
 * A part of a date field without what stands around it. Its end is trimmed by a walk back: a pattern
 * anchored at the end (`[…]+$`) tries each run of those marks in the field, and costs the square of its length.
 */
function withoutEdges(part: string): string {
  const start = part.replace(STAMP_EDGE_START, "");
  let end = start.length;
  while (end > 0 && STAMP_EDGE_END.test(start.charAt(end - 1))) end--;
  return start.slice(0, end);
}

/**
 * The stamp of a date field that says when the story came out: the one labelled so, else the first; the
 * field as it is when it names no stamp. A label stands before its stamp, or, in a field that starts with a
 * stamp and ends with a label ("2025.03.10 14:05 입력 · 2025.03.11 09:00 수정", "Mar 10, 2025 (Published)"),
 * after it.
 */
function publishedStamp(field: string): string {
  const parts = field.split(STAMP_LABEL);
  if (parts.length === 1) return field;
  // [before the first label, a label, what stands between it and the next, a label, ...]
  const between = parts.filter((_, i) => i % 2 === 0).map(withoutEdges);
  const labelsAfter = /\d/.test(between[0] ?? "") && between[between.length - 1] === "";
  const at = parts.findIndex((part, i) => i % 2 === 1 && PUBLISHED_LABEL.test(part));
  const stamp = at > 0 ? (between[(labelsAfter ? at - 1 : at + 1) / 2] ?? "") : between[0] || (between[1] ?? "");
  // A bracket opened before the label ("(입력 2025.03.10)") closes after the stamp.
  return stamp.endsWith(")") && !stamp.includes("(") ? stamp.slice(0, -1).trimEnd() : stamp;
}

/** Days in a month (1-12) of a year; 0 for a month that is none. */
const daysIn = (year: number, month: number) => (month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0);
const isDay = (year: number, month: number, day: number) => day >= 1 && day <= daysIn(year, month);

/** The months as Date.parse reads them: a month's number is its place here, from 1, by its first three letters. */
const MONTH_ABBREVIATIONS = "janfebmaraprmayjunjulaugsepoctnovdec";
const monthNumber = (name: string) => {
  const at = MONTH_ABBREVIATIONS.indexOf(name.slice(0, 3).toLowerCase());
  return at % 3 === 0 ? at / 3 + 1 : 0;
};

/**
 * RSS's date (RFC 822: "Mon, 10 Mar 2025 09:00:00 GMT", or an offset) and Atom's (ISO 8601 with a zone:
 * "2025-03-10T18:00:00+09:00"), as most feeds write them, which Date.parse reads as they are.
 */
const RFC_822 =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) \d{2}:[0-5]\d(?::[0-5]\d)? (?:GMT|UT|Z|[+-]\d{4})$/;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A date in RSS's or Atom's own form, in ms; null for a day its month does not have ("30 Feb", which
 * Date.parse reads as 2 March) or a time that is none; undefined for a date in another form.
 */
function standardDate(written: string): number | null | undefined {
  const rfc = RFC_822.exec(written);
  const iso = rfc ? null : ISO_8601.exec(written);
  if (!rfc && !iso) return undefined;
  const [year, month, day] = rfc ? [rfc[3], monthNumber(rfc[2] ?? ""), rfc[1]] : [iso?.[1], iso?.[2], iso?.[3]];
  if (!isDay(Number(year), Number(month), Number(day))) return null;
  const ms = Date.parse(written);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Which number comes first in a day written in digits with slashes or dashes, as a language's outlets write
 * one: Indonesian the day (10/03/2025 is 10 March), Tagalog the month, as in American usage (03/10/2025).
 * English is written both ways, and Korean puts the year first.
 */
const DIGITS_ORDER: Partial<Record<Locale, "day" | "month">> = { id: "day", tl: "month" };

/**
 * A day written in digits with the year last ("10.03.2025", "10/03/2025, 14:05 WIB"), maybe after a
 * weekday ("Senin, 10/03/2025"); then maybe a time, and a zone.
 */
const YEAR_LAST = /^(?:\p{L}+,?\s*)?(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)\.?,?\s*([\s\S]*)$/u;

/** A day written with its year first in two digits, as Korean outlets write one ("25.03.10 14:05"). */
const SHORT_YEAR_FIRST = /^\d{2}\.\d{1,2}\.\d{1,2}(?!\d)/;

/**
 * A day written in digits with the year last (YEAR_LAST) as an ISO date, any zone written after it kept,
 * read in the order the feed's `language` writes its numbers, or the only order that names a day. Dots
 * part a day first (10.03.2025, as Indonesian and European outlets write it), which Date.parse reads
 * month first (3 October). A year in two digits comes first in a Korean feed (25.03.10 is 10 March 2025).
 * Null for a day that is none in that order, or whose order is not known (10/03/2025 with no language to
 * say; 10.03.25 outside a Korean feed), where a day guessed might be another; undefined for a date not
 * written so.
 */
function digitsDate(written: string, language: Locale | undefined): string | null | undefined {
  if (SHORT_YEAR_FIRST.test(written)) return language === "ko" ? (koreanDate(`20${written}`) ?? null) : null;
  const match = YEAR_LAST.exec(written);
  if (!match) return undefined;
  const [, first, separator, second, year, rest] = match;
  const [a, b] = [Number(first), Number(second)];
  const order = separator === "." ? "day" : language && DIGITS_ORDER[language];
  const dayFirst = order ? order === "day" : a === b || a > 12 ? true : b > 12 ? false : undefined;
  if (dayFirst === undefined) return null;
  const pad = (n: number) => String(n).padStart(2, "0");
  const [month, day] = dayFirst ? [b, a] : [a, b];
  // Read as a date written the Korean way, year first, which checks the day, the time and the zone.
  return koreanDate(`${year}.${pad(month)}.${pad(day)} ${rest}`.trimEnd()) ?? null;
}

/** A day in digits with the year first ("2025-03-10", "2025/03/10"). */
const YEAR_FIRST = /^(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?!\d)/;
/**
 * A day before its month's name ("10 Mar 2025", "10-Mar-2025", "10 March, 2025", RFC 822's "10 Mar 25"),
 * and one after it ("Mar 10, 2025").
 */
const DAY_MONTH = /(?<!\d)(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?,?[\s-]+(\d{4}|\d{2})(?![\d:])/i;
const MONTH_DAY = /\b([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)/i;
/** A day in digits with the year last or in two digits ("10.03.25", "14:05 10/03/2025"): its order is not known. */
const DIGITS_UNORDERED = /(?<![\d./-])\d{1,2}([./-])\d{1,2}\1\d{2,4}(?!\d)/;
/** A time of day ("14:05", "14:05:30"). */
const CLOCK = /(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)/;
/** A month or a year with no day ("March 2025", "2025-03", "2025"), maybe a time and a zone after it. */
const NO_DAY =
  /^(?:\p{L}+\.?,?\s*)?\d{4}(?:[./-]\d{1,2})?\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:\p{L}{1,5}|[+-]\d{2}:?\d{2}))?$/u;

/**
 * Does Date.parse read a date as the day and time it names? Not a day its month does not have
 * ("2025-02-30", "31 Apr 2025"), which it reads as one of the next month, nor one in digits in an order
 * not known, which it reads month first, nor a minute or second past 59 ("Mar 10, 2025 14:60"), which
 * it may drop, nor a month or a year with no day ("March 2025", "2025-03"), which it reads as its first.
 */
function readsAsWritten(text: string): boolean {
  if (DIGITS_UNORDERED.test(text) || NO_DAY.test(text)) return false;
  const clock = CLOCK.exec(text);
  if (clock) {
    const [h, min, sec] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    // 24:00 is the end of a day, as ISO 8601 allows, and Date.parse reads: the next one's start.
    if (min > 59 || sec > 59 || h > 24 || (h === 24 && min + sec > 0)) return false;
  }
  const yearFirst = YEAR_FIRST.exec(text);
  if (yearFirst) return isDay(Number(yearFirst[1]), Number(yearFirst[3]), Number(yearFirst[4]));
  const named = namedDay(text);
  return !named || isDay(...named);
}

/**
 * The [year, month, day] a date names by its month's name, if it does; words that name no month
 * ("00 UTC-05") are passed over. A year in two digits is read as Date.parse reads one: this century's
 * below 50, else the last's.
 */
function namedDay(text: string): [number, number, number] | undefined {
  const dayMonth = DAY_MONTH.exec(text);
  const month = monthNumber(dayMonth?.[2] ?? "");
  if (dayMonth && month) {
    const year = dayMonth[3] ?? "";
    const century = year.length === 2 ? (Number(year) < 50 ? 2000 : 1900) : 0;
    return [Number(year) + century, month, Number(dayMonth[1])];
  }
  const monthDay = MONTH_DAY.exec(text);
  const named = monthNumber(monthDay?.[1] ?? "");
  return monthDay && named ? [Number(monthDay[3]), named, Number(monthDay[2])] : undefined;
}

/** A year written in four digits. */
const YEAR = /(?<!\d)\d{4}(?!\d)/g;

const DAY_MS = 24 * 60 * 60_000;

/**
 * Does a date name the year Date.parse reads it in: in four digits (or the year beside it, which a zone
 * makes of a year's first or last hours), or, by its month's name, the day it reads, give or take a zone
 * ("10 Mar 25")? Not a day written without its year ("03.10 14:05", "March 10"), which Date.parse puts in
 * 2001, nor a span of days ("9-10 Mar 2025"), which it reads as 9 March 2010.
 */
function namesYear(text: string, ms: number): boolean {
  const named = namedDay(text);
  if (named) {
    const day = Date.UTC(named[0], named[1] - 1, named[2]);
    return ms > day - DAY_MS && ms < day + 2 * DAY_MS;
  }
  const year = new Date(ms).getUTCFullYear();
  return (text.match(YEAR) ?? []).some((written) => Math.abs(Number(written) - year) <= 1);
}

/**
 * A bar, a dash or "at" between a day and its time ("Senin, 10 Mar 2025 | 14:05 WIB", "March 10, 2025 at
 * 2:05 PM", "2025.03.10 | 14:05"), which Date.parse and koreanDate do not read: the day ends in its year or
 * in its number after a dot, dash or slash, and a dash stands between spaces (14:05 -09:00 is an offset).
 */
const DAY_TIME_PARTING = /(?<=\d{4}\.?|[./-]\d{1,2}\.?),?\s*(?:\||\s[-–—]\s|\sat\s)\s*(?=\d{1,2}:\d{2})/i;

/** A date ahead of now by more than a day passes for no date: it would pass for the newest story. */
const notAhead = (ms: number | null) => (ms === null || ms > Date.now() + FUTURE_SLACK_MS ? null : ms);

/**
 * The entry's date; null (found now) when unreadable or ahead of now, where it would pass for the newest
 * story. A date that names no zone (some Korean CMSes write "2025-01-20 20:00:00") is read at the feed's
 * own offset from UTC, `offsetMinutes`: Workers run in UTC, where Date.parse reads such a date. Of a field
 * with two stamps, the first (when the story came out) dates the entry. A day or time Date.parse would
 * read as another (2월 30일 as 3월 2일, 10.03.2025 as 3 October, 03.10 with no year as in 2001) is no date.
 */
function date(value: unknown, { offsetMinutes, language }: Reading): number | null {
  const field = textOf(value).trim();
  const standard = standardDate(field);
  if (standard !== undefined) return notAhead(standard);
  if (field.length > DATE_FIELD_MAX) return null;
  // The zone's name in brackets, as JavaScript's Date writes itself ("GMT+0900 (Korean Standard Time)"),
  // says nothing the offset before it does not.
  const written = publishedStamp(field)
    .replace(/\s*\([^()]*\)$/, "")
    .replace(DAY_TIME_PARTING, " ");
  const digits = digitsDate(written, language);
  const korean = digits === undefined ? koreanDate(written) : digits;
  if (korean === null) return null;
  const text = (korean ?? written)
    // An offset after a zone's letters says it all ("GMT+09:00", "KST+0900"), and goes right after the
    // time: Date.parse reads "2025-03-10T18:00:00+09:00", not "...T18:00:00 +09:00" or "... GMT+09:00".
    // An offset of hours alone ("+09", as PostgreSQL writes one; "KST+9") is written with its minutes, as
    // Date.parse reads it after an ISO time, and as namesZone knows it. A 12-hour clock's AM or PM stays.
    .replace(
      /(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:(?![AP]M\b)[A-Z]{2,5}\s*)?([+-])(\d{1,2})(:?\d{2})?$/,
      (_: string, time: string, sign: string, hours: string, minutes?: string) =>
        `${time}${sign}${hours.padStart(2, "0")}${minutes ?? "00"}`,
    )
    // Set right after the time: Date.parse reads "2025-03-10T18:00:00+0900", not "...T18:00:00 +0900".
    .replace(/\s*\b([A-Z]{2,4})$/, (written: string, zone: string) => ZONES[zone] ?? written)
    .replace(MONTH_NAME, (month: string) => MONTHS[month.toLowerCase()] ?? month);
  if (!text || !readsAsWritten(text)) return null;
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed) || !namesYear(text, parsed)) return null;
  return notAhead(namesZone(text) ? parsed : parsed - offsetMinutes * 60_000);
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
};

/**
 * A link as written, read against the address the feed came from: Atom allows relative links, and some
 * RSS writes them so. A link that is no URL even so is left as written (and dropped by entry()).
 */
function absolute(link: string, base: string | undefined): string {
  if (!link || !base) return link;
  try {
    return new URL(link, base).toString();
  } catch {
    return link;
  }
}

/**
 * An entry read, or null for one with no usable link or headline. `feedName`: the outlet is the feed's own
 * name (an Atom feed's title), which names the stories of a site's own feed, not those an alert feed links
 * to elsewhere through redirects (Google Alerts titles each of its feeds "Google Alert - …"): theirs is the
 * site the link leads to.
 */
function entry(title: string, link: string, publishedAt: number | null, named: string, feedName = false): FeedEntry | null {
  const url = unwrapRedirect(link.trim());
  const outlet = feedName && url !== link.trim() ? "" : plainText(named);
  if (!/^https?:\/\//i.test(url)) return null;
  // A link that only looks like one ("https://drama wire.example/1") is no article to review: every
  // card, post and published item would carry a URL the platforms refuse or the renderers cannot read.
  try {
    new URL(url);
  } catch {
    return null;
  }
  let clean = plainText(title);
  // Search feeds append the outlet to the headline: "Headline - Outlet", both read as plain text.
  if (outlet && clean.endsWith(` - ${outlet}`)) clean = clean.slice(0, -(outlet.length + 3)).trim();
  if (!clean) return null;
  return { title: fitted(clean, TITLE_MAX), url, publishedAt, outlet: outlet || hostOf(url) };
}

/**
 * An RSS item's link: its <link> (an <atom:link> beside it reads as a link too, with no text), else its
 * <guid>, which RSS 2.0 makes a permalink unless it says isPermaLink="false".
 */
function rssLink(item: Node, base: string | undefined): string {
  const link = [item.link].flat().map(textOf).find(Boolean);
  if (link) return absolute(link.trim(), base);
  const guid = item.guid;
  return isNode(guid) && guid["@isPermaLink"] === "false" ? "" : textOf(guid);
}

/**
 * How a feed's entries are read: links against `base`, the address the document came from; dates that
 * name no zone at `offsetMinutes` from UTC.
 */
interface Reading {
  base?: string;
  offsetMinutes: number;
  /** The feed's language, which says in what order it writes a day in digits (10/03/2025). */
  language?: Locale | undefined;
}

function rssEntries(channel: Node, reading: Reading): FeedEntry[] {
  const { base } = reading;
  const items = Array.isArray(channel.item) ? channel.item.filter(isNode) : [];
  return items
    .map((item) => {
      const source = item.source;
      const outlet = textOf(source) || (isNode(source) ? hostOf(String(source["@url"] ?? "")) : "");
      return entry(titleOf(item.title), rssLink(item, base), date(filled(item.pubDate) ?? item.date, reading), outlet);
    })
    .filter((e): e is FeedEntry => e !== null);
}

/**
 * The base an element's relative links are read against: its `xml:base` (read as `@base`, its prefix
 * removed), itself read against the base it sits in; else that one. Atom lets the feed, an entry and a
 * link each set one.
 */
function baseOf(node: Node | undefined, base: string | undefined): string | undefined {
  const own = node?.["@base"];
  return typeof own === "string" && own.trim() ? absolute(own.trim(), base) : base;
}

/** The relation an Atom link names by its IANA address, as RFC 4287 allows, or by its name. */
const IANA_RELATION = "http://www.iana.org/assignments/relation/";

/** An Atom link to the entry itself: one with no rel, or rel="alternate" (RFC 4287). */
function isAlternate(link: Node): boolean {
  const rel = String(link["@rel"] ?? "")
    .trim()
    .toLowerCase();
  return !rel || rel === "alternate" || rel === `${IANA_RELATION}alternate`;
}

/**
 * An entry's article: its alternate link, the web page one if it has several (a PDF or JSON form of the
 * story may sit beside it), read against its base (the link's own xml:base first). Its self, edit,
 * replies, enclosure or via links lead to the feed's own records, comments, a file or another site: an
 * entry with only those links has no article ("").
 */
function atomLink(links: unknown, base: string | undefined): string {
  const alternates = (Array.isArray(links) ? links.filter(isNode) : []).filter(isAlternate);
  const page = (l: Node) => /^\s*(?:text\/html|application\/xhtml\+xml)\s*(?:;|$)/i.test(String(l["@type"] ?? ""));
  const alternate = alternates.find(page) ?? alternates.find((l) => !l["@type"]) ?? alternates[0];
  return absolute(String(alternate?.["@href"] ?? "").trim(), baseOf(alternate, base));
}

function atomEntries(feed: Node, reading: Reading): FeedEntry[] {
  const base = baseOf(feed, reading.base);
  const feedTitle = textOf(feed.title);
  const entries = Array.isArray(feed.entry) ? feed.entry.filter(isNode) : [];
  return entries
    .map((e) => {
      const source = isNode(e.source) ? textOf(e.source.title) : "";
      const author = isNode(e.author) ? textOf(e.author.name) : "";
      return entry(
        titleOf(e.title),
        atomLink(e.link, baseOf(e, base)),
        date(filled(e.published) ?? e.updated, reading),
        source || feedTitle || author,
        !source && !!feedTitle,
      );
    })
    .filter((e): e is FeedEntry => e !== null);
}

const looksLikeHtml = (text: string) => /^\s*(<!doctype html|<html[\s>])/i.test(text.slice(0, 512));

/**
 * Entries of an RSS 2.0, RSS 1.0 or Atom document, in the order the feed lists them; relative links are
 * read against `base`, the address the document came from, dates that name no zone at the feed's offset
 * from UTC (`offsetMinutes`), and days written in digits in the order its `language` writes them.
 */
export function parseFeed(body: string, contentType = "", base?: string, offsetMinutes = 0, language?: Locale): FeedEntry[] {
  // Whitespace (a PHP page's stray blank line) or a byte order mark the decoder left is not allowed
  // before the XML declaration, but feed readers pass over it: the feed is whole after it.
  const text = body.trimStart();
  if (looksLikeHtml(text)) throw new FeedError("HTML, not a feed");
  try {
    return feedEntries(text, { base, offsetMinutes, language });
  } catch (error) {
    // Some servers label their feed text/html, so the body decides; what is no feed under that label is a page.
    if (error instanceof FeedError && /text\/html/i.test(contentType)) throw new FeedError("HTML, not a feed");
    throw error;
  }
}

/** A `&` that starts no entity or character reference. */
const BARE_AMPERSAND = /&(?![A-Za-z][A-Za-z0-9]{0,31};|#[0-9]{1,7};|#x[0-9A-Fa-f]{1,6};)/g;

/**
 * The document with each bare `&` written `&amp;`, outside CDATA sections and comments, where it is
 * allowed and means itself. Some outlets' feeds write one in a title or a link ("?id=1&lang=en"), which
 * no XML allows; feed readers read them anyway, and so does this, only once the document failed as it is.
 */
function escapeBareAmpersands(text: string): string {
  return outsideCdata(text, (part) => part.replace(BARE_AMPERSAND, "&amp;"), undefined, CDATA_OR_COMMENT);
}

/** The entries of a document that is no HTML page. */
function feedEntries(written: string, reading: Reading): FeedEntry[] {
  let text = written;
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const repaired = text.includes("&") ? escapeBareAmpersands(text) : text;
    if (repaired === text || XMLValidator.validate(repaired) !== true)
      throw new FeedError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
    text = repaired;
  }
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (error) {
    throw new FeedError(`unparsable XML: ${(error as Error).message}`);
  }
  let entries: FeedEntry[];
  if (isNode(doc.rss) && isNode(doc.rss.channel)) entries = rssEntries(doc.rss.channel, reading);
  else if (isNode(doc.feed)) entries = atomEntries(doc.feed, reading);
  else if (isNode(doc.RDF)) entries = rssEntries(doc.RDF, reading);
  else throw new FeedError("XML, but neither RSS nor Atom");
  return newestOf(entries, MAX_ENTRIES);
}

/**
 * The `max` newest entries (undated ones count as newest), in the feed's own order. Most feeds list the
 * newest first, but a search feed lists by relevance: cutting its first `max` could drop a new story.
 */
function newestOf(entries: FeedEntry[], max: number): FeedEntry[] {
  if (entries.length <= max) return entries;
  const when = (e: FeedEntry) => e.publishedAt ?? Number.POSITIVE_INFINITY;
  const kept = new Set(
    entries
      .map((entry, index) => ({ at: when(entry), index }))
      .sort((a, b) => (a.at === b.at ? a.index - b.index : b.at - a.at))
      .slice(0, max)
      .map(({ index }) => index),
  );
  return entries.filter((_, index) => kept.has(index));
}
