// A name several characters answer to equally well (a family name they share), or words several
// topics begin with, get a list to pick from, not whichever the data lists first; a name that fits
// one best still opens that one's card.
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { AUTOCOMPLETE_MAX } from "../../commands/present";
import type { ContentBundle } from "../../src/content/bundle";
import { buildBundle } from "../../src/content/bundle";
import { normalize } from "../../src/content/search";
import { dataFiles, realBundle, seedContent } from "../helpers/content";
import { ask, click, controlsOf, slash, str, textOf, titleOf } from "../helpers/discord";
import { sendSlash, slackJson, slackText } from "../helpers/slack";

let bundle: ContentBundle;

beforeEach(async () => {
  bundle = await seedContent(await realBundle());
});

interface Named {
  id: string;
  name: { en: string };
}

/**
 * A first word that two or more records' names begin with (more than `shortest` letters), with those
 * records: the family name several characters or their actors share, words several topics begin with.
 */
function sharedFirstWord<T extends Named>(records: readonly T[], names: (record: T) => string[], shortest = 0) {
  const by = new Map<string, Set<string>>();
  for (const record of records)
    for (const name of names(record)) {
      const word = normalize(name.split(/\s+/)[0] ?? "");
      by.set(word, (by.get(word) ?? new Set()).add(record.id));
    }
  const shared = [...by].find(([word, ids]) => ids.size > 1 && word.length > shortest);
  if (!shared) throw new Error("no first word shared in the data: nothing to ask about");
  return { word: shared[0], ids: [...shared[1]] };
}

const sharedFamilyName = () => sharedFirstWord(bundle.characters, (c) => [c.name.en, ...(c.actor ? [c.actor.en] : [])]);

const menuValues = (reply: Awaited<ReturnType<typeof ask>>) =>
  controlsOf(reply)
    .filter((c) => c.type === 3)
    .flatMap((c) => (c.options ?? []).map((o) => o.value));

/** `/command option:word` lists exactly `ids`, and picking each in the menu (`menu`) opens its card. */
async function expectListed(
  asked: { command: string; option: string; word: string; intro: string },
  menu: string,
  records: readonly Named[],
  ids: readonly string[],
) {
  const reply = await ask(slash(asked.command, [str(asked.option, asked.word)]));
  expect(menuValues(reply).sort()).toEqual([...ids].sort());
  expect(textOf(reply)).toContain(`${asked.intro} **${asked.word}**`);
  for (const id of ids) {
    const picked = await ask(click(menu, [id]));
    expect(titleOf(picked), id).toContain(records.find((record) => record.id === id)?.name.en ?? "");
  }
}

describe("/character with a name several characters share", () => {
  it("lists everyone who goes by it, with a menu that opens the one picked", async () => {
    const { word, ids } = sharedFamilyName();
    const asked = { command: "character", option: "name", word, intro: "Several characters go by" };
    await expectListed(asked, "chs:en", bundle.characters, ids);
  });

  it("lists them on Slack too, with the same menu", async () => {
    const { word, ids } = sharedFamilyName();
    const reply = await slackJson(await sendSlash("/character", `${word} lang:ko`));
    expect(reply.response_type).toBe("in_channel");
    expect(slackText(reply)).toContain("여럿이에요");
    const menu = JSON.stringify(reply.blocks);
    for (const id of ids) expect(menu, id).toContain(`"value":"${id}"`);
  });

  it("shows the name as typed, never as formatting", async () => {
    const { word } = sharedFamilyName();
    const reply = await ask(slash("character", [str("name", `_${word}_`)]));
    expect(textOf(reply)).toContain(`**\\_${word}\\_**`);
  });

  it("opens the card of a character asked for by id, or by a full name that is theirs alone", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bundle.characters), fc.boolean(), async (c, byId) => {
        const sameName = bundle.characters.filter((other) => normalize(other.name.en) === normalize(c.name.en));
        fc.pre(byId || sameName.length === 1);
        const reply = await ask(slash("character", [str("name", byId ? c.id : c.name.en)]));
        expect(menuValues(reply), c.id).toEqual([]);
        expect(titleOf(reply), c.id).toContain(c.name.en);
      }),
      { numRuns: 30 },
    );
  });
});

