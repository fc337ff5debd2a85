// An expired button or menu is explained to whoever clicked it, privately: in that person's language,
// whichever check found it expired.
import { beforeEach, describe, expect, it } from "vitest";
import { seedContent } from "../helpers/content";
import { ask, click } from "../helpers/discord";

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
    const reply = await ask(click(id, values, { locale: "en-US" }));
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toBe(ENGLISH);
  });
});
