// Every answer reachable from the commands by clicking, in every language, stays within Discord's limits; odd
// autocomplete text, contexts and modal shapes get an answer, never a 5xx.
import { beforeEach, describe, expect, it } from "vitest";
import { seedContent, seedNews } from "../helpers/content";
import { ask, autocomplete, click, controlsOf, type DiscordReply, int, slash, str, textOf } from "../helpers/discord";
import { assertDiscordLimits } from "../helpers/limits";

beforeEach(async () => {
  await seedContent();
  await seedNews();
});

describe("crawl", () => {
  it("every reachable answer fits", { timeout: 120_000 }, async () => {
    const seen = new Set<string>();
    const queue: { id: string; values?: string[] }[] = [];
    const visit = (reply: DiscordReply, where: string) => {
      if (reply.type === 9) return;
      try {
        assertDiscordLimits(reply.data as never);
      } catch (e) {
        throw new Error(`${where}: ${(e as Error).message}`);
      }
      for (const c of controlsOf(reply)) {
        if (c.type === 2 && c.custom_id && !c.disabled) {
          if (!seen.has(c.custom_id)) {
            seen.add(c.custom_id);
            queue.push({ id: c.custom_id });
          }
        }
        if (c.type === 3 && c.custom_id)
          for (const o of c.options ?? []) {
            const k = `${c.custom_id}=${o.value}`;
            if (!seen.has(k)) {
              seen.add(k);
              queue.push({ id: c.custom_id, values: [o.value] });
            }
          }
      }
    };
    for (const lang of ["en", "ko", "id", "tl"]) {
      for (const [name, opts] of [
        ["character", []],
        ["episode", []],
        ["renewal", []],
        ["inspiration", []],
        ["about", []],
        ["help", []],
        ["episode", [int("number", 6)]],
        ["character", [str("name", "baek")]],
      ] as const) {
        const reply = await ask(slash(name, [...opts, str("language", lang)]));
        visit(reply, `/${name} ${lang}`);
      }
    }
    let n = 0;
    while (queue.length && n < 400) {
      const next = queue.shift() as { id: string; values?: string[] };
      n++;
      const reply = await ask(click(next.id, next.values));
      visit(reply, `click ${next.id} ${next.values ?? ""}`);
      expect(textOf(reply), next.id).not.toMatch(/expired/);
    }
  });
});

describe("autocomplete with odd input", () => {
  it.each([
    ["", ""],
    ["space", "   "],
    ["long", "가".repeat(150)],
    ["jamo", "ㅂ"],
    ["conjoining jamo", "\u1107"],
    ["emoji", "🩺👨‍⚕️"],
    ["rtl", "\u202ebaek"],
    ["markdown", "**b**"],
    ["everyone", "@everyone"],
    ["number", 5],
    ["null", null],
    ["object", { a: 1 }],
    ["lone surrogate", "\ud83e"],
    ["zwj", "b\u200dae\u200bk"],
  ])("%s", async (_what, query) => {
    for (const command of ["character", "inspiration"]) {
      const option = command === "character" ? "name" : "topic";
      const reply = (await ask(autocomplete(command, [str(option, query, true)]))) as unknown as {
        type: number;
        data: { choices: { name: string; value: string }[] };
      };
      expect(reply.type).toBe(8);
      expect(reply.data.choices.length).toBeLessThanOrEqual(25);
      for (const c of reply.data.choices) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(c.value.length).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe("odd contexts and modal submits", () => {
  it.each([
    ["guild, no member, no app_permissions", { member: undefined, app_permissions: undefined }],
    ["guild, member without user", { member: { permissions: "8" } }],
    ["guild, permissions not a number", { member: { user: { id: "1" }, permissions: "lots" }, app_permissions: "-1" }],
    ["context 2 with a guild id", { context: 2 }],
    ["owners not an object", { authorizing_integration_owners: "0" }],
    ["owners empty", { authorizing_integration_owners: {} }],
    ["locale odd", { locale: "tlh", guild_locale: 7 }],
  ])("%s", async (_what, extra) => {
    for (const [name, opts] of [
      ["renewal", []],
      ["renewal", [str("alerts", "on")]],
      ["renewal", [str("alerts", "status")]],
      ["renewal", [str("alerts", "follow")]],
      ["character", [str("name", "@everyone")]],
      ["help", []],
    ] as const) {
      const reply = await ask(slash(name, [...opts], extra));
      assertDiscordLimits(reply.data as never);
    }
    for (const id of ["al:on:en", "tl:1:en", "nr-edit:0123456789abcdef:en", "src:en"]) {
      const reply = await ask(click(id, undefined, extra));
      if (reply.type !== 9) assertDiscordLimits(reply.data as never);
    }
  });

  it("modal submits of odd shapes", async () => {
    for (const data of [
      { custom_id: "nr-edit:0123456789abcdef:en", components: "x" },
      { custom_id: "ep:3:en", components: [{ type: 1, components: [{ type: 4, value: 5 }] }] },
      { custom_id: 42, components: [{ type: 18, component: { type: 4, value: "x" } }] },
      {},
    ]) {
      const reply = await ask({ ...slash("x"), type: 5, data });
      assertDiscordLimits(reply.data as never);
    }
  });
});
