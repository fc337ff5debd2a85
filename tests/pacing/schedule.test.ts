// Random arrival schedules against the real pacer Durable Object, replayed in simulated time (the
// object's clock is set per event), with global 429s, Cloudflare blocks and learned route buckets
// arriving in between. After every run: no second holds more than Discord's global limit, every
// reservation is eventually granted, and no slot falls inside a block or an exhausted bucket it knew of.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pacerName } from "../../src/pacing/index";
import type { Observation } from "../../src/pacing/limiter";
import { DISCORD_GLOBAL_PER_SECOND, RESERVE_HORIZON_MS } from "../../src/pacing/limits";
import type { Pacer } from "../../src/pacing/pacer";
import { busiestWindow } from "./windows";

const RUNS = 100;
const params = { numRuns: RUNS, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };
const ROUTES = ["POST /channels/{channel_id}/messages", "POST /channels/1/messages", "POST /channels/2/messages"];
/** Simulated time starts here, so minute-aligned counters see an ordinary clock. */
const T0 = 1_800_000_000_000;

type Arrival = { kind: "reserve"; at: number; route: string; count: number };
type Event =
  | Arrival
  | { kind: "global429"; at: number; retryAfter: number }
  | { kind: "cloudflare429"; at: number }
  | { kind: "bucket"; at: number; route: string; limit: number; remaining: number; resetAfter: number };

const arrival = fc.record({
  kind: fc.constant("reserve" as const),
  at: fc.integer({ min: 0, max: 20_000 }),
  route: fc.constantFrom(...ROUTES),
  count: fc.integer({ min: 1, max: 10 }),
});
const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 60, arbitrary: arrival },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("global429" as const),
      at: fc.integer({ min: 0, max: 20_000 }),
      retryAfter: fc.integer({ min: 1, max: 5 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("cloudflare429" as const), at: fc.integer({ min: 0, max: 20_000 }) }),
  },
  {
    weight: 10,
    arbitrary: fc
      .record({
        at: fc.integer({ min: 0, max: 20_000 }),
        route: fc.constantFrom(ROUTES[1] as string, ROUTES[2] as string),
        limit: fc.integer({ min: 1, max: 5 }),
        resetAfter: fc.integer({ min: 100, max: 5_000 }),
        used: fc.integer({ min: 1, max: 5 }),
      })
      .map(({ at, route, limit, resetAfter, used }) => ({
        kind: "bucket" as const,
        at,
        route,
        limit,
        remaining: Math.max(0, limit - used),
        resetAfter: resetAfter / 1000,
      })),
  },
);

const observation = (e: Event): Observation | undefined => {
  switch (e.kind) {
    case "global429":
      return {
        route: ROUTES[1] as string,
        status: 429,
        headers: { "retry-after": String(e.retryAfter), "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
      };
    case "cloudflare429":
      return { route: ROUTES[1] as string, status: 429, headers: {} };
    case "bucket":
      return {
        route: e.route,
        status: 200,
        headers: {
          "x-ratelimit-bucket": "b0",
          "x-ratelimit-limit": String(e.limit),
          "x-ratelimit-remaining": String(e.remaining),
          "x-ratelimit-reset-after": String(e.resetAfter),
        },
      };
    default:
      return undefined;
  }
};

let runs = 0;

describe("pacing over random arrival schedules", () => {
  it(`holds the global limit and grants every reservation (${RUNS} schedules)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 60 }), async (events) => {
        const stub = env.PACER.get(
          env.PACER.idFromName(await pacerName({ platform: "discord", token: `schedule-${++runs}-${Date.now()}` })),
        );
        const sim = { now: T0 };
        await runInDurableObject(stub, (pacer: Pacer) => {
          pacer.clock = () => sim.now;
        });
        // Time-ordered work; a reservation told to come back later is queued again at that time.
        const queue = events.map((e) => ({ ...e, at: T0 + e.at })).sort((a, b) => a.at - b.at);
        const granted: { at: number; route: string; order: number }[] = [];
        const blocks: { from: number; until: number; order: number }[] = [];
        const buckets: { route: string; from: number; until: number; order: number }[] = [];
        let requested = 0;
        let steps = 0;
        for (let e = queue.shift(); e; e = queue.shift()) {
          // Events at the same moment happen in this order: "after a block was heard" means after in it.
          const order = ++steps;
          expect(order).toBeLessThan(10_000);
          sim.now = e.at;
          const seen = observation(e);
          if (seen) {
            await stub.observe("discord", [seen]);
            if (e.kind === "global429") blocks.push({ from: e.at, until: e.at + e.retryAfter * 1000, order });
            // A newer answer about the same route replaces what an older one said.
            if (e.kind === "bucket") for (const b of buckets) if (b.route === e.route && b.until > e.at) b.until = e.at;
            if (e.kind === "bucket" && e.remaining === 0)
              buckets.push({ route: e.route, from: e.at, until: e.at + e.resetAfter * 1000, order });
            continue;
          }
          if (e.kind !== "reserve") continue;
          if (!("retry" in e)) requested += e.count;
          const { at, waits } = await stub.reserve("discord", e.route, e.count);
          expect(at).toBe(e.at);
          expect(waits).toHaveLength(e.count);
          const held = waits.filter((w) => w <= RESERVE_HORIZON_MS);
          for (const w of held) {
            expect(w).toBeGreaterThanOrEqual(0);
            granted.push({ at: e.at + w, route: e.route, order });
          }
          if (held.length < e.count) {
            const back = { ...e, at: e.at + (waits[held.length] as number), count: e.count - held.length, retry: true };
            const i = queue.findIndex((q) => q.at > back.at);
            queue.splice(i < 0 ? queue.length : i, 0, back);
          }
        }
        // Every reservation was granted, once.
        expect(granted).toHaveLength(requested);
        // No second holds more than Discord's global limit.
        expect(busiestWindow(granted.map((g) => g.at))).toBeLessThanOrEqual(DISCORD_GLOBAL_PER_SECOND);
        // Nothing reserved after a global 429 was heard leaves before it ends.
        for (const b of blocks)
          for (const g of granted) if (g.order > b.order) expect(g.at < b.from || g.at >= b.until).toBe(true);
        // Nothing reserved after a bucket was reported exhausted uses it before it resets.
        for (const b of buckets)
          for (const g of granted)
            if (g.route === b.route && g.order > b.order) expect(g.at < b.from || g.at >= b.until).toBe(true);
      }),
      params,
    );
  }, 120_000);
});
