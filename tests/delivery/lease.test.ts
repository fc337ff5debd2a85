// A worker's claim lasts LEASE_MS; then another worker may take the delivery over. The worker that held
// it must not make a request after that: the one that took over has already looked for the post and
// found nothing, and Slack has no nonce to drop a second post.
import type { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LEASE_MS } from "../../src/delivery/policy";
import { deliveryWorld, ledger, publishTo, type RecordingQueue, runQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";

let api: MockApis;
let queue: RecordingQueue;
let testEnv: typeof env;

/** Every clock of the test (the Worker's, the pacer's, the mock APIs') moved ahead by `shift` ms. */
let shift = 0;
const realNow = Date.now.bind(Date);

beforeEach(async () => {
  ({ api, queue, testEnv } = await deliveryWorld());
  shift = 0;
  vi.spyOn(Date, "now").mockImplementation(() => realNow() + shift);
});

afterEach(() => {
  vi.mocked(Date.now).mockRestore();
});

/** Holds the first request whose URL ends with `held` until `release()`; `stalled` resolves once it is held. */
function holdFirst(held: string) {
  const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let reached!: () => void;
  const stalled = new Promise<void>((r) => {
    reached = r;
  });
  let holding = true;
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (holding && url.endsWith(held)) {
      holding = false;
      reached();
      await gate;
    }
    return inner(input, init);
  });
  return { release, stalled };
}

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
    shift += LEASE_MS + 1_000;
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
