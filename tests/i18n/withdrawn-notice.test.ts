// A withdrawn item's posts are edited to carry a notice in the channel's language. The reason the bot
// itself records (a reviewer's Withdraw, the editor's seed --withdraw) is English text: inserted as it
// is, a Korean, Indonesian or Tagalog channel reads English inside its own notice.
import { describe, expect, it } from "vitest";
import { withdrawnReply } from "../../src/delivery/consumer";
import { inWords } from "../../src/reply";

const notice = (locale: "ko" | "id" | "tl", reason: string) => {
  const reply = withdrawnReply({
    replies: { [locale]: { blocks: [] } },
    reason,
    subscription: { locale },
  } as unknown as Parameters<typeof withdrawnReply>[0]);
  const first = reply?.blocks[0];
  return first?.kind === "text" ? inWords(first.markdown) : "";
};

describe("the notice on a withdrawn post", () => {
  it.each(["withdrawn by a reviewer", "withdrawn by the editor"])(
    "has no English in Korean when the reason is '%s'",
    (reason) => {
      expect(notice("ko", reason)).not.toMatch(/[A-Za-z]/);
    },
  );

  it.each([["id"], ["tl"]] as const)("does not quote the bot's English reason in %s", (locale) => {
    expect(notice(locale, "withdrawn by a reviewer")).not.toContain("withdrawn by a reviewer");
    expect(notice(locale, "withdrawn by the editor")).not.toContain("withdrawn by the editor");
  });

  it("is written in Korean in the same polite register as the other answers", () => {
    expect(notice("ko", "withdrawn by a reviewer")).not.toMatch(/습니다|니다/);
  });
});
