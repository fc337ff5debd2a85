// A bucket's X-RateLimit-Reset-After is heeded for a day at most, as Retry-After is: one that asks for
// years (a broken proxy, a misread header) would otherwise stop a channel's posts for good, and through
// the route's learnt window, every channel's after its first few posts.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, it } from "vitest";
import { observe, type PaceKey, reserve } from "../../src/pacing/index";
import { RETRY_AFTER_MAX_S } from "../../src/pacing/limits";
import { bucketHeaders } from "./windows";

const ROUTE = "POST /channels/{channel.id}/messages";
const DAY_MS = RETRY_AFTER_MAX_S * 1000;

it("holds a channel no more than a day whatever Reset-After an answer tells", async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom("31536000", "4294967296", "1e12", "1e300"), async (resetAfter) => {
      const token = `token-far-${crypto.randomUUID()}`;
      const lane = `POST /channels/${7000 + ++n}/messages`;
      const key: PaceKey = { platform: "discord", token, route: ROUTE, lane };
      await observe(env, key, 200, bucketHeaders(0, resetAfter));
      const [own = 0] = await reserve(env, key, 1, undefined, [lane]);
      expect(own, `the spent channel's next slot after Reset-After ${resetAfter}`).toBeLessThanOrEqual(DAY_MS + 2000);
      // Another channel, not heard from yet, is given a bucket like it: its sixth post waits a window.
      const other = `POST /channels/${8000 + n}/messages`;
      const waits = await reserve(env, { ...key, lane: other }, 6, undefined, Array(6).fill(other));
      expect(Math.max(...waits), `another channel's sixth post after Reset-After ${resetAfter}`).toBeLessThanOrEqual(
        DAY_MS + 2000,
      );
    }),
    { seed: 2026_12_06, numRuns: 8 },
  );
});
