import { beforeEach, describe, expect, it } from "vitest";
import { toDiscordCommands } from "../../src/discord/register";
import { seedContent, seedNews } from "../helpers/content";
import { autocomplete, type DiscordReply, int, send, slash, str, textOf } from "../helpers/discord";

const ask = async (interaction: unknown) => (await (await send(interaction)).json()) as DiscordReply;
const HANGUL = /[가-힣]/g;
/** The share of Hangul among the letters a reader reads (links and their site names left out). */
const hangulShare = (raw: string) => {
  const text = raw.replace(/\[[^\]]*\]\([^)]*\)/g, "").replace(/https?:\/\/\S+/g, "");
  return (text.match(HANGUL)?.length ?? 0) / text.replace(/[\s\p{P}\p{S}\d]/gu, "").length;
};

beforeEach(async () => {
  await seedContent();
  await seedNews();
});

describe("the same command in four languages", () => {
  for (const [command, options] of [
    ["character", [str("name", "baek")]],
    ["episode", [int("number", 4)]],
    ["renewal", []],
    ["inspiration", [str("topic", "lee kook-jong")]],
    ["about", []],
  ] as const) {
    it(`/${command} gives four different answers, Korean in Hangul`, async () => {
      const answers: Record<string, string> = {};
      for (const language of ["en", "ko", "id", "tl"]) {
        answers[language] = textOf(await ask(slash(command, [...options, str("language", language)])));
      }
      expect(new Set(Object.values(answers)).size).toBe(4);
      expect(hangulShare(answers.ko ?? "")).toBeGreaterThan(0.5);
      for (const language of ["en", "id", "tl"]) expect(hangulShare(answers[language] ?? ""), language).toBeLessThan(0.1);
    });
  }

  it("answers in the Discord client's language without the option", async () => {
    expect(textOf(await ask(slash("episode", [int("number", 1)], { locale: "ko" })))).toContain("1화: Enter Doctor Maniac");
    expect(textOf(await ask(slash("episode", [], { locale: "id" })))).toContain("Panduan episode");
    expect(textOf(await ask(slash("episode", [], { locale: "fr", guild_locale: "ko" })))).toContain("회차 가이드");
    expect(textOf(await ask(slash("episode", [], { locale: "fr", guild_locale: "fr" })))).toContain("Episode guide");
  });

  it("lets the language option override the client's language", async () => {
    expect(textOf(await ask(slash("renewal", [str("language", "tl")], { locale: "ko" })))).toContain(
      "Ikalawa at ikatlong season",
    );
  });

  it("explains errors in the asker's language", async () => {
    const reply = await ask(slash("episode", [int("number", 9)], { locale: "ko" }));
    expect(reply.data.content).toBe("**번호** 옵션에는 1부터 8까지의 정수를 넣어 주세요.");
    const unknown = await ask(slash("character", [str("name", "김사부")], { locale: "id" }));
    expect(unknown.data.content).toContain("Karakter bernama **김사부** tidak ditemukan");
  });

  it("names an option as the asker's client shows it when the language option picks another language", async () => {
    // An English client shows `number`, a Korean one `번호`, whatever language the answer is in.
    const korean = await ask(slash("episode", [int("number", 9), str("language", "ko")], { locale: "en-US" }));
    expect(korean.data.content).toBe("**number** 옵션에는 1부터 8까지의 정수를 넣어 주세요.");
    const english = await ask(slash("episode", [int("number", 9), str("language", "en")], { locale: "ko" }));
    expect(english.data.content).toBe("**번호** must be a whole number from 1 to 8.");
    const tagalog = await ask(slash("episode", [int("number", 9), str("language", "tl")], { locale: "id" }));
    expect(tagalog.data.content).toContain("**nomor**");
  });

  it("names commands to type as the asker's client shows them, whatever language the answer is in", async () => {
    const unknown = await ask(slash("character", [str("name", "김사부")], { locale: "ko" }));
    expect(unknown.data.content).toBe("**김사부**(이)라는 인물을 찾지 못했어요. `/인물` 명령으로 전체 목록을 볼 수 있어요.");
    const topic = await ask(slash("inspiration", [str("topic", "nothing like it"), str("language", "tl")], { locale: "id" }));
    expect(topic.data.content).toContain("Ipinapakita ng `/inspirasi` ang lahat.");
    const english = await ask(slash("character", [str("name", "김사부"), str("language", "ko")], { locale: "en-US" }));
    expect(english.data.content).toContain("`/character` 명령으로");
    // The roster's example, and how to turn alerts on where none are.
    expect(textOf(await ask(slash("character", [], { locale: "ko" })))).toContain("`/인물 이름:백강혁`");
    expect(textOf(await ask(slash("inspiration", [str("language", "en")], { locale: "ko" })))).toContain("`/모티브 주제:이국종`");
    const status = await ask(slash("renewal", [str("alerts", "status")], { locale: "ko" }));
    expect(status.data.content).toContain("`/후속시즌 알림:켜기`");
    expect(status.data.content).not.toContain("/renewal");
  });

  it("writes the renewal labels and dates in the language", async () => {
    const ko = textOf(await ask(slash("renewal", [str("language", "ko")])));
    expect(ko).toContain("**2025년 9월 24일** · _❓ 루머_");
    const id = textOf(await ask(slash("renewal", [str("language", "id")])));
    expect(id).toContain("_✍️ pernyataan penulis_");
    expect(id).toContain("Belum pasti");
  });
});

