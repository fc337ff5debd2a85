import { describe, expect, it } from "vitest";
import { verifyDiscordRequest } from "../src/discord/verify";
import { SLACK_MAX_AGE_S, verifySlackRequest } from "../src/slack/verify";
import { DISCORD_PUBLIC_KEY, signDiscord } from "./helpers/discord";
import { SLACK_SIGNING_SECRET, signSlack } from "./helpers/slack";

// The freshness window on a signed timestamp, at its exact edges, with the verifier's clock fixed: a request
// test cannot pin them, since the worker reads its clock later than the test that signs.
const body = '{"type":1}';
const bytes = new TextEncoder().encode(body);
const stamp = 1_800_000_000;
const edges = [
  { offsetMs: -SLACK_MAX_AGE_S * 1000, fresh: true }, // signed exactly 5 minutes ahead of the clock
  { offsetMs: -SLACK_MAX_AGE_S * 1000 - 1, fresh: false },
  { offsetMs: SLACK_MAX_AGE_S * 1000, fresh: true }, // signed exactly 5 minutes ago
  { offsetMs: SLACK_MAX_AGE_S * 1000 + 1, fresh: false },
  { offsetMs: 0, fresh: true },
];

describe("the signed timestamp's window", () => {
  it("Slack: accepts up to 5 minutes either way, refuses a millisecond more", async () => {
    const signature = await signSlack(body, String(stamp));
    for (const { offsetMs, fresh } of edges) {
      const ok = await verifySlackRequest(
        bytes,
        { signature, timestamp: String(stamp) },
        SLACK_SIGNING_SECRET,
        stamp * 1000 + offsetMs,
      );
      expect(ok, `clock ${offsetMs} ms from the stamp`).toBe(fresh);
    }
  });

  it("Discord: accepts up to 5 minutes either way, refuses a millisecond more", async () => {
    const signature = await signDiscord(body, String(stamp));
    for (const { offsetMs, fresh } of edges) {
      const ok = await verifyDiscordRequest(
        bytes,
        { signature, timestamp: String(stamp) },
        DISCORD_PUBLIC_KEY,
        stamp * 1000 + offsetMs,
      );
      expect(ok, `clock ${offsetMs} ms from the stamp`).toBe(fresh);
    }
  });
});
