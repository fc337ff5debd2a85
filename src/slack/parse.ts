// Slack slash-command text -> raw options, read against the same option definitions as Discord's.
//   /character Baek Kang-hyuk     the rest of the text fills the command's first option
//   /episode 3 lang:ko            lang:xx anywhere picks the language
//   /renewal alerts on            an option's name followed by its value
//   /character name:baek          name:value works too
import { type Command, type CommandFacts, type IntegerOption, UNREAD_TEXT, WrittenLater, WrittenSeveral } from "../command";
import type { Invocation } from "../dispatch";
import { DEFAULT_LOCALE, isLocale, localeOfTag } from "../i18n/locale";

export interface SlashCommandBody {
  command?: string;
  text?: string;
  team_id?: string;
  channel_id?: string;
  channel_name?: string;
  user_id?: string;
  user_name?: string;
  trigger_id?: string;
}

/**
 * What an East Asian keyboard types in full width (`ｌａｎｇ：ｋｏ`, `３`, `ａｌｅｒｔｓ ｏｎ`, the ideographic
 * space) as the plain letters, digits, marks and space they are. Not NFKC, which would also turn a Hangul
 * letter typed alone (ㅂ) into another code point, and the bot quotes typed text back.
 */
function plainWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (wide) => String.fromCharCode(wide.charCodeAt(0) - 0xfee0)).replaceAll("\u3000", " ");
}

/** Splits Slack text into raw option values; whatever does not fit is left for validation to refuse. */
export function parseSlackText(command: Pick<Command, "options">, typed: string): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const text = plainWidth(typed);
  // `number: 3` and `lang: ko`, an option and its value as Discord shows them, are `number:3` and `lang:ko`.
  const named = new Set([...Object.keys(command.options), "lang"]);
  const joined = text.replace(/(^|\s)([a-z]+):\s+(?=\S)/gi, (whole: string, space: string, name: string) =>
    named.has(name.toLowerCase()) ? `${space}${name}:` : whole,
  );
  let rest = joined.replace(/(^|\s)lang:(\S*)/gi, (_whole, _space: string, code: string) => {
    // A language tag as people write one (ko-KR, fil), or with the sentence's mark after it (`lang:ko.`),
    // is its language; any other code is left for validation to refuse with the list.
    options.language = localeOfTag(code.replace(/[.,!?;)]+$/, "")) ?? code.toLowerCase();
    return " ";
  });
  rest = takeNamed(command, rest, options).trim().replace(/\s+/g, " ");
  // language:ko-KR as lang:ko-KR.
  if (typeof options.language === "string") options.language = localeOfTag(options.language) ?? options.language.toLowerCase();
  const names = Object.keys(command.options).filter((name) => name !== "language");
  // Text for an option also given as name:value goes before the value: `3 number:4` is `3 4`, refused,
  // never episode 3 with the 4 dropped.
  const fill = (name: string, text: string) => {
    options[name] = typeof options[name] === "string" ? `${text} ${options[name]}` : text;
  };
  const [firstWord = "", ...others] = rest.split(" ");
  if (others.length && names.includes(firstWord.toLowerCase())) {
    fill(firstWord.toLowerCase(), others.join(" "));
  } else if (rest) {
    // No free-text option to take it: report it under a name validation will refuse.
    fill(names[0] ?? UNREAD_TEXT, rest);
  }
  for (const [name, value] of Object.entries(options)) {
    const def = Object.hasOwn(command.options, name) ? command.options[name] : undefined;
    if (typeof value !== "string") continue;
    // A number with a fraction (3.5, or 3,50 as Indonesian writes it) is a number: validation then says
    // it must be whole, instead of that no number was typed. Numbers in range with commas between are a
    // list (`2,3화`): validation asks for one at a time. NFKC reads digits of other forms (③) as the
    // digits they are, as names are read (src/content/search.ts).
    const number = def?.type === "integer" ? numberAsWritten(value.normalize("NFKC"), def.written) : undefined;
    const list = def?.type === "integer" && typeof number === "string" ? several(number, def) : undefined;
    if (number instanceof WrittenLater) options[name] = number;
    else if (list) options[name] = list;
    else if (number !== undefined && /^-?(?:\d+(?:[.,]\d+)?|\.\d+)$/.test(number)) options[name] = readNumber(number);
    // A choice is typed, not picked from a list: `alerts ON` is `alerts on`, as `lang:KO` is `lang:ko`.
    const choice = def?.type === "string" ? def.choices?.find((c) => c.value === value.toLowerCase()) : undefined;
    if (choice) options[name] = choice.value;
  }
  return options;
}

