// A repeated slash command, a name typed again into its option (autocomplete), or a repeated click on a
// pure command's button or menu, is answered from the rendered-answer cache before the rest of the
// interaction is read (questionOf): the key comes straight from the interaction, so equal keys must mean
// equal answers, and a question whose answer Discord would force private is never answered from it.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { ContentBundle } from "../../src/content/bundle";
import { CONTENT_BUNDLE_KEY } from "../../src/content/keys";
import { clearContentCache } from "../../src/content/store";
import { QUESTION_KEY_MAX, questionOf } from "../../src/discord/parse";
import { seedContent } from "../helpers/content";
import { autocomplete, click, type DiscordReply, int, isPrivate, send, slash, str } from "../helpers/discord";

const params = { numRuns: 25, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };

const USE_EXTERNAL_APPS = 1n << 50n;
/** Where the question is asked: a server that added the bot, or only the member's own install (see user-install tests). */
const PLACES = {
  server: {},
  "user install, may answer publicly": {
    context: 0,
    authorizing_integration_owners: { "1": "500000000000000001" },
    member: { user: { id: "500000000000000001", username: "fan" }, permissions: String(USE_EXTERNAL_APPS) },
    app_permissions: String((1n << 10n) | (1n << 11n) | (1n << 14n)),
  },
  "user install, private only": {
    context: 0,
    authorizing_integration_owners: { "1": "500000000000000001" },
    member: { user: { id: "500000000000000001", username: "fan" }, permissions: "0" },
  },
  DM: { context: 1, guild_id: undefined, guild_locale: undefined, member: undefined, user: { id: "5", username: "fan" } },
} as const;

/** What a question is made of, each with the values it takes here. */
const FIELDS = {
  asked: [
    { command: "character", value: "baek" },
    { command: "character", value: "Baek" },
    { command: "character", value: "yang" },
    { command: "character", value: "zz" },
    { command: "episode", value: 3 },
    { command: "episode", value: 99 },
  ],
  language: [undefined, "en", "ko", "xx"],
  locale: ["en-US", "en-GB", "ko", "id", undefined],
  guildLocale: ["en-US", "ko", undefined],
  place: Object.keys(PLACES) as (keyof typeof PLACES)[],
  /** Typing into the option (autocomplete) rather than sending the command. */
  typing: [false, true],
} as const;
type Fields = { [K in keyof typeof FIELDS]: (typeof FIELDS)[K][number] };

const toInteraction = ({ asked, language, locale, guildLocale, place, typing }: Fields) => {
  const options = [asked.command === "episode" ? int("number", asked.value) : str("name", asked.value, typing)];
  if (language !== undefined) options.push(str("language", language));
  const extra = { locale, guild_locale: guildLocale, ...PLACES[place] };
  return typing ? autocomplete(asked.command, options, extra) : slash(asked.command, options, extra);
};

const pick = {
  asked: fc.constantFrom(...FIELDS.asked),
  language: fc.constantFrom(...FIELDS.language),
  locale: fc.constantFrom(...FIELDS.locale),
  guildLocale: fc.constantFrom(...FIELDS.guildLocale),
  place: fc.constantFrom(...FIELDS.place),
  typing: fc.constantFrom(...FIELDS.typing),
};
/**
 * A walk through questions: a first one, then each next one with a single part changed (the command and
 * its option, the language option, the user's or the server's language, where it is asked). Neighbours
 * differ in one part only, which is where a key that left something out would hand out a wrong answer.
 */
const walk = fc
  .tuple(
    fc.record({
      asked: pick.asked,
      language: pick.language,
      locale: pick.locale,
      guildLocale: pick.guildLocale,
      place: pick.place,
      typing: pick.typing,
    }),
    fc.array(
      fc.oneof(
        pick.asked.map((asked) => ({ asked })),
        pick.language.map((language) => ({ language })),
        pick.locale.map((locale) => ({ locale })),
        pick.guildLocale.map((guildLocale) => ({ guildLocale })),
        pick.place.map((place) => ({ place })),
        pick.typing.map((typing) => ({ typing })),
      ),
      { minLength: 1, maxLength: 9 },
    ),
  )
  .map(([first, changes]) => {
    const questions = [first];
    for (const change of changes) questions.push({ ...(questions.at(-1) as Fields), ...change });
    return questions.map(toInteraction);
  });

/** Every answer's log outcome, in order. */
function outcomes() {
  const seen: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    const event = JSON.parse(String(line)) as { event?: string; outcome?: string };
    if (event.event === "interaction") seen.push(event.outcome ?? "");
  });
  return { seen, restore: () => spy.mockRestore() };
}

let bundle: ContentBundle;
let versions = 0;
beforeAll(async () => {
  bundle = await seedContent();
});

/** Content with a version of its own: every answer kept so far is out of date, so the next is built afresh. */
async function freshVersion() {
  await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify({ ...bundle, version: `repeated-${++versions}` }));
  clearContentCache();
}

const ask = async (interaction: unknown) => (await (await send(interaction)).json()) as DiscordReply;

