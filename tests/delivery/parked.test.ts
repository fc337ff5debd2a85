// Deliveries waiting for a refused token. A platform's shared token refused (401, a revoked Slack token)
// stops that platform until a new one is set, and the deliveries wait. Waiting must cost nothing while it
// lasts, or a few thousand waiting deliveries would spend the free plan's daily D1 writes (100,000) and
// reads (5 million): they are parked, never swept, and woken by the first tick that sees another token.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { planDeliveries, STALE_MS } from "../../src/delivery/planner";
import { parkedDueAt } from "../../src/delivery/policy";
import { tokenHash } from "../../src/delivery/store";
import {
  alertEnv,
  deliveryWorldEach,
  discordAlerts,
  health,
  ledger,
  publish,
  publishTo,
  runQueue,
  sleep,
} from "../helpers/alerts";
import { countingEnv } from "../helpers/counting-db";

const world = deliveryWorldEach();

const REFUSED = { status: 401, body: { message: "401: Unauthorized", code: 0 } };
const HOUR = 60 * 60_000;

const dueTimes = async (id: string) =>
  (
    await env.DB.prepare("SELECT d.due_at FROM deliveries d WHERE d.message_key = ? ORDER BY subscription_id")
      .bind(`renewal:${id}`)
      .all<{ due_at: number }>()
  ).results.map((r) => r.due_at);

/** Ticks of the planner over `hours`, every half hour, with the env given: what they queued, read and wrote. */
async function ticksOver(hours: number, withEnv: typeof env, from = Date.now()) {
  const { counter, db } = countingEnv(withEnv);
  world.queue.sent.length = 0;
  for (let tick = 1; tick * STALE_MS <= hours * HOUR; tick++)
    await planDeliveries({ ...withEnv, DB: db } as typeof env, from + tick * STALE_MS + 1);
  return { queued: world.queue.sent.splice(0).map((m) => m.body), counter };
}

describe("deliveries waiting for a refused token", { timeout: 30_000 }, () => {
  it("are neither queued nor written while the token stays refused, and go out once each with a new one", async () => {
    const channels = ["d-1", "d-2", "d-3"];
    const { item, jobs } = await publishTo(world.testEnv, world.queue, channels);
    world.api.scriptDiscord("d-1", REFUSED);
    await runQueue(world.testEnv, jobs);
    expect(world.api.discord).toHaveLength(0);
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["queued", "queued", "queued"]);
    expect(await dueTimes(item.id)).toEqual(channels.map(() => parkedDueAt("discord")));

    // A day of ticks with the same token: nothing queued, not one delivery row written.
    const waiting = await ticksOver(24, world.testEnv);
    expect(waiting.queued).toEqual([]);
    expect(waiting.counter.rowsWritten).toBe(0);
    expect((await health(world.testEnv)).alerts.discord?.delivering).toBe(false);

    // The new token is deployed: the next tick queues every waiting delivery, and each goes out once.
    const fixed = alertEnv(world.queue, { DISCORD_BOT_TOKEN: "rotated" });
    // /health stops saying the token is refused as soon as another is deployed, before any tick.
    expect((await health(fixed)).alerts.discord).toEqual({ delivering: true });
    const woken = await ticksOver(0.5, fixed, Date.now() + 24 * HOUR);
    expect(woken.queued.map((j) => j.subscriptionId).sort()).toEqual((await ledger(item.id)).map((d) => d.subscriptionId).sort());
    await runQueue(fixed, woken.queued);
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["sent", "sent", "sent"]);
    expect(world.api.discord.map((p) => p.channelId).sort()).toEqual(channels);
    expect(world.api.discord.every((p) => p.headers.authorization === "Bot rotated")).toBe(true);
    expect((await health(fixed)).alerts.discord?.delivering).toBe(true);
  });

  it("parks an item published while the token is refused when its deliveries first come up, without spending an attempt", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, ["d-1", "d-2"], [], "first");
    world.api.scriptDiscord("d-1", REFUSED);
    await runQueue(world.testEnv, jobs);
    await sleep(3);
    const second = await publish("second");
    await planDeliveries(world.testEnv);
    const fresh = world.queue.sent.splice(0).map((m) => m.body);
    expect(fresh).toHaveLength(2);
    await runQueue(world.testEnv, fresh);
    expect(world.api.discord).toHaveLength(0);
    const rows = await ledger(second.id);
    expect(rows.map((d) => [d.state, d.attempts])).toEqual([
      ["queued", 0],
      ["queued", 0],
    ]);
    expect(await dueTimes(second.id)).toEqual([parkedDueAt("discord"), parkedDueAt("discord")]);
  });

  it("an idle tick reads as few rows with thousands of deliveries parked as with none", async () => {
    const reads: number[] = [];
    for (const parked of [0, 2_000]) {
      await env.DB.batch(["DELETE FROM deliveries", "DELETE FROM subscriptions"].map((s) => env.DB.prepare(s)));
      await discordAlerts("on", "d-seed");
      const item = await publish(`item-${parked}`);
      await env.DB.prepare("DELETE FROM deliveries").run();
      await env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at)
         SELECT 'discord', 'g', 'p-' || i, 'en', 0 FROM n WHERE i <= ?1`,
      )
        .bind(parked)
        .run();
      await env.DB.prepare(
        `INSERT INTO deliveries (message_key, subscription_id, state, planned_at, due_at)
         SELECT ?1, id, 'queued', 0, ?2 FROM subscriptions WHERE channel_id LIKE 'p-%'`,
      )
        .bind(`renewal:${item.id}`, parkedDueAt("discord"))
        .run();
      await env.DB.prepare("UPDATE messages SET planned_through = NULL WHERE key = ?1").bind(`renewal:${item.id}`).run();
      // Discord's token is the refused one; Slack's is not refused, so its (empty) parked rows are looked for.
      await env.DB.prepare(
        "INSERT OR REPLACE INTO platform_state (platform, paused_until, auth_error, token_hash, updated_at) VALUES ('discord', 0, 'Discord 401', ?1, 0)",
      )
        .bind(await tokenHash(world.testEnv.DISCORD_BOT_TOKEN ?? ""))
        .run();
      const { counter } = await ticksOver(0.5, world.testEnv);
      reads.push(counter.rowsRead);
    }
    expect(reads[1]).toBe(reads[0]);
  });
});
