import { describe, expect, it, vi } from "vitest";
import { ANSWER_KEY_MAX, AnswerCache, answerKey } from "../src/answer-cache";
import { realBundle, seedContent } from "./helpers/content";
import { autocomplete, type DiscordReply, send, slash, str, textOf } from "./helpers/discord";

describe("AnswerCache", () => {
  it("returns what was stored for the same content version only", () => {
    const cache = new AnswerCache<string>();
    cache.set("v1", "k", "answer");
    expect(cache.get("v1", "k")).toBe("answer");
    expect(cache.get("v2", "k")).toBeUndefined();
    cache.set("v2", "other", "x");
    expect(cache.get("v1", "k")).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it("drops the least recently used entry beyond its size", () => {
    const cache = new AnswerCache<string>(2);
    cache.set("v", "a", "1");
    cache.set("v", "b", "2");
    cache.get("v", "a");
    cache.set("v", "c", "3");
    expect(cache.get("v", "b")).toBeUndefined();
    expect(cache.get("v", "a")).toBe("1");
    expect(cache.get("v", "c")).toBe("3");
  });

  it("keeps the entries in use however often they are read, and drops in order of last use", () => {
    const cache = new AnswerCache<string>(3);
    for (const key of ["a", "b", "c"]) cache.set("v", key, key);
    for (let i = 0; i < 5; i++) cache.get("v", "a");
    cache.get("v", "c");
    cache.set("v", "d", "d");
    expect(cache.get("v", "b")).toBeUndefined();
    cache.set("v", "e", "e");
    expect(cache.get("v", "a")).toBeUndefined();
    expect([cache.get("v", "c"), cache.get("v", "d"), cache.get("v", "e")]).toEqual(["c", "d", "e"]);
    expect(cache.size).toBe(3);
  });

  it("keeps no answer under a key longer than any question it keeps", () => {
    const cache = new AnswerCache<string>();
    cache.set("v", "k".repeat(ANSWER_KEY_MAX), "kept");
    cache.set("v", "k".repeat(ANSWER_KEY_MAX + 1), "not kept");
    expect(cache.get("v", "k".repeat(ANSWER_KEY_MAX))).toBe("kept");
    expect(cache.get("v", "k".repeat(ANSWER_KEY_MAX + 1))).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it("keys on options regardless of their order, and on the language", () => {
    expect(answerKey("c", { a: 1, b: 2 }, "en")).toBe(answerKey("c", { b: 2, a: 1 }, "en"));
    expect(answerKey("c", { a: 1 }, "en")).not.toBe(answerKey("c", { a: 1 }, "ko"));
  });
});

describe("cached answers over HTTP", () => {
  const ask = async (name: string) =>
    textOf((await (await send(slash("character", [str("name", name)]))).json()) as DiscordReply);

  it("answers a repeated question the same way, and a re-seed with new content changes the answer", async () => {
    const bundle = await seedContent();
    const first = await ask("baek");
    expect(await ask("baek")).toBe(first);
    const changed = structuredClone(bundle);
    const baek = changed.characters.find((c) => c.id === "baek-kang-hyuk");
    if (!baek) throw new Error("no Baek");
    baek.role.en = "Head of the trauma center (updated)";
    await seedContent({ ...changed, version: "updated-version" });
    expect(await ask("baek")).toContain("Head of the trauma center (updated)");
    await seedContent(await realBundle());
    expect(await ask("baek")).toBe(first);
  });

  const json = async (interaction: unknown) =>
    (await (await send(interaction)).json()) as DiscordReply & { data: { choices?: { name: string }[] } };
  const click = (customId: string, extra: Record<string, unknown> = {}) => ({
    ...slash("x", [], extra),
    type: 3,
    message: { id: "m1", content: "" },
    data: { custom_id: customId, component_type: 2 },
  });

  it("answers a repeated click on a pure button and a repeated autocomplete query from the cache, and nothing else", async () => {
    await seedContent();
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    const outcomes = async (interaction: unknown) => {
      logged.mockClear();
      const reply = await json(interaction);
      const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)) as { event: string; outcome?: string });
      return { reply, outcome: lines.find((l) => l.event === "interaction")?.outcome };
    };
    try {
      const first = await outcomes(click("ep:4:en"));
      expect(first.outcome).toBe("ok");
      const again = await outcomes(click("ep:4:en"));
      expect(again.outcome).toBe("cached");
      expect(again.reply).toEqual(first.reply);
      // Another button, another answer: the id is the key.
      const next = await outcomes(click("ep:5:en"));
      expect(next.outcome).toBe("ok");
      expect(textOf(next.reply)).not.toBe(textOf(first.reply));
      // A stale button's hint is never kept.
      expect((await outcomes(click("ep:99:en"))).outcome).toBe("hint");
      expect((await outcomes(click("ep:99:en"))).outcome).toBe("hint");

      const typed = autocomplete("character", [str("name", "ba", true)]);
      expect((await outcomes(typed)).outcome).toBe("ok");
      const repeated = await outcomes(typed);
      expect(repeated.outcome).toBe("cached");
      expect(repeated.reply.data.choices?.length).toBeGreaterThan(0);
      // The same query in another language is its own answer.
      expect((await outcomes(autocomplete("character", [str("name", "ba", true)], { locale: "ko" }))).outcome).toBe("ok");
    } finally {
      logged.mockRestore();
    }
  });

  it("answers a question padded past any Discord sends every time, without keeping it", async () => {
    // A name option's value is trimmed before it is read, and Discord sends at most 100 characters of it:
    // one padded with thousands of spaces is still a question about Baek, but its key is kept nowhere.
    await seedContent();
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const padded = slash("character", [str("name", `baek${" ".repeat(5_000)}`)]);
      const outcome = async () => {
        logged.mockClear();
        const reply = await json(padded);
        const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)) as { event: string; outcome?: string });
        return { text: textOf(reply), outcome: lines.find((l) => l.event === "interaction")?.outcome };
      };
      const first = await outcome();
      expect(first.outcome).toBe("ok");
      expect(first.text).toContain("Baek");
      expect(await outcome()).toEqual(first);
    } finally {
      logged.mockRestore();
    }
  });

  it("keeps autocomplete answers and clicks on pure buttons until the content changes", async () => {
    const bundle = await seedContent();
    const names = async () =>
      (await json(autocomplete("character", [str("name", "baek", true)]))).data.choices?.map((c) => c.name);
    const episode = async () => textOf(await json(click("ep:4:en")));
    const [firstNames, firstEpisode] = [await names(), await episode()];
    expect(await names()).toEqual(firstNames);
    expect(await episode()).toBe(firstEpisode);
    const changed = structuredClone(bundle);
    const baek = changed.characters.find((c) => c.id === "baek-kang-hyuk");
    const four = changed.episodes.find((e) => e.number === 4);
    if (!baek || !four) throw new Error("no Baek or no episode 4");
    baek.name.en = "Baek Kang-hyuk (renamed)";
    four.title = "A retitled episode";
    await seedContent({ ...changed, version: "renamed-version" });
    expect((await names())?.join("\n")).toContain("Baek Kang-hyuk (renamed)");
    expect(await episode()).toContain("A retitled episode");
    await seedContent(await realBundle());
  });
});