/**
 * Each interaction sent twice in a row (the second time, and its neighbours, may come from the cache),
 * then each answer checked against the one built afresh under new content.
 */
async function expectEachAsBuiltAfresh<T>(interactions: T[], label: (interaction: T) => string) {
  await freshVersion();
  const sent = interactions.flatMap((i) => [i, i]);
  const answers = [];
  for (const i of sent) answers.push(await ask(i));
  for (const [n, i] of sent.entries()) {
    await freshVersion();
    expect(answers[n], label(i)).toEqual(await ask(i));
  }
}

describe("a repeated slash command", () => {
  it("gets the answer built afresh for it, whatever was asked before (property)", { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(walk, (questions) => expectEachAsBuiltAfresh(questions, (q) => JSON.stringify(q))),
      params,
    );
  });

  it("is answered from the cache, and a question in another language or with other options is not", async () => {
    await freshVersion();
    const log = outcomes();
    try {
      const baek = slash("character", [str("name", "baek")]);
      const first = await ask(baek);
      expect(await ask(baek)).toEqual(first);
      // Another id and token: the same question.
      expect(await ask({ ...baek, id: "200000000000000002", token: "another" })).toEqual(first);
      await ask(slash("character", [str("name", "baek")], { locale: "ko" }));
      await ask(slash("character", [str("name", "baek"), str("language", "ko")]));
      await ask(slash("character", [str("name", "yang")]));
      expect(log.seen).toEqual(["ok", "cached", "cached", "ok", "ok", "ok"]);
    } finally {
      log.restore();
    }
  });

  it("gets its own answer when its languages hold characters that could run into the next field", async () => {
    // Resolved to English ("ko\0" is no language) and to Korean: as text joined by NULs both keys read alike.
    const english = slash("character", [str("name", "baek")], { locale: "ko\u0000", guild_locale: "" });
    const korean = slash("character", [str("name", "baek")], { locale: "ko", guild_locale: "\u0000" });
    await freshVersion();
    const freshKorean = await ask(korean);
    await freshVersion();
    await ask(english);
    expect(await ask(korean)).toEqual(freshKorean);
  });

  it("keeps nothing under a key longer than any real question's, made of bytes no answer depends on", async () => {
    await freshVersion();
    const padded = slash("character", [Object.assign(str("name", "baek"), { padding: "x".repeat(QUESTION_KEY_MAX) })]);
    expect(questionOf(padded)).toBeUndefined();
    const log = outcomes();
    try {
      const first = await ask(padded);
      expect(isPrivate(first)).toBe(false);
      // Kept under the command, its checked options and language: the same question without padding finds it.
      expect(await ask(slash("character", [str("name", "baek")]))).toEqual(first);
      expect(log.seen).toEqual(["ok", "ok"]);
      expect(await ask(padded)).toEqual(first);
      expect(log.seen).toEqual(["ok", "ok", "cached"]);
    } finally {
      log.restore();
    }
  });

  it("keeps a long question's list apart for each client language, which names the command in its example", async () => {
    // The roster, in English, says how to ask for one character as the asker's client shows the command.
    const padded = (locale: string) =>
      slash("character", [Object.assign(str("language", "en"), { padding: "x".repeat(QUESTION_KEY_MAX) })], { locale });
    expect(questionOf(padded("ko"))).toBeUndefined();
    await freshVersion();
    const english = await ask(padded("en-US"));
    await freshVersion();
    const korean = await ask(padded("ko"));
    expect(JSON.stringify(korean)).toContain("/인물 이름:백강혁");
    expect(await ask(padded("en-US"))).toEqual(english);
    expect(JSON.stringify(english)).toContain("/character name:Baek Kang-hyuk");
  });

  it("is not answered publicly from the cache where Discord allows only a private answer", async () => {
    await freshVersion();
    const publicAnswer = await ask(slash("episode", [int("number", 3)]));
    expect(isPrivate(publicAnswer)).toBe(false);
    const privateOnly = await ask(slash("episode", [int("number", 3)], PLACES["user install, private only"]));
    expect(isPrivate(privateOnly)).toBe(true);
  });

  it("answers a name typed again from the cache, with the same choices", async () => {
    await freshVersion();
    const log = outcomes();
    try {
      const typing = autocomplete("character", [str("name", "ba", true)]);
      const first = await ask(typing);
      expect(await ask({ ...typing, id: "200000000000000003", token: "another" })).toEqual(first);
      await ask(autocomplete("character", [str("name", "ba", true)], { locale: "ko" }));
      expect(log.seen).toEqual(["ok", "cached", "ok"]);
    } finally {
      log.restore();
    }
  });

  it("never keeps a hint or a command that is not pure", async () => {
    await freshVersion();
    const log = outcomes();
    try {
      for (let i = 0; i < 2; i++) await ask(slash("character", [str("name", "nobody-by-this-name")]));
      for (let i = 0; i < 2; i++) await ask(slash("renewal", []));
      expect(log.seen).toEqual(["hint", "hint", "ok", "ok"]);
    } finally {
      log.restore();
    }
  });
});

