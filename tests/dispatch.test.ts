// The rendered-answer cache is platform-neutral: a repeated question to a pure command is answered
// from it on Slack as on Discord, each platform with its own rendering.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { COMMANDS } from "../commands/index";
import { seedContent } from "./helpers/content";
import { send, slash, str } from "./helpers/discord";
import { sendSlash, slackJson } from "./helpers/slack";

function interactionOutcomes() {
  const outcomes: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    const event = JSON.parse(String(line)) as { event?: string; outcome?: string; platform?: string };
    if (event.event === "interaction") outcomes.push(`${event.platform}:${event.outcome}`);
  });
  return outcomes;
}

beforeEach(async () => {
  await seedContent();
});

describe("the rendered-answer cache", () => {
  it("answers a repeated Slack question from the cache, with the same answer", async () => {
    const outcomes = interactionOutcomes();
    const first = await slackJson(await sendSlash("/episode", "3"));
    const second = await slackJson(await sendSlash("/episode", "3"));
    expect(second).toEqual(first);
    expect(outcomes).toEqual(["slack:ok", "slack:cached"]);
  });

  it("keeps Discord and Slack renderings apart", async () => {
    const outcomes = interactionOutcomes();
    await sendSlash("/episode", "4");
    const discord = (await (await send(slash("episode", [{ ...str("number", "4"), type: 4, value: 4 }]))).json()) as {
      type: number;
      data: { flags?: number; components?: { type: number }[] };
    };
    expect(discord.type).toBe(4);
    // Discord's answer is a Components V2 container, not Slack's blocks.
    expect((discord.data.flags ?? 0) & 32768).toBe(32768);
    expect(discord.data.components?.[0]?.type).toBe(17);
    expect(outcomes).toEqual(["slack:ok", "discord:ok"]);
  });
});

describe("an unknown command", () => {
  it("is answered with every command of the list, named nowhere else", async () => {
    const reply = (await (await send(slash("season2"))).json()) as { data: { content: string } };
    for (const command of COMMANDS) expect(reply.data.content).toContain(`/${command.name}`);
  });
});
