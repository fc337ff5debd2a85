// Text a user typed and the bot repeats opens no block quote on Slack. Slack's mrkdwn quotes every line
// that starts with `>` (sent as `&gt;`), and a hint may begin with the repeated text: the Korean answer
// to an unknown inspiration does (`**{topic}** 관련`), and its notification text drops the bold.
import { beforeEach, describe, expect, it } from "vitest";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { sendSlash, slackJson, slackText } from "../helpers/slack";

/** A line Slack shows as a quote: one that starts with `>`, as sent (`&gt;`) or as typed. */
const QUOTED_LINE = /^(?:&gt;|>)/m;

beforeEach(async () => {
  await seedContent();
  new MockApis().install();
});

describe("a repeated name that starts with >", () => {
  it("opens no quote in an unknown name's hint, in every language", async () => {
    for (const command of ["/character", "/inspiration"])
      for (const locale of ["en", "ko", "id", "tl"]) {
        // Slack sends a typed `>` as `&gt;`.
        const reply = await slackJson(await sendSlash(command, `&gt; nobody lang:${locale}`));
        const texts = reply.blocks.flatMap((b) => (b.text ? [b.text.text] : []));
        expect(slackText(reply), `${command} ${locale}`).toContain("nobody");
        for (const text of [reply.text, ...texts]) expect(text, `${command} ${locale}`).not.toMatch(QUOTED_LINE);
      }
  });
});
