// The answers a fan sees, on both platforms: card order, the guide's menu, the timeline's paging,
// the spoiler reveal, and user text echoed back without any formatting, link or mention.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { TIMELINE_PAGE_SIZE, TIMELINE_SOURCES_MAX } from "../../commands/renewal";
import { t } from "../../src/i18n/strings";
import { withdrawNews } from "../../src/topics/renewal";
import { realBundle, seedContent, seedNews } from "../helpers/content";
import { click, controlsOf, type DiscordReply, isPrivate, send, slash, str, textOf, titleOf } from "../helpers/discord";
import { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, sendSlash, slackJson, slackText } from "../helpers/slack";

const ask = async (interaction: unknown) => (await (await send(interaction)).json()) as DiscordReply;

beforeEach(async () => {
  await seedContent();
  await seedNews();
});

describe("a character card", () => {
  it("reads name, actor and role, description, nicknames, related people, then spoilers and sources", async () => {
    const text = textOf(await ask(slash("character", [str("name", "yang")])));
    const order = [
      "## Yang Jae-won (양재원)",
      "**Played by:** Choo Young-woo (추영우)",
      "**Role:**",
      "Top of his class",
      "**Nicknames**",
      "**Closest to them in the story**",
      "**Spoilers**",
      "**Sources:**",
    ].map((part) => text.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("writes a name in the Indonesian or Tagalog form it has (a rank), and finds it by that form", async () => {
    const bundle = await realBundle();
    const [first, ...rest] = bundle.characters;
    if (!first) throw new Error("no characters");
    const name = { en: "Captain Test Kim", ko: "김테스트 대위", id: "Kapten Test Kim", tl: "Kapitan Test Kim" };
    await seedContent({ ...bundle, version: "ranked-name", characters: [{ ...first, name }, ...rest] });
    expect(textOf(await ask(slash("character", [str("name", "Kapten Test Kim"), str("language", "id")])))).toContain(
      "## Kapten Test Kim (김테스트 대위)",
    );
    expect(textOf(await ask(slash("character", [str("name", "kapitan test kim"), str("language", "tl")])))).toContain(
      "## Kapitan Test Kim (김테스트 대위)",
    );
    expect(textOf(await ask(slash("character", [str("name", "Kapten Test Kim"), str("language", "en")])))).toContain(
      "## Captain Test Kim (김테스트 대위)",
    );
    expect(textOf(await ask(slash("character", [str("name", "Kapten Test Kim"), str("language", "ko")])))).toContain(
      "## 김테스트 대위 (Captain Test Kim)",
    );
    // A name without its own forms is the romanized one in every language but Korean.
    const other = rest[0];
    if (other && !other.name.id) {
      const text = textOf(await ask(slash("character", [str("name", other.name.en), str("language", "id")])));
      expect(text).toContain(`## ${other.name.en} (${other.name.ko})`);
    }
  });

  it("reveals a character's spoilers privately on Discord and on Slack", async () => {
    const discord = await ask(click("csp:yang-jae-won:ko"));
    expect((discord.data.flags ?? 0) & 64).toBe(64);
    expect(textOf(discord)).toContain("8화에서 직접 백강혁을 수술하고");
    expect(textOf(discord)).not.toContain("||");
    const slackCard = await slackJson(await sendSlash("/character", "yang jae-won"));
    const reveal = JSON.stringify(slackCard.blocks).match(/"action_id":"(csp:[^"]+)"/)?.[1];
    expect(reveal).toBe("csp:yang-jae-won:en");
  });
});

describe("the episode guide", () => {
  it("says the titles are Netflix's English titles, in every language, and opens any episode from its menu", async () => {
    for (const [language, note] of [
      ["en", "Titles are Netflix's English titles"],
      ["ko", "회차 제목은 넷플릭스 영문 제목이에요"],
      ["id", "Judul episode adalah judul bahasa Inggris dari Netflix"],
      ["tl", "Ang mga pamagat ay ang English na pamagat ng Netflix"],
    ] as const) {
      const guide = await ask(slash("episode", [str("language", language)]));
      expect(textOf(guide)).toContain(note);
      const menu = controlsOf(guide).find((c) => c.type === 3);
      expect(menu?.custom_id).toBe(`eps:${language}`);
      const { episodes } = await realBundle();
      expect(menu?.options?.map((o) => o.value)).toEqual(episodes.map((e) => String(e.number)));
    }
    const opened = await ask(click("eps:en", ["4"]));
    expect(opened.type).toBe(7);
    expect(titleOf(opened)).toBe("Episode 4: Closer Than You Think");
    expect(controlsOf(opened).map((c) => c.custom_id)).toEqual(expect.arrayContaining(["ep:3:en", "ep:5:en"]));
  });

  it("says on every episode's card which season it is from, in every language and on both platforms", async () => {
    // Seasons 2 and 3 are what /renewal is about: "Episode 3" alone does not say which.
    const season = { en: /\bSeason\b\W*1\b/, ko: /시즌\W*1\b/, id: /\bMusim\b\W*1\b/, tl: /\bSeason\b\W*1\b/ };
    const { episodes } = await realBundle();
    for (const lang of ["en", "ko", "id", "tl"] as const)
      for (const { number } of episodes) {
        const discord = textOf(await ask(slash("episode", [{ name: "number", type: 4, value: number }, str("language", lang)])));
        const slack = slackText(await slackJson(await sendSlash("/episode", `${number} lang:${lang}`)));
        expect(discord, `episode ${number} in ${lang} on Discord`).toMatch(season[lang]);
        expect(slack, `episode ${number} in ${lang} on Slack`).toMatch(season[lang]);
      }
  });

  it("says an episode's title is not confirmed once, in its heading, not again as its Netflix title", async () => {
    const { episodes } = await realBundle();
    for (const lang of ["en", "ko", "id", "tl"] as const)
      for (const { number, title } of episodes) {
        const text = textOf(await ask(slash("episode", [{ name: "number", type: 4, value: number }, str("language", lang)])));
        expect(text.split(t(lang, "episode.untitled")).length - 1, `episode ${number} in ${lang}`).toBe(title ? 0 : 1);
      }
  });

  it("gives each episode its release date and its Netflix title", async () => {
    const text = textOf(await ask(slash("episode", [{ name: "number", type: 4, value: 1 }, str("language", "id")])));
    expect(text).toContain("**Tayang:** 24 Januari 2025");
    expect(text).toContain("**Judul Netflix:** Enter Doctor Maniac");
  });
});

describe("/renewal", () => {
  it("stays short however many items there are, and pages through the rest with every label and source", async () => {
    const { news } = await realBundle();
    const entry = /^\*\*(?:around )?\d{1,2} \w+ \d{4}\*\* · _(✅ official|✍️ author statement|📰 report|❓ rumor)_ · \[/gm;
    const first = await ask(slash("renewal"));
    const seen = textOf(first).match(entry)?.length ?? 0;
    expect(seen).toBe(Math.min(TIMELINE_PAGE_SIZE, news.length));
    let page = 1;
    let total = seen;
    let next = controlsOf(first).find((c) => c.custom_id === "tl:1:en");
    while (next && !next.disabled) {
      const reply = await ask(click(next.custom_id ?? ""));
      expect(reply.type).toBe(7);
      const text = textOf(reply);
      const count = text.match(entry)?.length ?? 0;
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(TIMELINE_PAGE_SIZE);
      expect(text.match(/^_Sources: /gm)?.length).toBe(count);
      total += count;
      page++;
      next = controlsOf(reply).find((c) => c.custom_id === `tl:${page}:en`);
    }
    expect(total).toBe(news.length);
  });

  it("shows every entry of every page when found stories cite many long links, each page's count as shown", async () => {
    // Found stories: a news search link of some 270 characters as the article, and ten of them as sources.
    const long = (n: number, s: number) => `https://news.google.com/rss/articles/CBMi${"x".repeat(240)}${n}s${s}?oc=5`;
    const base = (await realBundle()).news[0]!;
    const found = Array.from({ length: 2 * TIMELINE_PAGE_SIZE }, (_, n) => ({
      ...base,
      id: `found-${n}`,
      date: `2099-01-${String(n + 1).padStart(2, "0")}`,
      title: { ...base.title, en: `Found story ${n}` },
      url: long(n, 0),
      sources: Array.from({ length: 10 }, (_, s) => long(n, s)),
    }));
    await seedNews(found);
    const entry = /^\*\*(?:around )?\d{1,2} \w+ \d{4}\*\* · _[^_]+_ · \[/gm;
    const seen: string[] = [];
    let reply = await ask(slash("renewal"));
    for (let page = 1; ; page++) {
      const text = textOf(reply);
      const shown = text.match(entry)?.length ?? 0;
      expect(shown, `page ${page} shows an entry`).toBeGreaterThan(0);
      const heading = page === 1 ? `The ${shown} newest entries` : `Page ${page} of `;
      expect(text, `page ${page}'s heading counts what it shows`).toContain(heading);
      expect(text, `page ${page} keeps its legend`).toContain("Labels: official = ");
      // The first page's status sentence cites its own sources too.
      expect(text.match(/^_Sources: /gm)?.length).toBe(shown + (page === 1 ? 1 : 0));
      // The newest are the found stories.
      if (page === 1) expect(text, "the sources not linked are counted").toContain(`${10 - TIMELINE_SOURCES_MAX} more`);
      seen.push(...[...text.matchAll(/Found story (\d+)/g)].map((m) => m[1] ?? ""));
      const next = controlsOf(reply).find((c) => c.custom_id === `tl:${page}:en`);
      if (!next || next.disabled) break;
      reply = await ask(click(next.custom_id ?? ""));
    }
    expect(new Set(seen).size, "every found story on some page").toBe(found.length);
  });

  it("names a first page of one entry in the singular, when the newest story's links leave room for no other", async () => {
    // A news search link of some 600 characters, as the article and as each of its ten sources.
    const long = (n: number, s: number) => `https://news.google.com/rss/articles/CBMi${"x".repeat(580)}${n}s${s}?oc=5`;
    const base = (await realBundle()).news[0]!;
    await seedNews(
      Array.from({ length: 2 }, (_, n) => ({
        ...base,
        id: `found-${n}`,
        date: `2099-01-0${n + 1}`,
        url: long(n, 0),
        sources: Array.from({ length: 10 }, (_, s) => long(n, s)),
      })),
    );
    const text = textOf(await ask(slash("renewal")));
    expect(text.match(/^_Sources: /gm)?.length, "the status sentence's sources and one entry's").toBe(2);
    expect(text).toContain("**The newest entry**");
    expect(text).not.toContain("The 1 newest entries");
  });

  it("heads no list of entries when none is published (every item withdrawn), in any language", async () => {
    await seedContent({ ...(await realBundle()), news: [] });
    for (const lang of ["en", "ko", "id", "tl"] as const) {
      const text = textOf(await ask(slash("renewal", [str("language", lang)])));
      expect(text, lang).toContain(t(lang, "renewal.title"));
      expect(text, lang).not.toContain(t(lang, "renewal.newest", { count: 0 }));
    }
  });

  it("shows a story whose every link runs past 1,000 characters whole, on both platforms and in every language", async () => {
    const long = (s: number) => `https://news.example.com/article?ref=${"x".repeat(1_000)}&s=${s}`;
    const base = (await realBundle()).news[0]!;
    await seedNews([
      { ...base, id: "found-long", date: "2099-01-01", url: long(0), sources: Array.from({ length: 10 }, (_, s) => long(s)) },
    ]);
    for (const lang of ["en", "ko", "id", "tl"]) {
      const discord = await ask(slash("renewal", [str("language", lang)]));
      const slack = await slackJson(await sendSlash("/renewal", `lang:${lang}`));
      for (const [platform, answer] of [
        ["Discord", JSON.stringify(discord)],
        ["Slack", JSON.stringify(slack.blocks)],
      ]) {
        expect(answer, `${lang} on ${platform}: nothing cut`).not.toContain("…");
        expect(answer, `${lang} on ${platform}: the story's link`).toContain(long(0));
      }
    }
  });

  it("shows what was published in D1, not the content bundle, newest first, and drops a withdrawn item", async () => {
    const entryDates = (text: string) =>
      [...text.matchAll(/^\*\*(\d{1,2} \w+ \d{4})\*\* · /gm)].map((m) => Date.parse(m[1] ?? ""));
    const item = { ...(await realBundle()).news[0]!, id: "only-in-d1", date: "2099-01-01" };
    item.title = { en: "Only in D1", ko: "D1에만", id: "Hanya di D1", tl: "Nasa D1 lang" };
    // Published last but dated first: the page is ordered by date, not by publishing.
    const older = { ...item, id: "published-late", date: "2000-01-01", title: { ...item.title, en: "Published late" } };
    await seedNews([item, older]);
    const before = textOf(await ask(slash("renewal")));
    expect(before).toContain("Only in D1");
    const dates = entryDates(before);
    expect(dates.length).toBeGreaterThan(1);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(textOf(await ask(click("src:en")))).toContain("Published late");
    await withdrawNews(env, item.id, "test");
    expect(textOf(await ask(slash("renewal")))).not.toContain("Only in D1");
    // The bundle still lists its own newest item, but once withdrawn the timeline does not.
    const newest = [...(await realBundle()).news].sort((a, b) => b.date.localeCompare(a.date))[0]!;
    expect(textOf(await ask(slash("renewal")))).toContain(newest.title.en);
    await withdrawNews(env, newest.id, "test");
    expect(textOf(await ask(slash("renewal")))).not.toContain(newest.title.en);
  });

  it("cites the status sentence's own sources, whatever the newest entries cite", async () => {
    const bundle = await realBundle();
    const newer = Array.from({ length: TIMELINE_PAGE_SIZE }, (_, n) => ({
      ...bundle.news[0]!,
      id: `newer-${n}`,
      date: `2099-01-0${n + 1}`,
      url: `https://news.example/newer-${n}`,
      sources: [`https://news.example/newer-${n}`],
    }));
    await seedNews(newer);
    const status = bundle.show.renewalStatus.sources;
    expect(status.length).toBeGreaterThan(0);
    const discord = textOf(await ask(slash("renewal")));
    const slack = JSON.stringify((await slackJson(await sendSlash("/renewal", ""))).blocks);
    for (const [platform, shown] of [
      ["Discord", discord],
      ["Slack", slack],
    ] as const)
      expect(
        status.filter((url) => !shown.includes(url)),
        `${platform}: status sources not shown`,
      ).toEqual([]);
    // The first page is the newer entries', none of which cites the sentence's sources.
    for (const item of newer) expect(discord).toContain(item.url);
  });

  it("labels every entry of the Sources button's list, in the reader's language", async () => {
    const item = { ...(await realBundle()).news[0]!, id: "only-a-rumor", date: "2099-01-01", label: "rumor" as const };
    item.title = { en: "Season 3 filming in May", ko: "시즌3 5월 촬영", id: "Syuting musim 3 Mei", tl: "Shooting sa Mayo" };
    await seedNews([item]);
    const { news } = await realBundle();
    for (const [locale, rumor] of [
      ["en", "❓ rumor"],
      ["ko", "❓ 루머"],
      ["id", "❓ rumor"],
      ["tl", "❓ tsismis"],
    ] as const) {
      const text = textOf(await ask(click(`src:${locale}`)));
      // A rumor's headline never stands without the word that says it is one.
      expect(text).toMatch(new RegExp(`^\\*\\*[^*]+\\*\\* · _${rumor}_ · ${item.title[locale]}$`, "m"));
      expect(text.match(/^\*\*[^*]+\*\* · _[^_]+_ · /gm)?.length).toBe(news.length + 1);
    }
  });

  it("pages the same way on Slack", async () => {
    const reply = await slackJson(await sendSlash("/renewal", "lang:tl"));
    expect(slackText(reply)).toContain("Hindi pa kumpirmado");
    expect(JSON.stringify(reply.blocks)).toContain('"action_id":"tl:1:tl"');
  });
});

describe("Slack answers in four languages", () => {
  for (const [command, text] of [
    ["/character", "baek"],
    ["/episode", "4"],
    ["/renewal", ""],
    ["/about", ""],
  ] as const) {
    it(`${command} gives four different answers on Slack, Korean in Hangul`, async () => {
      const answers: string[] = [];
      for (const language of ["en", "ko", "id", "tl"]) {
        answers.push(slackText(await slackJson(await sendSlash(command, `${text} lang:${language}`.trim()))));
      }
      expect(new Set(answers).size).toBe(4);
      const hangul = (text = "") => text.match(/[가-힣]/g)?.length ?? 0;
      expect(hangul(answers[1])).toBeGreaterThan(50);
      for (const other of [answers[0], answers[2], answers[3]]) expect(hangul(other)).toBeLessThan(hangul(answers[1]) / 3);
    });
  }
});

describe("the Watch on Netflix button", () => {
  it("is absent while the data has no verified Netflix URL", async () => {
    expect((await realBundle()).show.watchUrl).toBeUndefined();
    expect(JSON.stringify(await ask(slash("about")))).not.toContain("Watch on Netflix");
  });

  it("links the show, episode and character answers on both platforms once the data has one", async () => {
    const bundle = await realBundle();
    const watchUrl = "https://www.netflix.com/title/00000000";
    await seedContent({ ...bundle, version: `${bundle.version}-watch`, show: { ...bundle.show, watchUrl } });
    for (const [command, options, slackText] of [
      ["about", [], ""],
      ["episode", [{ name: "number", type: 4, value: 2 }], "2"],
      ["character", [str("name", "baek")], "baek"],
    ] as const) {
      const watch = controlsOf(await ask(slash(command, [...options]))).find((c) => c.url === watchUrl);
      expect(watch?.style, command).toBe(5);
      expect(watch?.label).toBe("Watch on Netflix");
      const slack = await slackJson(await sendSlash(`/${command}`, slackText));
      expect(JSON.stringify(slack.blocks), command).toContain(`"url":"${watchUrl}"`);
    }
  });
});

describe("user text echoed in hints", () => {
  const hostile = "<!channel> **bold** [x](https://evil.example) <@123> ||s||";

  it("is escaped on Discord: no link, mention, spoiler or formatting", async () => {
    const reply = await ask(slash("character", [str("name", hostile)]));
    expect((reply.data.flags ?? 0) & 64).toBe(64);
    const content = reply.data.content ?? "";
    expect(content).not.toContain("https://evil");
    expect(content).not.toContain("<@123>");
    expect(content).not.toContain("||s||");
    expect(content).not.toContain("**bold**");
    expect(content).toContain("\\*\\*bold\\*\\*");
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  });

  it("is escaped on Slack, in the blocks and in the notification text", async () => {
    const reply = await slackJson(await sendSlash("/character", hostile));
    for (const text of [reply.text, slackText(reply)]) {
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("https://evil");
      expect(text).not.toContain("<@123>");
      expect(text).not.toMatch(/\*bold\*/);
    }
  });

  it("acknowledges a Slack link-button click without answering it, while a real button is answered", async () => {
    const api = new MockApis().install();
    const click = (actionId: string) =>
      `payload=${encodeURIComponent(
        JSON.stringify({
          type: "block_actions",
          team: { id: "T0001", domain: "fans" },
          user: { id: "U1", username: "minji", name: "minji", team_id: "T0001" },
          api_app_id: "A1",
          token: "x",
          container: { type: "message", message_ts: "1.2", channel_id: "C1", is_ephemeral: false },
          trigger_id: "t1",
          channel: { id: "C1", name: "trauma-code" },
          response_url: "https://slack.mock/respond/T0001/1/abc",
          actions: [
            { block_id: "b1", action_ts: "1.3", type: "button", action_id: actionId, text: { type: "plain_text", text: "x" } },
          ],
        }),
      )}`;
    expect((await sendSlackRaw(click("link:0"))).status).toBe(200);
    expect(api.responses).toHaveLength(0);
    expect((await sendSlackRaw(click("tl:1:en"))).status).toBe(200);
    expect(api.responses).toHaveLength(1);
  });
});

describe("what an answer tells a fan to type", () => {
  // The lists and the hints for an unknown name show a command to type; typed as shown, on the platform
  // that showed it, it must answer, not be refused (Slack reads `/character name` as a name to look up).
  const asked = [
    ["character", ""],
    ["character", "nobody-at-all"],
    ["inspiration", ""],
    ["inspiration", "nothing-at-all"],
  ] as const;
  const shown = (text: string) => [...text.matchAll(/`(\/[^`]+)`/g)].map((m) => m[1] ?? "");

  it("on Slack, answers each command shown, typed as shown, in every language", async () => {
    for (const lang of ["en", "ko", "id", "tl"]) {
      for (const [command, text] of asked) {
        const answer = slackText(await slackJson(await sendSlash(`/${command}`, `${text} lang:${lang}`)));
        const typed = shown(answer);
        expect(typed.length, `${lang} /${command} ${text} shows a command`).toBeGreaterThan(0);
        for (const line of typed) {
          const [name = "", ...rest] = line.slice(1).split(" ");
          const reply = await slackJson(await sendSlash(`/${name}`, `${rest.join(" ")} lang:${lang}`));
          expect(reply.response_type, `${lang}: ${line}, shown by /${command} ${text}`).toBe("in_channel");
        }
      }
    }
  });

  it("on Discord, shows each command with options the command has, and answers it, in every language", async () => {
    for (const lang of ["en", "ko", "id", "tl"]) {
      for (const [command, text] of asked) {
        const answer = textOf(
          await ask(
            slash(command, [...(text ? [str(command === "character" ? "name" : "topic", text)] : []), str("language", lang)]),
          ),
        );
        const typed = shown(answer);
        expect(typed.length, `${lang} /${command} ${text} shows a command`).toBeGreaterThan(0);
        for (const line of typed) {
          const [, name = "", args = ""] = line.match(/^\/(\S+) ?(.*)$/) ?? [];
          // Discord takes nothing after a command's name but its options, each as name:value.
          const options = (args ? args.split(/ (?=\S+:)/) : []).map((option) => {
            expect(option, `${lang}: ${line}, shown by /${command} ${text}`).toMatch(/^[^:\s]+:\S/);
            const [key = "", ...value] = option.split(":");
            return str(key, value.join(":"));
          });
          const reply = await ask(slash(name, [...options, str("language", lang)]));
          expect(isPrivate(reply), `${lang}: ${line}, shown by /${command} ${text}: ${textOf(reply)}`).toBe(false);
        }
      }
    }
  });
});