describe("autocomplete in every language", () => {
  it("returns choice names in the asker's script", async () => {
    const ko = (await ask(autocomplete("character", [str("name", "baek", true)], { locale: "ko" }))).data.choices;
    expect(ko?.[0]?.name).toBe("백강혁 (Baek Kang-hyuk)");
    const en = (await ask(autocomplete("character", [str("name", "백", true)]))).data.choices;
    expect(en?.[0]?.name).toBe("Baek Kang-hyuk (백강혁)");
  });

  it("finds a character typed with a title or honorific in any of the four languages", async () => {
    for (const [query, locale, name] of [
      ["Dokter Yang", "id", "Yang Jae-won (양재원)"],
      ["Suster Cheon", "id", "Cheon Jang-mi (천장미)"],
      ["Propesor Baek", "tl", "Baek Kang-hyuk (백강혁)"],
      ["Nars Cheon", "tl", "Cheon Jang-mi (천장미)"],
      ["Dr. Han Yu-rim", "en", "Han Yu-rim (한유림)"],
      ["양재원 선생님", "ko", "양재원 (Yang Jae-won)"],
      ["백 교수님", "ko", "백강혁 (Baek Kang-hyuk)"],
    ] as const) {
      const options = locale === "tl" ? [str("language", "tl"), str("name", query, true)] : [str("name", query, true)];
      const choices = (await ask(autocomplete("character", options, { locale }))).data.choices;
      expect(choices?.[0]?.name, query).toBe(name);
    }
  });

  it("finds no one by a title the data gives no one of that name: Professor Lee is not Captain Lee, Nurse Kang not Minister Kang", async () => {
    for (const [query, locale, wrong] of [
      ["Professor Lee", "en", "Captain Lee Hyun-jong (이현종)"],
      ["Propesor Lee", "en", "Captain Lee Hyun-jong (이현종)"],
      ["Nurse Kang", "en", "Kang Myung-hee (강명희)"],
      ["Kapten Baek", "id", "Baek Kang-hyuk (백강혁)"],
    ] as const) {
      const choices = (await ask(autocomplete("character", [str("name", query, true)], { locale }))).data.choices;
      expect(choices?.[0]?.name, query).not.toBe(wrong);
    }
    // A doctor's title finds a professor: both are the hospital's doctors.
    const kwon = (await ask(autocomplete("character", [str("name", "Dokter Kwon", true)], { locale: "id" }))).data.choices;
    expect(kwon?.[0]?.name).toBe("Kwon Hak-su (권학수)");
  });

  it("matches inspiration names written in any of the four languages", async () => {
    for (const [query, locale, name] of [
      ["이국종", "ko", "이국종 교수"],
      ["Profesor Lee", "id", "Profesor Lee Kook-jong"],
      ["Propesor", "en", "Professor Lee Kook-jong"],
      ["촬영지", "tl", "Shooting sa Ewha Womans University Seoul Hospital"],
    ] as const) {
      // Discord has no Tagalog locale: a Tagalog reader picks it with the language option.
      const options = locale === "tl" ? [str("language", "tl"), str("topic", query, true)] : [str("topic", query, true)];
      const choices = (await ask(autocomplete("inspiration", options, { locale }))).data.choices;
      expect(choices?.[0]?.name, query).toBe(name);
    }
  });
});

