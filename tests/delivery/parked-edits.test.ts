// Withdrawal edits waiting, parked, for a new shared token, as parked.test.ts has it for deliveries: the
// wait must cost no D1 read while the token stays refused (2,000 parked edits read at every tick, one a
// minute, would spend more than the free plan's 5 million reads a day), and the first tick that sees
// another token, or finds the refusal cleared, wakes them.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AmendJob } from "../../src/delivery/jobs";
import { planDeliveries, STALE_MS } from "../../src/delivery/planner";
import { tokenHash, WAITING_FOR_TOKEN } from "../../src/delivery/store";
import { UNINSTALLED } from "../../src/platform-name";
import { newsKey, withdrawNews } from "../../src/topics/renewal";
import {
  alertEnv,
  deliveryWorldEach,
  discordAlerts,
  publish,
  publishTo,
  queuedEdits,
  runCron,
  runQueue,
  runQueueUntilDone,
  sleep,
  store,
} from "../helpers/alerts";
import { countingEnv } from "../helpers/counting-db";
import { failingOnce } from "../helpers/hold";
import { refuseSharedToken } from "../helpers/mock-api";

const world = deliveryWorldEach();

/**
 * The rows read by an idle tick, with `parked` sent posts of a withdrawn item whose edits are parked
 * (`reason`), Discord's shared token still the refused one and Slack's not refused. The tick before it
 * is not counted: it is the one that finds the state as this sets it.
 */
