// Every platform limit an answer must respect, checked on whatever a renderer or the Worker produced.
import { expect } from "vitest";
import { DISCORD_CONTENT_MAX, type DiscordEmbed, type DiscordMessage } from "../../src/discord/render";
import type { SlackBlock, SlackMessage } from "../../src/slack/render";

export function assertDiscordLimits(message: DiscordMessage) {
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
        expect(block.elements.length).toBeLessThanOrEqual(25);
        for (const e of block.elements as {
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