describe("registration payload", () => {
  const commands = toDiscordCommands() as unknown as {
    name: string;
    name_localizations?: Record<string, string>;
    description_localizations: Record<string, string>;
    options: {
      name: string;
      name_localizations?: Record<string, string>;
      description: string;
      description_localizations: Record<string, string>;
      choices?: { name: string; name_localizations: Record<string, string> }[];
    }[];
  }[];

  it("localizes every command, option and choice into Korean and Indonesian", () => {
    expect(commands.map((c) => c.name)).toEqual(["character", "episode", "renewal", "inspiration", "about", "help"]);
    for (const command of commands) {
      expect(Object.keys(command.name_localizations ?? {}).sort()).toEqual(["id", "ko"]);
      expect(command.description_localizations.ko).toMatch(HANGUL);
      expect(command.description_localizations.id).toBeTruthy();
      for (const option of command.options) {
        expect(Object.keys(option.name_localizations ?? {}).sort(), option.name).toEqual(["id", "ko"]);
        expect(option.description_localizations.ko).toMatch(HANGUL);
        for (const choice of option.choices ?? []) expect(Object.keys(choice.name_localizations).sort()).toEqual(["id", "ko"]);
      }
    }
  });

  it("keeps names within Discord's rules and descriptions within 100 characters", () => {
    const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
    for (const command of commands) {
      for (const name of [command.name, ...Object.values(command.name_localizations ?? {})]) {
        expect(name).toMatch(NAME);
        expect(name).toBe(name.toLowerCase());
      }
      for (const text of Object.values(command.description_localizations)) expect(text.length).toBeLessThanOrEqual(100);
    }
  });

  it("keeps option and choice names within Discord's rules too, each option's name its own in every language", () => {
    const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
    const within = (text: string, max: number, what: string) => {
      expect(text.length, what).toBeGreaterThan(0);
      expect(text.length, what).toBeLessThanOrEqual(max);
    };
    for (const command of commands) {
      for (const locale of ["", "ko", "id"] as const) {
        const names = command.options.map((o) => (locale ? (o.name_localizations?.[locale] ?? o.name) : o.name));
        expect(new Set(names).size, `/${command.name} in ${locale || "en"}`).toBe(names.length);
      }
      for (const option of command.options) {
        for (const name of [option.name, ...Object.values(option.name_localizations ?? {})]) {
          expect(name, `/${command.name} ${option.name}`).toMatch(NAME);
          expect(name).toBe(name.toLowerCase());
        }
        for (const text of [option.description, ...Object.values(option.description_localizations ?? {})])
          within(text, 100, `/${command.name} ${option.name}: ${text}`);
        for (const choice of option.choices ?? [])
          for (const text of [choice.name, ...Object.values(choice.name_localizations ?? {})]) within(text, 100, text);
      }
    }
  });

  it("offers every command a language option with the four languages, Tagalog included", () => {
    for (const command of commands) {
      const language = command.options.find((o) => o.name === "language") as unknown as { choices: { value: string }[] };
      expect(language.choices.map((c) => c.value)).toEqual(["en", "ko", "id", "tl"]);
    }
  });

  it("marks /character name and /inspiration topic for autocomplete and bounds /episode number", () => {
    const option = (command: string, name: string) =>
      commands.find((c) => c.name === command)?.options.find((o) => o.name === name) as unknown as Record<string, unknown>;
    expect(option("character", "name").autocomplete).toBe(true);
    expect(option("inspiration", "topic").autocomplete).toBe(true);
    expect(option("episode", "number")).toMatchObject({ type: 4, min_value: 1, max_value: 8 });
  });
});
