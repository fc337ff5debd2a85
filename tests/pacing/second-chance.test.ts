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

/**
 * sendPaced over `calls` on a budget counted as a batch counts it (PacerCalls, and what each call spends
 * once it leaves) plus `spare`, the pacer's n-th answer coming 120 ms late, its slots passed, when
 * `late(n)`. Each call that leaves spends all it may, then `onSend` sees it.
 */
async function budgetedRun(
  calls: { item: number; key: PaceKey }[],
  needs: (item: number) => number,
  spare: number,
  late: (n: number) => boolean,
  onSend: (item: number) => Promise<void> | void = () => {},
) {
  const counted = new PacerCalls();
  let pacerCalls = 0;
  let left = spare;
  for (const call of calls) {
    pacerCalls += counted.cost(call.key);
    left += counted.cost(call.key) + needs(call.item);
    counted.add(call.key);
  }
  const keyOf = (item: number) => paceId((calls[item] as (typeof calls)[number]).key);
  const result = {
    sent: [] as number[],
    givenBack: [] as number[],
    overspent: [] as string[],
    reservations: 0,
    // What PacerCalls counts is one round's reservations and a report per key.
    oneRound: pacerCalls - new Set(calls.map((call) => paceId(call.key))).size,
    left: 0,
  };
  await sendPaced(calls, {
    env: { ...env, PACER: slowPacer(env.PACER, { answerMs: 120, when: ({ n }) => late(n) }) },
    spend: () => {
      if (left < 1) return false;
      left--;
      result.reservations++;
      return true;
    },
    maxWaitMs: 5_000,
    left: () => left,
    needs,
    send: async (item) => {
      if (left < needs(item)) result.overspent.push(`call ${item} left with ${left} calls left, needing ${needs(item)}`);
      left -= needs(item);
      result.sent.push(item);
      await onSend(item);
    },
    giveBack: (item) => result.givenBack.push(item),
  });
  const reports = new Set(result.sent.map(keyOf)).size;
  if (left < reports) result.overspent.push(`${reports} reports with ${left} calls left`);
  result.left = left;
  return result;
}

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
        const firstOf = new Map<string, number>();
        const answered = new Set<string>();
        const unheard: string[] = [];
        const result = await budgetedRun(
          calls,
          (item) => (drawn[item] as (typeof drawn)[number]).needs,
          spare,
          (n) => late[n % late.length] === true,
          async (item) => {
            const token = (calls[item] as (typeof calls)[number]).key.token;
            const first = firstOf.get(token);
            if (first === undefined) firstOf.set(token, item);
            else if (!answered.has(token)) unheard.push(`call ${item} left before call ${first} of its token was answered`);
            await new Promise((resolve) => setTimeout(resolve, 5));
            answered.add(token);
          },
        );
        if (result.reservations > result.oneRound) secondRounds++;

        expect([...result.sent, ...result.givenBack].sort((a, b) => a - b)).toEqual(calls.map((c) => c.item));
        expect(unheard).toEqual([]);
        expect(result.overspent).toEqual([]);
      },
    ),
    params,
  );
  expect(secondRounds, "runs that reserved a second round").toBeGreaterThan(0);
});

it("takes a second round the budget covers exactly", { timeout: 30_000 }, async () => {
  // Five tokens of one call each, every first call late: the second round reserves five times, not ten.
  run++;
  const calls = Array.from({ length: 5 }, (_, i) => ({
    item: i,
    key: { platform: "slack", token: `second${run}-exact${i}`, route: "chat.postMessage" } as PaceKey,
  }));
  // Beyond what the batch counted, the first round's five reservations once more: what a second round takes.
  const result = await budgetedRun(
    calls,
    () => 3,
    calls.length,
    (n) => n < calls.length,
  );
  expect(result.givenBack, "given back although the second round was paid for").toEqual([]);
  expect(result.reservations).toBe(2 * calls.length);
  expect(result.sent.sort()).toEqual(calls.map((c) => c.item));
  expect(result.overspent).toEqual([]);
  expect(result.left, "left for a report per key").toBe(calls.length);
});
