// A channel's bucket that an answer said is spent is still spent after the pacer is evicted or restarted:
// forgotten, the next post would leave at once and come back a 429 the headers announced.
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { observe, type PaceKey, pacerName, reserve } from "../../src/pacing/index";
import { bucketHeaders } from "./windows";

it("waits out an exhausted bucket across an eviction", async () => {
  const key: PaceKey = { platform: "discord", token: `token-evict-${crypto.randomUUID()}`, route: "POST /channels/777/messages" };
  const heardAt = Date.now();
  await observe(env, key, 429, bucketHeaders(0, "20", "abcd", { "retry-after": "20", "x-ratelimit-scope": "user" }));
  await evictDurableObject(env.PACER.get(env.PACER.idFromName(await pacerName(key))));
  const before = Date.now();
  const [wait = 0] = await reserve(env, key, 1);
  expect(before + wait, "the next post's slot, after the 429's 20 s").toBeGreaterThanOrEqual(heardAt + 19_000);
});