describe("/character with a title", () => {
  it("reads a title with the character's own names, never the actor's: Director Kim is no director played by a Kim", async () => {
    const titles = /^(Dr\.|Doctor|Professor|Nurse|Director|Minister|Captain)$/;
    const ownWords = (c: (typeof bundle.characters)[number]) =>
      [c.name.en, ...c.aliases, ...c.nicknames.map((n) => n.name.en)].flatMap((name) => name.split(/[\s-]+/)).map(normalize);
    let asked = 0;
    for (const c of bundle.characters) {
      const family = c.actor?.en.split(/\s+/)[0];
      if (!family || bundle.characters.some((other) => ownWords(other).includes(normalize(family)))) continue;
      for (const title of new Set(
        [c.name.en, ...c.aliases].map((name) => name.split(/\s+/)[0] ?? "").filter((w) => titles.test(w)),
      )) {
        const reply = await ask(slash("character", [str("name", `${title} ${family}`)]));
        expect(menuValues(reply), `${title} ${family}`).not.toContain(c.id);
        expect(titleOf(reply) ?? "", `${title} ${family}`).not.toContain(c.name.en);
        asked++;
      }
    }
    expect(asked, "no character bears a title and is played by someone whose family name is no character's").toBeGreaterThan(0);
    // The actor's name alone still finds the character.
    const played = bundle.characters.find((c) => c.actor);
    if (played?.actor) expect(titleOf(await ask(slash("character", [str("name", played.actor.en)])))).toContain(played.name.en);
  });

  it("reads an actor's other spelling as the actor's name: alone it finds the character, after a title no one", async () => {
    // A spelling no name in the data shares, given to one character's actor.
    const files = dataFiles();
    const characters = files["characters.json"] as ContentBundle["characters"];
    const played = characters.find((c) => c.actor);
    if (!played?.actor) throw new Error("no character is played by an actor");
    played.actorAliases = [...(played.actorAliases ?? []), "Qorvath Zim-tal"];
    const titled =
      [played.name.en, ...played.aliases]
        .map((name) => name.split(/\s+/)[0] ?? "")
        .find((w) => /^(Dr\.|Professor|Nurse|Director|Minister|Captain)$/.test(w)) ?? "Dr.";
    const built = await buildBundle(files);
    if (!built.ok) throw new Error(built.errors.join("\n"));
    await seedContent(built.bundle);
    for (const name of ["Qorvath Zim-tal", "qorvath zimtal", "Qorvath"])
      expect(titleOf(await ask(slash("character", [str("name", name)]))), name).toContain(played.name.en);
    for (const name of [`${titled} Qorvath`, "Qorvath 교수님", "Qorvath 간호사"]) {
      const reply = await ask(slash("character", [str("name", name)]));
      expect(menuValues(reply), name).not.toContain(played.id);
      expect(titleOf(reply) ?? "", name).not.toContain(played.name.en);
    }
    // A plain honorific is anyone's, the actor's too.
    expect(titleOf(await ask(slash("character", [str("name", "Qorvath Zim-tal 님")])))).toContain(played.name.en);
  });

  it("keeps the actors' other spellings in the data apart from the characters' names: Dr. Jeong is no doctor played by Jeong Jae-kwang", async () => {
    const spellings = bundle.characters.flatMap((c) => c.actorAliases ?? []);
    expect(spellings.length, "no actor has another spelling in the data").toBeGreaterThan(0);
    for (const c of bundle.characters)
      for (const spelling of c.actorAliases ?? []) {
        const family = spelling.split(/\s+/)[0] ?? "";
        expect(titleOf(await ask(slash("character", [str("name", spelling)]))), spelling).toContain(c.name.en);
        if (
          [c.name.en, ...c.aliases].some((name) =>
            normalize(name)
              .split(/[\s-]+/)
              .includes(normalize(family)),
          )
        )
          continue;
        const reply = await ask(slash("character", [str("name", `Dr. ${family}`)]));
        expect(menuValues(reply), `Dr. ${family}`).not.toContain(c.id);
        expect(titleOf(reply) ?? "", `Dr. ${family}`).not.toContain(c.name.en);
      }
  });

  it("reads a Korean title after a name, with or without 님, as the same title before it: 천장미 간호사님 is Nurse Cheon Jang-mi", async () => {
    /** What an answer opens: a card's title, a list's menu, or neither (nothing found). */
    const opened = async (name: string) => {
      const reply = await ask(slash("character", [str("name", name)]));
      return { card: titleOf(reply) ?? null, menu: menuValues(reply) };
    };
    // Each kind of title in Korean, plain and with the 님 fans add to it (천 간호사님, 강 장관님).
    const titles = [
      ["\uac04\ud638\uc0ac", "Nurse"],
      ["\uad50\uc218", "Professor"],
      ["\uc7a5\uad00", "Minister"],
      ["\uc6d0\uc7a5", "Director"],
      ["\ub300\uc704", "Captain"],
    ] as const;
    const pairs = titles.flatMap(([korean, english]) => [[korean, english] as const, [`${korean}\ub2d8`, english] as const]);
    const kinds = new Set<string>();
    for (const c of bundle.characters)
      for (const [korean, english] of pairs) {
        const before = await opened(`${english} ${c.name.en}`);
        expect(await opened(`${c.name.ko} ${korean}`), `${c.name.ko} ${korean}`).toEqual(before);
        if (before.card?.includes(c.name.en)) kinds.add(english);
      }
    expect(kinds.size, "fewer than two kinds of title are borne by a character").toBeGreaterThan(1);
    // A family name with a Korean title after it finds whom the title before the family name finds: 하 간호사
    // no doctor whose name starts with Ha, as Nurse Ha finds none.
    // The family name: the first syllable in Hangul, the first word that is no title in English (Captain Lee).
    const family = (c: (typeof bundle.characters)[number]) => c.name.ko.slice(0, 1);
    const titleWords = new Set<string>(titles.map(([, title]) => title));
    const familyEn = (c: (typeof bundle.characters)[number]) => c.name.en.split(/\s+/).find((word) => !titleWords.has(word));
    for (const c of bundle.characters)
      for (const [korean, title] of pairs) {
        const ko = await opened(`${family(c)} ${korean}`);
        const en = await opened(`${title} ${familyEn(c)}`);
        expect(ko.menu.includes(c.id) || (ko.card?.includes(c.name.en) ?? false), `${family(c)} ${korean}`).toBe(
          en.menu.includes(c.id) || (en.card?.includes(c.name.en) ?? false),
        );
      }
  });

  it.each([
    ["an honorific after an actor's whole name: 김의성 선생님 is Kim Eui-sung", ["{ko} 선생님", "{ko}선생님", "{en} 선생님"]],
    ["a plain 님 or 씨 after an actor's name: 주지훈님 is Ju Ji-hoon, no title", ["{ko}님", "{ko} 씨", "{en} 님"]],
  ])("reads %s", async (_what, forms) => {
    let asked = 0;
    for (const c of bundle.characters) {
      if (!c.actor) continue;
      const plain = titleOf(await ask(slash("character", [str("name", c.actor.ko)])));
      expect(plain, c.actor.ko).toContain(c.name.en);
      const actor = c.actor;
      for (const polite of forms.map((form) => form.replace("{ko}", actor.ko).replace("{en}", actor.en))) {
        expect(titleOf(await ask(slash("character", [str("name", polite)]))), polite).toBe(plain);
        asked++;
      }
    }
    expect(asked, "no character is played by an actor").toBeGreaterThan(0);
  });
});

