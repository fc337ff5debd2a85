// A worker's claim lasts LEASE_MS; then another worker may take the delivery over. The worker that held
// it must not make a request after that: the one that took over has already looked for the post and
// found nothing, and Slack has no nonce to drop a second post. A post that would leave too close to the
// end of the lease is given back instead; after a look in the channel's history that give-back counts as
// an attempt, so that a delivery whose look always ends too late for its post still ends.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { SEND_BY_MS } from "../../src/delivery/consumer";
import { LEASE_MS, MAX_DELIVERY_ATTEMPTS } from "../../src/delivery/policy";
import { newsKey } from "../../src/topics/renewal";
import { deliveryWorld, ledger, publishTo, type RecordingQueue, runQueue } from "../helpers/alerts";
import { holdFirst, movableClock } from "../helpers/hold";
import type { MockApis } from "../helpers/mock-api";

let api: MockApis;
let queue: RecordingQueue;
let testEnv: typeof env;
const clock = movableClock();

beforeEach(async () => {
  ({ api, queue, testEnv } = await deliveryWorld());
});

/** Every call whose URL ends with `slow` is answered after `ms` more of the batch's time has passed. */
function slowCalls(slow: string, ms: number) {
  const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
  let calls = 0;
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith(slow)) {
      calls++;
      clock.shift += ms;
    }
    return inner(input, init);
  });
  return () => calls;
}

const attemptsOf = (id: string) =>
  env.DB.prepare("SELECT state, attempts, unsure FROM deliveries WHERE message_key = ?")
    .bind(newsKey(id))
    .first<{ state: string; attempts: number; unsure: number }>();

const ours = (channel: string) => api.slackIn(channel).filter((m) => m.body.metadata);

describe("a batch that outlives its lease", { timeout: 30_000 }, () => {
  it("sends nothing more once the lease has run out: the worker that took over posts, once", async () => {
    const { item, jobs } = await publishTo(testEnv, queue, [], ["S-first", "S-second"]);
    expect(jobs).toHaveLength(2);
    const second = jobs.find((j) => j.subscriptionId === Math.max(...jobs.map((x) => x.subscriptionId)));
    // Worker A takes both; the batch's first post goes alone and is slow to be answered (Slack slow,
    // a lookup and a plain-text retry before it, a pacer that answered late: time passes).
    const a = holdFirst("/chat.postMessage");
    const stale = runQueue(testEnv, jobs);
    await a.stalled;
    clock.shift += LEASE_MS + 1_000;
    // The queue hands the second delivery to worker B (a duplicate, or the message retried): A's claim
    // has expired, so B takes it over, reads the channel's history, finds nothing there, and posts.
    await runQueue(testEnv, [second as (typeof jobs)[number]], 2);
    expect(ours("S-second"), "after B").toHaveLength(1);
    // Then A's first post is answered, and A goes on with the rest of its batch.
    a.release();
    await stale;
    expect(ours("S-first")).toHaveLength(1);
    expect(ours("S-second"), "after A").toHaveLength(1);
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["sent", "sent"]);
  });
});

describe("a look that always ends too late for its post", { timeout: 60_000 }, () => {
  it("ends the delivery after its attempts, instead of looking again without end", async () => {
    const { item, jobs } = await publishTo(testEnv, queue, [], ["S-late"]);
    // The first attempt's connection drops: its answer is lost, so every later attempt looks first.
    api.scriptSlack("S-late", { status: 200, drop: true });
    await runQueue(testEnv, jobs);
    expect(await attemptsOf(item.id)).toMatchObject({ state: "queued", attempts: 1, unsure: 1 });
    // From now on every batch spends more than SEND_BY_MS before this delivery's post would leave
    // (pacer waits, a slow first post, then its own history read): the look finds nothing, and the post
    // is too late to leave.
    const histories = slowCalls("/conversations.history", SEND_BY_MS + 1_000);
    for (let n = 0; n < MAX_DELIVERY_ATTEMPTS + 5; n++) {
      clock.shift += 61_000; // Slack's history limit (one call a minute) allows the next check
      await runQueue(testEnv, jobs);
      const now = await attemptsOf(item.id);
      if (now?.state !== "queued") break;
    }
    expect(histories()).toBeGreaterThan(1);
    expect(ours("S-late")).toHaveLength(0);
    // Each check read the channel, found nothing and gave the delivery back uncounted: it never ends.
    expect(await attemptsOf(item.id)).toMatchObject({ state: "failed" });
  });
});