/**
 * The numbers of a list, each within the option's range, as in `2,3화` or `ep 2, 3`; undefined for anything
 * else. Three digits after a comma group thousands (1,005), and a number out of range after it makes a
 * fraction of it (3,5 is two episodes, 3,50 three and a half, 3,00 three), as readNumber reads them.
 */
function several(typed: string, def: IntegerOption): WrittenSeveral | undefined {
  if (!/^\d+(?:\s*,\s*\d{1,2})+$/.test(typed)) return undefined;
  const numbers = typed.split(",").map(Number);
  return numbers.every((n) => n >= def.min && n <= def.max) ? new WrittenSeveral(numbers) : undefined;
}

/**
 * A number as typed: three digits after a comma or a dot group thousands (1,000 in English, 1.000 in
 * Indonesian, and 01,000 with a 0 before them), read as 1 they would open episode 1; otherwise the comma
 * or dot starts a fraction, as it does after a 0 alone (0,003 is no thousands, and no episode 3).
 */
const readNumber = (typed: string): number =>
  Number(/^-?0*[1-9]\d{0,2}[.,]\d{3}$/.test(typed) ? typed.replace(/[.,]/, "") : typed.replace(",", "."));

/**
 * The number in `3화`, `ep 3`, `Episode #3` or `episode ke-3`: the words fans write before it (one or
 * several in a row) and one they write after it taken off, in any case, with or without a space, a dot,
 * a colon or a dash between (`EP-3` is 3, never -3; `ep:3`; but `ep .5` is a half and `episode -3` minus
 * three, see separation), a word after it spaced as fans space it
 * (`3회 차`), and the full stop, exclamation or question mark, or tilde, that ends the text (`3화.`,
 * `ep 3?`, `3화~`), with a polite word before it (`episode 3 po`, `episode 3, po`, `3화요`). An ordinal may name what it
 * counts (`3rd episode`, `ika-3 na episode`), and the count it is one of (`episode 3 of 8`). A season written before them is read when it is the one
 * there is (`S1E3`); a later one is WrittenLater.
 */
function numberAsWritten(text: string, written: IntegerOption["written"]): string | WrittenLater {
  if (!written) return text;
  // NFKC has made a full-width mark plain; the ideographic full stop stays as it is. A tilde ends a
  // friendly Korean line (`3화~`).
  const ended = withoutPolite(
    text
      .trim()
      .replace(/[.!?~\u3002]+$/, "")
      .trimEnd(),
    written.polite ?? [],
  );
  let rest = ended.toLowerCase();
  let taken = false;
  let ordinal = false;
  const { within } = written;
  const season = within && seasonOf(rest, within, written.ordinal?.before ?? []);
  if (within && season) {
    // A season /renewal follows, whatever is written after it: `S2E3`, or `season 2` alone.
    if (within.later && season.number > within.only && season.number <= within.later.upTo) return new WrittenLater(season.number);
    if (season.number !== within.only) return ended;
    rest = rest.slice(season.length);
    taken = true;
  }
  // The longest first: `eps 3` is not `e` before `ps 3`.
  for (let word = firstOf(written.before, rest); word; word = firstOf(written.before, rest)) {
    // A word of letters ends where no letter follows: `keep 3` is no `ke` before `ep 3`, `thee 3` no `the e3`.
    if (/^\p{Script=Latin}+$/u.test(word) && /^\p{Script=Latin}/u.test(rest.slice(word.length))) break;
    // A dash as phones may type it too: an en or em dash in `EP–3`.
    rest = rest.slice(word.length);
    rest = rest.slice(separation(rest, /^\p{L}+$/u.test(word)));
    taken = true;
    ordinal ||= written.ordinal?.before.includes(word) === true;
  }
  const counted = written.ordinal && ordinalNumber(rest, written.ordinal, ordinal);
  if (counted) return counted;
  const after = longestFirst(written.after)
    .map((word) => spacedAtEnd(word).exec(rest))
    .find((found) => found !== null);
  if (after) rest = rest.slice(0, after.index).trimEnd();
  const ofAll = ofTotal(rest, written.total ?? []);
  if (ofAll) return ofAll;
  return taken || after ? rest : ended;
}