describe("a list longer than a menu holds", () => {
  const total = AUTOCOMPLETE_MAX + 5;

  /** The data with `total` more characters and topics, all going by Zed. */
  async function seedMany() {
    const files = dataFiles();
    const characters = files["characters.json"] as ContentBundle["characters"];
    const topics = files["inspirations.json"] as ContentBundle["inspirations"];
    const character = characters.find((c) => !c.actor && !c.main) ?? characters[0];
    const topic = topics[0];
    if (!character || !topic) throw new Error("no character or topic to copy");
    for (let i = 1; i <= total; i++) {
      const name = { en: `Zed Many-${i}`, ko: `제드${i}` };
      characters.push({ ...character, id: `zed-many-${i}`, name, aliases: [], nicknames: [] });
      topics.push({ ...topic, id: `zed-topic-${i}`, name: { ...name, id: name.en, tl: name.en }, aliases: [] });
    }
    const built = await buildBundle(files);
    if (!built.ok) throw new Error(built.errors.join("\n"));
    return seedContent(built.bundle);
  }

  it("names everyone a name fits, and says the menu holds only the first, on Discord and on Slack", async () => {
    await seedMany();
    for (const [command, option] of [
      ["character", "name"],
      ["inspiration", "topic"],
    ] as const) {
      const reply = await ask(slash(command, [str(option, "Zed")]));
      expect(menuValues(reply), command).toHaveLength(AUTOCOMPLETE_MAX);
      for (let i = 1; i <= total; i++) expect(textOf(reply), command).toContain(`Zed Many-${i}`);
      expect(textOf(reply), command).toContain(`The menu holds the first ${AUTOCOMPLETE_MAX} of ${total}`);
      const slack = slackText(await slackJson(await sendSlash(`/${command}`, "zed lang:ko")));
      expect(slack, command).toContain(`메뉴에는 ${total}개 중 처음 ${AUTOCOMPLETE_MAX}개`);
    }
  });

  it("names everyone in the roster and the topic list, and says the menu holds only the first", async () => {
    const seeded = await seedMany();
    for (const [command, records] of [
      ["character", seeded.characters],
      ["inspiration", seeded.inspirations],
    ] as const) {
      const reply = await ask(slash(command, []));
      const text = textOf(reply);
      for (const record of records) expect(text, command).toContain(record.name.en);
      const ids = new Set(records.map((r) => r.id));
      expect(new Set(menuValues(reply)).size, command).toBe(AUTOCOMPLETE_MAX);
      for (const value of menuValues(reply)) expect(ids.has(value), value).toBe(true);
      expect(text, command).toContain(`The menu holds the first ${AUTOCOMPLETE_MAX} of ${records.length}`);
    }
  });

  it("says nothing of the kind when all of them fit", async () => {
    const { word } = sharedFamilyName();
    expect(textOf(await ask(slash("character", [str("name", word)])))).not.toContain("The menu holds");
    for (const command of ["character", "inspiration"])
      expect(textOf(await ask(slash(command, []))), command).not.toContain("The menu holds");
  });
});

