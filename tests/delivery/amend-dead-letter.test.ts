// An edit the main queue gives back at its last retry, through no fault of its own (D1 unreachable, no
// pacing slot, the invocation's budget spent), is dead-lettered. The dead-letter queue's consumer has
// retries of its own, after which the queue drops a message: there the edit is handed back to the planner
// at once, and the next tick queues it again. Should even that fail until the queue drops it, the sweep
// finds the edit still queued long after and hands it back itself.
import { describe, expect, it } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import { EDIT_LOST_AFTER_MS, QUEUE_LAST_ATTEMPT } from "../../src/delivery/policy";
import { newsKey } from "../../src/topics/renewal";
import {
  deliverThenWithdraw,
  deliveryWorldEach,
  queuedEdits,
  runCron,
  runQueue,
  runQueueUntilDone,
  store,
} from "../helpers/alerts";
import { beforeEachQuery, failingOnce } from "../helpers/hold";

const world = deliveryWorldEach();

const DLQ = "trauma-code-announcements-dlq";

/** An item posted to one Discord and one Slack channel, then withdrawn: the edits the next tick queues. */
const withdrawnPosts = () => deliverThenWithdraw(world.testEnv, world.queue, ["D-1"], ["S-1"]);

const editsOf = () => [...world.api.discordIn("D-1"), ...world.api.slackIn("S-1")].map((p) => p.edits ?? 0);

it("an edit dead-lettered after D1 failed at the last retry is made once, by the next tick", { timeout: 60_000 }, async () => {
  const { item, edits } = await withdrawnPosts();
  const flaky = failingOnce(world.testEnv.DB, "SELECT d.message_key, d.subscription_id, d.message_id, d.amend_state");
  const last = await runQueue({ ...world.testEnv, DB: flaky.db }, edits, QUEUE_LAST_ATTEMPT);
  expect(flaky.failed()).toBe(true);
  // Retried at the main queue's last retry: the queue dead-letters them.
  const dead = last.retried.map((r) => r.job);
  expect(dead).toHaveLength(2);

  // Discord is paused meanwhile (a global 429 another batch met), which an edit run there would wait out
  // in the dead-letter queue's own few retries. Its consumer's first and only look retries nothing, so
  // there is nothing the queue could drop.
  const paused = { pausedUntil: Date.now() + 60 * 60_000, pauseReason: "global rate limit", authError: null, tokenHash: null };
  await store().setPlatformState("discord", paused, Date.now());
  const there = await runQueue(world.testEnv, dead, 1, DLQ);
  expect(there.retried).toEqual([]);
  expect(there.acked).toBe(2);
  expect((await store().amends(newsKey(item.id))).map((a) => [a.amendState, a.amendError])).toEqual([
    [null, null],
    [null, null],
  ]);
  expect(editsOf(), "no edit made on the dead-letter queue").toEqual([0, 0]);

  await store().setPlatformState("discord", { ...paused, pausedUntil: 0 }, Date.now());
  await runCron(world.testEnv);
  const again = queuedEdits(world.queue);
  expect(again).toHaveLength(2);
  await runQueueUntilDone(world.testEnv, again);
  expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(["done", "done"]);
  expect(editsOf()).toEqual([1, 1]);
});

it("a dead-lettered copy of an edit already made changes nothing", { timeout: 60_000 }, async () => {
  const { item, edits } = await withdrawnPosts();
  await runQueueUntilDone(world.testEnv, edits);
  expect(editsOf()).toEqual([1, 1]);

  const there = await runQueue(world.testEnv, edits, 1, DLQ);
  expect(there.retried).toEqual([]);
  await runCron(world.testEnv);
  expect(world.queue.amends.splice(0), "nothing queued again").toEqual([]);
  expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(["done", "done"]);
  expect(editsOf()).toEqual([1, 1]);
});

/** One Discord post withdrawn, its edit given back at the main queue's last retry (D1 lost once): the dead letter. */
async function deadLetteredEdit() {
  const { item, edits } = await deliverThenWithdraw(world.testEnv, world.queue, ["D-1"]);
  const flaky = failingOnce(world.testEnv.DB, "SELECT d.message_key, d.subscription_id, d.message_id, d.amend_state");
  const dead = (await runQueue({ ...world.testEnv, DB: flaky.db }, edits, QUEUE_LAST_ATTEMPT)).retried.map((r) => r.job);
  expect(dead).toHaveLength(1);
  return { item, dead };
}

const HAND_BACK = "UPDATE deliveries SET amend_state = CASE WHEN json_extract(j.value, '$.t') IN ('parked', 'unqueued')";

describe("when the hand-back itself cannot be written", { timeout: 60_000 }, () => {
  it("is tried again after a backoff, not at once", async () => {
    const { dead } = await deadLetteredEdit();
    const flaky = failingOnce(world.testEnv.DB, HAND_BACK);
    const there = await runQueue({ ...world.testEnv, DB: flaky.db }, dead, 1, DLQ);
    expect(flaky.failed()).toBe(true);
    expect(there.retried).toEqual([{ job: dead[0], delaySeconds: expect.any(Number) }]);
    expect(there.retried[0]?.delaySeconds).toBeGreaterThanOrEqual(10);
  });

  it("an edit the dead-letter queue dropped is handed back by the sweep once it is long overdue, and made once", async () => {
    const { item, dead } = await deadLetteredEdit();
    // D1 unreachable for the dead-letter queue's every delivery: then the queue drops the message.
    const down = beforeEachQuery(world.testEnv.DB, (sql) => {
      if (sql.includes(HAND_BACK)) throw new Error("D1_ERROR: Network connection lost.");
    });
    for (let attempt = 1; attempt <= QUEUE_LAST_ATTEMPT; attempt++)
      await runQueue({ ...world.testEnv, DB: down }, dead, attempt, DLQ);
    expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(["queued"]);

    // Ticks while an edit could still be on its way leave it alone.
    const queuedAt = Date.now();
    await planDeliveries(world.testEnv, queuedAt + EDIT_LOST_AFTER_MS - 60_000);
    await planDeliveries(world.testEnv, queuedAt + EDIT_LOST_AFTER_MS - 60_000);
    expect(queuedEdits(world.queue)).toEqual([]);
    expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(["queued"]);

    // Long after, the sweep hands it back and the next tick queues it.
    await planDeliveries(world.testEnv, queuedAt + EDIT_LOST_AFTER_MS + 60_000);
    await planDeliveries(world.testEnv, queuedAt + EDIT_LOST_AFTER_MS + 60_000);
    const again = queuedEdits(world.queue);
    expect(again).toHaveLength(1);
    await runQueueUntilDone(world.testEnv, again);
    expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(["done"]);
    expect(world.api.discordIn("D-1").map((p) => p.edits ?? 0)).toEqual([1]);
  });
});
