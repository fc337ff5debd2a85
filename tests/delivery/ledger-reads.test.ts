// The ledger keeps every delivery ever made: at 100,000 subscriptions each item adds 100,000 rows, and
// D1's free plan reads 5 million rows a day. Stopping one channel's alerts (turned off by an admin, or
// the channel gone, as a post's answer says) looks up that channel's delivery of each published item by
// the ledger's key, so it costs the same however many deliveries other channels have had.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AMEND_CHUNK, planDeliveries } from "../../src/delivery/planner";
import { parkedDueAt } from "../../src/delivery/policy";
import { ADMIN, deliveryWorldEach, ledger, publishTo, queuedEdits, runQueue, store } from "../helpers/alerts";
import { countingEnv, otherChannels } from "../helpers/counting-db";
import { send, slash, str } from "../helpers/discord";

const world = deliveryWorldEach();

/**
 * Other channels' deliveries of an old item, long delivered: `size` of them, with their subscriptions (off
 * since). The item `measured` published before goes, so that each measure sees as many items published.
 */
async function otherChannelsDelivered(size: number, measured = ""): Promise<void> {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM deliveries WHERE message_key IN ('renewal:old', ?1)").bind(`renewal:${measured}`),
    env.DB.prepare("DELETE FROM messages WHERE key = ?1").bind(`renewal:${measured}`),
    env.DB.prepare("DELETE FROM subscriptions WHERE channel_id LIKE 'd-done%'"),
  ]);
  await otherChannels(env.DB, size, {
    platform: "discord",
    workspace: "g-done",
    channel: "d-done",
    active: false,
    delivered: "renewal:old",
  });
}

describe("stopping one channel's alerts", { timeout: 30_000 }, () => {
  it("turned off by an admin, reads the same rows however long the ledger of other channels' deliveries is", async () => {
    const reads: number[] = [];
    let measured: string | undefined;
    for (const [size, channel] of [
      [10, "d-off-1"],
      [300, "d-off-2"],
    ] as const) {
      const { item } = await publishTo(world.testEnv, world.queue, [channel], [], `off-${size}`);
      await otherChannelsDelivered(size, measured);
      measured = item.id;
      const { counter, db } = countingEnv(env);
      const off = slash("renewal", [str("alerts", "off")], {
        channel_id: channel,
        member: { user: { id: "501", username: "mod" }, permissions: ADMIN },
      });
      expect((await send(off, { env: { DB: db } })).status).toBe(200);
      expect((await store().subscription("discord", channel))?.active).toBe(false);
      expect((await ledger(item.id))[0]).toMatchObject({ state: "dropped", error: "unsubscribed" });
      reads.push(counter.rowsRead);
    }
    expect(reads[1]).toBe(reads[0]);
  });

  it("gone, as Discord answers a post there, reads the same rows however long the ledger is", async () => {
    const reads: number[] = [];
    let measured: string | undefined;
    for (const [size, channel] of [
      [10, "d-gone-1"],
      [300, "d-gone-2"],
    ] as const) {
      const { item, jobs } = await publishTo(world.testEnv, world.queue, [channel], [], `gone-${size}`);
      await otherChannelsDelivered(size, measured);
      measured = item.id;
      world.api.scriptDiscord(channel, { status: 404, body: { code: 10003, message: "Unknown Channel" } });
      const { counter, db } = countingEnv(env);
      await runQueue({ ...world.testEnv, DB: db }, jobs);
      expect(await store().subscription("discord", channel)).toMatchObject({ active: false });
      expect((await ledger(item.id))[0]?.state).toBe("dropped");
      reads.push(counter.rowsRead);
    }
    expect(reads[1]).toBe(reads[0]);
  });
});

describe("a channel gone, as two posts' answers say in one batch", () => {
  it("stops its alerts and drops what waits there with the same reason", async () => {
    const first = await publishTo(world.testEnv, world.queue, ["d-twice"], [], "twice-1");
    const second = await publishTo(world.testEnv, world.queue, ["d-twice"], [], "twice-2");
    const third = await publishTo(world.testEnv, world.queue, ["d-twice"], [], "twice-3");
    world.api.scriptDiscord(
      "d-twice",
      { status: 404, body: { code: 10003, message: "Unknown Channel" } },
      { status: 403, body: { code: 50001, message: "Missing Access" } },
    );
    // The third waits for a later batch, and is dropped by the stop.
    await runQueue(world.testEnv, [...first.jobs, ...second.jobs]);
    const sub = await store().subscription("discord", "d-twice");
    expect(sub?.active).toBe(false);
    const waiting = (await ledger(third.item.id))[0];
    expect(waiting?.state).toBe("dropped");
    expect(waiting?.error).toBe(sub?.disabledReason);
  });
});

describe("/renewal alerts:status", { timeout: 30_000 }, () => {
  it("reads the same rows however many other channels' deliveries are parked", async () => {
    const reads: number[] = [];
    await publishTo(world.testEnv, world.queue, ["d-status"], [], "status");
    for (const size of [10, 300]) {
      await otherChannelsDelivered(size);
      // Waiting for a new token, as Discord's refusing it leaves them.
      await env.DB.prepare(
        "UPDATE deliveries SET state = 'queued', sent_at = NULL, due_at = ?1 WHERE message_key = 'renewal:old'",
      )
        .bind(parkedDueAt("discord"))
        .run();
      const { counter, db } = countingEnv(env);
      const status = await send(slash("renewal", [str("alerts", "status")], { channel_id: "d-status" }), { env: { DB: db } });
      expect(await status.text()).toContain("**on** here since");
      reads.push(counter.rowsRead);
    }
    expect(reads[1]).toBe(reads[0]);
  });
});

describe("queueing the edits of a withdrawn item's posts", { timeout: 30_000 }, () => {
  it("reads as many rows for its last chunk as for its first: the posts taken before are not read again", async () => {
    const posts = AMEND_CHUNK * 5;
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at)
       SELECT 'discord', 'g', 'd-' || i, 'en', 0 FROM n`,
    )
      .bind(posts)
      .run();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO messages (key, topic, body, published_at, withdrawn_at, withdrawn_reason, amending)
         VALUES ('renewal:withdrawn', 'renewal', '{"replies":{}}', 1, 2, 'reported in error', 1)`,
      ),
      env.DB.prepare(
        `INSERT INTO deliveries (message_key, subscription_id, state, planned_at, due_at, sent_at, message_id)
         SELECT 'renewal:withdrawn', id, 'sent', 0, 0, 0, '1' || id FROM subscriptions`,
      ),
    ]);
    const reads: number[] = [];
    for (let chunk = 0; chunk < posts / AMEND_CHUNK; chunk++) {
      const { counter, db } = countingEnv(env);
      await planDeliveries({ ...world.testEnv, DB: db });
      expect(queuedEdits(world.queue)).toHaveLength(AMEND_CHUNK);
      reads.push(counter.rowsRead);
    }
    expect(reads.at(-1)).toBe(reads[0]);
    // Every post taken once; the next tick finds none left and the message no longer amending.
    await planDeliveries(world.testEnv);
    expect(queuedEdits(world.queue)).toHaveLength(0);
    const message = await env.DB.prepare("SELECT amending FROM messages WHERE key = 'renewal:withdrawn'").first<{
      amending: number;
    }>();
    expect(message?.amending).toBe(0);
    expect((await store().amends("renewal:withdrawn")).every((a) => a.amendState === "queued")).toBe(true);
  });
});
