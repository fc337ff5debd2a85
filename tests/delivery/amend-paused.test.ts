// Withdrawal edits and a platform pause (platform_state.paused_until: a global 429, odd answers that
// persist). Edits wait a pause out as deliveries do, calling nothing while it lasts; and a pause an edit
// meets itself is recorded as a delivery's is, so the batch's other edits, and every delivery, wait too.
// A rate limit an edit meets made no edit either: at the queue's last retry it goes back to the planner.
import { describe, expect, it } from "vitest";
import type { AmendJob } from "../../src/delivery/jobs";
import { QUEUE_DELAY_MAX_S, QUEUE_LAST_ATTEMPT } from "../../src/delivery/policy";
import { newsKey } from "../../src/topics/renewal";
import {
  deliverThenWithdraw,
  deliveryWorldEach,
  health,
  queuedEdits,
  runCron,
  runQueue,
  runQueueUntilDone,
  store,
} from "../helpers/alerts";
import type { Scripted } from "../helpers/mock-api";

const world = deliveryWorldEach();

const HOUR = 60 * 60_000;

describe("an edit while its platform is paused", { timeout: 60_000 }, () => {
  it.each([
    ["discord", "D-1"],
    ["slack", "S-1"],
  ] as const)("on %s calls nothing, comes back when the pause ends, and is made once", async (platform, channel) => {
    const { item, edits } = await deliverThenWithdraw(
      world.testEnv,
      world.queue,
      platform === "discord" ? [channel] : [],
      platform === "slack" ? [channel] : [],
    );
    const posted = () => (platform === "discord" ? world.api.discordIn(channel) : world.api.slackIn(channel));
    const paused = { pausedUntil: Date.now() + HOUR, pauseReason: "global rate limit", authError: null, tokenHash: null };
    await store().setPlatformState(platform, paused, Date.now());
    const calls = platform === "discord" ? world.api.discordCalls : world.api.slackCalls;

    const during = await runQueue(world.testEnv, edits);
    expect((platform === "discord" ? world.api.discordCalls : world.api.slackCalls) - calls, "calls during the pause").toBe(0);
    expect(posted()[0]?.edits ?? 0).toBe(0);
    // It comes back once the pause is over, still queued.
    expect(during.retried.map((r) => r.delaySeconds)).toEqual([expect.toSatisfy((s: number) => s > HOUR / 1000 - 60)]);
    expect(await store().amends(newsKey(item.id))).toEqual([
      { subscriptionId: expect.any(Number), amendState: "queued", amendError: "platform paused" },
    ]);

    await store().setPlatformState(platform, { ...paused, pausedUntil: 0 }, Date.now());
    await runQueue(
      world.testEnv,
      during.retried.map((r) => r.job as unknown as AmendJob),
      2,
    );
    expect(posted()[0]?.edits).toBe(1);
    expect((await store().amends(newsKey(item.id)))[0]?.amendState).toBe("done");
  });
});

describe("an edit during a pause longer than Queues' longest delay", { timeout: 60_000 }, () => {
  it("waits in steps of the longest delay, calling nothing", async () => {
    const { edits } = await deliverThenWithdraw(world.testEnv, world.queue, ["D-1"]);
    const paused = { pausedUntil: Date.now() + 48 * HOUR, pauseReason: "blocked", authError: null, tokenHash: null };
    await store().setPlatformState("discord", paused, Date.now());
    const calls = world.api.discordCalls;
    const during = await runQueue(world.testEnv, edits);
    expect(world.api.discordCalls).toBe(calls);
    expect(during.retried.map((r) => r.delaySeconds)).toEqual([QUEUE_DELAY_MAX_S]);
  });
});

describe("an edit waiting out a pause before the queue's last delivery", { timeout: 60_000 }, () => {
  it("is retried: Queues brings a message once more than it retries it", async () => {
    const { edits } = await deliverThenWithdraw(world.testEnv, world.queue, ["D-1"]);
    const paused = { pausedUntil: Date.now() + HOUR, pauseReason: "global rate limit", authError: null, tokenHash: null };
    await store().setPlatformState("discord", paused, Date.now());
    const run = await runQueue(world.testEnv, edits, QUEUE_LAST_ATTEMPT - 1);
    expect(run).toEqual({ acked: 0, retried: [{ job: edits[0], delaySeconds: expect.any(Number) }] });
  });
});

