// A spoiler longer than a message holds is cut, and stays hidden: the cut closes it.
import { describe, expect, it } from "vitest";
import { realBundle, seedContent } from "../helpers/content";
import { ask, slash, str, v2Components } from "../helpers/discord";
import { assertDiscordLimits } from "../helpers/limits";

describe("a character whose spoiler passes the message's 4,000 characters", () => {
  it("has it cut inside its spoiler marks, in every language", async () => {
    const bundle = await realBundle();
    const [first, ...rest] = bundle.characters;
    const long = "The twist, told at length. ".repeat(200);
    const character = { ...first!, spoiler: { en: long, ko: long, id: long, tl: long } };
    await seedContent({ ...bundle, version: "long-spoiler", characters: [character, ...rest] });
    for (const locale of ["en", "ko", "id", "tl"]) {
      const reply = await ask(slash("character", [str("name", character.id), str("language", locale)]));
      assertDiscordLimits(reply.data as never);
      const texts = v2Components(reply.data as never).flatMap((c) => (c.type === 10 ? [c.content ?? ""] : []));
      const spoiler = texts.find((text) => text.includes("The twist"));
      expect(spoiler, locale).toBeDefined();
      // Whatever of the spoiler shows stands between an opening and a closing ||.
      expect(spoiler?.match(/\|\|/g)?.length, locale).toBe(2);
      expect(spoiler, locale).toMatch(/\|\|The twist[^|]*\|\|$/);
    }
  });
});