/**
 * How much of `text`, after a word before the number, separates the two: spaces, dots, colons and dashes
 * (en and em dashes too). A dot or a dash right after a word of letters is the word's (`ep.3`, `EP-3`), and
 * a dash right after `#` too (`#-3`); a dot or a dash that sticks to the digits after a space is the number's
 * decimal point or minus sign (`ep .5`, `episode -3`), as is a dot right after `#` (`#.5`).
 */
function separation(text: string, afterLetters: boolean): number {
  const gap = /^[\s.:\-\u2013\u2014]*/.exec(text)?.[0] ?? "";
  const mark = gap.at(-1);
  if ((mark !== "." && mark !== "-") || !/^\d/.test(text.slice(gap.length))) return gap.length;
  const spaced = /\s/.test(gap.slice(0, -1));
  return spaced || (mark === "." && !afterLetters) ? gap.length - 1 : gap.length;
}

/** What may stand between a season and its episode: a space, a dot, a colon, a dash (en and em dashes too). */
const SEPARATORS = "\\s.,:\\-\\u2013\\u2014";

/**
 * The season written at the start of the text, with a word before its number (`S1`, `Season 1 – `,
 * `시즌1`, and an ordinal word between, `musim ke-1`) or after it (`1기`), and what separates it from the episode; undefined when none is, and
 * NaN as its number when a word names one but no number follows (`season two`).
 */
function seasonOf(
  text: string,
  within: NonNullable<NonNullable<IntegerOption["written"]>["within"]>,
  ordinals: readonly string[],
) {
  const word = firstOf(within.words, text);
  // A dot or a dash that sticks to the episode's digits after a space is theirs (`S1 .5`, `season 1 -3`).
  const taken = (length: number) =>
    /\s[.-]$/.test(text.slice(0, length)) && /^\d/.test(text.slice(length)) ? length - 1 : length;
  // The episode's number follows, after a word or a separator, or nothing does; a dot or a comma between
  // digits makes one number of them (`season 1.5` is no season 1 before episode 5).
  const ahead = `(?![.,]\\d)(?=$|[${SEPARATORS}]|\\p{L}|#)[${SEPARATORS}]*`;
  if (word) {
    // An ordinal word may come between the word and its number, as in Indonesian's `musim ke-2`.
    const ordinal = ordinals.length
      ? new RegExp(`^[${SEPARATORS}]*(?:${ordinals.map(escaped).join("|")})(?=[${SEPARATORS}]|\\d)`, "u").exec(
          text.slice(word.length),
        )
      : null;
    const start = word.length + (ordinal?.[0].length ?? 0);
    const found = new RegExp(`^[${SEPARATORS}]*0*(\\d+)${ahead}`, "u").exec(text.slice(start));
    return { number: Number(found?.[1]), length: taken(start + (found?.[0].length ?? 0)) };
  }
  for (const after of longestFirst(within.after ?? [])) {
    // Korean's 1기 3화, or 1기3화: the episode's digits may follow at once.
    const found = new RegExp(`^0*(\\d+)\\s*${escaped(after)}(?=\\d|$|[${SEPARATORS}]|\\p{L}|#)[${SEPARATORS}]*`, "u").exec(text);
    if (found) return { number: Number(found[1]), length: taken(found[0].length) };
  }
  return undefined;
}