describe("an edit waiting out a pause at the queue's last retry", { timeout: 60_000 }, () => {
  it("goes back to the planner instead of ending failed, and is made once the pause is over", async () => {
    const { item, edits } = await deliverThenWithdraw(world.testEnv, world.queue, ["D-1"]);
    const paused = { pausedUntil: Date.now() + HOUR, pauseReason: "global rate limit", authError: null, tokenHash: null };
    await store().setPlatformState("discord", paused, Date.now());

    expect(await runQueue(world.testEnv, edits, QUEUE_LAST_ATTEMPT)).toEqual({ acked: 1, retried: [] });
    expect(world.api.discordIn("D-1")[0]?.edits).toBe(0);
    expect(await store().amends(newsKey(item.id))).toEqual([
      { subscriptionId: expect.any(Number), amendState: null, amendError: null },
    ]);

    // The next tick queues it again, as a new queue message.
    await store().setPlatformState("discord", { ...paused, pausedUntil: 0 }, Date.now());
    await runCron(world.testEnv);
    const again = queuedEdits(world.queue);
    expect(again).toEqual(edits);
    await runQueue(world.testEnv, again);
    expect(world.api.discordIn("D-1")[0]?.edits).toBe(1);
    expect((await store().amends(newsKey(item.id)))[0]?.amendState).toBe("done");
  });
});

describe("an edit that meets a pause of the whole platform", { timeout: 60_000 }, () => {
  const GLOBAL_429: Scripted = {
    status: 429,
    body: { message: "You are being rate limited.", retry_after: 30, global: true },
    headers: { "retry-after": "30", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
  };
  it.each([
    ["a global 429", GLOBAL_429, 1, /global/],
    ["odd answers that persist (an HTML 403, a third time)", { status: 403, html: true }, 3, /Discord 403/],
  ] as const)(
    "(%s) pauses it: the batch's other edits wait without a call, and /health says so",
    async (_name, answer, attempt, reason) => {
      const channels = ["D-1", "D-2", "D-3"];
      const { item, edits } = await deliverThenWithdraw(world.testEnv, world.queue, channels);
      // D-1's edit goes first (the oldest subscription), alone: it meets the pause.
      world.api.scriptDiscord("D-1", answer);
      const before = world.api.discordCalls;
      const result = await runQueue(world.testEnv, edits, attempt);

      expect(world.api.discordCalls - before, "Discord calls in the batch").toBe(1);
      expect(channels.map((c) => world.api.discordIn(c)[0]?.edits)).toEqual([0, 0, 0]);
      expect(result.retried).toHaveLength(3);
      const state = await store().platformState("discord");
      expect(state.pausedUntil).toBeGreaterThan(Date.now() + 20_000);
      expect(state.pauseReason).toMatch(reason);
      expect((await health(world.testEnv)).alerts.discord).toMatchObject({ delivering: false, pausedUntil: expect.any(String) });
      expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(["queued", "queued", "queued"]);
    },
  );
});

it("hands back an edit that meets a global 429 itself at the queue's last retry, rather than end it failed", {
  timeout: 60_000,
}, async () => {
  const { item, edits } = await deliverThenWithdraw(world.testEnv, world.queue, ["D-1"]);
  world.api.scriptDiscord("D-1", {
    status: 429,
    body: { message: "You are being rate limited.", retry_after: 30, global: true },
    headers: { "retry-after": "30", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
  });
  await runQueue(world.testEnv, edits, QUEUE_LAST_ATTEMPT);
  expect((await store().platformState("discord")).pausedUntil).toBeGreaterThan(Date.now());
  // Back in the ledger unqueued, its message amending: a tick after the pause queues it again.
  expect(await store().amends(newsKey(item.id))).toEqual([
    { subscriptionId: expect.any(Number), amendState: null, amendError: null },
  ]);
});

it.each([
  [
    "discord",
    {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 2, global: false },
      headers: { "retry-after": "2", "x-ratelimit-scope": "user", "x-ratelimit-remaining": "0", "x-ratelimit-reset-after": "2" },
    },
  ],
  ["slack", { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "2" } }],
] as const)(
  "hands back an edit refused for %s's rate limit at the queue's last retry: made once later, never failed",
  {
    timeout: 60_000,
  },
  async (platform, limited) => {
    const { item, edits } = await deliverThenWithdraw(
      world.testEnv,
      world.queue,
      platform === "discord" ? ["D-1"] : [],
      platform === "slack" ? ["S-1"] : [],
    );
    const script = (answer: Scripted) =>
      platform === "discord" ? world.api.scriptDiscord("D-1", answer) : world.api.scriptSlack("S-1", answer);
    script(limited as Scripted);
    await runQueue(world.testEnv, edits, QUEUE_LAST_ATTEMPT);
    // Not an attempt: back in the ledger unqueued, its message amending.
    expect(await store().amends(newsKey(item.id))).toEqual([
      { subscriptionId: expect.any(Number), amendState: null, amendError: null },
    ]);
    // The next tick queues it again; the limit has passed, and the post is edited once.
    await runCron(world.testEnv);
    const again = queuedEdits(world.queue);
    expect(again).toHaveLength(1);
    await runQueueUntilDone(world.testEnv, again);
    expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(["done"]);
    const posts = platform === "discord" ? world.api.discordIn("D-1") : world.api.slackIn("S-1");
    expect(posts.map((p) => p.edits ?? 0)).toEqual([1]);
  },
);
