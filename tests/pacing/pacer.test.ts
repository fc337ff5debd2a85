// The shared send budget, through the real Durable Object in workerd: Discord's global limit across
// concurrent senders, learned route buckets, global and Cloudflare 429s, the invalid-request guard,
// Slack's per-channel pace, and what survives eviction.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { MAX_SLOTS_PER_CALL, observe, type PaceKey, pacerName, reserve, untilSlot } from "../../src/pacing/index";
import { AUTH_BLOCK_MS, Limiter } from "../../src/pacing/limiter";
import {
  CLOUDFLARE_BLOCK_MS,
  DISCORD_GLOBAL_PER_SECOND,
  INVALID_STOP,
  LATE_SLOT_MS,
  PACE_FRACTION,
  RESERVE_HORIZON_MS,
  SLACK_CHANNEL_INTERVAL_MS,
} from "../../src/pacing/limits";
import type { Pacer } from "../../src/pacing/pacer";
import { busiestWindow } from "./windows";

let tokens = 0;
/** Every test gets its own token, so its own pacer. */
const discordKey = (route = "POST /channels/{channel_id}/messages"): PaceKey => ({
  platform: "discord",
  token: `token-${Date.now()}-${++tokens}`,
  route,
});
const on = (key: PaceKey, route: string): PaceKey => ({ ...key, route });
const stubFor = async (key: PaceKey) => env.PACER.get(env.PACER.idFromName(await pacerName(key)));

const bucketHeaders = (h: Record<string, string>) => new Headers({ "content-type": "application/json", ...h });

/** Runs f and notes the clock before and after: a time the pacer saw during f lies between them. */
async function timed<T>(f: () => Promise<T>): Promise<{ result: T; before: number; after: number }> {
  const before = Date.now();
  const result = await f();
  return { result, before, after: Date.now() };
}

/** One wait from reserve(), with the earliest and latest absolute time its slot can be at. */
async function slot(key: PaceKey) {
  const { result, before, after } = await timed(() => reserve(env, key, 1));
  const wait = result[0] as number;
  return { wait, earliest: before + wait, latest: after + wait };
}