async function idleTickReads(parked: number, reason: string): Promise<number> {
  await env.DB.batch(["DELETE FROM deliveries", "DELETE FROM subscriptions"].map((s) => env.DB.prepare(s)));
  await discordAlerts("on", "d-seed");
  const item = await publish(`item-${parked}-${reason.length}`);
  await env.DB.prepare("DELETE FROM deliveries").run();
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
     INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at)
     SELECT 'discord', 'g', 'p-' || i, 'en', 0 FROM n WHERE i <= ?1`,
  )
    .bind(parked)
    .run();
  await env.DB.prepare(
    `INSERT INTO deliveries (message_key, subscription_id, state, planned_at, due_at, message_id, amend_state, amend_error)
     SELECT ?1, id, 'sent', 0, 0, 'm-' || id, NULL, ?2 FROM subscriptions WHERE channel_id LIKE 'p-%'`,
  )
    .bind(newsKey(item.id), reason)
    .run();
  await env.DB.prepare("UPDATE messages SET planned_through = NULL, amending = 0, withdrawn_at = 1 WHERE key = ?1")
    .bind(newsKey(item.id))
    .run();
  await env.DB.batch([
    env.DB.prepare(
      "INSERT OR REPLACE INTO platform_state (platform, paused_until, auth_error, token_hash, updated_at) VALUES ('discord', 0, 'Discord 401', ?1, 0)",
    ).bind(await tokenHash(world.testEnv.DISCORD_BOT_TOKEN ?? "")),
    // Slack was paused once: its row is there, its token not refused.
    env.DB.prepare("INSERT OR REPLACE INTO platform_state (platform, paused_until, updated_at) VALUES ('slack', 0, 0)"),
  ]);
  const now = Date.now() + STALE_MS + 1;
  await planDeliveries(world.testEnv, now);
  const { counter, db } = countingEnv(world.testEnv);
  await planDeliveries({ ...world.testEnv, DB: db } as typeof env, now + 60_000);
  expect(world.queue.amends).toHaveLength(0);
  return counter.rowsRead;
}

describe("an idle tick", { timeout: 30_000 }, () => {
  it("reads as few rows with 2,000 edits parked on the still-refused token as with none", async () => {
    const none = await idleTickReads(0, `${WAITING_FOR_TOKEN} Discord 401`);
    const many = await idleTickReads(2_000, `${WAITING_FOR_TOKEN} Discord 401`);
    expect(many, "rows read by one idle tick").toBe(none);
  });

  it("reads as few rows with 2,000 edits parked for an install as with none", async () => {
    const none = await idleTickReads(0, `${UNINSTALLED} x`);
    const many = await idleTickReads(2_000, `${UNINSTALLED} x`);
    expect(many, "rows read by one idle tick").toBe(none);
  });
});

describe("edits parked on a refused token", { timeout: 60_000 }, () => {
  const channels = ["D-1", "D-2"];

  /** Posts an item to the channels, refuses Discord's shared token and withdraws the item: its edits park. */
  async function parkedEdits() {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, channels);
    await runQueueUntilDone(world.testEnv, jobs);
    for (const channel of channels) expect(world.api.discordIn(channel)).toHaveLength(1);
    const refused = refuseSharedToken("discord");
    expect(await withdrawNews(world.testEnv, item.id, "reported in error")).toBe(true);
    await runCron(world.testEnv);
    await runQueue(world.testEnv, queuedEdits(world.queue));
    await expectParked(item.id);
    // While the token stays the refused one, ticks queue none of them.
    await runCron(world.testEnv);
    expect(world.queue.amends.splice(0)).toEqual([]);
    return { item, refused };
  }

  const expectParked = async (id: string) =>
    expect((await store().amends(newsKey(id))).map((a) => [a.amendState, a.amendError])).toEqual(
      channels.map(() => [null, expect.stringMatching(/^waiting for a new token: /)]),
    );

  /** Two ticks with `withEnv`: the first wakes the parked edits, the second queues them. */
  async function wokenBy(withEnv: typeof env): Promise<AmendJob[]> {
    await planDeliveries(withEnv, Date.now());
    await planDeliveries(withEnv, Date.now());
    return queuedEdits(world.queue);
  }

  /** The jobs edit the item's posts, each once: `edits`, each channel's posts' edits in all. */
  async function expectEditedOnce(id: string, withEnv: typeof env, jobs: AmendJob[], edits = [1]) {
    expect(jobs).toHaveLength(channels.length);
    await runQueueUntilDone(withEnv, jobs);
    expect((await store().amends(newsKey(id))).map((a) => a.amendState)).toEqual(channels.map(() => "done"));
    for (const channel of channels) expect(world.api.discordIn(channel).map((p) => p.edits)).toEqual(edits);
  }

  it("wake at the first tick after each new token, the next one refused too", async () => {
    const { item } = await parkedEdits();

    // A new token, refused as well: the edits wake, meet it refused and park again.
    const second = alertEnv(world.queue, { DISCORD_BOT_TOKEN: "discord-second-token" });
    const refusedAgain = refuseSharedToken("discord", "Bot discord-second-token");
    const retried = await wokenBy(second);
    expect(retried).toHaveLength(channels.length);
    await runQueue(second, retried);
    expect(refusedAgain.calls).toBe(1);
    await expectParked(item.id);
    expect(await wokenBy(second), "queued while the second token stays refused").toEqual([]);

    // A third token, accepted: the next tick wakes them again, and each post is edited once.
    const third = alertEnv(world.queue, { DISCORD_BOT_TOKEN: "discord-third-token" });
    await expectEditedOnce(item.id, third, await wokenBy(third));
  });

  it("wake once a delivery on the new token has cleared the refusal before any tick saw that token", async () => {
    const { item } = await parkedEdits();

    // A second item is planned by a tick still on the refused token, then delivered by a worker on the new
    // one: its first delivery finds the token another and clears the recorded refusal.
    await sleep(3);
    await publish("season-2-premiere");
    await runCron(world.testEnv);
    const fixed = alertEnv(world.queue, { DISCORD_BOT_TOKEN: "discord-new-token" });
    await runQueueUntilDone(
      fixed,
      world.queue.sent.splice(0).map((m) => m.body),
    );
    for (const channel of channels) expect(world.api.discordIn(channel)).toHaveLength(2);
    expect((await store().platformState("discord")).authError).toBeNull();

    // The first item's posts are edited, each once; the second item's are not.
    await expectEditedOnce(item.id, fixed, await wokenBy(fixed), [1, 0]);
  });

  it("wake even when the tick that woke them failed to make their message amending", async () => {
    const { item } = await parkedEdits();

    // The first tick on the new token loses its statement that makes the message amending again.
    const fixed = alertEnv(world.queue, { DISCORD_BOT_TOKEN: "discord-new-token" });
    const flaky = failingOnce(fixed.DB, "UPDATE messages SET amending = 1");
    await planDeliveries({ ...fixed, DB: flaky.db }, Date.now()).catch(() => undefined);
    expect(flaky.failed()).toBe(true);
    expect(world.queue.amends.splice(0)).toEqual([]);

    // The next ticks still find them parked, wake them and edit each post once.
    await expectEditedOnce(item.id, fixed, await wokenBy(fixed));
  });
});
