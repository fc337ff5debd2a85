// A name several characters answer to equally well (a family name they share), or words several
// topics begin with, get a list to pick from, not whichever the data lists first; a name that fits
// one best still opens that one's card.
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/content/bundle";
import { normalize } from "../../src/content/search";
import { realBundle, seedContent } from "../helpers/content";
import { ask, click, controlsOf, slash, str, textOf, titleOf } from "../helpers/discord";
import { sendSlash, slackJson, slackText } from "../helpers/slack";

let bundle: ContentBundle;

beforeEach(async () => {
  bundle = await seedContent(await realBundle());
});

type Person = ContentBundle["characters"][number];
/** The romanized words of a character's own name and of the actor's. */
const firstWords = (c: Person) => [c.name.en, c.actor?.en].flatMap((name) => (name ? [name.split(/\s+/)[0] ?? ""] : []));

/** A first word (a family name) that two or more characters, or their actors, share, with who shares it. */
function sharedFamilyName(): { word: string; ids: string[] } {
  const by = new Map<string, Set<string>>();
  for (const c of bundle.characters)
    for (const word of firstWords(c)) by.set(normalize(word), (by.get(normalize(word)) ?? new Set()).add(c.id));
  const shared = [...by].find(([, ids]) => ids.size > 1);
  if (!shared) throw new Error("no family name shared in the data: nothing to ask about");
  return { word: shared[0], ids: [...shared[1]] };
}

const menuValues = (reply: Awaited<ReturnType<typeof ask>>) =>
  controlsOf(reply)
    .filter((c) => c.type === 3)
    .flatMap((c) => (c.options ?? []).map((o) => o.value));

describe("/character with a name several characters share", () => {
  it("lists everyone who goes by it, with a menu that opens the one picked", async () => {
    const { word, ids } = sharedFamilyName();
    const reply = await ask(slash("character", [str("name", word)]));
    expect(menuValues(reply).sort()).toEqual([...ids].sort());
    expect(textOf(reply)).toContain(`Several characters go by **${word}**`);
    for (const id of ids) {
      const picked = await ask(click("chs:en", [id]));
      const named = bundle.characters.find((c) => c.id === id)?.name.en ?? "";
      expect(titleOf(picked), id).toContain(named);
    }
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

describe("/inspiration with words several topics begin with", () => {
  /** A first word two or more topics' names or aliases begin with, with those topics. */
  function sharedFirstWord(): { word: string; ids: string[] } {
    const by = new Map<string, Set<string>>();
    for (const topic of bundle.inspirations)
      for (const name of [topic.name.en, ...topic.aliases]) {
        const word = normalize(name.split(/\s+/)[0] ?? "");
        by.set(word, (by.get(word) ?? new Set()).add(topic.id));
      }
    const shared = [...by].find(([word, ids]) => ids.size > 1 && word.length > 3);
    if (!shared) throw new Error("no first word shared by topics in the data: nothing to ask about");
    return { word: shared[0], ids: [...shared[1]] };
  }

  it("lists the topics, with a menu that opens the one picked", async () => {
    const { word, ids } = sharedFirstWord();
    const reply = await ask(slash("inspiration", [str("topic", word)]));
    expect(menuValues(reply).sort()).toEqual([...ids].sort());
    expect(textOf(reply)).toContain(`Several topics go by **${word}**`);
    for (const id of ids) {
      const picked = await ask(click("ins:en", [id]));
      const named = bundle.inspirations.find((topic) => topic.id === id)?.name.en ?? "";
      expect(titleOf(picked), id).toContain(named);
    }
  });

  it("opens the card of a topic asked for by id", async () => {
    for (const topic of bundle.inspirations) {
      const reply = await ask(slash("inspiration", [str("topic", topic.id)]));
      expect(menuValues(reply), topic.id).toEqual([]);
      expect(titleOf(reply), topic.id).toContain(topic.name.en);
    }
  });
});
