// The shared send budget, through the real Durable Object in workerd: Discord's global limit across
// concurrent senders, learned route buckets, global and Cloudflare 429s, the invalid-request guard,
// Slack's per-channel pace, and what survives eviction.
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_SLOTS_PER_CALL, observe, type PaceKey, pacerName, reserve } from "../../src/pacing/index";
import { AUTH_BLOCK_MS } from "../../src/pacing/limiter";
import {
  CLOUDFLARE_BLOCK_MS,
  DISCORD_GLOBAL_PER_SECOND,
  INVALID_STOP,
  PACE_FRACTION,
  RESERVE_HORIZON_MS,
  SLACK_CHANNEL_INTERVAL_MS,
} from "../../src/pacing/limits";
import { busiestWindow } from "./windows";

let tokens = 0;
/** Every test gets its own token, so its own pacer. */
const discordKey = (route = "POST /channels/{channel_id}/messages"): PaceKey => ({
  platform: "discord",
  token: `token-${Date.now()}-${++tokens}`,
  route,
});
const on = (key: PaceKey, route: string): PaceKey => ({ ...key, route });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stubFor = async (key: PaceKey) => env.PACER.get(env.PACER.idFromName(await pacerName(key.platform, key.token)));

const bucketHeaders = (h: Record<string, string>) => new Headers({ "content-type": "application/json", ...h });

describe("Discord's global limit", () => {
  it("keeps many concurrent senders under 50 requests in any second, and near it", async () => {
    const key = discordKey();
    const sent: number[] = [];
    const SENDERS = 30;
    const PER_SENDER = 6;
    // Each sender is a queue consumer with a batch: one reservation, then each request at its slot.
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        const waits = await reserve(env, key, PER_SENDER);
        const start = Date.now();
        await Promise.all(
          waits.map(async (wait) => {
            await sleep(wait - (Date.now() - start));
            sent.push(Date.now());
          }),
        );
      }),
    );
    expect(sent).toHaveLength(SENDERS * PER_SENDER);
    expect(busiestWindow(sent)).toBeLessThanOrEqual(DISCORD_GLOBAL_PER_SECOND);
    const seconds = (Math.max(...sent) - Math.min(...sent)) / 1000;
    // Not slower than the planned pace allows (with room for a busy machine's timers).
    expect((sent.length - 1) / seconds).toBeGreaterThan(DISCORD_GLOBAL_PER_SECOND * PACE_FRACTION * 0.9);
  });

  it("spaces slots evenly, so a burst of reservations never lands at once", async () => {
    const waits = await reserve(env, discordKey(), MAX_SLOTS_PER_CALL);
    const gaps = waits.slice(1).map((w, i) => w - (waits[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / DISCORD_GLOBAL_PER_SECOND);
    expect(waits[0]).toBe(0);
  });

  it("refuses counts a batch cannot have", async () => {
    await expect(reserve(env, discordKey(), MAX_SLOTS_PER_CALL + 1)).rejects.toThrow(RangeError);
    await expect(reserve(env, discordKey(), -1)).rejects.toThrow(RangeError);
    await expect(reserve(env, discordKey(), 0)).resolves.toEqual([]);
  });

  it("names each pacer by a hash, never by the token", async () => {
    const name = await pacerName("discord", "Bot.secret-token");
    expect(name).not.toContain("secret");
    expect(name).toMatch(/^discord:[0-9a-f]{64}$/);
    expect(await pacerName("slack", "Bot.secret-token")).not.toBe(name);
  });
});

describe("per-route buckets", () => {
  it("honours a learned bucket before it becomes a 429, per channel", async () => {
    const key = discordKey("POST /channels/111/messages");
    // An ordinary answer says: 5 per window, 4 left, window resets in 2.5 s.
    await observe(
      env,
      key,
      200,
      bucketHeaders({
        "x-ratelimit-bucket": "abcd",
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "4",
        "x-ratelimit-reset-after": "2.5",
      }),
    );
    const waits = await reserve(env, key, 6);
    // Four fit in this window; the fifth and sixth wait for the reset.
    expect(waits.slice(0, 4).every((w) => w < 2500)).toBe(true);
    expect(waits[4]).toBeGreaterThanOrEqual(2400);
    expect(waits[5]).toBeGreaterThanOrEqual(waits[4] as number);
    // Another channel has its own bucket, even with the same bucket hash.
    const other = await reserve(env, on(key, "POST /channels/222/messages"), 1);
    expect(other[0]).toBeLessThan(1000);
  });

  it("waits out an exhausted bucket reported by the answer itself", async () => {
    const key = discordKey("POST /channels/333/messages");
    await observe(
      env,
      key,
      200,
      bucketHeaders({
        "x-ratelimit-bucket": "abcd",
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset-after": "3",
      }),
    );
    const [wait] = await reserve(env, key, 1);
    expect(wait).toBeGreaterThanOrEqual(2900);
    expect(wait).toBeLessThanOrEqual(3100);
  });

  it("waits out a route 429 without stopping other routes", async () => {
    const key = discordKey("POST /channels/444/messages");
    await observe(
      env,
      key,
      429,
      bucketHeaders({
        "retry-after": "2",
        "x-ratelimit-bucket": "abcd",
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset-after": "1.7",
        "x-ratelimit-scope": "user",
      }),
    );
    expect((await reserve(env, key, 1))[0]).toBeGreaterThanOrEqual(1900);
    expect((await reserve(env, on(key, "POST /channels/555/messages"), 1))[0]).toBeLessThan(1000);
  });
});

