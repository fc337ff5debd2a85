// Several items published together reach a channel in the same queue batch. Discord takes 5 messages
// per 5 seconds in a channel (its X-RateLimit-* headers say so) and Slack about one a second: a batch
// must not send a channel more than its limit allows, each refused post being an invalid request to
// Discord and, on Slack, a 429 that holds back every channel of the workspace.
import { evictAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { DeliveryJob } from "../../src/delivery/jobs";
import { flush } from "../../src/pacing";
import { withdrawNews } from "../../src/topics/renewal";
import {
  deliveryWorldEach,
  discordAlerts,
  pacersAhead,
  publish,
  queuedEdits,
  runCron,
  runQueue,
  runQueueUntilDone,
  slackAlerts,
  sleep,
} from "../helpers/alerts";

const world = deliveryWorldEach();
const ITEMS = ["a", "b", "c", "d", "e", "f", "g", "h"].map((x) => `together-${x}`);

/** The items published at once, planned (a tick plans a few: one tick per item plans them all), then delivered. */
async function deliverTogether(items: string[]) {
  await sleep(3);
  for (const id of items) await publish(id);
  for (const _ of items) await runCron(world.testEnv);
  await runQueueUntilDone(
    world.testEnv,
    world.queue.sent.splice(0).map((m) => m.body),
    20,
  );
}

describe("items published together", { timeout: 30_000 }, () => {
  it("reach a Discord channel and a Slack channel once each, never past the channel's limit", async () => {
    await discordAlerts("on", "800000000000000011");
    await slackAlerts("alerts on", "C0TOGETHER");
    await deliverTogether(ITEMS);
    expect(world.api.routeLimited).toBe(0);
    expect(world.api.invalidRequests).toBe(0);
    expect(world.api.discordIn("800000000000000011")).toHaveLength(ITEMS.length);
    expect(world.api.slackIn("C0TOGETHER")).toHaveLength(ITEMS.length);
  });
});

describe("items published together in Discord channels heard from only by the batch's first post", { timeout: 30_000 }, () => {
  it("keep to each channel's bucket", async () => {
    const channels = ["800000000000000021", "800000000000000022"];
    for (const c of channels) await discordAlerts("on", c);
    const items = ITEMS.slice(0, 6);
    await deliverTogether(items);
    expect(world.api.routeLimited).toBe(0);
    for (const c of channels) expect(world.api.discordIn(c)).toHaveLength(items.length);
  });
});

describe("items withdrawn together", { timeout: 30_000 }, () => {
  it("edit a Discord channel's posts at the pace its bucket for edits takes", async () => {
    const channel = "800000000000000031";
    await discordAlerts("on", channel);
    await deliverTogether(ITEMS);
    expect(world.api.discordIn(channel)).toHaveLength(ITEMS.length);
    for (const id of ITEMS) expect(await withdrawNews(world.testEnv, id, "reported in error")).toBe(true);
    for (const _ of ITEMS) await runCron(world.testEnv);
    await runQueueUntilDone(world.testEnv, queuedEdits(world.queue), 20);
    expect(world.api.routeLimited).toBe(0);
    expect(world.api.discordIn(channel).map((m) => m.edits)).toEqual(ITEMS.map(() => 1));
  });
});

describe("items published together once the pacer was evicted, delivered by batches running at once", { timeout: 60_000 }, () => {
  it("keep to each channel's bucket", async () => {
    const channels = ["800000000000000041", "800000000000000042"];
    for (const c of channels) await discordAlerts("on", c);
    // An earlier item taught the pacer what a channel's bucket is like; then the pacer idled, was
    // evicted, and the channels' windows passed.
    await deliverTogether(["earlier"]);
    const token = world.testEnv.DISCORD_BOT_TOKEN ?? "";
    await flush(world.testEnv, { platform: "discord", token, route: "POST /channels/{channel.id}/messages" });
    await evictAllDurableObjects();
    await pacersAhead(6_000);
    const items = ITEMS;
    await sleep(3);
    for (const id of items) await publish(id);
    for (const _ of items) await runCron(world.testEnv);
    // The queue runs a batch per item at once, each with a post to every channel: every batch's first call
    // goes to the same channel before any of them has heard back.
    const byItem = new Map<string, DeliveryJob[]>();
    for (const { body } of world.queue.sent.splice(0)) byItem.set(body.message, [...(byItem.get(body.message) ?? []), body]);
    const runs = await Promise.all([...byItem.values()].map((batch) => runQueue(world.testEnv, batch)));
    await runQueueUntilDone(
      world.testEnv,
      runs.flatMap((run) => run.retried.map((r) => r.job)),
      20,
    );
    expect(world.api.routeLimited).toBe(0);
    for (const c of channels) expect(world.api.discordIn(c)).toHaveLength(items.length + 1);
  });
});

describe("a channel's 429 whose Retry-After outlasts its bucket, met in the middle of a batch", { timeout: 60_000 }, () => {
  it("holds the channel's other posts of the batch until the wait is over", async () => {
    const quiet = "800000000000000051";
    const busy = "800000000000000052";
    for (const c of [quiet, busy]) await discordAlerts("on", c);
    await sleep(3);
    for (const id of ITEMS) await publish(id);
    for (const _ of ITEMS) await runCron(world.testEnv);
    const jobs = world.queue.sent.splice(0).map((m) => m.body);
    const [quietId, busyId] = [Math.min(...jobs.map((j) => j.subscriptionId)), Math.max(...jobs.map((j) => j.subscriptionId))];
    // The quiet channel's post goes first, alone; the busy channel's eight are reserved after its answer.
    const batch = [
      ...jobs.filter((j) => j.subscriptionId === quietId).slice(0, 1),
      ...jobs.filter((j) => j.subscriptionId === busyId),
    ];
    // Discord's limit on a resource the channel shares (scope shared): its answer names a wait longer than the bucket's.
    const limited = {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 30, global: false },
      headers: {
        "retry-after": "30",
        "x-ratelimit-scope": "shared",
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset-after": "30",
        "x-ratelimit-bucket": "mock-post-messages",
      },
    };
    world.api.scriptDiscord(busy, ...ITEMS.map(() => limited));
    const started = Date.now();
    const { retried } = await runQueue(world.testEnv, batch);
    const tookSeconds = (Date.now() - started) / 1000;
    expect(world.api.invalidRequests, "429s met in the busy channel").toBe(1);
    expect(retried.map((r) => r.job.subscriptionId)).toEqual(ITEMS.map(() => busyId));
    // Each comes back once the 30 seconds Discord named are over, counted from the 429 within the run.
    for (const r of retried) expect(r.delaySeconds ?? 0).toBeGreaterThanOrEqual(30 - tookSeconds - 0.5);
  });
});

