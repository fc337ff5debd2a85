// A post that would leave too close to the end of its batch's lease is given back untried, and the
// attempt is not counted. After a look in the channel's history (an earlier attempt's answer was lost),
// that give-back must still lead somewhere: either the look's result is kept, or the attempt counts, so
// that a delivery whose look keeps ending too late for its post ends like any other (failed after
// MAX_DELIVERY_ATTEMPTS), instead of reading the same history again every minute without end.
import type { env } from "cloudflare:workers";
import { env as realEnv } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SEND_BY_MS } from "../../src/delivery/consumer";
import { MAX_DELIVERY_ATTEMPTS } from "../../src/delivery/policy";
import { newsKey } from "../../src/topics/renewal";
import { deliveryWorld, publishTo, type RecordingQueue, runQueue } from "../helpers/alerts";
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

/** Every call whose URL ends with `slow` is answered after `ms` more of the batch's time has passed. */
function slowCalls(slow: string, ms: number) {
  const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
  let calls = 0;
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith(slow)) {
      calls++;
      shift += ms;
    }
    return inner(input, init);
  });
  return () => calls;
}

const row = (id: string) =>
  realEnv.DB.prepare("SELECT state, attempts, unsure FROM deliveries WHERE message_key = ?")
    .bind(newsKey(id))
    .first<{ state: string; attempts: number; unsure: number }>();

const ours = (channel: string) => api.slackIn(channel).filter((m) => m.body.metadata);

describe("a look that always ends too late for its post", { timeout: 60_000 }, () => {
  it("ends the delivery after its attempts, instead of looking again without end", async () => {
    const { item, jobs } = await publishTo(testEnv, queue, [], ["S-late"]);
    // The first attempt's connection drops: its answer is lost, so every later attempt looks first.
    api.scriptSlack("S-late", { status: 200, drop: true });
    await runQueue(testEnv, jobs);
    expect(await row(item.id)).toMatchObject({ state: "queued", attempts: 1, unsure: 1 });
    // From now on every batch spends more than SEND_BY_MS before this delivery's post would leave
    // (pacer waits, a slow first post, then its own history read): the look finds nothing, and the post
    // is too late to leave.
    const histories = slowCalls("/conversations.history", SEND_BY_MS + 1_000);
    for (let n = 0; n < MAX_DELIVERY_ATTEMPTS + 5; n++) {
      shift += 61_000; // Slack's history limit (one call a minute) allows the next check
      await runQueue(testEnv, jobs);
      const now = await row(item.id);
      if (now?.state !== "queued") break;
    }
    expect(histories()).toBeGreaterThan(1);
    expect(ours("S-late")).toHaveLength(0);
    // Each check read the channel, found nothing and gave the delivery back uncounted: it never ends.
    expect(await row(item.id)).toMatchObject({ state: "failed" });
  });
});