describe("Discord's global limit", () => {
  it("keeps many concurrent senders under 50 requests in any second, and near it", async () => {
    const key = discordKey();
    // What the pacer handed out, on its own clock: every call's time and waits.
    const handedOut = vi.spyOn(Limiter.prototype, "reserve");
    const SENDERS = 40;
    const PER_SENDER = 10;
    try {
      // Each sender is a queue consumer with a batch: one reservation for all of it, all at once.
      const answers = await Promise.all(Array.from({ length: SENDERS }, () => reserve(env, key, PER_SENDER)));
      expect(answers.flat()).toHaveLength(SENDERS * PER_SENDER);
      const slots = handedOut.mock.calls.flatMap(([, , now], i) => {
        const result = handedOut.mock.results[i];
        return result?.type === "return" ? result.value.map((wait) => now + wait) : [];
      });
      expect(slots).toHaveLength(SENDERS * PER_SENDER);
      expect(busiestWindow(slots)).toBeLessThanOrEqual(DISCORD_GLOBAL_PER_SECOND);
      // Never slower than the planned pace while someone waits: a gap wider than one interval only
      // comes before a slot given at once to a call that found the line idle.
      const interval = 1000 / (DISCORD_GLOBAL_PER_SECOND * PACE_FRACTION);
      const immediate = new Set(handedOut.mock.calls.map(([, , now]) => now));
      const sorted = [...slots].sort((a, b) => a - b);
      for (let i = 1; i < sorted.length; i++) {
        const gap = (sorted[i] as number) - (sorted[i - 1] as number);
        // (0.01 ms: times near 1.8e12 ms carry rounding of a few ten-thousandths.)
        expect(gap).toBeGreaterThanOrEqual(interval - 0.01);
        if (gap > interval + 0.01) expect(immediate.has(sorted[i] as number)).toBe(true);
      }
    } finally {
      handedOut.mockRestore();
    }
  });

  it("spaces slots evenly, so a burst of reservations never lands at once", async () => {
    const { result: waits, before, after } = await timed(() => reserve(env, discordKey(), MAX_SLOTS_PER_CALL));
    const gaps = waits.slice(1).map((w, i) => w - (waits[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / DISCORD_GLOBAL_PER_SECOND - 0.01);
    // An idle pacer gives the first slot at once: at the moment it answered, at most the call's time ago.
    expect(waits[0]).toBeLessThanOrEqual(0);
    expect(waits[0]).toBeGreaterThanOrEqual(before - after);
  });

  it("counts the waits from when the pacer answered, however late the answer arrives", async () => {
    const key = discordKey();
    const DELAY = 300;
    // The pacer's answer takes 300 ms to reach the sender (a busy isolate, a far-away object).
    const proto = await runInDurableObject(await stubFor(key), (pacer: Pacer) => Object.getPrototypeOf(pacer) as Pacer);
    const real = proto.reserve;
    proto.reserve = function (this: Pacer, ...args: Parameters<Pacer["reserve"]>) {
      const answer = real.apply(this, args);
      return new Promise((resolve) => setTimeout(() => resolve(answer), DELAY));
    } as unknown as Pacer["reserve"];
    onTestFinished(() => {
      proto.reserve = real;
    });
    const { result: waits, before, after } = await timed(() => reserve(env, key, 10));
    expect(after - before).toBeGreaterThanOrEqual(DELAY);
    // Each slot stays where the pacer put it: the first was 300 ms ago, the last 300 ms before its place.
    expect(waits[0]).toBeLessThanOrEqual(-DELAY);
    const interval = 1000 / (DISCORD_GLOBAL_PER_SECOND * PACE_FRACTION);
    expect(waits[9]).toBeLessThanOrEqual(9 * interval - DELAY + 0.01);
    // So the first slots are gone: a sender holding them does not send.
    const receivedAt = Date.now();
    expect(await untilSlot(waits[0] as number, receivedAt)).toBe(false);
  });

  it("lets a sender use its slot only on time", async () => {
    const receivedAt = Date.now();
    const onTime = await untilSlot(40, receivedAt);
    // workerd's clock stands still between I/O, so this is the moment untilSlot woke up.
    const late = Date.now() - (receivedAt + 40);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(onTime).toBe(late <= LATE_SLOT_MS);
    // Woken long after its slot (a stalled isolate): the slot is gone.
    expect(await untilSlot(0, Date.now() - LATE_SLOT_MS - 100)).toBe(false);
    // Not held at all.
    const before = Date.now();
    expect(await untilSlot(RESERVE_HORIZON_MS + 1, before)).toBe(false);
    expect(Date.now() - before).toBeLessThan(1000);
  });

  it("refuses counts a batch cannot have", async () => {
    await expect(reserve(env, discordKey(), MAX_SLOTS_PER_CALL + 1)).rejects.toThrow(RangeError);
    await expect(reserve(env, discordKey(), -1)).rejects.toThrow(RangeError);
    await expect(reserve(env, discordKey(), 0)).resolves.toEqual([]);
  });

  it("names each pacer by a hash, never by the token", async () => {
    const name = await pacerName({ platform: "discord", token: "Bot.secret-token" });
    expect(name).not.toContain("secret");
    expect(name).toMatch(/^discord:[0-9a-f]{64}$/);
    expect(await pacerName({ platform: "slack", token: "Bot.secret-token" })).not.toBe(name);
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
    const heard = await timed(() =>
      observe(
        env,
        key,
        200,
        bucketHeaders({
          "x-ratelimit-bucket": "abcd",
          "x-ratelimit-limit": "5",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset-after": "3",
        }),
      ),
    );
    const next = await slot(key);
    expect(next.latest).toBeGreaterThanOrEqual(heard.before + 3000);
    expect(next.earliest).toBeLessThanOrEqual(heard.after + 3100);
  });

  it("waits out a route 429 without stopping other routes", async () => {
    const key = discordKey("POST /channels/444/messages");
    const heard = await timed(() =>
      observe(
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
      ),
    );
    expect((await slot(key)).latest).toBeGreaterThanOrEqual(heard.before + 2000);
    expect((await reserve(env, on(key, "POST /channels/555/messages"), 1))[0]).toBeLessThan(1000);
  });
});

describe("global 429", () => {
  it("stops every sender on every route until retry_after", async () => {
    const key = discordKey("POST /channels/1/messages");
    const heard = await timed(() =>
      observe(env, key, 429, bucketHeaders({ "retry-after": "4", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" })),
    );
    for (const route of ["POST /channels/2/messages", "POST /channels/{channel_id}/messages", "GET /gateway/bot"]) {
      const next = await slot(on(key, route));
      expect(next.latest).toBeGreaterThanOrEqual(heard.before + 4000);
      // Right after it, one after the other.
      expect(next.earliest).toBeLessThanOrEqual(heard.after + 4200);
    }
    // Another bot token has its own budget: its slot is at once.
    const other = await timed(() => reserve(env, discordKey(), 1));
    expect(other.result[0]).toBeLessThanOrEqual(0);
    expect(other.result[0]).toBeGreaterThanOrEqual(other.before - other.after);
  });

  it("treats a 429 without rate-limit headers as Cloudflare's block, and holds no slot for it", async () => {
    const key = discordKey();
    const heard = await timed(() => observe(env, key, 429, new Headers({ "content-type": "text/html" })));
    const { result: waits, after } = await timed(() => reserve(env, key, 3));
    expect(waits.every((w) => w > RESERVE_HORIZON_MS)).toBe(true);
    expect(after + (waits[0] as number)).toBeGreaterThanOrEqual(heard.before + CLOUDFLARE_BLOCK_MS);
  });

  it("stops a token Discord refused", async () => {
    const key = discordKey();
    const heard = await timed(() => observe(env, key, 401, new Headers({ "content-type": "application/json" })));
    expect((await slot(key)).latest).toBeGreaterThanOrEqual(heard.before + AUTH_BLOCK_MS);
  });

  it("remembers a block and the slots it gave across eviction", async () => {
    const key = discordKey();
    const given = await timed(() => reserve(env, key, MAX_SLOTS_PER_CALL));
    const stub = await stubFor(key);
    await evictDurableObject(stub);
    // The first slot after a restart comes after the last one given before it (about 2 s ahead).
    expect((await slot(key)).latest).toBeGreaterThan(given.before + (given.result.at(-1) as number));
    const heard = await timed(() => observe(env, key, 429, bucketHeaders({ "retry-after": "5", "x-ratelimit-global": "true" })));
    await evictDurableObject(stub);
    expect((await slot(key)).latest).toBeGreaterThanOrEqual(heard.before + 5000);
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
    const heard = await timed(() => observe(env, key, 429, new Headers({ "retry-after": "3" })));
    expect((await slot(on(key, "chat.postMessage C7"))).latest).toBeGreaterThanOrEqual(heard.before + 3000);
    // Another method is not held back.
    expect((await reserve(env, on(key, "conversations.info C7"), 1))[0]).toBeLessThan(1000);
  });
});
