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

const verifiers = [
  {
    name: "Slack",
    sign: () => signSlack(body, String(stamp)),
    verify: (signature: string, nowMs: number) =>
      verifySlackRequest(bytes, { signature, timestamp: String(stamp) }, SLACK_SIGNING_SECRET, nowMs),
  },
  {
    name: "Discord",
    sign: () => signDiscord(body, String(stamp)),
    verify: (signature: string, nowMs: number) =>
      verifyDiscordRequest(bytes, { signature, timestamp: String(stamp) }, DISCORD_PUBLIC_KEY, nowMs),
  },
];

describe("the signed timestamp's window", () => {
  it.each(verifiers)("$name: accepts up to 5 minutes either way, refuses a millisecond more", async ({ sign, verify }) => {
    const signature = await sign();
    for (const { offsetMs, fresh } of edges)
      expect(await verify(signature, stamp * 1000 + offsetMs), `clock ${offsetMs} ms from the stamp`).toBe(fresh);
  });
});