describe("global 429", () => {
  it("stops every sender on every route until retry_after", async () => {
    const key = discordKey("POST /channels/1/messages");
    await observe(
      env,
      key,
      429,
      bucketHeaders({ "retry-after": "4", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" }),
    );
    for (const route of ["POST /channels/2/messages", "POST /channels/{channel_id}/messages", "GET /gateway/bot"]) {
      const [wait] = await reserve(env, on(key, route), 1);
      expect(wait).toBeGreaterThanOrEqual(3900);
      expect(wait).toBeLessThanOrEqual(4100);
    }
    // Another bot token has its own budget.
    expect(await reserve(env, discordKey(), 1)).toEqual([0]);
  });

  it("treats a 429 without rate-limit headers as Cloudflare's block, and holds no slot for it", async () => {
    const key = discordKey();
    await observe(env, key, 429, new Headers({ "content-type": "text/html" }));
    const waits = await reserve(env, key, 3);
    expect(waits.every((w) => w > RESERVE_HORIZON_MS)).toBe(true);
    expect(waits[0]).toBeGreaterThanOrEqual(CLOUDFLARE_BLOCK_MS - 1000);
  });

  it("stops a token Discord refused", async () => {
    const key = discordKey();
    await observe(env, key, 401, new Headers({ "content-type": "application/json" }));
    const [wait] = await reserve(env, key, 1);
    expect(wait).toBeGreaterThanOrEqual(AUTH_BLOCK_MS - 1000);
  });

  it("remembers a block and the slots it gave across eviction", async () => {
    const key = discordKey();
    const before = await reserve(env, key, 20);
    const stub = await stubFor(key);
    await evictDurableObject(stub);
    const [next] = await reserve(env, key, 1);
    // The first slot after a restart comes after the last one given before it.
    expect(next).toBeGreaterThan((before.at(-1) as number) - 100);
    await observe(env, key, 429, bucketHeaders({ "retry-after": "5", "x-ratelimit-global": "true" }));
    await evictDurableObject(stub);
    expect((await reserve(env, key, 1))[0]).toBeGreaterThanOrEqual(4000);
  });
});

describe("invalid-request guard", () => {
  it(`stops sending at ${INVALID_STOP} invalid answers in 10 minutes, far below Discord's ban`, async () => {
    const key = discordKey("POST /channels/9/messages");
    const html403 = new Headers({ "content-type": "text/html" });
    for (let i = 0; i < INVALID_STOP - 1; i++) await observe(env, key, 403, html403);
    // 429s of a shared resource do not count, as Discord documents.
    await observe(env, key, 429, bucketHeaders({ "retry-after": "0", "x-ratelimit-scope": "shared" }));
    const [still] = await reserve(env, key, 1);
    expect(still).toBeLessThan(1000);
    expect(await (await stubFor(key)).invalidCount("discord")).toBe(INVALID_STOP - 1);
    await observe(env, key, 403, html403);
    const [stopped] = await reserve(env, key, 1);
    expect(stopped).toBeGreaterThan(RESERVE_HORIZON_MS);
    expect(stopped).toBeLessThanOrEqual(10 * 60_000 + 60_000);
  });
});

describe("Slack", () => {
  it("posts about once a second per channel, and channels do not wait for each other", async () => {
    const key: PaceKey = { platform: "slack", token: `xoxb-${Date.now()}-${++tokens}`, route: "chat.postMessage C1" };
    const one = await reserve(env, key, 3);
    expect((one[1] as number) - (one[0] as number)).toBeGreaterThanOrEqual(SLACK_CHANNEL_INTERVAL_MS);
    expect((one[2] as number) - (one[1] as number)).toBeGreaterThanOrEqual(SLACK_CHANNEL_INTERVAL_MS);
    const [other] = await reserve(env, on(key, "chat.postMessage C2"), 1);
    expect(other).toBeLessThan(SLACK_CHANNEL_INTERVAL_MS);
  });

  it("holds a method back after Slack's 429 Retry-After", async () => {
    const key: PaceKey = { platform: "slack", token: `xoxb-${Date.now()}-${++tokens}`, route: "chat.postMessage C1" };
    await observe(env, key, 429, new Headers({ "retry-after": "3" }));
    expect((await reserve(env, on(key, "chat.postMessage C7"), 1))[0]).toBeGreaterThanOrEqual(2900);
    // Another method is not held back.
    expect((await reserve(env, on(key, "conversations.info C7"), 1))[0]).toBeLessThan(1000);
  });
});
