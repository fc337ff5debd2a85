// sendPaced's second chance, under random pacer lateness and a budget counted as a batch counts it
// (PacerCalls, what each call spends once it leaves, and a few spare calls or none). Whatever is late:
// every call leaves or is given back, once; a token's calls leave only after its first call that left was
// answered; and no reservation of a second round takes what a call that leaves, or a report of the
// batch's answers, was counted with.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { PaceKey } from "../../src/pacing/index";
import { PacerCalls, paceId, sendPaced } from "../../src/pacing/send";
import { slowPacer } from "../helpers/hold";

const params = { numRuns: 40, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };
const ROUTES = ["POST /channels/1/messages", "POST /channels/{channel_id}/messages"];
let run = 0;

it("leaves every call once, its token heard first, within the budget counted", { timeout: 240_000 }, async () => {
  let secondRounds = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ token: fc.nat(2), route: fc.nat(ROUTES.length - 1), needs: fc.integer({ min: 1, max: 3 }) }), {
        minLength: 1,
        maxLength: 8,
      }),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      fc.nat(4),
      async (drawn, late, spare) => {
        // Tokens of their own each run: the pacer remembers earlier runs' slots.
        run++;
        const calls = drawn.map(({ token, route }, i) => ({
          item: i,
          key: { platform: "discord", token: `second${run}-token${token}`, route: ROUTES[route] as string } as PaceKey,
        }));
        const needs = (item: number) => (drawn[item] as (typeof drawn)[number]).needs;
        const counted = new PacerCalls();
        let pacerCalls = 0;
        let left = spare;
        for (const call of calls) {
          pacerCalls += counted.cost(call.key);
          left += counted.cost(call.key) + needs(call.item);
          counted.add(call.key);
        }
        // What PacerCalls counts is one round's reservations and a report per key.
        const oneRound = pacerCalls - new Set(calls.map((call) => paceId(call.key))).size;
        const overspent: string[] = [];
        const sent: number[] = [];
        const givenBack: number[] = [];
        const firstOf = new Map<string, number>();
        const answered = new Set<string>();
        const unheard: string[] = [];
        let reservations = 0;
        // The n-th reservation's answer comes 120 ms late when the schedule says so: its slots have passed.
        const PACER = slowPacer(env.PACER, { answerMs: 120, when: ({ n }) => late[n % late.length] === true });
        await sendPaced(calls, {
          env: { ...env, PACER },
          spend: () => {
            if (left < 1) return false;
            left--;
            reservations++;
            return true;
          },
          maxWaitMs: 5_000,
          left: () => left,
          needs,
          send: async (item) => {
            const token = (calls[item] as (typeof calls)[number]).key.token;
            const first = firstOf.get(token);
            if (first === undefined) firstOf.set(token, item);
            else if (!answered.has(token)) unheard.push(`call ${item} left before call ${first} of its token was answered`);
            if (left < needs(item)) overspent.push(`call ${item} left with ${left} calls left, needing ${needs(item)}`);
            left -= needs(item);
            sent.push(item);
            await new Promise((resolve) => setTimeout(resolve, 5));
            answered.add(token);
          },
          giveBack: (item) => givenBack.push(item),
        });
        const reports = new Set(sent.map((item) => paceId((calls[item] as (typeof calls)[number]).key))).size;
        if (left < reports) overspent.push(`${reports} reports with ${left} calls left`);
        if (reservations > oneRound) secondRounds++;

        expect([...sent, ...givenBack].sort((a, b) => a - b)).toEqual(calls.map((c) => c.item));
        expect(unheard).toEqual([]);
        expect(overspent).toEqual([]);
      },
    ),
    params,
  );
  expect(secondRounds, "runs that reserved a second round").toBeGreaterThan(0);
});

it("takes a second round the budget covers exactly", { timeout: 30_000 }, async () => {
  // Five tokens of one call each, every first call late: the second round reserves five times, not ten.
  run++;
  const NEEDS = 3;
  const calls = Array.from({ length: 5 }, (_, i) => ({
    item: i,
    key: { platform: "slack", token: `second${run}-exact${i}`, route: "chat.postMessage" } as PaceKey,
  }));
  const counted = new PacerCalls();
  // What the batch counted, and the first round's five reservations once more: what a second round takes.
  let left = calls.length;
  for (const call of calls) {
    left += counted.cost(call.key) + NEEDS;
    counted.add(call.key);
  }
  let reservations = 0;
  const sent: number[] = [];
  const givenBack: number[] = [];
  await sendPaced(calls, {
    env: { ...env, PACER: slowPacer(env.PACER, { answerMs: 120, when: ({ n }) => n < calls.length }) },
    spend: () => {
      if (left < 1) return false;
      left--;
      reservations++;
      return true;
    },
    maxWaitMs: 5_000,
    left: () => left,
    needs: () => NEEDS,
    send: async (item) => {
      left -= NEEDS;
      sent.push(item);
    },
    giveBack: (item) => givenBack.push(item),
  });
  expect(givenBack, "given back although the second round was paid for").toEqual([]);
  expect(reservations).toBe(2 * calls.length);
  expect(sent.sort()).toEqual(calls.map((c) => c.item));
  expect(left, "left for a report per key").toBe(calls.length);
});
