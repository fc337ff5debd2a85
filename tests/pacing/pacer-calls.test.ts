// A batch reserves its invocation budget before it sends (PacerCalls), so the count must never be under
// what sendPaced then asks of the real pacer (a reservation each time it spends), with one report per
// pacing key answered; and, when every call leaves at its slot, not over it either, or a batch fits fewer
// calls than it could.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PaceKey } from "../../src/pacing/index";
import { PacerCalls, paceId, sendPaced } from "../../src/pacing/send";

const params = { numRuns: 40, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };
const ROUTES = ["POST /channels/1/messages", "POST /channels/2/messages", "POST /channels/{channel_id}/messages"];
let run = 0;

describe("the pacer calls a batch is budgeted", () => {
  it("are exactly those sendPaced makes, whatever mix of tokens and routes", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ token: fc.nat(3), route: fc.nat(ROUTES.length - 1) }), { minLength: 1, maxLength: 10 }),
        async (drawn) => {
          // Tokens of their own each run: the pacer remembers earlier runs' slots.
          run++;
          const calls = drawn.map(({ token, route }, i) => ({
            item: i,
            key: { platform: "discord", token: `run${run}-token${token}`, route: ROUTES[route] as string } as PaceKey,
          }));
          const budgeted = new PacerCalls();
          let counted = 0;
          for (const call of calls) {
            counted += budgeted.cost(call.key);
            budgeted.add(call.key);
          }
          let reservations = 0;
          const sent: number[] = [];
          const givenBack: number[] = [];
          await sendPaced(
            calls,
            {
              env,
              spend: () => {
                reservations++;
                return true;
              },
              maxWaitMs: 5_000,
              send: async (item) => {
                sent.push(item);
              },
              giveBack: (item) => givenBack.push(item),
            },
            // What is counted is one round: a second chance for calls that missed is paid from what is left.
            { chances: 1 },
          );
          // Every call leaves or is given back, once.
          expect([...sent, ...givenBack].sort((a, b) => a - b)).toEqual(calls.map((c) => c.item));
          const reports = new Set(sent.map((item) => paceId((calls[item] as (typeof calls)[number]).key))).size;
          // Never more than counted; exactly as counted when every call left at its slot. A loaded machine
          // can make a call miss its slot (it is then given back, and what it would have led to not made).
          if (givenBack.length) expect(reservations + reports).toBeLessThanOrEqual(counted);
          else expect(reservations + reports).toBe(counted);
        },
      ),
      params,
    );
  });
});
