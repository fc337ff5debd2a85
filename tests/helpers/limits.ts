// Every platform limit an answer must respect, checked on whatever a renderer or the Worker produced.
import { expect } from "vitest";
import { DISCORD_CONTENT_MAX, type DiscordEmbed, type DiscordMessage } from "../../src/discord/render";
import type { SlackBlock, SlackMessage } from "../../src/slack/render";

interface AnyComponent {
  type: number;
  content?: string;
  components?: AnyComponent[];
  accessory?: AnyComponent;
  label?: string;
  custom_id?: string;
  url?: string;
  options?: unknown[];
  description?: string | null;
  items?: { description?: string | null }[];
}

/** Components V2: at most 40 components (nested included), 4,000 characters of text, no content or embeds. */
export function assertDiscordV2Limits(message: {
  components?: unknown[];
  flags?: number;
  content?: string | null;
  embeds?: unknown[];
}) {
  expect((message.flags ?? 0) & (1 << 15)).toBe(1 << 15);
  // An update in place may reset them (content null, embeds []), as turning an embed message into V2 requires.
  expect(message.content ?? undefined).toBeUndefined();
  expect(message.embeds ?? []).toEqual([]);
  let count = 0;
  let text = 0;
  const walk = (list: AnyComponent[], depth: number) => {
    for (const c of list) {
      count++;
      if (c.type === 10) {
        expect((c.content ?? "").length).toBeGreaterThan(0);
        text += (c.content ?? "").length;
      }
      if (c.type === 9) {
        expect(c.components?.length).toBeGreaterThanOrEqual(1);
        expect(c.components?.length).toBeLessThanOrEqual(3);
        expect(c.accessory).toBeDefined();
      }
      if (c.type === 1) {
        expect(c.components?.length).toBeGreaterThanOrEqual(1);
        expect(c.components?.length).toBeLessThanOrEqual(5);
      }
      if (c.type === 2) {
        expect((c.label ?? "").length).toBeLessThanOrEqual(80);
        expect((c.custom_id ?? "").length).toBeLessThanOrEqual(100);
        expect((c.url ?? "").length).toBeLessThanOrEqual(512);
        expect(Boolean(c.url) !== Boolean(c.custom_id)).toBe(true);
      }
      if (c.type === 3) expect((c.options ?? []).length).toBeLessThanOrEqual(25);
      if (c.type === 11) expect((c.description ?? "").length).toBeLessThanOrEqual(1024);
      if (c.type === 12) {
        expect(c.items?.length).toBeLessThanOrEqual(10);
        for (const item of c.items ?? []) expect((item.description ?? "").length).toBeLessThanOrEqual(1024);
      }
      if (c.type === 17) {
        expect(depth).toBe(0);
        expect(c.components?.length).toBeGreaterThanOrEqual(1);
      }
      walk(c.components ?? [], depth + 1);
      if (c.accessory) walk([c.accessory], depth + 1);
    }
  };
  walk((message.components ?? []) as AnyComponent[], 0);
  expect(count).toBeLessThanOrEqual(40);
  expect(text).toBeLessThanOrEqual(4000);
  expect((message as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
}

export function assertDiscordLimits(message: DiscordMessage) {
  if ((message.flags ?? 0) & (1 << 15)) return assertDiscordV2Limits(message);
  expect((message.content ?? "").length).toBeLessThanOrEqual(DISCORD_CONTENT_MAX);
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of embeds as DiscordEmbed[]) {
    expect((e.title ?? "").length).toBeLessThanOrEqual(256);
    expect((e.description ?? "").length).toBeLessThanOrEqual(4096);
    expect((e.footer?.text ?? "").length).toBeLessThanOrEqual(2048);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    total += (e.title ?? "").length + (e.description ?? "").length + (e.footer?.text ?? "").length;
    total += (e.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(6000);
  const rows = (message.components ?? []) as { components: { type: number; options?: unknown[]; custom_id?: string }[] }[];
  expect(rows.length).toBeLessThanOrEqual(5);
  for (const row of rows) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const c of row.components) {
      expect((c.custom_id ?? "").length).toBeLessThanOrEqual(100);
      if (c.type === 3) expect((c.options ?? []).length).toBeLessThanOrEqual(25);
    }
  }
  expect(message.allowed_mentions).toEqual({ parse: [] });
}

export function assertSlackLimits(message: SlackMessage) {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(3000);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const block of message.blocks as SlackBlock[]) {
    switch (block.type) {
      case "header":
        expect(block.text.text.length).toBeLessThanOrEqual(150);
        break;
      case "section":
        if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
        expect((block.fields ?? []).length).toBeLessThanOrEqual(10);
        for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
        break;
      case "context":
        expect(block.elements.length).toBeLessThanOrEqual(10);
        for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(3000);
        break;
      case "image":
        expect(block.alt_text.length).toBeLessThanOrEqual(2000);
        break;
      case "actions":
        expect(block.elements.length).toBeGreaterThanOrEqual(1);
        expect(block.elements.length).toBeLessThanOrEqual(25);
        for (const e of block.elements as {
          type: string;
          text?: { text: string };
          action_id: string;
          value?: string;
          options?: { text: { text: string }; value: string }[];
          placeholder?: { text: string };
        }[]) {
          expect(e.action_id.length).toBeLessThanOrEqual(255);
          if (e.text) expect(e.text.text.length).toBeLessThanOrEqual(75);
          if (e.value) expect(e.value.length).toBeLessThanOrEqual(2000);
          if (e.placeholder) expect(e.placeholder.text.length).toBeLessThanOrEqual(150);
          // A menu needs at least one option: Slack refuses an empty one.
          if (e.type === "static_select") expect((e.options ?? []).length).toBeGreaterThanOrEqual(1);
          expect((e.options ?? []).length).toBeLessThanOrEqual(100);
          for (const o of e.options ?? []) {
            expect(o.text.text.length).toBeLessThanOrEqual(75);
            expect(o.value.length).toBeLessThanOrEqual(150);
          }
        }
        break;
      case "divider":
        break;
    }
  }
}
