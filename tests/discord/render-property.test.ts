// Any reply, however long or strange, renders within every limit on Discord (both renderers) and Slack, as long
// as its ids and menu values fit (longer ones are refused, see the shared renderer suite).
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, it } from "vitest";
import { COMPONENT_ID_MAX } from "../../src/command";
import { DISCORD_SELECT_TEXT_MAX, toDiscordMessage, toDiscordV2Message } from "../../src/discord/render";
import type { Block, Control, Reply } from "../../src/reply";
import { toSlackMessage } from "../../src/slack/render";
import { assertDiscordLimits, assertSlackLimits } from "../helpers/limits";

// Ids come from componentId (at most COMPONENT_ID_MAX, both platforms' smallest) and menu values are record
// ids or numbers, within Discord's 100, the smaller option value limit: the renderers refuse longer ones.
const id = fc.string({ minLength: 1, maxLength: COMPONENT_ID_MAX });
const optionValue = fc.string({ minLength: 1, maxLength: DISCORD_SELECT_TEXT_MAX });
const params = { numRuns: 150, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 500, maxLength: 6000 }), fc.constant(""));
const url = fc.webUrl();
const button = fc.record({ kind: fc.constant("button" as const), label: text, id });
const link = fc.record({ kind: fc.constant("link" as const), label: text, url });
const control: fc.Arbitrary<Control> = fc.oneof(
  button,
  link,
  fc.record({
    kind: fc.constant("select" as const),
    placeholder: text,
    id,
    options: fc.array(fc.record({ label: text, value: optionValue }), { maxLength: 40 }),
  }),
);
const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ kind: fc.constant("heading" as const), text, url: fc.option(url, { nil: undefined }) }),
  fc.record({ kind: fc.constant("text" as const), markdown: text }),
  fc.record({
    kind: fc.constant("fields" as const),
    fields: fc.array(fc.record({ name: text, value: text, inline: fc.boolean() }), { maxLength: 30 }),
  }),
  fc.record({ kind: fc.constant("image" as const), url, alt: text }),
  fc.record({
    kind: fc.constant("links" as const),
    label: text,
    links: fc.array(fc.record({ label: text, url }), { maxLength: 20 }),
  }),
  fc.record({
    kind: fc.constant("spoiler" as const),
    label: text,
    markdown: text,
    reveal: fc.option(fc.record({ id, label: text }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("note" as const), text }),
  fc.record({ kind: fc.constant("actions" as const), controls: fc.array(control, { maxLength: 30 }) }),
  fc.record({
    kind: fc.constant("section" as const),
    markdown: text,
    accessory: fc.option(fc.oneof(fc.record({ kind: fc.constant("thumbnail" as const), url, alt: text }), button, link), {
      nil: undefined,
    }),
  }),
  fc.constant({ kind: "separator" as const }),
);
const replyArb: fc.Arbitrary<Reply> = fc.record({
  visibility: fc.constantFrom("public" as const, "ephemeral" as const),
  blocks: fc.array(block, { maxLength: 80 }),
});

describe("every reply, as a property", () => {
  it("renders within Discord's and Slack's limits", () => {
    fc.assert(
      fc.property(replyArb, (reply) => {
        assertDiscordLimits(toDiscordV2Message(reply) as Parameters<typeof assertDiscordLimits>[0]);
        assertDiscordLimits(toDiscordMessage(reply));
        assertSlackLimits(toSlackMessage(reply));
      }),
      params,
    );
  });
});