/**
 * The digits of a number written as an ordinal, then what it counts: `3rd`, `3rd episode`, `3번째 화`,
 * and after an ordinal word before it (`ika-3 na episode`), the same without a suffix. Undefined for
 * anything else: `3 episode` names no ordinal, and is left to be refused.
 */
function ordinalNumber(text: string, words: NonNullable<NonNullable<IntegerOption["written"]>["ordinal"]>, marked: boolean) {
  const digits = /^\d+/.exec(text)?.[0];
  if (!digits) return undefined;
  let rest = text.slice(digits.length);
  // A suffix right after the digits (`3rd`; Korean may space it, `3 번째`).
  const from = (word: string) => (/^[a-z]/.test(word) ? rest : rest.trimStart());
  const suffix = longestFirst(words.after).find((word) => from(word).startsWith(word));
  if (suffix) rest = from(suffix).slice(suffix.length);
  else if (!marked) return undefined;
  rest = rest.trim();
  const linker = words.linkers.find((word) => rest.startsWith(`${word} `));
  if (linker) rest = rest.slice(linker.length).trimStart();
  // A linking word links the number to what it counts, and comes with it.
  if (rest === "") return linker ? undefined : digits;
  return words.counts.some((word) => spacedWhole(word).test(rest)) ? digits : undefined;
}

/** The number in `3 of 8`, `3 dari 8`: one of `words` and a count no smaller than it after it; undefined for anything else. */
function ofTotal(text: string, words: readonly string[]): string | undefined {
  // Any run of letters between, checked against the words: a Unicode property class (\p{L} with the u flag)
  // would cost every Slack command's first request a few hundred µs of CPU to compile.
  const found = /^(\d+)\s+([^\s\d]+)\s+(\d+)$/.exec(text);
  if (!found?.[1] || !found[2] || !found[3] || !words.includes(found[2])) return undefined;
  return Number(found[1]) <= Number(found[3]) ? found[1] : undefined;
}

/**
 * A polite word that ends the text taken off: `episode 3 po`, `3화요`, with the comma before it (`episode 3, po`).
 * A word of Latin letters stands apart.
 */
function withoutPolite(text: string, polite: readonly string[]): string {
  const lower = text.toLowerCase();
  for (const word of longestFirst(polite)) {
    if (!lower.endsWith(word) || lower.length === word.length) continue;
    const before = text.slice(0, -word.length);
    if (/^[a-z]/.test(word) ? /\s$/.test(before) : /\S$/.test(before.trimEnd())) return before.trimEnd().replace(/\s*,$/, "");
  }
  return text;
}

/** The whole text is `word`, with or without spaces between its letters. */
const spacedWhole = (word: string) => new RegExp(`^${spacedAtEnd(word).source}`);

/** `word` at the end of a text, with or without spaces between its letters: `회 차` is `회차`. */
const spacedAtEnd = (word: string) => new RegExp(`${[...word].map(escaped).join("\\s*")}$`);

/** `text` matched as it is written, in a regular expression. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The longest of `words` that `text` begins with. */
const firstOf = (words: readonly string[], text: string) =>
  longestFirst(words).find((word) => word !== "" && text.startsWith(word));

const longestFirst = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length);

/**
 * Takes `name:value` out of the text for each of the command's options, into `options`; returns the rest.
 * A value runs to the next option's `name:` or the end, so a name of several words (`name:Ha Young`)
 * is read whole: cut after its first word, the rest would fill the first option and open another record.
 */
function takeNamed(command: Pick<Command, "options">, text: string, options: Record<string, unknown>): string {
  const rest: string[] = [];
  let taking: string[] | undefined;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const named = /^([a-z]+):(\S+)$/i.exec(word);
    // Names in any case, as the first word's (`Alerts on`) and lang:'s are read.
    const name = named?.[1]?.toLowerCase();
    if (named && name && Object.hasOwn(command.options, name)) {
      // A language is one code: the words after it are the text's again. Another option named twice
      // (`number:3 number:4`) has both values, as it has the words after it, rather than the last alone.
      const earlier = options[name];
      taking = name === "language" ? undefined : Array.isArray(earlier) ? earlier : [];
      taking?.push(named[2] ?? "");
      options[name] = taking ?? named[2];
    } else (taking ?? rest).push(word);
  }
  for (const [name, value] of Object.entries(options)) if (Array.isArray(value)) options[name] = value.join(" ");
  return rest.join(" ");
}

