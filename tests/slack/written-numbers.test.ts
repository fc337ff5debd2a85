// An episode number typed on Slack as fans write it (3화, 제3화, ep 3, #3) is that number; other words
// around a number are still refused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index";
import { type IntegerOption, validateOptions } from "../../src/command";
import { UserError } from "../../src/errors";
import { parseSlackText } from "../../src/slack/parse";

const found = COMMANDS.find((command) => command.name === "episode");
if (!found) throw new Error("no /episode command");
const episode = found;
const number = episode.options.number as IntegerOption;
const written = number.written;
if (!written) throw new Error("/episode's number says nothing of how fans write it");

/** What the Slack text gives /episode's number, or the key of the refusal. */
function read(text: string): unknown {
  try {
    return validateOptions(episode, parseSlackText(episode, text)).number;
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
}

const anyCase = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
const fullWidth = (digits: string) => [...digits].map((d) => String.fromCharCode(0xff10 + Number(d))).join("");

describe("/episode's number on Slack, written as fans write it", () => {
  it("reads a number with any of the words before it, after it, or both, in any case and spacing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: number.min, max: number.max }),
        fc.option(fc.constantFrom(...written.before).chain(anyCase), { nil: "" }),
        fc.constantFrom("", " ", ".", ". ", ":", ": "),
        fc.option(fc.constantFrom(...written.after), { nil: "" }),
        fc.constantFrom("", " "),
        // A word after the number spaced between its letters, as in 3회 차.
        fc.boolean(),
        fc.constantFrom("", ".", "!", "?", "~", "~~", "\u3002", "\uff0e", "\uff01", "\uff5e", " ."),
        fc.boolean(),
        (n, before, gap, afterWord, gapAfter, spaced, end, wide) => {
          // A dot or a colon follows only a word (`ep.3`, `ep:3`), never stands alone before the number; a dot
          // right after # is the number's (`#.5`).
          fc.pre(!(before === "#" && gap === "."));
          const after = spaced ? [...afterWord].join(" ") : afterWord;
          const text = `${before}${before ? gap : ""}${wide ? fullWidth(String(n)) : n}${after ? gapAfter : ""}${after}${end}`;
          expect(read(text), text).toBe(n);
          expect(read(`${text} lang:ko`), text).toBe(n);
        },
      ),
    );
  });

  it("reads a dash between the word and the number as a separator, not a minus sign", () => {
    // `EP-3` is episode 3: told that -3 is out of range, the fan would not see what was wrong.
    for (const before of written.before.filter((word) => !word.endsWith("-")))
      for (const text of [`${before}-3`, `${before.toUpperCase()}-03`, `${before} - 3`]) expect(read(text), text).toBe(3);
    expect(read(`ep-${number.max + 1}`)).toBe("error.optionRange");
  });

  it("reads a word before a number written with #, as in Episode #3", () => {
    for (const before of written.before.filter((word) => /^[a-z]+$/.test(word)))
      for (const text of [`${before} #3`, `${before.toUpperCase()}. #03`, `${before}#3`]) expect(read(text), text).toBe(3);
  });

  it("reads several of the words before a number in a row, as in episode ke-3", () => {
    for (const text of [
      "episode ke-3",
      "Episode #3",
      "ep. #3",
      "EPS KE-3",
      "episode ika-3",
      "ke 3",
      "ika 3",
      "EP\u20133",
      "ep \u2014 3",
      "ep:3",
      "EP: 03",
      "episode: ke-3",
    ])
      expect(read(text), text).toBe(3);
  });

  it("reads a number written as an ordinal, alone or naming what it counts, as in 3rd episode, 3번째 화, ika-3 na episode", () => {
    const ordinal = written.ordinal;
    if (!ordinal) throw new Error("/episode's number says nothing of ordinals");
    const latin = (word: string) => /^[a-z]/.test(word);
    fc.assert(
      fc.property(
        fc.integer({ min: number.min, max: number.max }),
        fc.oneof(
          // A suffix: right after the digits when it is Latin (3rd), or spaced as Korean spaces it (3 번째).
          fc
            .tuple(fc.constantFrom(...ordinal.after).chain(anyCase), fc.constantFrom("", " "))
            .map(([suffix, gap]) => ({ before: "", suffix: `${latin(suffix.toLowerCase()) ? "" : gap}${suffix}`, linker: "" })),
          // An ordinal word before the number (ika-3, ke 3), and then perhaps a linking word (ika-3 na episode).
          fc
            .tuple(
              fc.constantFrom(...ordinal.before).chain(anyCase),
              fc.constantFrom("-", " ", "- "),
              fc.option(fc.constantFrom(...ordinal.linkers), { nil: "" }),
            )
            .map(([before, gap, linker]) => ({ before: `${before}${gap}`, suffix: "", linker })),
        ),
        fc.option(fc.constantFrom(...ordinal.counts).chain(anyCase), { nil: "" }),
        fc.option(fc.constantFrom(...(written.polite ?? [])), { nil: "" }),
        fc.constantFrom("", ".", "!", "?"),
        (n, { before, suffix, linker }, then, polite, end) => {
          // A linking word links the number to what it counts, so it comes with the word.
          const counted = then ? `${linker ? ` ${linker}` : ""} ${then}` : "";
          const text = `${before}${n}${suffix}${counted}${polite ? ` ${polite}` : ""}${end}`;
          expect(read(text), text).toBe(n);
        },
      ),
    );
    // What counts and what is polite, with no number or no ordinal to go with them, are still refused.
    for (const text of [
      "3 episode",
      "3 na episode",
      "ika 3 na",
      "3 nd",
      "3rdx",
      "3rd 4",
      "3rd episode 4",
      "po",
      "\uc694",
      "ep 3 tempo",
      "the",
      "rd",
    ])
      expect(read(text), text).toBe("error.optionNumber");
    expect(read(`${number.max + 1}th episode`)).toBe("error.optionRange");
  });

  it("reads the word Korean writes for an episode before its number, as in 에피소드 3", () => {
    for (const text of [
      "\uc5d0\ud53c\uc18c\ub4dc 3",
      "\uc5d0\ud53c\uc18c\ub4dc3",
      "\uc5d0\ud53c 3",
      "\uc5d0\ud53c\uc18c\ub4dc #3",
    ])
      expect(read(text), text).toBe(3);
    expect(read("3 \uc5d0\ud53c\uc18c\ub4dc")).toBe("error.optionNumber");
  });

  it("reads the one season there is before the episode, as reviews write S1E3, and refuses another season", () => {
    const within = written.within;
    if (!within) throw new Error("/episode's number says nothing of a season written before it");
    fc.assert(
      fc.property(
        fc.integer({ min: number.min, max: number.max }),
        fc.constantFrom(...within.words).chain(anyCase),
        // A dash as phones may type it too, an en or em dash (Season 1 – Episode 3), as after a word before the episode.
        fc.constantFrom("", " ", "-", ". ", "\u2013", " \u2014 "),
        fc.constantFrom("", "0", "00"),
        fc.constantFrom("", " ", ", ", "-", ":", "\u2013", " \u2013 ", "\u2014"),
        fc.option(fc.constantFrom(...written.before).chain(anyCase), { nil: "" }),
        fc.option(fc.constantFrom(...written.after), { nil: "" }),
        fc.integer({ min: 0, max: 99 }).filter((other) => other !== within.only),
        // Or the season's word after its number (1기 3화), spaced or not.
        within.after?.length ? fc.option(fc.constantFrom(...within.after), { nil: undefined }) : fc.constant(undefined),
        fc.constantFrom("", " "),
        (n, word, gap, zeros, between, before, after, other, seasonAfter, gapAfter) => {
          const seasonOf = (season: number) =>
            seasonAfter ? `${zeros}${season}${gapAfter}${seasonAfter}` : `${word}${gap}${zeros}${season}`;
          // Without a word between them, the season's number and the episode's would run together.
          const sep = before || between || seasonAfter ? between : " ";
          const text = `${seasonOf(within.only)}${sep}${before}${before ? " " : ""}${n}${after}`;
          expect(read(text), text).toBe(n);
          // Another season is refused, never read as this one's episode: a later one /renewal follows is
          // told so, any other is no number.
          const elsewhere = `${seasonOf(other)}${sep}${before}${before ? " " : ""}${n}${after}`;
          const later = within.later && other > within.only && other <= within.later.upTo;
          expect(read(elsewhere), elsewhere).toBe(later ? within.later?.refusal : "error.optionNumber");
        },
      ),
    );
    for (const text of [
      "S1E3",
      "s01e03",
      "Season 1 Episode 3",
      "season 1, ep. 3",
      "시즌1 3화",
      "시즌 1 제3화",
      "musim 1 episode ke-3",
      "Season 1 \u2013 Episode 3",
      "S1\u2014E3",
      "1\uae30 3\ud654",
      "1\uae303\ud654",
      "01\uae30 \uc81c3\ud654",
    ])
      expect(read(text), text).toBe(3);
    for (const text of ["2\uae30 3\ud654", "2\uae30", "3\uae30 ep 1"]) expect(read(text), text).toBe(within.later?.refusal);
    expect(read(`S1E${number.max + 1}`)).toBe("error.optionRange");
    for (const text of [
      "s13",
      "s0e3",
      "s4e1",
      "season 9 episode 3",
      "s1",
      "season 1",
      "s1e",
      "se3",
      "sample",
      "1\uae30",
      "4\uae30 3\ud654",
      "\uae30 3",
      // One number with a fraction, no season before an episode.
      "s1.5",
      "season 1,5",
      "S1.3E4",
      "season 1.000",
    ])
      expect(read(text), text).toBe("error.optionNumber");
    for (const text of ["S2E3", "season 2 episode 3", "시즌2 3화", "s03e01", "season 2", "Musim 3", "Season 2 \u2013 Episode 3"])
      expect(read(text), text).toBe("episode.laterSeason");
  });

  it("reads three digits after a comma or a dot as thousands, never as episode 1", () => {
    for (const text of ["1,000", "1.000", "ep 1,000", "2.000화"]) expect(read(text), text).toBe("error.optionRange");
    expect(read("3,50")).toBe("error.optionRange");
    expect(read("3.0")).toBe(3);
  });

  it("reads thousands written with a 0 before them as thousands too: 01,000 is no episode 1", () => {
    for (const text of ["01,000", "01.000", "ep 001,000", "#02.000화"]) expect(read(text), text).toBe("error.optionRange");
    expect(read("03")).toBe(3);
    expect(read("03,50")).toBe("error.optionRange");
  });

  it("reads 0 before a comma or a dot as a fraction, never a thousands group: 0,003 is no episode 3", () => {
    for (const text of ["0,003", "0.003", "ep 0.002", "00,001화", "-0,003"]) expect(read(text), text).toBe("error.optionRange");
  });

  it("tells a number outside the range that it is out of range, however it is written", () => {
    for (const text of [`${number.max + 1}화`, `ep ${number.max + 1}`, `제${number.min - 1}화`, "#3.5"])
      expect(read(text), text).toBe("error.optionRange");
  });

  it("tells a number too long for a double that it is out of range, not that no number was typed", () => {
    const digits = "9".repeat(400);
    for (const text of [digits, `ep ${digits}`, `${digits}화`, `-${digits}`])
      expect(read(text), text.slice(0, 12)).toBe("error.optionRange");
  });

  it("reads a dot or a dash that sticks to the digits after a space, or a dot after #, as the number's: ep .5 and episode -3 are no episode", () => {
    // After a word of letters a dot or a dash is the word's (`ep.3`, `EP-3`); `ep .5` is a half, `episode -3` minus three.
    for (const text of ["ep .5", "#.5", "ep #.5", "episode -3", "ep: -3", "S1 .5", "season 1 -3", "ep .3화", "-3화"])
      expect(read(text), text).toBe("error.optionRange");
    for (const text of ["ep.5", "EP-3", "ep - 3", "ep- 3", "#-3", "ep. 5", "S1-E3", "s1 - 3"])
      expect(read(text), text).toBe(Number(text.at(-1)));
  });

  it("never reads a text whose only number is negative, a fraction or out of range as an episode", () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom(...written.before).chain(anyCase), { nil: "" }),
        fc.constantFrom(" ", ": ", ". ", " - "),
        fc.oneof(
          fc.integer({ min: 1, max: 99 }).map((n) => `-${n}`),
          fc.integer({ min: 1, max: 9 }).map((n) => `.${n}`),
          fc
            .tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom(".", ","), fc.integer({ min: 1, max: 9 }))
            .map(([n, mark, f]) => `${n}${mark}${f}`),
          fc.integer({ min: number.max + 1, max: 10_000 }).map(String),
          fc.constant("0"),
        ),
        fc.option(fc.constantFrom(...written.after), { nil: "" }),
        fc.constantFrom("", ".", "?", " po"),
        (before, gap, n, after, end) => {
          const text = `${before}${before ? gap : ""}${n}${after}${end}`;
          expect(typeof read(text), text).toBe("string");
        },
      ),
      { seed: 2026_12_06, numRuns: 300 },
    );
  });

  it("reads episode 3 of 8, as a fan counts it in the whole, as 3", () => {
    for (const text of [
      "episode 3 of 8",
      "Ep. 3 of 8",
      "3 of 8",
      "episode 3 dari 8",
      "ep 3 of 8 po",
      `ep 3 of ${number.max + 8}`,
    ])
      expect(read(text), text).toBe(3);
    expect(read(`episode ${number.max + 1} of ${number.max + 8}`)).toBe("error.optionRange");
    for (const text of ["episode 3 of", "of 8", "3 of 2", "3 of 8 of 8", "3 of x", "3 off 8"])
      expect(read(text), text).toBe("error.optionNumber");
  });

  it("reads a polite word after a comma, as in episode 3, po", () => {
    for (const text of ["episode 3, po", "ep 3 , po", "3, po.", "ika-3 na episode, po"]) expect(read(text), text).toBe(3);
    for (const text of ["episode 3,po", ", po", "3 po, po"]) expect(read(text), text).toBe("error.optionNumber");
  });

  it("tells an Indonesian ordinal season not out, musim ke-2, that only season 1 is out, and reads musim ke-1's episode", () => {
    for (const text of ["musim ke-2", "Musim ke 2 episode 3", "musim ke-3 ep 1", "season ika-2"])
      expect(read(text), text).toBe("episode.laterSeason");
    for (const text of ["musim ke-1 episode ke-3", "musim ke1 ep 3", "Musim Ke-01, episode 3"]) expect(read(text), text).toBe(3);
    for (const text of ["musim ke-4 episode 3", "musim ke-", "musim ke"]) expect(read(text), text).toBe("error.optionNumber");
  });

  it("tells several episodes asked for at once, as in 2,3화, to ask for one at a time", () => {
    for (const text of ["2,3화", "ep 2, 3", "2,3,4", "#3,5", "3,5"]) expect(read(text), text).toBe("error.optionOneAtATime");
    // Not two episodes: a fraction (0,5; 3,50), thousands (1,005), or a whole number as Indonesian writes it (3,00).
    for (const text of ["0,5", "3,50", "1,005", `2,${number.max + 1}`]) expect(read(text), text).toBe("error.optionRange");
    expect(read("3,00")).toBe(3);
  });

  it("reads option names and values typed in full width, as a Korean or Japanese keyboard types them", () => {
    expect(parseSlackText(episode, "\uff13 \uff4c\uff41\uff4e\uff47\uff1a\uff4b\uff4f")).toEqual({ number: 3, language: "ko" });
    expect(parseSlackText(episode, "\uff4e\uff55\uff4d\uff42\uff45\uff52\uff1a\u3000\uff13")).toEqual({ number: 3 });
    const renewal = COMMANDS.find((command) => command.name === "renewal");
    if (!renewal) throw new Error("no /renewal command");
    expect(parseSlackText(renewal, "\uff41\uff4c\uff45\uff52\uff54\uff53 \uff4f\uff4e")).toEqual({ alerts: "on" });
  });

  it("keeps Hangul letters typed alone as typed, since a name that fits nothing is quoted back", () => {
    const character = COMMANDS.find((command) => command.name === "character");
    if (!character) throw new Error("no /character command");
    // Hangul compatibility letters (U+3131..), which NFKC would turn into conjoining ones (U+1100..).
    for (const name of ["ㅋㅋㅋ", "ㅂ", "백ㄱ", "ｂａｅｋ ㅎ"])
      expect(Object.values(parseSlackText(character, name))).toEqual([name.replace("ｂａｅｋ", "baek")]);
  });

  it("refuses words it does not know around a number, the words alone, and two numbers", () => {
    const refused = [
      ...["x3", "3x", "ep3x", "3화 4", "ep 3 4", "three", "화", "ep", "제화", "#", "3 episode"],
      // Words run together are no words it knows: keep is no ke before ep.
      ...["keep 3", "keeps 4", "thee 3", "Theep 3", "eeps 3", "KEEP-3"],
      // A mark that ends the text is taken off, and with it nothing is left, or still a word it does not know.
      ...[".", "?!", "~", "화.", "ep:", "3x.", "3화 4.", "3 편 4", ": 3", "3 화차"],
    ];
    for (const text of [...refused, ...written.before, ...written.after]) expect(read(text), text).toBe("error.optionNumber");
  });
});
