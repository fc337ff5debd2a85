// A post or an edit the invocation cannot afford is never made: the platform does not take it for a
// request whose answer was lost ("unreachable, may have posted"), which would count an attempt and make
// the next one search the channel for a post that is not there. It goes up to the batch, which gives the
// work back.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PLATFORM_NAMES } from "../../src/platform";
import { BudgetSpent, type Subrequests } from "../../src/platform-outcome";
import { PLATFORMS } from "../../src/platforms";
import { reply } from "../../src/reply";

/** An invocation with nothing left: every call is refused before it is made. */
const spent = (): Subrequests => ({
  left: 0,
  fetch() {
    throw new BudgetSpent();
  },
});

const message = reply([{ kind: "text", markdown: "Season 2 is confirmed." }]);
const channel = { workspaceId: "T0SPENT", channelId: "C0SPENT" };

describe.each(PLATFORM_NAMES)("on %s, a call the budget refuses", (name) => {
  const platform = PLATFORMS[name];
  it.each([false, true])("is a post never made, not a lost answer (plain text: %s)", async (plain) => {
    const calls = spent();
    await expect(
      platform.post(env, { channel, reply: message, key: "renewal:x", attempt: 1, plain, token: "token" }, calls),
    ).rejects.toBeInstanceOf(BudgetSpent);
  });
  it.each([false, true])("is an edit never made, not a lost answer (plain text: %s)", async (plain) => {
    const calls = spent();
    await expect(
      platform.edit(env, { channel, messageId: "1", reply: message, attempt: 1, plain, token: "token" }, calls),
    ).rejects.toBeInstanceOf(BudgetSpent);
  });
});
