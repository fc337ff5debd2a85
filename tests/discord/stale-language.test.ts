// An expired button or menu is explained to whoever clicked it, privately: in that person's language,
// whichever check found it expired.
import { beforeEach, describe, expect, it } from "vitest";
import { seedContent } from "../helpers/content";
import { type DiscordReply, send, slash } from "../helpers/discord";

const ask = async (interaction: unknown) => {
  const response = await send(interaction);
  expect(response.status).toBe(200);
  return (await response.json()) as DiscordReply;
};

function click(customId: string, values: string[] | undefined, locale: string) {
  const base = slash("x", [], { locale });
  return {
    ...base,
    type: 3,
    message: { id: "m1", content: "" },
    data: { custom_id: customId, component_type: values ? 3 : 2, ...(values ? { values } : {}) },
  };
}

beforeEach(async () => {
  await seedContent();
});

const ENGLISH = "That button or menu has expired. Run the command again.";

describe("an expired button clicked by an English reader", () => {
  it.each([
    ["a malformed id", "ep:3:xx", undefined],
    ["a character no longer in the content", "ch:kim-sa-bu:ko", undefined],
    ["an episode no longer in the content", "ep:99:ko", undefined],
    ["a menu value no longer offered", "chs:ko", ["kim-sa-bu"]],
    ["a topic no longer offered", "ins:id", ["not-a-topic"]],
  ])("%s is explained in English", async (_what, id, values) => {
    const reply = await ask(click(id, values, "en-US"));
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toBe(ENGLISH);
  });
});
