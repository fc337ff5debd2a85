import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { EPISODE_COUNT } from "../../commands/episode";
import { COMMANDS } from "../../commands/index";
import { seedContent, seedNews } from "../helpers/content";
import { sendSlackRaw, sendSlash, signSlack, slackJson, slackText, slashBody } from "../helpers/slack";
import { oauthEnv } from "../helpers/slack-oauth";

const now = () => Math.floor(Date.now() / 1000);

describe("POST /slack/events: transport", () => {
  it("answers ssl_check with 200 without a signature and without dispatching", async () => {
    const response = await sendSlackRaw("ssl_check=1&token=abc", { signature: null });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("answers url_verification with the challenge", async () => {
    const body = JSON.stringify({
      token: "x",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    const response = await sendSlackRaw(body, { contentType: "application/json" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("answers at the Request URL pasted with a trailing slash, as Slack would call it", async () => {
    await seedContent();
    const body = JSON.stringify({ token: "x", challenge: "c", type: "url_verification" });
    const slashed = { contentType: "application/json", path: "/slack/events/" };
    const response = await sendSlackRaw(body, slashed);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: "c" });
    expect((await sendSlackRaw(body, { ...slashed, signature: null })).status).toBe(401);
    const answer = await sendSlash("/episode", "3", { path: "/slack/events/" });
    expect(answer.status).toBe(200);
    expect(slackText(await slackJson(answer))).toContain("Keep On Running");
  });

  it("refuses an unsigned url_verification with 401", async () => {
    const body = JSON.stringify({ challenge: "c", type: "url_verification" });
    expect((await sendSlackRaw(body, { contentType: "application/json", signature: null })).status).toBe(401);
  });

  it("refuses a signature made with another secret with 401", async () => {
    expect((await sendSlash("/episode", "3", { secret: "another-secret" })).status).toBe(401);
  });

  it("refuses a signature over a different body with 401", async () => {
    const ts = String(now());
    const signature = await signSlack("command=%2Fepisode&text=4", ts);
    expect((await sendSlash("/episode", "3", { timestamp: ts, signature })).status).toBe(401);
  });

  it("refuses malformed signature headers with 401", async () => {
    for (const signature of ["", "v0=", "v1=abcd", `v0=${"zz".repeat(32)}`, "v0=abc"]) {
      expect((await sendSlash("/episode", "3", { signature })).status, signature).toBe(401);
    }
  });

  it("refuses a signed timestamp more than 5 minutes old with 401", async () => {
    expect((await sendSlash("/episode", "3", { timestamp: String(now() - 301) })).status).toBe(401);
  });

  it("refuses a signed timestamp more than 5 minutes ahead with 401", async () => {
    // The worker reads its clock after this one; the exact edge is pinned with a fixed clock in verify-window.
    expect((await sendSlash("/episode", "3", { timestamp: String(now() + 330) })).status).toBe(401);
  });

  it("refuses everything when no signing secret is configured", async () => {
    expect((await sendSlash("/episode", "3", { env: { SLACK_SIGNING_SECRET: undefined } })).status).toBe(401);
  });

  it("answers malformed signed bodies with 400", async () => {
    expect((await sendSlackRaw("{oops", { contentType: "application/json" })).status).toBe(400);
    expect((await sendSlackRaw("[1,2]", { contentType: "application/json" })).status).toBe(400);
    expect((await sendSlackRaw("payload=%7Bnot-json")).status).toBe(400);
    expect((await sendSlackRaw("payload=%5B%5D")).status).toBe(400);
    expect((await sendSlackRaw("hello=world")).status).toBe(400);
  });

  it("answers a body over 1 MB with 413", async () => {
    expect((await sendSlash("/character", "x".repeat(1_000_001))).status).toBe(413);
  });

  it("acknowledges Events API callbacks it does not subscribe to", async () => {
    const body = JSON.stringify({ type: "event_callback", event: { type: "app_mention" } });
    expect((await sendSlackRaw(body, { contentType: "application/json" })).status).toBe(200);
  });
});

describe("Slack slash commands through Bolt", () => {
  it("answers /character baek in the channel with Block Kit and a text fallback", async () => {
    await seedContent();
    const reply = await slackJson(await sendSlash("/character", "baek"));
    expect(reply.response_type).toBe("in_channel");
    expect(reply.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Baek Kang-hyuk (백강혁)", emoji: true },
    });
    expect(reply.text).toContain("Baek Kang-hyuk (백강혁)");
    expect(slackText(reply)).toContain("*Played by*\nJu Ji-hoon (주지훈)");
    expect(slackText(reply)).toMatch(/\*Sources:\* <http[^|]+\|koreatimes\.co\.kr>/);
  });

  it("takes the rest of the text as the name", async () => {
    await seedContent();
    const reply = await slackJson(await sendSlash("/character", "Baek Kang-hyuk"));
    expect(reply.text).toContain("Baek Kang-hyuk");
  });

  it("lists the roster without text", async () => {
    await seedContent();
    const reply = await slackJson(await sendSlash("/character"));
    expect(reply.text).toContain("Characters");
    expect(slackText(reply)).toContain("*Cheon Jang-mi (천장미)*");
  });

  it("answers /episode 3, keeping the spoilers hidden", async () => {
    await seedContent();
    const reply = await slackJson(await sendSlash("/episode", "3"));
    expect(reply.text).toContain("Episode 3: Keep On Running");
    expect(slackText(reply)).not.toContain("brain-dead");
    expect(slackText(reply)).toContain("🙈 *Spoilers*");
  });

  it("lists the episode guide without text", async () => {
    await seedContent();
    expect((await slackJson(await sendSlash("/episode"))).text).toContain("Episode guide");
  });

  it("answers /episode 9 and /episode three with an ephemeral hint and the usage line", async () => {
    await seedContent();
    for (const text of ["9", "three"]) {
      const reply = await slackJson(await sendSlash("/episode", text));
      expect(reply.response_type).toBe("ephemeral");
      expect(reply.text).toContain("Usage: `/episode [1-8] [lang:en|ko|id|tl]`");
    }
  });

  it("answers a number with a fraction (3.5, or 3,50 as Indonesian writes it) with the whole-number range, not that it is no number", async () => {
    await seedContent();
    for (const text of ["3.5", "3,50 lang:id", "-2.0"]) {
      const reply = await slackJson(await sendSlash("/episode", text));
      expect(reply.response_type, text).toBe("ephemeral");
      expect(reply.text, text).toMatch(/whole number from 1 to 8|angka bulat dari 1 sampai 8/);
    }
  });

  it("answers episodes asked for together (2,3화) privately, asking for one at a time in the language asked for", async () => {
    await seedContent();
    for (const [text, says] of [
      ["2,3", "ask for 2 first"],
      ["2,3\ud654 lang:ko", "2\ubd80\ud130 \ud558\ub098\uc529"],
      ["ep 3, 5 lang:id", "minta 3 dulu"],
      ["3,4 lang:tl", "hingin muna ang 3"],
    ]) {
      const reply = await slackJson(await sendSlash("/episode", text));
      expect(reply.response_type, text).toBe("ephemeral");
      expect(slackText(reply), text).toContain(says);
      expect(slackText(reply), text).toContain("/episode [1-");
    }
  });

  it("reads a number typed with an East Asian keyboard's full-width digits as that number", async () => {
    // A Korean keyboard in full-width mode types ３ for 3: told it "needs a number", the fan sees one typed.
    await seedContent();
    expect((await slackJson(await sendSlash("/episode", "\uff13"))).text).toContain("Episode 3: Keep On Running");
    const reply = await slackJson(await sendSlash("/episode", "\uff19 lang:ko"));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("1부터 8까지의 정수");
  });

  it("answers /episode 3화, 제3화 and ep 3 with episode 3, and one past the last with the range", async () => {
    await seedContent();
    for (const text of ["3화", "ep 3", "#3"])
      expect((await slackJson(await sendSlash("/episode", text))).text, text).toContain("Episode 3: Keep On Running");
    const korean = await slackJson(await sendSlash("/episode", "제3화 lang:ko"));
    expect(korean.response_type).toBe("in_channel");
    expect(korean.text).toContain("3화: Keep On Running");
    const beyond = await slackJson(await sendSlash("/episode", `${EPISODE_COUNT + 1}화 lang:ko`));
    expect(beyond.response_type).toBe("ephemeral");
    expect(beyond.text).toContain(`1부터 ${EPISODE_COUNT}까지의 정수`);
  });

  it("answers /episode S1E3 with episode 3, and a later season with where its news is, privately", async () => {
    await seedContent();
    expect((await slackJson(await sendSlash("/episode", "S1E3"))).text).toContain("Episode 3: Keep On Running");
    for (const [text, says] of [
      ["S2E3", "no season 2 episodes"],
      ["시즌3 1화 lang:ko", "시즌 3 회차는 보여 드릴 수 없어요"],
    ]) {
      const reply = await slackJson(await sendSlash("/episode", text));
      expect(reply.response_type, text).toBe("ephemeral");
      expect(slackText(reply), text).toContain(says);
      expect(slackText(reply), text).toContain("/renewal");
    }
  });

  it("names a refused option in a hint as Slack takes it, in every language", async () => {
    // Slack reads only the declared names (`number:3`); the Korean and Indonesian names are Discord's.
    await seedContent();
    for (const command of COMMANDS)
      for (const [option, def] of Object.entries(command.options)) {
        // The language is lang:xx itself.
        if (!def.names || option === "language") continue;
        const bad = def.type === "integer" ? "x" : def.choices ? "zz" : "z".repeat((def.maxLength ?? 100) + 1);
        for (const locale of ["ko", "id"] as const) {
          const text = `${option}:${bad} lang:${locale}`;
          const reply = await slackJson(await sendSlash(`/${command.name}`, text));
          expect(reply.response_type, `/${command.name} ${text}`).toBe("ephemeral");
          expect(reply.text, `/${command.name} ${text}`).toMatch(new RegExp(`^${option}\\b`));
          expect(reply.text, `/${command.name} ${text}`).not.toContain(def.names[locale]);
        }
      }
  });

  it("refuses words after a command that reads none by quoting them, not as an option it does not have", async () => {
    await seedContent();
    const wordless = COMMANDS.filter((command) => Object.keys(command.options).every((name) => name === "language"));
    expect(wordless.length).toBeGreaterThan(0);
    for (const command of wordless)
      for (const locale of ["en", "ko", "id", "tl"] as const) {
        const reply = await slackJson(await sendSlash(`/${command.name}`, `cast list lang:${locale}`));
        const said = `/${command.name} cast list lang:${locale}: ${reply.text}`;
        expect(reply.response_type, said).toBe("ephemeral");
        expect(reply.text, said).toContain("cast list");
        expect(reply.text, said).toContain(`\`${command.usage}\``);
        expect(reply.text, said).not.toMatch(/\btext\b/);
      }
  });

  it("quotes long refused words whole to the last character, never half of an emoji", async () => {
    await seedContent();
    // 99 letters, then emoji: a cut at 100 UTF-16 units would keep half of the first one, which is no text.
    const reply = await slackJson(await sendSlash("/about", `${"a".repeat(99)}🩺🩺 lang:ko`));
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    expect(reply.text).toContain("a".repeat(99));
    expect(JSON.stringify(reply)).not.toMatch(/\\ud[89ab]/i);
    expect(slackText(reply)).not.toMatch(loneSurrogate);
  });

  it("answers /renewal with the labelled timeline", async () => {
    await seedContent();
    await seedNews();
    const reply = await slackJson(await sendSlash("/renewal"));
    expect(reply.response_type).toBe("in_channel");
    expect(slackText(reply)).toContain("_❓ rumor_ · <https://www.indopop.id/");
  });

  it("answers /renewal with stray text with a hint and the usage line", async () => {
    await seedContent();
    const reply = await slackJson(await sendSlash("/renewal", "please"));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("Usage:");
  });

  it("answers /inspiration lee kook-jong and lists topics without text", async () => {
    await seedContent();
    expect((await slackJson(await sendSlash("/inspiration", "lee kook-jong"))).text).toContain("Professor Lee Kook-jong");
    expect((await slackJson(await sendSlash("/inspiration"))).text).toContain("The real stories behind the show");
  });

  it("answers in the language lang:xx asks for, wherever it stands", async () => {
    await seedContent();
    expect((await slackJson(await sendSlash("/character", "lang:ko baek"))).text).toContain("백강혁 (Baek Kang-hyuk)");
    expect((await slackJson(await sendSlash("/episode", "3 lang:id"))).text).toContain("Dengan kurang tidur");
    expect((await slackJson(await sendSlash("/renewal", "lang:tl"))).text).toContain("Ikalawa at ikatlong season");
  });

  /** Each text, under its command, gets the public answer the plain form of it gets. */
  async function expectAnsweredAs(cases: readonly (readonly [command: string, written: string, plain: string])[]) {
    await seedContent();
    for (const [command, written, plain] of cases) {
      const reply = await slackJson(await sendSlash(command, written));
      expect(reply, `${command} ${written}`).toEqual(await slackJson(await sendSlash(command, plain)));
      expect(reply.response_type, `${command} ${written}`).toBe("in_channel");
    }
  }

  it("reads an option's name with a space after its colon, as Discord shows an option and its value", async () => {
    await expectAnsweredAs([
      ["/episode", "number: 3 lang: ko", "number:3 lang:ko"],
      ["/episode", "3 language: id", "3 lang:id"],
      ["/character", "name: Baek Kang-hyuk lang: tl", "name:Baek Kang-hyuk lang:tl"],
      ["/character", "LANG: ko baek", "lang:ko baek"],
    ]);
  });

  it("reads a language code with the sentence's mark after it as the code", async () => {
    await expectAnsweredAs([
      ["/episode", "3 lang:ko.", "3 lang:ko"],
      ["/character", "baek lang:id!", "baek lang:id"],
      ["/renewal", "lang:tl?", "lang:tl"],
    ]);
  });

  it("reads name:value and topic:value of several words whole, as the same words typed alone", async () => {
    const bundle = await seedContent();
    const named = [
      ...bundle.characters.map((c) => ["/character", "name", c.name.en]),
      ...bundle.inspirations.map((i) => ["/inspiration", "topic", i.name.en]),
    ].filter(([, , words]) => words?.includes(" "));
    expect(named.length, "records whose name has several words").toBeGreaterThan(0);
    for (const [command = "", option, words = ""] of named) {
      const alone = await slackJson(await sendSlash(command, words));
      const asOption = await slackJson(await sendSlash(command, `${option}:${words}`));
      expect(asOption, `${command} ${option}:${words}`).toEqual(alone);
      // The language after it is the language's, not the name's.
      const korean = await slackJson(await sendSlash(command, `${option}:${words} lang:ko`));
      expect(korean, `${command} ${option}:${words} lang:ko`).toEqual(
        await slackJson(await sendSlash(command, `lang:ko ${words}`)),
      );
    }
  });

  it("finds a name in the curly quotes a phone's keyboard types, as in straight ones", async () => {
    const bundle = await seedContent();
    const name = bundle.characters[0]?.name.en ?? "";
    const straight = await slackJson(await sendSlash("/character", `"${name}"`));
    expect(straight.response_type).toBe("in_channel");
    for (const quoted of [`“${name}”`, `‘${name}’`])
      expect(await slackJson(await sendSlash("/character", quoted)), quoted).toEqual(straight);
  });

  it("reads option names and choices in any case, as it reads lang:KO", async () => {
    await seedContent();
    const read = async (command: string, text: string) => slackJson(await sendSlash(command, text));
    for (const text of ["alerts STATUS", "Alerts:Status", "alerts:status"])
      expect(await read("/renewal", text), text).toEqual(await read("/renewal", "alerts status"));
    for (const text of ["Name:baek", "NAME:baek"])
      expect(await read("/character", text), text).toEqual(await read("/character", "baek"));
  });

  it("reads text before name:value, or the option named twice, with the value, never dropping either: /episode 3 number:4 is no episode 3", async () => {
    const bundle = await seedContent();
    const read = async (command: string, text: string) => slackJson(await sendSlash(command, text));
    for (const text of ["3 number:4", "number 3 number:4", "3 Number:4 lang:ko", "number:3 number:4"]) {
      const reply = await read("/episode", text);
      expect(reply.response_type, text).toBe("ephemeral");
      expect(reply.text, text).toContain("/episode [1-");
    }
    const [first, second] = bundle.characters;
    if (!first || !second) throw new Error("fewer than two characters");
    for (const both of [`${first.name.en} name:${second.name.en}`, `name:${second.name.en} name:${first.name.en}`]) {
      const reply = await read("/character", both);
      expect(reply.response_type, both).toBe("ephemeral");
      expect(slackText(reply), both).not.toContain(first.role.en);
    }
  });

  it("reads number:3 lang:ko as /episode 3 lang:ko", async () => {
    await seedContent();
    expect(await slackJson(await sendSlash("/episode", "number:3 lang:ko"))).toEqual(
      await slackJson(await sendSlash("/episode", "3 lang:ko")),
    );
  });

  it("reads lang: and language: as a language tag, as the web pages read ?lang=: ko-KR is Korean, fil (Filipino) is Tagalog", async () => {
    await seedContent();
    const read = async (text: string) => slackJson(await sendSlash("/episode", text));
    for (const name of ["lang", "language", "Language"]) {
      for (const [tag, code] of [
        ["ko-KR", "ko"],
        ["KO_kr", "ko"],
        ["id-ID", "id"],
        ["fil", "tl"],
        ["fil-PH", "tl"],
        ["en-GB", "en"],
      ])
        expect(await read(`3 ${name}:${tag}`), `${name}:${tag}`).toEqual(await read(`3 lang:${code}`));
      // A tag of a language the bot does not speak is still refused, whatever its region.
      for (const tag of ["fr-KR", "kor"])
        expect((await read(`3 ${name}:${tag}`)).response_type, `${name}:${tag}`).toBe("ephemeral");
    }
  });

  it("answers an unknown language code with a hint", async () => {
    await seedContent();
    const reply = await slackJson(await sendSlash("/episode", "3 lang:fr"));
    expect(reply.response_type).toBe("ephemeral");
  });

  it("answers an unknown character ephemerally", async () => {
    await seedContent();
    const reply = await slackJson(await sendSlash("/character", "nobody at all"));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("nobody at all");
  });

  it("reads &, < and > as typed: Slack sends them as entities, and the answer escapes them once", async () => {
    await seedContent();
    // What Slack sends when a user types `/character Baek & <Yang>`.
    const reply = await slackJson(await sendSlash("/character", "Baek &amp; &lt;Yang&gt;"));
    expect(reply.response_type).toBe("ephemeral");
    const shown = JSON.stringify(reply);
    expect(shown).toContain("Baek &amp; &lt;Yang&gt;");
    expect(shown).not.toContain("&amp;amp;");
    expect(shown).not.toContain("&amp;lt;");
    // A user who typed an entity's letters sees them, not the character.
    const literal = await slackJson(await sendSlash("/character", "&amp;lt;b&amp;gt;"));
    expect(JSON.stringify(literal)).toContain("&amp;lt;b&amp;gt;");
  });

  it("refuses an option named like an object's own member (constructor, toString), privately", async () => {
    await seedContent();
    for (const name of ["constructor", "toString"]) {
      const reply = await slackJson(await sendSlash("/about", `${name}:x`));
      expect({ name, type: reply.response_type, hint: slackText(reply).includes(name) }).toEqual({
        name,
        type: "ephemeral",
        hint: true,
      });
    }
  });

  it("answers a command it does not have (an old manifest's) with the commands there are, privately", async () => {
    const reply = await slackJson(await sendSlash("/season2"));
    expect(reply.response_type).toBe("ephemeral");
    expect(slackText(reply)).toContain("I don't know `/season2`. Try one of these: ");
    for (const command of COMMANDS) expect(slackText(reply)).toContain(`\`/${command.name}\``);
    expect(slackText(reply)).not.toContain("{");
  });

  it("tells an unknown command so in the language lang:xx asks for", async () => {
    const reply = await slackJson(await sendSlash("/season2", "lang:ko"));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("`/season2` 명령어는 없어요.");
    expect(reply.text).toContain("`/episode`");
  });

  it("repeats an unknown command's name so it can neither close its code span nor mention anyone", async () => {
    const reply = await slackJson(await sendSlash("/x`*all*`<!channel>"));
    const said = slackText(reply).split("\n")[0] as string;
    const name = said.slice(said.indexOf("know ") + 5, said.indexOf(". Try"));
    expect(name.startsWith("`/x")).toBe(true);
    expect(name.endsWith("`")).toBe(true);
    expect(name.slice(1, -1)).not.toMatch(/[`*<>]/);
    expect(said).not.toContain("<!channel>");
  });

  it("logs a command answered before it runs like any other: one it does not have, a workspace to install or to try again", async () => {
    await seedContent();
    const lines: Record<string, unknown>[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => lines.push(JSON.parse(String(line))));
    vi.spyOn(console, "error").mockImplementation(() => {});
    const ask = async (body: string, extra: Record<string, unknown> = {}) =>
      expect((await sendSlackRaw(body, { env: extra })).status).toBe(200);
    await ask(slashBody("/season2"));
    await ask(slashBody("/episode", "3", { team_id: "T0OTHER" }), oauthEnv());
    // D1 out of reach: the installation cannot be looked up.
    vi.spyOn(env.DB, "prepare").mockImplementation(() => {
      throw new Error("D1_ERROR: Network connection lost.");
    });
    await ask(slashBody("/episode", "3", { team_id: "T0OTHER" }), oauthEnv());
    vi.restoreAllMocks();
    expect(lines.filter((l) => l.event === "interaction").map((l) => [l.command, l.outcome])).toEqual([
      ["season2", "hint"],
      ["episode", "hint"],
      ["episode", "error"],
    ]);
  });

  it("answers 'content not available' when nothing is seeded", async () => {
    const reply = await slackJson(await sendSlash("/character", "baek"));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("content isn't available");
  });
});
