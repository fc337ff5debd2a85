import { beforeEach, describe, expect, it } from "vitest";
import { LOCALES } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { store } from "../helpers/alerts";
import { realBundle, seedContent, seedNews } from "../helpers/content";
import { ask, click, controlsOf, type DiscordReply, int, send, slash, str, textOf, titleOf } from "../helpers/discord";

type Component = { type: number; custom_id?: string; label?: string; disabled?: boolean; options?: { value: string }[] };
const controls = (reply: DiscordReply): Component[] => controlsOf(reply);

beforeEach(async () => {
  await seedContent();
  await seedNews();
});

describe("episode buttons", () => {
  it("offers Previous, Next and Show spoilers, disabled at the ends", async () => {
    expect(controls(await ask(slash("episode", [int("number", 3)])))).toEqual([
      { type: 2, style: 2, label: "◀ Previous", custom_id: "ep:2:en" },
      { type: 2, style: 2, label: "Next ▶", custom_id: "ep:4:en" },
      { type: 2, style: 4, label: "Show spoilers", custom_id: "sp:3:en" },
    ]);
    expect(controls(await ask(slash("episode", [int("number", 1)])))[0]?.disabled).toBe(true);
    expect(controls(await ask(slash("episode", [int("number", 8)])))[1]?.disabled).toBe(true);
    expect(controls(await ask(slash("episode", [int("number", 6)]))).map((c) => c.label)).not.toContain("Show spoilers");
  });

  it("disables Next on the last episode the content has, however many that is", async () => {
    const bundle = await realBundle();
    const fewer = bundle.episodes.slice(0, -1);
    await seedContent({ ...bundle, version: "one-episode-fewer", episodes: fewer });
    const last = fewer.at(-1)?.number as number;
    expect(controls(await ask(slash("episode", [int("number", last)])))[1]?.disabled).toBe(true);
    expect(controls(await ask(slash("episode", [int("number", last - 1)])))[1]?.disabled).toBeUndefined();
  });

  it("replaces the answer in place with the next episode, in the answer's language", async () => {
    const reply = await ask(click("ep:4:ko"));
    expect(reply.type).toBe(7);
    expect(titleOf(reply)).toBe("4화: Closer Than You Think");
    expect(controls(reply).map((c) => c.custom_id)).toEqual(["ep:3:ko", "ep:5:ko", "sp:4:ko"]);
  });

  it("reveals the spoilers only to the person who clicked", async () => {
    const reply = await ask(click("sp:3:en"));
    expect(reply.type).toBe(4);
    expect((reply.data.flags ?? 0) & 64).toBe(64);
    expect(textOf(reply)).toContain("brain-dead donor");
    expect(textOf(reply)).not.toContain("||");
  });

  it("says an episode has no spoiler notes, not that it has no synopsis, when its spoilers are gone since the button was drawn", async () => {
    const bundle = await realBundle();
    const episodes = bundle.episodes.map((ep) => (ep.number === 3 ? { ...ep, spoiler: null } : ep));
    await seedContent({ ...bundle, version: "episode-3-without-spoilers", episodes });
    for (const locale of LOCALES) {
      const reply = await ask(click(`sp:3:${locale}`));
      expect((reply.data.flags ?? 0) & 64, locale).toBe(64);
      expect(textOf(reply), locale).not.toContain(t(locale, "episode.noSynopsis"));
      expect(textOf(reply), locale).toContain(t(locale, "episode.noSpoilers"));
    }
  });
});

describe("character menu and buttons", () => {
  it("offers a menu of every character under the roster", async () => {
    const [menu] = controls(await ask(slash("character")));
    expect(menu?.type).toBe(3);
    expect(menu?.custom_id).toBe("chs:en");
    expect(menu?.options?.map((o) => o.value)).toContain("kwon-hak-su");
  });

  it("replaces the roster with the character chosen", async () => {
    const reply = await ask(click("chs:en", ["yang-jae-won"]));
    expect(reply.type).toBe(7);
    expect(titleOf(reply)).toBe("Yang Jae-won (양재원)");
  });

  it("offers buttons to the characters closest in the story, which open in place", async () => {
    const all = controls(await ask(slash("character", [str("name", "yang")])));
    const buttons = all.filter((b) => b.custom_id?.startsWith("ch:"));
    expect(buttons.map((b) => b.label)).toEqual(["Baek Kang-hyuk", "Cheon Jang-mi", "Han Yu-rim"]);
    // The people closest in the story come before the spoiler reveal, which comes last.
    expect(all.map((b) => b.custom_id).at(-1)).toBe("csp:yang-jae-won:en");
    const reply = await ask(click(buttons[0]?.custom_id ?? ""));
    expect(reply.type).toBe(7);
    expect(titleOf(reply)).toBe("Baek Kang-hyuk (백강혁)");
  });
});

