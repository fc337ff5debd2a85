// Property-based search for a counter-example: validly signed random input must never get a 5xx, every
// answer must fit the platform's limits, and the Worker must still answer PING afterwards.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { DiscordMessage } from "../../src/discord/render";
import type { SlackMessage } from "../../src/slack/render";
import { seedContent } from "../helpers/content";
import { send, sendRaw, slash } from "../helpers/discord";
import { assertDiscordLimits, assertSlackLimits } from "../helpers/limits";
import { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slashBody } from "../helpers/slack";

const RUNS = 150;
const params = { numRuns: RUNS, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };

const COMMANDS = ["character", "episode", "renewal", "inspiration", "season2", "", "x".repeat(40)];
const OPTION_NAMES = ["name", "number", "topic", "language", "alerts", "__proto__", "constructor", "toString", ""];
const hugeString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ minLength: 4000, maxLength: 9000 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
);
const optionValue = fc.oneof(
  hugeString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  // Objects that break a template string or `String()`: `{ "toString": 1 }` has no primitive value.
  fc.dictionary(fc.constantFrom("toString", "valueOf", "constructor"), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1 }),
);
const option = fc.record({
  name: fc.oneof(fc.constantFrom(...OPTION_NAMES), fc.string({ maxLength: 40 })),
  type: fc.integer({ min: -1, max: 12 }),
  value: optionValue,
  focused: fc.boolean(),
});

/** Interactions shaped like Discord's, with every field allowed to be wrong. */
const interaction = fc.record({
  type: fc.oneof(fc.constantFrom(1, 2, 3, 4, 5), fc.integer({ min: -5, max: 300 })),
  locale: fc.oneof(fc.constantFrom("ko", "id", "en-US", "en-GB", "fr", "tl"), fc.string(), fc.integer()),
  guild_locale: fc.oneof(fc.constantFrom("ko", "id", "de"), fc.constant(undefined)),
  guild_id: fc.oneof(fc.constant("300000000000000001"), fc.constant(undefined), fc.integer()),
  channel_id: fc.oneof(fc.constant("400000000000000001"), fc.string({ maxLength: 30 })),
  app_permissions: fc.oneof(fc.constant("2251799813685247"), fc.constant("0"), fc.string({ maxLength: 40 }), fc.integer()),
  member: fc.oneof(
    fc.record({
      user: fc.record({ id: fc.string({ maxLength: 20 }), username: fc.string({ maxLength: 40 }) }),
      permissions: fc.oneof(fc.constant("8"), fc.string({ maxLength: 40 })),
    }),
    fc.constant(undefined),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  data: fc.oneof(
    fc.record({
      name: fc.oneof(fc.constantFrom(...COMMANDS), fc.string({ maxLength: 200 })),
      options: fc.oneof(fc.array(option, { maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
      custom_id: fc.oneof(
        fc.constantFrom("ep:2:en", "sp:3:ko", "chs:en", "ins:id", "src:tl", "al:on:en", "ch:baek-kang-hyuk:en"),
        fc.string({ maxLength: 150 }),
      ),
      values: fc.oneof(fc.array(fc.string({ maxLength: 120 }), { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
      component_type: fc.integer({ min: 0, max: 10 }),
    }),
    fc.jsonValue({ maxDepth: 3 }),
  ),
});

async function checkDiscord(response: Response) {
  expect(response.status).toBeLessThan(500);
  expect([200, 400]).toContain(response.status);
  if (response.status !== 200) return;
  const body = (await response.json()) as {
    type: number;
    data?: DiscordMessage & { choices?: { name: string; value: unknown }[] };
  };
  expect([1, 4, 7, 8]).toContain(body.type);
  if (body.type === 8) {
    const choices = body.data?.choices ?? [];
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
    }
  } else if (body.type !== 1) {
    assertDiscordLimits(body.data as DiscordMessage);
  }
}

async function stillAlive() {
  const response = await send({ id: "1", application_id: "1", type: 1, token: "t", version: 1 });
  expect(await response.json()).toEqual({ type: 1 });
}

beforeAll(() => {
  new MockApis().install();
});

describe("Discord endpoint under random signed input", () => {
  it("answers random interaction shapes without a 5xx and within limits", async () => {
    await seedContent();
    await fc.assert(
      fc.asyncProperty(interaction, async (i) => {
        await checkDiscord(await send({ id: "9", application_id: "1", token: "t", version: 1, ...i }));
      }),
      params,
    );
    await stillAlive();
  });

  it("answers real commands with wrong option types and huge strings without a 5xx", async () => {
    await seedContent();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("character", "episode", "renewal", "inspiration"),
        fc.array(option, { maxLength: 4 }),
        fc.boolean(),
        async (name, options, autocomplete) => {
          const body = slash(name, options as never);
          await checkDiscord(await send(autocomplete ? { ...body, type: 4 } : body));
        },
      ),
      params,
    );
    await stillAlive();
  });

  it("answers any signed JSON value or text without a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 2000 }),
        ),
        async (raw) => {
          await checkDiscord(await sendRaw(raw ?? ""));
        },
      ),
      params,
    );
    await stillAlive();
  });
});

async function checkSlack(response: Response) {
  expect(response.status).toBeLessThan(500);
  expect([200, 400]).toContain(response.status);
  if (response.status !== 200 || !response.headers.get("content-type")?.includes("json")) return;
  const body = (await response.json()) as SlackMessage & { response_type?: string; challenge?: string };
  if (body.challenge !== undefined) return;
  expect(["ephemeral", "in_channel"]).toContain(body.response_type);
  assertSlackLimits(body);
}

describe("Slack endpoint under random signed input", () => {
  it("answers slash commands with random text without a 5xx and within limits", async () => {
    await seedContent();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/character", "/episode", "/renewal", "/inspiration", "/season2"),
        fc.oneof(
          hugeString,
          fc.constantFrom("lang:ko", "lang:", "alerts on", "3 lang:tl", "name:", "lang:xx lang:ko", "number:9"),
        ),
        async (command, text) => {
          await checkSlack(await sendSlackRaw(slashBody(command, text)));
        },
      ),
      params,
    );
  });

  it("answers random form bodies and payloads without a 5xx", async () => {
    await seedContent();
    const blockActions = fc.record({
      type: fc.constant("block_actions"),
      user: fc.record({ id: fc.string({ maxLength: 12 }) }),
      channel: fc.record({ id: fc.string({ maxLength: 12 }) }),
      team: fc.record({ id: fc.string({ maxLength: 12 }) }),
      response_url: fc.constant("https://slack.mock/respond/x"),
      actions: fc.array(
        fc.record({
          type: fc.constantFrom("button", "static_select"),
          action_id: fc.string({ maxLength: 120 }),
          value: fc.string({ maxLength: 50 }),
        }),
        { maxLength: 2 },
      ),
    });
    const body = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 200 })).map((d) => new URLSearchParams(d).toString()),
      fc.jsonValue({ maxDepth: 3 }).map((v) => `payload=${encodeURIComponent(JSON.stringify(v))}`),
      blockActions.map((v) => `payload=${encodeURIComponent(JSON.stringify(v))}`),
      fc.string({ maxLength: 500 }),
    );
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom("application/x-www-form-urlencoded", "application/json"),
        async (raw, contentType) => {
          await checkSlack(await sendSlackRaw(raw, { contentType }));
        },
      ),
      params,
    );
    await stillAlive();
  });
});