describe("/inspiration with words several topics begin with", () => {
  it("lists the topics, with a menu that opens the one picked", async () => {
    // Longer than an article (`the`), which would list topics by a word nobody asks for.
    const { word, ids } = sharedFirstWord(bundle.inspirations, (topic) => [topic.name.en, ...topic.aliases], 3);
    const asked = { command: "inspiration", option: "topic", word, intro: "Several topics go by" };
    await expectListed(asked, "ins:en", bundle.inspirations, ids);
  });

  it("opens the card of a topic asked for by id", async () => {
    for (const topic of bundle.inspirations) {
      const reply = await ask(slash("inspiration", [str("topic", topic.id)]));
      expect(menuValues(reply), topic.id).toEqual([]);
      expect(titleOf(reply), topic.id).toContain(topic.name.en);
    }
  });
});

describe("/inspiration with a Korean title after a name", () => {
  it("reads 선장 as the captain's title it is in the topic's own Korean name: 석 선장님 is Captain Seok", async () => {
    // A topic whose Korean name gives someone the title of a ship's captain (석해균 선장) and whose
    // English names call them Captain.
    const captain = "\uc120\uc7a5";
    const topics = bundle.inspirations.filter(
      (topic) =>
        topic.name.ko.includes(` ${captain}`) && [topic.name.en, ...topic.aliases].some((name) => /\bCaptain\b/.test(name)),
    );
    expect(topics.length, "no topic names a captain").toBeGreaterThan(0);
    for (const topic of topics) {
      const name = topic.name.ko.split(` ${captain}`)[0]?.split(/\s+/).at(-1) ?? "";
      for (const typed of [`${name} ${captain}`, `${name.slice(0, 1)} ${captain}\ub2d8`, `${name} ${captain}\ub2d8`]) {
        const reply = await ask(slash("inspiration", [str("topic", typed)]));
        expect(titleOf(reply) ?? "", typed).toContain(topic.name.en);
      }
    }
  });
});
