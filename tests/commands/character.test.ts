import { beforeEach, describe, expect, it } from "vitest";
import { seedContent } from "../helpers/content";
import { type DiscordReply, send, slash, str, textOf } from "../helpers/discord";

const ask = async (interaction: unknown) => (await (await send(interaction)).json()) as DiscordReply;

beforeEach(async () => {
  await seedContent();
});

describe("/character for the minor characters", () => {
  it("answers Captain Lee Hyun-jong, with no actor invented", async () => {
    const text = textOf(await ask(slash("character", [str("name", "이현종")])));
    expect(text).toContain("Captain Lee Hyun-jong (이현종 대위)");
    expect(text).toContain("not named in our sources");
    expect(text).not.toContain("appears only in a photo");
  });

  it("keeps Ji-yeong's link to Han Yu-rim behind the spoiler", async () => {
    const text = textOf(await ask(slash("character", [str("name", "Ji-yeong")])));
    expect(text).toContain("Ji-yeong (지영)");
    expect(text).toMatch(/\|\|She is Han Yu-rim's daughter/);
    expect(text.replace(/\|\|[^|]*\|\|/g, "")).not.toContain("Han Yu-rim");
  });

  it("still says Kwon Hak-su appears only in a photo", async () => {
    expect(textOf(await ask(slash("character", [str("name", "Kwon Hak-su")])))).toContain("appears only in a photo");
  });
});
