// A large fan-out is planned a chunk at a time: the cron tick plans a chunk of each message still being
// planned, and each chunk queues a plan job for the next. Ticks keep coming while the chain runs (a tick
// is also what starts a chain again should it ever break), and Queues delivers a message at least once.
// Whatever the order of ticks, plan jobs and duplicates of them, the message's planning goes on along
// one chain: the queue holds about a chunk of its deliveries, not a chunk per tick that came meanwhile.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeliveryJob, QueueJob } from "../../src/delivery/jobs";
import { PLAN_CHUNK, planDeliveries } from "../../src/delivery/planner";
import { alertEnv, ledger, recordingQueue, runQueue } from "../helpers/alerts";
import { otherChannels } from "../helpers/counting-db";

const params = { numRuns: 30, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };

const CHUNKS = 6;
const SUBSCRIPTIONS = PLAN_CHUNK * CHUNKS + 7;
const ITEM = "big";

/** A fresh world: SUBSCRIPTIONS channels, one message published after them, nothing planned yet. */
async function bigFanOut(): Promise<void> {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM deliveries"),
    env.DB.prepare("DELETE FROM messages"),
    env.DB.prepare("DELETE FROM subscriptions"),
  ]);
  await otherChannels(env.DB, SUBSCRIPTIONS, { platform: "discord", workspace: "g", channel: "c-" });
  await env.DB.prepare(
    `INSERT INTO messages (key, topic, body, published_at, planned_through) VALUES (?1, 'renewal', '{"replies":{}}', 1, 0)`,
  )
    .bind(`renewal:${ITEM}`)
    .run();
}

type Step = { kind: "tick" } | { kind: "run"; pick: number } | { kind: "duplicate"; pick: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ kind: "tick" as const }),
  fc.record({ kind: fc.constant("run" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), pick: fc.nat() }),
);

describe("planning a large fan-out while ticks keep coming", { timeout: 120_000 }, () => {
  // A failure prints its seed; replay it with FC_SEED=<seed> npm test.
  it("goes on along one chain of plan jobs, and plans every channel once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), fc.nat(), async (steps, order) => {
        await bigFanOut();
        const queue = recordingQueue();
        const testEnv = alertEnv(queue);
        const waiting: QueueJob[] = [];
        const take = () => waiting.push(...queue.plans.splice(0).map((p) => p.body));
        for (const s of steps) {
          if (s.kind === "tick") await planDeliveries(testEnv);
          else if (waiting.length) {
            const i = s.pick % waiting.length;
            const job = waiting[i] as QueueJob;
            // A duplicate stays in the queue beside the copy run now.
            if (s.kind === "run") waiting.splice(i, 1);
            await runQueue(testEnv, [job]);
          }
          take();
        }
        // Then the queue is drained, its plan jobs in any order: each round runs every plan job waiting,
        // and at most one of them goes on to plan the next chunk.
        for (let round = 0; waiting.length; round++) {
          expect(round).toBeLessThan(CHUNKS + 2);
          const jobs = waiting.splice(0);
          const rotate = order % jobs.length;
          for (const job of [...jobs.slice(rotate), ...jobs.slice(0, rotate)]) await runQueue(testEnv, [job]);
          take();
          expect(waiting.length, `plan jobs queued by round ${round}'s ${jobs.length}`).toBeLessThanOrEqual(1);
        }
        // A chain left broken is taken up again by the next tick.
        for (let tick = 0; tick < CHUNKS + 2; tick++) {
          await planDeliveries(testEnv);
          for (let job = queue.plans.shift(); job; job = queue.plans.shift()) await runQueue(testEnv, [job.body]);
        }
        const planned = queue.sent.map((m) => (m.body as DeliveryJob).subscriptionId);
        expect(new Set(planned).size).toBe(SUBSCRIPTIONS);
        expect(planned).toHaveLength(SUBSCRIPTIONS);
        expect(await ledger(ITEM)).toHaveLength(SUBSCRIPTIONS);
      }),
      params,
    );
  });
});