describe("renewal buttons", () => {
  it("lists the sources of every entry privately", async () => {
    const reply = await ask(click("src:en"));
    expect((reply.data.flags ?? 0) & 64).toBe(64);
    const text = textOf(reply);
    expect(text).toContain("[xportsnews.com](https://www.xportsnews.com/article/1973261)");
    expect(text).toContain("[indopop.id](https://www.indopop.id/");
    const { news } = await realBundle();
    expect(text.match(/\*\*(?:around )?\d{1,2} \w+ \d{4}\*\*/g)?.length).toBe(news.length);
  });

  it("toggles alerts with the command's permission rules", async () => {
    const first = controls(await ask(slash("renewal", [], { channel_id: "ch-9" })));
    expect(first.map((c) => c.label)).toEqual(["Full timeline ▶", "🔔 Alerts on"]);
    const refused = await ask(click("al:on:en", undefined, { channel_id: "ch-9" }));
    expect(refused.data.flags).toBe(64);
    expect(refused.data.content).toContain("Manage Channels");
    expect(await store().subscription("discord", "ch-9")).toBeNull();
    const admin = { channel_id: "ch-9", member: { user: { id: "77" }, permissions: "8" } };
    expect((await ask(click("al:on:en", undefined, admin))).data.content).toContain("Renewal alerts are on");
    expect((await store().subscription("discord", "ch-9"))?.active).toBe(true);
    expect(controls(await ask(slash("renewal", [], { channel_id: "ch-9" })))[1]?.label).toBe("🔕 Alerts off");
    await ask(click("al:off:en", undefined, admin));
    expect((await store().subscription("discord", "ch-9"))?.active).toBe(false);
  });

  it("offers no alerts button in a DM", async () => {
    const reply = await ask(slash("renewal", [], { guild_id: undefined, member: undefined, user: { id: "1" } }));
    expect(controls(reply).map((c) => c.label)).toEqual(["Full timeline ▶"]);
  });
});

describe("inspiration menu", () => {
  it("replaces the list with the topic chosen", async () => {
    const [menu] = controls(await ask(slash("inspiration")));
    expect(menu?.custom_id).toBe("ins:en");
    const reply = await ask(click("ins:en", ["seok-hae-gyun-rescue"]));
    expect(reply.type).toBe(7);
    expect(titleOf(reply)).toContain("Seok Hae-gyun");
  });
});

describe("stale, malformed and forged ids", () => {
  it.each([
    ["", undefined],
    ["ep:99:en", undefined],
    ["ep:3:xx", undefined],
    ["ep:three:en", undefined],
    ["ch:../../etc:en", undefined],
    ["ch:kim-sa-bu:en", undefined],
    ["al:maybe:en", undefined],
    ["chs:en", []],
    ["chs:en", ["DROP TABLE"]],
    ["ins:en", ["not-a-topic"]],
    ["src:en:extra", undefined],
    ["eps:en", ["99"]],
    ["eps:en", ["4; DROP TABLE"]],
    ["eps:4:en", ["4"]],
    ["csp:nobody-at-all:en", undefined],
    ["csp:../x:en", undefined],
    ["tl:-1:en", undefined],
    ["tl:next:en", undefined],
    ["tl:en", undefined],
    [`ep:1:${"e".repeat(200)}`, undefined],
    ["__proto__", undefined],
  ])("answers %j with an ephemeral hint and HTTP 200", async (id, values) => {
    const reply = await ask(click(id, values));
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toMatch(/expired|Run the command again/);
  });

  it("refuses an unsigned click like an unsigned command", async () => {
    expect((await send(click("ep:2:en"), { signature: null })).status).toBe(401);
  });
});
