import { beforeEach, describe, expect, it } from "vitest";
import { seedContent, seedNews } from "../helpers/content";
import { ask, autocomplete, int, slash, str, textOf, titleOf } from "../helpers/discord";

beforeEach(async () => {
  await seedContent();
  await seedNews();
});

describe("/character", () => {
  it("shows Baek Kang-hyuk found by his Hangul name, with actor, role, nicknames and sources", async () => {
    const reply = await ask(slash("character", [str("name", "백강혁")]));
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(1 << 15); // Components V2, public
    expect(titleOf(reply)).toBe("Baek Kang-hyuk (백강혁)");
    const text = textOf(reply);
    expect(text).toContain("Ju Ji-hoon (주지훈)");
    expect(text).toContain("Malak");
    expect(text).toMatch(/\*\*Sources:\*\* \[koreatimes\.co\.kr\]\(http/);
  });

  it.each([
    ["baek", "Baek Kang-hyuk"],
    ["Baek Gang-hyeok", "Baek Kang-hyuk"],
    ["ju ji-hoon", "Baek Kang-hyuk"],
    ["주지훈", "Baek Kang-hyuk"],
    ["gangster", "Cheon Jang-mi"],
    ["No. 1", "Yang Jae-won"],
    ["park kyung-won", "Park Gyeong-won"],
  ])("finds %s as %s", async (query, name) => {
    const reply = await ask(slash("character", [str("name", query)]));
    expect(titleOf(reply)).toContain(name);
  });

  it("hides spoiler notes behind Discord spoiler markup", async () => {
    const text = textOf(await ask(slash("character", [str("name", "yang-jae-won")])));
    expect(text).toMatch(/\|\|In episode 8 he operates on Baek[^|]+\|\|/);
  });

  it("lists the roster, main team first, when no name is given", async () => {
    const reply = await ask(slash("character"));
    const description = textOf(reply);
    expect(titleOf(reply)).toBe("Characters");
    expect(description.indexOf("Baek Kang-hyuk")).toBeLessThan(description.indexOf("Choi Jo-eun"));
    expect(description).toContain("Kwon Hak-su");
  });

  it("answers an unknown name with an ephemeral hint", async () => {
    const reply = await ask(slash("character", [str("name", "Kim Sa-bu")]));
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("Kim Sa-bu");
  });

  it("answers a name of the wrong type with an ephemeral hint", async () => {
    const reply = await ask(slash("character", [{ name: "name", type: 3, value: 42 }]));
    expect(reply.data.flags).toBe(64);
  });

  it("answers a name longer than 100 characters with an ephemeral hint", async () => {
    const reply = await ask(slash("character", [str("name", "b".repeat(101))]));
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("100");
  });
});

describe("/episode", () => {
  it("shows one episode with its title, synopsis and hidden spoilers", async () => {
    const reply = await ask(slash("episode", [int("number", 1)]));
    expect(titleOf(reply)).toBe("Episode 1: Enter Doctor Maniac");
    const text = textOf(reply);
    expect(text).toContain("motorbike");
    expect(text).toMatch(/\|\|At his appointment[^|]+\|\|/);
  });

  it("says so honestly when an episode has no verified title or synopsis", async () => {
    const text = textOf(await ask(slash("episode", [int("number", 6)])));
    expect(text).toContain("Episode 6 (title not confirmed)");
    expect(text).toContain("No verified synopsis yet");
  });

  it("lists the episode guide without a number", async () => {
    const reply = await ask(slash("episode"));
    const text = textOf(reply);
    expect(titleOf(reply)).toBe("Episode guide");
    for (let n = 1; n <= 8; n++) expect(text).toContain(`Episode ${n}`);
    expect(text).toContain("24 January 2025");
  });

  it.each([0, 9, -1, 2.5])("answers episode %s with an ephemeral hint", async (n) => {
    const reply = await ask(slash("episode", [int("number", n)]));
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("1");
    expect(reply.data.content).toContain("8");
  });

  it("answers a number sent as text with an ephemeral hint", async () => {
    const reply = await ask(slash("episode", [str("number", "three")]));
    expect(reply.data.flags).toBe(64);
  });
});

describe("/renewal", () => {
  it("says where seasons 2 and 3 stand, then the newest entries, each dated, labelled and sourced", async () => {
    const reply = await ask(slash("renewal"));
    const text = textOf(reply);
    expect(titleOf(reply)).toBe("Seasons 2 and 3: where things stand");
    expect(text).toMatch(/^Not confirmed/m);
    const entries = text.match(
      /^\*\*\d{1,2} \w+ \d{4}\*\* · _(✅ official|✍️ author statement|📰 report|❓ rumor)_ · \[.+\]\(https?:\/\/\S+\)$/gm,
    );
    expect(entries?.length).toBe(5);
    // Each entry's sources, and the status sentence's own.
    expect(text.match(/^_Sources: \[/gm)?.length).toBe(6);
    expect(text).toContain('_❓ rumor_ · [Claim that the author "confirmed" seasons 2 and 3]');
  });

  it("lists the newest entries first", async () => {
    const text = textOf(await ask(slash("renewal")));
    expect(text.indexOf("9 October 2025")).toBeLessThan(text.indexOf("24 September 2025"));
  });
});

describe("/inspiration", () => {
  it("lists every topic without an argument", async () => {
    const text = textOf(await ask(slash("inspiration")));
    for (const topic of [
      "Lee Kook-jong",
      "Seok Hae-gyun",
      "Ewha",
      "Golden Time",
      "Dr. Romantic",
      "Hospital Playlist",
      "trauma-care",
    ])
      expect(text).toContain(topic);
  });

  it.each([
    ["lee kook-jong", "Professor Lee Kook-jong"],
    ["이국종", "Professor Lee Kook-jong"],
    ["samho jewelry", "Captain Seok Hae-gyun"],
    ["ewha", "Ewha Womans University Seoul Hospital"],
    ["슬기로운", "Hospital Playlist"],
  ])("finds %s", async (query, title) => {
    const reply = await ask(slash("inspiration", [str("topic", query)]));
    expect(titleOf(reply)).toContain(title);
    expect(textOf(reply)).toMatch(/^## \[[^\]]+\]\(https?:\/\//m);
  });

  it("answers an unknown topic with an ephemeral hint", async () => {
    const reply = await ask(slash("inspiration", [str("topic", "zombies")]));
    expect(reply.data.flags).toBe(64);
  });

  it("answers letters found only inside another word with a hint, not that word's topic: oman is in Womans", async () => {
    // "Ewha Womans University" holds "oman": Oman is where Lee Kook-jong flew, nothing to do with the filming.
    const reply = await ask(slash("inspiration", [str("topic", "oman")]));
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("**oman**");
    // Hangul names are written without spaces: a syllable inside one still finds it (강혁 in 백강혁).
    expect(titleOf(await ask(slash("character", [str("name", "강혁")])))).toContain("Baek Kang-hyuk");
  });
});

describe("autocomplete", () => {
  const choices = async (command: string, option: string, value: string) => {
    const reply = await ask(autocomplete(command, [str(option, value, true)]));
    expect(reply.type).toBe(8);
    return reply.data.choices ?? [];
  };

  it("lists the main characters for an empty query", async () => {
    const found = await choices("character", "name", "");
    expect(found.map((c) => c.value)).toEqual([
      "baek-kang-hyuk",
      "yang-jae-won",
      "cheon-jang-mi",
      "han-yu-rim",
      "park-gyeong-won",
    ]);
  });

  it.each([
    ["baek", "baek-kang-hyuk"],
    ["백", "baek-kang-hyuk"],
    ["ㅂ", "baek-kang-hyuk"],
    ["배", "baek-kang-hyuk"],
    ["ㅂㄱㅎ", "baek-kang-hyuk"],
    ["choo", "yang-jae-won"],
    ["하영", "cheon-jang-mi"],
    ["gangster", "cheon-jang-mi"],
  ])("finds %s first as %s", async (query, id) => {
    const found = await choices("character", "name", query);
    expect(found[0]?.value).toBe(id);
  });

  // What a Korean keyboard shows at each keystroke: a compound vowel's first half (초 before 최), and the next
  // syllable's initial held as a final until its vowel is typed (쵲 before 최조, 양쟁 before 양재우).
  it.each([
    ["choi-jo-eun", ["ㅊ", "초", "최", "쵲", "최조", "최종", "최조으", "최조은"]],
    ["yang-jae-won", ["ㅇ", "야", "양", "양ㅈ", "양재", "양쟁", "양재우", "양재워", "양재원"]],
    ["cheon-jang-mi", ["ㅊ", "처", "천", "첝", "천자", "천장", "천장ㅁ", "천장미"]],
  ])("offers %s at every step of typing the name in Hangul", async (id, typed) => {
    for (const query of typed) {
      const found = await choices("character", "name", query);
      expect(
        found.map((c) => c.value),
        query,
      ).toContain(id);
    }
  });

  // What phones and keyboards put in the box: an East Asian keyboard's full-width letters, a name pasted with
  // a zero-width space or a soft hyphen, an initial typed as a conjoining jamo, or only an invisible character.
  it.each([
    ["\uff42\uff41\uff45\uff4b", "baek-kang-hyuk"],
    ["\uff22\uff41\uff45\uff4b", "baek-kang-hyuk"],
    ["Baek\u200bKang", "baek-kang-hyuk"],
    ["baek\u00adkang-hyuk", "baek-kang-hyuk"],
    ["백\u200d강", "baek-kang-hyuk"],
    ["\u1107", "baek-kang-hyuk"],
    ["\u1107\u1162", "baek-kang-hyuk"],
  ])("finds %j first as %s", async (query, id) => {
    const found = await choices("character", "name", query);
    expect(found[0]?.value).toBe(id);
  });

  it("lists the main characters for a query of invisible characters only", async () => {
    expect(await choices("character", "name", "\u200b")).toEqual(await choices("character", "name", ""));
  });

  it("answers /character with a name typed in full-width letters", async () => {
    const reply = await ask(slash("character", [str("name", "\uff42\uff41\uff45\uff4b")]));
    expect(reply.data.flags ?? 0).not.toBe(64);
    expect(titleOf(reply)).toContain("Baek Kang-hyuk");
  });

  it("keeps choices within Discord's limits", async () => {
    for (const query of ["", "a", "ㄱ"]) {
      const found = await choices("character", "name", query);
      expect(found.length).toBeLessThanOrEqual(25);
      for (const c of found) {
        expect(c.name.length).toBeGreaterThanOrEqual(1);
        expect(c.name.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it("suggests inspiration topics", async () => {
    const found = await choices("inspiration", "topic", "이국");
    expect(found[0]?.value).toBe("lee-kook-jong");
    expect((await choices("inspiration", "topic", "")).length).toBeGreaterThan(5);
  });

  it("answers nonsense with no choices rather than an error", async () => {
    expect(await choices("character", "name", "zzzzqqq")).toEqual([]);
    const reply = await ask(autocomplete("nope", [str("x", "y", true)]));
    expect(reply).toEqual({ type: 8, data: { choices: [] } });
  });
});
