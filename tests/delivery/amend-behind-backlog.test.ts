// A cron tick plans a chunk of up to PLANNING_PER_TICK messages still being planned, and queues the edits
// of up to as many withdrawn messages: newer items being planned (a reviewer publishing several stories at
// once, each taking a while to reach every channel) do not hold back the edits of an item withdrawn
// meanwhile, which would otherwise wait, its posts unedited, until all but a few of them were planned.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PLAN_CHUNK, PLANNING_PER_TICK, planDeliveries } from "../../src/delivery/planner";
import { deliveryWorldEach, queuedEdits } from "../helpers/alerts";
import { otherChannels } from "../helpers/counting-db";

const world = deliveryWorldEach();

it("queues a withdrawn item's edits at the next tick, behind however many newer items are still being planned", async () => {
  const newer = PLANNING_PER_TICK * 3;
  await otherChannels(env.DB, PLAN_CHUNK * 2, { platform: "discord", workspace: "g", channel: "d-" });
  await env.DB.batch([
    // Posted to the first channel, then withdrawn.
    env.DB.prepare(
      `INSERT INTO messages (key, topic, body, published_at, withdrawn_at, withdrawn_reason, amending)
       VALUES ('renewal:withdrawn', 'renewal', '{"replies":{}}', 10, 20, 'reported in error', 1)`,
    ),
    env.DB.prepare(
      `INSERT INTO deliveries (message_key, subscription_id, state, planned_at, due_at, sent_at, message_id)
       SELECT 'renewal:withdrawn', MIN(id), 'sent', 10, 10, 11, '111' FROM subscriptions`,
    ),
    // Newer items, published since, each with more channels to plan than one chunk.
    env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO messages (key, topic, body, published_at, planned_through) SELECT 'renewal:newer-' || i, 'renewal', '{"replies":{}}', 100 + i, 0 FROM n`,
    ).bind(newer),
  ]);
  await planDeliveries(world.testEnv);
  expect(queuedEdits(world.queue)).toHaveLength(1);
  // The newest items are planned all the same, a chunk each.
  expect(world.queue.sent).toHaveLength(PLANNING_PER_TICK * PLAN_CHUNK);
});