describe("a repeated click", () => {
  // Buttons and menus of the pure commands (an episode's Next, a character or a topic picked in a menu,
  // spoilers revealed), in several languages, a menu's values, one that names nothing, and a feature's.
  const clicks = [
    ["ep:4:en"],
    ["ep:4:ko"],
    ["ep:5:en"],
    ["sp:3:en"],
    ["eps:en", ["3"]],
    ["eps:en", ["4"]],
    ["eps:3:en", ["4"]],
    ["chs:en", ["baek-kang-hyuk"]],
    ["chs:ko", ["baek-kang-hyuk"]],
    ["chs:en", ["yang-jae-won"]],
    ["ch:baek-kang-hyuk:en"],
    ["csp:baek-kang-hyuk:en"],
    ["ins:en", ["zz-nothing"]],
    ["tl:0:en"],
  ] as const;

  it("gets the answer built afresh for it, wherever it is pressed, whatever was pressed before (property)", {
    timeout: 30_000,
  }, async () => {
    const press = fc
      .tuple(fc.constantFrom(...clicks), pick.place)
      .map(([[id, values], place]) => click(id, values ? [...values] : undefined, PLACES[place]));
    await fc.assert(
      fc.asyncProperty(fc.array(press, { minLength: 1, maxLength: 8 }), (presses) =>
        expectEachAsBuiltAfresh(presses, (p) => JSON.stringify(p.data)),
      ),
      params,
    );
  });

  it("is answered from the cache the second time, unless only a private answer may be shown", async () => {
    await freshVersion();
    const { seen, restore } = outcomes();
    try {
      for (const place of ["server", "user install, private only"] as const) {
        const next = click("ep:4:en", undefined, PLACES[place]);
        await ask(next);
        await ask(next);
      }
    } finally {
      restore();
    }
    expect(seen).toEqual(["ok", "cached", "ok", "ok"]);
  });
});

describe("questionOf", () => {
  const baek = slash("character", [str("name", "baek")]);

  it("keys a slash command on its name, languages and options, nothing else", () => {
    const key = questionOf(baek)?.key;
    expect(key).toBeDefined();
    expect(questionOf({ ...baek, id: "2", token: "x", channel_id: "9" })?.key).toBe(key);
    const others = [
      slash("character", [str("name", "yang")]),
      slash("character", [str("name", "baek")], { locale: "ko" }),
      slash("character", [str("name", "baek")], { guild_locale: "ko" }),
      slash("character", [str("name", "baek"), str("language", "ko")]),
      slash("episode", [str("name", "baek")]),
    ];
    for (const other of others) expect(questionOf(other)?.key, JSON.stringify(other)).not.toBe(key);
    expect(questionOf(baek)?.command).toBe("character");
  });

  it("keys a name being typed apart from the command sent with it", () => {
    const typing = autocomplete("character", [str("name", "baek", true)]);
    expect(questionOf(typing)).toMatchObject({ kind: "autocomplete", command: "character" });
    expect(questionOf(typing)?.key).not.toBe(questionOf(slash("character", [str("name", "baek", true)]))?.key);
    expect(questionOf(autocomplete("character", [str("name", "bae", true)]))?.key).not.toBe(questionOf(typing)?.key);
    // Choices are never a message: where only a private answer may be shown, they are keyed all the same.
    expect(questionOf(autocomplete("character", [str("name", "b", true)], PLACES["user install, private only"]))).toBeDefined();
  });

  it("keys a click on its button's or menu's id and the values chosen, nothing else", () => {
    const next = click("ep:4:en");
    expect(questionOf(next)).toMatchObject({ kind: "component", command: "" });
    expect(questionOf({ ...next, id: "2", token: "x", message: { id: "m9", content: "" }, locale: "ko" })?.key).toBe(
      questionOf(next)?.key,
    );
    const others = [click("ep:4:ko"), click("ep:5:en"), click("chs:en", ["baek-kang-hyuk"]), click("chs:en", ["yang-jae-won"])];
    const keys = new Set([next, ...others].map((c) => questionOf(c)?.key));
    expect(keys.size).toBe(others.length + 1);
    // Never the key of a slash command or of a name being typed.
    expect(keys.has(questionOf(baek)?.key)).toBe(false);
    expect(questionOf(click("ep:4:en", undefined, PLACES["user install, private only"]))).toBeUndefined();
  });

  it("has no key for anything but a slash command, an autocomplete or a click, or where only a private answer may be shown", () => {
    expect(questionOf({ type: 1 })).toBeUndefined();
    expect(questionOf({ ...baek, type: 3, data: { component_type: 2 } })).toBeUndefined();
    expect(questionOf({ ...baek, type: 5, data: { custom_id: "x", components: [] } })).toBeUndefined();
    expect(questionOf({ ...baek, data: { options: [] } })).toBeUndefined();
    expect(questionOf(null)).toBeUndefined();
    expect(questionOf(slash("character", [], PLACES["user install, private only"]))).toBeUndefined();
    expect(questionOf(slash("character", [], PLACES["user install, may answer publicly"]))).toBeDefined();
    expect(questionOf(slash("character", [], PLACES.DM))).toBeDefined();
  });
});