/** What a command the bot does not have is read against: lang:xx is all there is to find. */
const NO_OPTIONS: Pick<Command, "options"> = { options: {} };

export function slackFacts(
  body: SlashCommandBody & {
    team?: { id?: string };
    channel?: { id?: string; name?: string };
    user?: { id?: string; name?: string; username?: string };
    /** Where a block action's button sits (block_actions): its message, unless only its clicker sees it. */
    container?: { message_ts?: string; is_ephemeral?: boolean };
  },
): CommandFacts {
  const channelId = body.channel_id ?? body.channel?.id;
  const channelName = body.channel_name ?? body.channel?.name;
  return {
    platform: "slack",
    // A group DM has a C… id like a channel's; Slack names it `mpdm-` and its members. The bot cannot be
    // added to one people started, so it could never post there: it is a DM as far as alerts go.
    inDM: channelName === "directmessage" || channelName?.startsWith("mpdm-") === true || channelId?.startsWith("D") === true,
    // On Slack anyone in the channel may manage the channel's alerts.
    canManageChannel: true,
    confirmInChannel: true,
    missingBotPermissions: [],
    missingLookupPermissions: [],
    missingFollowPermissions: [],
    // A Slack command only arrives from a workspace the app is installed in.
    appInServer: true,
    publicReplyAllowed: true,
    guildId: body.team_id ?? body.team?.id,
    channelId,
    messageId: body.container?.is_ephemeral ? undefined : body.container?.message_ts,
    userId: body.user_id ?? body.user?.id,
    userName: body.user_name ?? body.user?.username ?? body.user?.name,
  };
}

/** The three characters Slack sends as entities in a command's text: what the user typed, read back. */
const SLACK_ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };
/** A command's text as the user typed it (Slack sends `&`, `<` and `>` typed by users as `&amp;`, `&lt;`, `&gt;`). */
export const typedText = (text: string): string => text.replace(/&(?:amp|lt|gt);/g, (entity) => SLACK_ENTITIES[entity] ?? entity);

/** The invocation of a slash command; for one the bot does not have, only its name and the language lang:xx asks for. */
export function toSlackInvocation(command: Command | undefined, body: SlashCommandBody): Invocation {
  const name = (body.command ?? "").replace(/^\//, "");
  const text = typedText(String(body.text ?? "")).slice(0, 3000);
  const parsed = parseSlackText(command ?? NO_OPTIONS, text);
  const options = command ? parsed : {};
  const requested = parsed.language;
  return {
    command: name,
    options,
    locale: isLocale(requested) ? requested : DEFAULT_LOCALE,
    facts: slackFacts(body),
    requestId: body.trigger_id ?? "unknown",
  };
}

export type SlackActionPayload = Parameters<typeof slackFacts>[0] & { trigger_id?: string };

/**
 * A block_actions click or menu choice: the action id, the chosen value, and who did it where. Its
 * language is the answer's the button sits under, the last part of its id (`prefix:arg:lang`).
 */
export function toSlackAction(payload: SlackActionPayload, action: unknown) {
  const a = action as { action_id?: string; selected_option?: { value?: string } };
  const actionId = String(a.action_id ?? "");
  const language = actionId.slice(actionId.lastIndexOf(":") + 1);
  const invocation: Invocation = {
    command: "",
    options: {},
    locale: isLocale(language) ? language : DEFAULT_LOCALE,
    facts: slackFacts(payload),
    requestId: payload.trigger_id ?? "unknown",
  };
  return { invocation, actionId, values: a.selected_option?.value ? [a.selected_option.value] : [] };
}
