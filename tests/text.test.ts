// Cutting text "without splitting a character" (src/text.ts): what a reader sees as one character may be
// several code points (an emoji sequence joined with ZWJ, a flag's two regional indicators, a letter and
// its combining mark). Cut between them, the text ends in half a doctor, a lone letter of a flag, or a
// bare base letter.
import { describe, expect, it } from "vitest";
import { toDiscordModal } from "../src/discord/render";
import { fitted, truncate, truncateMarkup } from "../src/text";

const DOCTOR = "🧑‍⚕️"; // 🧑 ZWJ ⚕ VS16: five UTF-16 units, one character
const KOREA = "🇰🇷"; // two regional indicators: four units, one character

describe("text cut for a limit", () => {
  it.each([
    ["a ZWJ sequence", `ab${DOCTOR}`, 5, "ab"],
    ["a flag", `${KOREA}${KOREA}`, 6, KOREA],
    ["a combining mark", "Cafe\u0301s", 4, "Caf"],
  ])("keeps %s whole or leaves it out (fitted)", (_what, text, max, expected) => {
    expect(fitted(text, max)).toBe(expected);
  });

  it("keeps a ZWJ sequence whole or leaves it out (truncate)", () => {
    expect(truncate(`Dr ${DOCTOR}${DOCTOR}`, 7)).toBe("Dr …");
  });

  it("cuts markup to its limit even where a link left open begins the text and cannot be left out", () => {
    const cut = truncateMarkup(`[label](https://example.org/${"a".repeat(200)})`, 100, /\[[^\]]*(?:\]\([^)]*)?$/);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith(" …")).toBe(true);
  });

  it("puts a reviewer's wording back in the Edit form without half a character", () => {
    const modal = toDiscordModal({
      id: "f",
      title: "Edit",
      inputs: [{ id: "a", label: "English title", paragraph: false, required: true, max: 6, value: `S2 ${DOCTOR}` }],
    });
    expect(modal.data.components[0]?.components[0]?.value).toBe("S2 ");
  });
});