describe("a workspace's 429 on chat.update met in the middle of a batch of edits", { timeout: 60_000 }, () => {
  it("holds the workspace's other edits of the batch until the wait is over", async () => {
    const first = "C0EDITFIRST";
    const limited = "C0EDITLIMITED";
    await slackAlerts("alerts on", first);
    await slackAlerts("alerts on", limited);
    await deliverTogether(ITEMS);
    for (const id of ITEMS) expect(await withdrawNews(world.testEnv, id, "reported in error")).toBe(true);
    for (const _ of ITEMS) await runCron(world.testEnv);
    const edits = queuedEdits(world.queue);
    const [firstId, limitedId] = [
      Math.min(...edits.map((e) => e.subscriptionId)),
      Math.max(...edits.map((e) => e.subscriptionId)),
    ];
    // The first channel's edit goes first, alone; the other channel's are reserved after its answer.
    const batch = [
      ...edits.filter((e) => e.subscriptionId === firstId).slice(0, 1),
      ...edits.filter((e) => e.subscriptionId === limitedId),
    ];
    world.api.scriptSlack(
      limited,
      ...ITEMS.map(() => ({ status: 429, headers: { "retry-after": "30" }, body: { ok: false, error: "ratelimited" } })),
    );
    const before = world.api.slackMethods["chat.update"] ?? 0;
    const { retried } = await runQueue(world.testEnv, batch);
    expect((world.api.slackMethods["chat.update"] ?? 0) - before, "chat.update calls").toBe(2);
    expect(retried.map((r) => r.job.subscriptionId)).toEqual(ITEMS.map(() => limitedId));
    expect(world.api.slackIn(first).reduce((edited, m) => edited + (m.edits ?? 0), 0)).toBe(1);
  });
});
