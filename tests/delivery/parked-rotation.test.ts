// A bot token being replaced: a worker still on the refused token turns a delivery away before its claim
// and parks it, while a worker on the new token has posted it and lost the answer. The park is written
// only while the row is as the first worker read it, so the doubt stands and the post is looked for,
// never made twice.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { parkedDueAt } from "../../src/delivery/policy";
import { newsKey } from "../../src/topics/renewal";
import { alertEnv, deliveryWorld, publish, publishTo, type RecordingQueue, runCron, runQueue, sleep } from "../helpers/alerts";
import { holdingBatch } from "../helpers/hold";
import type { MockApis } from "../helpers/mock-api";

let api: MockApis;
let queue: RecordingQueue;
let testEnv: typeof env;

beforeEach(async () => {
  ({ api, queue, testEnv } = await deliveryWorld());
  for (const method of ["log", "error", "warn", "info", "debug"] as const) vi.spyOn(console, method).mockImplementation(() => {});
});

const row = async (id: string) =>
  env.DB.prepare("SELECT state, unsure, due_at FROM deliveries WHERE message_key = ?")
    .bind(newsKey(id))
    .first<{ state: string; unsure: number; due_at: number }>();

describe("parking while the token is replaced", { timeout: 60_000 }, () => {
  it("a worker on the refused token never parks over the doubt a worker on the new token recorded", async () => {
    // SLACK_BOT_TOKEN refused: Slack stops, the first item waits parked.
    const { jobs } = await publishTo(testEnv, queue, [], ["s-1"], "first");
    api.scriptSlack("s-1", { status: 200, body: { ok: false, error: "invalid_auth" } });
    await runQueue(testEnv, jobs);
    expect(api.slackIn("s-1")).toHaveLength(0);

    // A second item. A worker still running with the refused token loads its delivery and turns it away;
    // its write is late.
    await sleep(3);
    const second = await publish("second");
    await runCron(testEnv);
    const job = queue.sent.splice(0).map((m) => m.body);
    const held = holdingBatch(env.DB, "json_extract(j.value, '$.ls')");
    const old = runQueue({ ...testEnv, DB: held.db } as typeof env, job);
    await held.stalled;

    // Meanwhile a worker with the new token posts it; Slack stores the post but the answer is lost.
    const fixed = alertEnv(queue, { SLACK_BOT_TOKEN: "xoxb-rotated" });
    api.scriptSlack("s-1", { status: 200, cutBody: true });
    const first = await runQueue(fixed, job);
    expect(api.slackIn("s-1")).toHaveLength(1);
    expect((await row(second.id))?.unsure).toBe(1);

    // The old worker's park comes too late: the row is no longer as it read it, and stays in doubt.
    held.release();
    await old;
    const after = await row(second.id);
    expect(after).toMatchObject({ state: "queued", unsure: 1 });
    expect(after?.due_at).not.toBe(parkedDueAt("slack"));

    // The new worker's retry comes back: it looks for the post that landed and does not post again.
    await runQueue(
      fixed,
      first.retried.map((r) => r.job),
    );
    expect(api.slackIn("s-1").filter((m) => JSON.stringify(m.body).includes("second"))).toHaveLength(1);
  });
});
