// A batch with calls on several tokens (Discord's, Slack's) while the pacer is slow to reach. Each token's
// first call has its slot from its own reservation's answer: waiting for every other token's answer before
// sending would let it pass, and the token's calls would all come back unsent.
// A delivery or an edit whose slot passed all the same is reserved again once, then given back unsent.
import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import { EDIT_LOST_AFTER_MS, MISSED_SLOT } from "../../src/delivery/policy";
import { Limiter } from "../../src/pacing/limiter";
import { newsKey } from "../../src/topics/renewal";
import { deliverThenWithdraw, deliveryWorldEach, publishTo, queuedEdits, resetPacers, runQueue, store } from "../helpers/alerts";
import { slowPacer } from "../helpers/hold";

const world = deliveryWorldEach();

it("every token's calls leave at their slots when each reservation takes 50 ms to reach the pacer", {
  timeout: 60_000,
}, async () => {
  const discord = ["D-1", "D-2", "D-3"];
  const slack = ["S-1", "S-2", "S-3"];
  const { item, jobs } = await publishTo(world.testEnv, world.queue, discord, slack);
  const reserved = vi.spyOn(Limiter.prototype, "reserve");
  const result = await runQueue(
    { ...world.testEnv, PACER: slowPacer(world.testEnv.PACER, { requestMs: 50 }) },
    jobs,
    1,
    undefined,
    { late: "given back" },
  );
  expect(
    result.retried.map((r) => r.job.subscriptionId),
    "given back unsent",
  ).toEqual([]);
  // Per token (Discord's, the Slack workspace's) its first call, then its others: two reservations, and
  // none more for a call that missed its slot.
  const reservations = reserved.mock.calls.length;
  reserved.mockRestore();
  expect(reservations).toBe(2 * 2);
  for (const channel of discord) expect(world.api.discordIn(channel)).toHaveLength(1);
  for (const channel of slack) expect(world.api.slackIn(channel)).toHaveLength(1);
  expect((await store().deliveries(newsKey(item.id))).map((d) => d.state)).toEqual([...discord, ...slack].map(() => "sent"));
});

/** The test world's pacer, its answers arriving 200 ms late `times` times: the slots they hold have passed. */
const lateAnswers = (times: number) => ({ ...world.testEnv, PACER: slowPacer(world.testEnv.PACER, { answerMs: 200, times }) });

it("a delivery whose slot passed before the pacer's answer came is reserved again and posts once; missing twice, it is given back untried", {
  timeout: 60_000,
}, async () => {
  const { item, jobs } = await publishTo(world.testEnv, world.queue, ["D-1"]);
  const twice = await runQueue(lateAnswers(2), jobs, 1, undefined, { late: "given back" });
  expect(twice.retried.map((r) => r.delaySeconds)).toEqual([1]);
  expect(world.api.discordIn("D-1")).toHaveLength(0);
  const [given] = await store().deliveries(newsKey(item.id));
  expect(given).toMatchObject({ state: "queued", attempts: 0, error: MISSED_SLOT });

  await env.DB.prepare("UPDATE deliveries SET due_at = 0 WHERE message_key = ?").bind(newsKey(item.id)).run();
  // Pacers as new: their clocks not moved on by the second the retry asked for, so this answer is late too.
  await resetPacers();
  const once = await runQueue(lateAnswers(1), jobs, 2, undefined, { late: "given back" });
  expect(once.retried).toEqual([]);
  expect(world.api.discordIn("D-1")).toHaveLength(1);
  expect((await store().deliveries(newsKey(item.id)))[0]).toMatchObject({ state: "sent", attempts: 1 });
});

it("an edit whose slot passed twice is given back unsent with the reason, and is made once when it comes again", {
  timeout: 60_000,
}, async () => {
  const { item, edits } = await deliverThenWithdraw(world.testEnv, world.queue, ["D-1"]);
  await resetPacers();
  const twice = await runQueue(lateAnswers(2), edits, 1, undefined, { late: "given back" });
  expect(twice.retried).toHaveLength(1);
  expect(world.api.discordIn("D-1")[0]?.edits).toBe(0);
  expect(await store().amends(newsKey(item.id))).toMatchObject([{ amendState: "queued", amendError: MISSED_SLOT }]);
  // Missing twice again, then brought again at once the way the tests' queue does: one edit.
  await resetPacers();
  expect((await runQueue(lateAnswers(2), edits, 2)).retried).toEqual([]);
  expect(world.api.discordIn("D-1")[0]?.edits).toBe(1);
  expect(await store().amends(newsKey(item.id))).toMatchObject([{ amendState: "done" }]);
});

it("an edit given back unsent counts as settled: the sweep does not take it for lost while it keeps coming back", {
  timeout: 60_000,
}, async () => {
  const { item, edits } = await deliverThenWithdraw(world.testEnv, world.queue, ["D-1"]);
  // Queued nearly as long ago as an edit may go unsettled before the sweep hands it back.
  const now = Date.now();
  await env.DB.prepare("UPDATE deliveries SET amend_queued_at = ?1 WHERE message_key = ?2")
    .bind(now - EDIT_LOST_AFTER_MS + 60_000, newsKey(item.id))
    .run();
  await resetPacers();
  expect((await runQueue(lateAnswers(2), edits, 3, undefined, { late: "given back" })).retried).toHaveLength(1);
  // Two ticks past the old deadline: the edit is still on the queue, so nothing queues it a second time.
  await planDeliveries(world.testEnv, now + 120_000);
  await planDeliveries(world.testEnv, now + 120_000);
  expect(queuedEdits(world.queue)).toEqual([]);
  expect(await store().amends(newsKey(item.id))).toMatchObject([{ amendState: "queued", amendError: MISSED_SLOT }]);
});

it("the tests' runQueue brings again only what its own run gave back for a missed slot", { timeout: 60_000 }, async () => {
  const { item, jobs } = await publishTo(world.testEnv, world.queue, ["D-1"]);
  // The row says an earlier run missed its slot; this run finds Discord paused and leaves the row as it is.
  await env.DB.prepare("UPDATE deliveries SET error = ?1 WHERE message_key = ?2").bind(MISSED_SLOT, newsKey(item.id)).run();
  const paused = { pausedUntil: Date.now() + 60 * 60_000, pauseReason: "global rate limit", authError: null, tokenHash: null };
  await store().setPlatformState("discord", paused, Date.now());
  const log = vi.spyOn(console, "log");
  const result = await runQueue(world.testEnv, jobs);
  const runs = log.mock.calls.filter(([line]) => String(line).includes('"event":"delivery"')).length;
  log.mockRestore();
  expect(result.retried).toHaveLength(1);
  expect(runs, "times the delivery was run").toBe(1);
});
