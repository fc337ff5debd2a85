import { beforeEach, describe, expect, it } from "vitest";
import { seedContent } from "../helpers/content";
import { type DiscordReply, send, slash, str, textOf } from "../helpers/discord";

const ask = async (interaction: unknown) => (await (await send(interaction)).json()) as DiscordReply;

beforeEach(async () => {
  await seedContent();
});

describe("/character for the minor characters", () => {
  it("answers Captain Lee Hyun-jong, with no actor invented", async () => {
    const text = textOf(await ask(slash("character", [str("name", "이현종")])));
    expect(text).toContain("Captain Lee Hyun-jong (이현종 대위)");
    expect(text).toContain("not named in our sources");
    expect(text).not.toContain("appears only in a photo");
  });

  it("keeps Ji-yeong's link to Han Yu-rim behind the spoiler", async () => {
    const text = textOf(await ask(slash("character", [str("name", "Ji-yeong")])));
    expect(text).toContain("Ji-yeong (지영)");
    expect(text).toMatch(/\|\|She is Han Yu-rim's daughter/);
    expect(text.replace(/\|\|[^|]*\|\|/g, "")).not.toContain("Han Yu-rim");
  });

  it("keeps Baek finally calling Jae-won by name behind the spoiler, in every language", async () => {
    // Episode 8's spoiler and Jae-won's own say it; the nickname lines must not say it first.
    const byName = { en: /real name|by name/i, ko: /이름/, id: /\bnama/i, tl: /pangalan/ };
    for (const language of ["en", "ko", "id", "tl"] as const) {
      const text = textOf(await ask(slash("character", [str("name", "yang-jae-won"), str("language", language)])));
      expect(text.match(/\|\|[^|]*\|\|/)?.[0], language).toMatch(byName[language]);
      expect(text.replace(/\|\|[^|]*\|\|/g, ""), language).not.toMatch(byName[language]);
    }
  });

  it("still says Kwon Hak-su appears only in a photo", async () => {
    expect(textOf(await ask(slash("character", [str("name", "Kwon Hak-su")])))).toContain("appears only in a photo");
  });
});

describe("/character by a family name alone", () => {
  it("answers the character of that family name, not one whose given name starts the same (Kang, not Baek Kang-hyuk)", async () => {
    const { characters } = await seedContent();
    // The family name: the word before the given name ("Captain Lee Hyun-jong" -> Lee); the Hangul one's first syllable.
    const family = (c: (typeof characters)[number]) => {
      const words = c.name.en.split(" ");
      return words.length < 2 ? [] : [words.at(-2) as string, c.name.ko.slice(0, 1)];
    };
    const all = characters.flatMap(family);
    const unique = characters.filter((c) => family(c).length && family(c).every((f) => all.indexOf(f) === all.lastIndexOf(f)));
    expect(unique.map((c) => c.id)).toContain("kang-myung-hee");
    for (const c of unique)
      for (const name of family(c)) {
        const reply = await ask(slash("character", [str("name", name)]));
        expect(textOf(reply), name).toContain(`## ${c.name.en} (${c.name.ko})`);
      }
  });
});
