// A route's 429 is waited out whatever rate-limit headers it came with: Retry-After is the one it must
// be heeded by, and a 429 missing the bucket's Remaining or Reset-After still says the route is spent.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, it } from "vitest";
import { observe, type PaceKey, reserve } from "../../src/pacing/index";

const FULL: Record<string, string> = {
  "x-ratelimit-bucket": "abcd",
  "x-ratelimit-limit": "5",
  "x-ratelimit-remaining": "0",
  "x-ratelimit-reset-after": "3",
  "x-ratelimit-scope": "user",
};

it("waits out a route 429's Retry-After when some of its bucket headers are missing", async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.subarray(Object.keys(FULL)), fc.boolean(), async (dropped, laned) => {
      const channel = `POST /channels/${9000 + ++n}/messages`;
      const token = `token-partial-${crypto.randomUUID()}`;
      const key: PaceKey = laned
        ? { platform: "discord", token, route: "POST /channels/{channel.id}/messages", lane: channel }
        : { platform: "discord", token, route: channel };
      const headers = new Headers({ "retry-after": "3", ...FULL });
      for (const name of dropped) headers.delete(name);
      // At least one rate-limit header, or it is Cloudflare's block of everything.
      if (![...headers.keys()].some((name) => name.startsWith("x-ratelimit-"))) headers.set("x-ratelimit-scope", "user");
      const heardAt = Date.now();
      await observe(env, key, 429, headers);
      const before = Date.now();
      const [wait = 0] = await reserve(env, key, 1, undefined, [key.lane]);
      expect(before + wait, `the next slot on the channel after a 429 without ${dropped.join(", ")}`).toBeGreaterThanOrEqual(
        heardAt + 2900,
      );
    }),
    { seed: 2026_12_06, numRuns: 40 },
  );
});
