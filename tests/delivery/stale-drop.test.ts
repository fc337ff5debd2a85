// A delivery a worker decides to drop before claiming it (alerts turned off, the item withdrawn, the
// channel following, the app removed, out of attempts) is dropped only while the row is still as that
// worker loaded it. Another worker may have claimed it meanwhile, posted, and lost the answer: the row is
// queued again with that doubt, and the drop decided on the older row must not wipe it, or the post is
// never looked for, never recorded, and never edited when the item is withdrawn.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newsKey, withdrawNews } from "../../src/topics/renewal";
import { deliveryWorldEach, publishTo, runCron, runQueue, store } from "../helpers/alerts";
import { beforeEachQuery, holdFirst, holdingBatch, holdingGate } from "../helpers/hold";

const world = deliveryWorldEach();

const row = (id: string) =>
  env.DB.prepare("SELECT state, unsure, message_id, error FROM deliveries WHERE message_key = ?")
    .bind(newsKey(id))
    .first<{ state: string; unsure: number; message_id: string | null; error: string | null }>();

/** D1 whose claim statement waits for `release()` (`stalled` once it waits): the worker has loaded its batch. */
function holdingClaim() {
  const { gate, release, reached, stalled } = holdingGate();
  let holding = true;
  const db = beforeEachQuery(env.DB, async (sql) => {
    if (holding && sql.includes("SET state = 'claimed'")) {
      holding = false;
      reached();
      await gate;
    }
  });
  return { db, release, stalled };
}

describe("a drop decided on a row another worker has claimed since", { timeout: 60_000 }, () => {
  it("leaves the other worker's doubt, so its post is found, recorded and edited on withdrawal", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-stale"]);
    expect(jobs).toHaveLength(1);
    // C's post meets a rate limit (nothing posted); B's post lands and its answer is lost.
    world.api.scriptDiscord(
      "d-stale",
      { status: 429, body: { retry_after: 0.3, global: false }, headers: { "retry-after": "1", "x-ratelimit-scope": "user" } },
      { status: 200, storeThenDrop: true },
    );
    // Worker B loads the row (queued, alerts on) and is slow to claim it.
    const b = holdingClaim();
    const bRun = runQueue({ ...world.testEnv, DB: b.db }, jobs, 1);
    await b.stalled;
    // Worker C (a duplicate of the message) claims it; while its post is in flight, alerts are turned off
    // in the channel: C holds it, so it is marked look-only and kept. C's post meets the limit: given back
    // untried, queued, no doubt.
    const c = holdFirst("/channels/d-stale/messages");
    const cRun = runQueue(world.testEnv, jobs, 1);
    await c.stalled;
    expect(await store().unsubscribe("discord", "d-stale", "turned off by test", Date.now())).toBe(true);
    c.release();
    await cRun;
    expect(await row(item.id)).toMatchObject({ state: "queued", unsure: 0 });
    // Worker A loads it: alerts off and surely not posted, so A decides to drop it; its closing write is slow.
    const a = holdingBatch(env.DB, "SET state = json_extract(j.value, '$.t')");
    const aRun = runQueue({ ...world.testEnv, DB: a.db }, jobs, 2);
    await a.stalled;
    // B claims the queued row, posts (B loaded it while alerts were on), and the answer is lost.
    b.release();
    await bRun;
    expect(world.api.discordIn("d-stale")).toHaveLength(1);
    expect(await row(item.id)).toMatchObject({ state: "queued", unsure: 1 });
    // A's drop comes last: it was decided on the row before B's claim.
    a.release();
    await aRun;
    expect(await row(item.id), "the doubt B left stands").toMatchObject({ state: "queued", unsure: 1 });
    // B's retry looks (never posts: alerts are off), finds the post and records it.
    await runQueue(world.testEnv, jobs, 2);
    expect(await row(item.id)).toMatchObject({ state: "sent", message_id: world.api.discordIn("d-stale")[0]?.id });
    // Withdrawn, the post is edited to say so.
    expect(await withdrawNews(env, item.id, "reported in error")).toBe(true);
    await runCron(world.testEnv);
    const edits = world.queue.amends.map((m) => m.body);
    world.queue.amends.length = 0;
    await runQueue(world.testEnv, edits, 1);
    expect(world.api.discordIn("d-stale")).toHaveLength(1);
    expect(world.api.discordIn("d-stale")[0]?.edits).toBe(1);
  });
});
