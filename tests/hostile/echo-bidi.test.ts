// Text a user typed and the bot repeats (an unknown name, the name of whoever turned alerts on) carries no
// bidirectional override: one would turn the rest of the bot's sentence around, right to left, up to the
// end of its line, in the asker's answer and in a channel's announcement alike.
import { beforeEach, describe, expect, it } from "vitest";
import { seedContent } from "../helpers/content";
import { ask, slash, str, textOf } from "../helpers/discord";
import { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, sendSlash, slackJson, slackText, slashBody } from "../helpers/slack";

/** Right-to-left override, left-to-right override, embeddings, isolates and their ends. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const typed = "\u202Ebaek\u2066x";

beforeEach(async () => {
  await seedContent();
  new MockApis().install();
});

describe("a repeated name", () => {
  it("loses its direction controls in an unknown name's hint, on both platforms, in every language", async () => {
    for (const locale of ["en", "ko", "id", "tl"]) {
      const discord = textOf(await ask(slash("character", [str("name", typed), str("language", locale)])));
      expect(discord, locale).toContain("baek");
      expect(discord, locale).not.toMatch(BIDI_CONTROLS);
      const slack = slackText(await slackJson(await sendSlash("/inspiration", `${typed} lang:${locale}`)));
      expect(slack, locale).toContain("baek");
      expect(slack, locale).not.toMatch(BIDI_CONTROLS);
    }
  });

  it("loses them in the channel's announcement that alerts were turned on", async () => {
    const response = await sendSlackRaw(slashBody("/renewal", "alerts on", { channel_id: "C0BIDI", user_name: "\u202Eminji" }));
    const reply = await slackJson(response);
    expect(reply.response_type).toBe("in_channel");
    expect(slackText(reply)).toContain("minji");
    expect(slackText(reply)).not.toMatch(BIDI_CONTROLS);
  });
});
