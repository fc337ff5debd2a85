// A worker that outlives its lease must not settle over the claim of the worker that took over: its
// outcome (here, where its history check stopped) would hide the post the other made, and the next
// check, reading on from there, would post again.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { newsKey } from "../../src/topics/renewal";
import { alertEnv, ledger, publishTo, type RecordingQueue, recordingQueue, runQueue } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";

let api: MockApis;
let queue: RecordingQueue;
let testEnv: typeof env;

beforeEach(async () => {
  await seedContent();
  api = new MockApis().install();
  queue = recordingQueue();
  testEnv = alertEnv(queue);
});

const aMinutePasses = () => {
  api.clockOffset += 61_000;
};

describe("a claim taken over after its lease", () => {
  it("a stale worker's look position does not hide a post made by the worker that took over", async () => {
    const { item, jobs } = await publishTo(testEnv, queue, [], ["S-race"]);
    // Attempt 1: the connection fails before Slack stored anything: unsure, nothing posted.
    api.scriptSlack("S-race", { status: 200, drop: true });
    await runQueue(testEnv, jobs);
    expect(api.slackIn("S-race")).toHaveLength(0);
    api.slackChatter("S-race", 20);
    aMinutePasses();
    // Worker A reads the newest page and stops part way.
    await runQueue(testEnv, jobs, 2);
    aMinutePasses();

    const slackApi = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    let stallHistory = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let reached!: () => void;
    const stalled = new Promise<void>((r) => {
      reached = r;
    });
    let onPost: (() => Promise<void>) | undefined;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith("/conversations.history") && stallHistory) {
        stallHistory = false;
        reached();
        await gate;
      }
      if (url.endsWith("/chat.postMessage") && onPost) {
        const hook = onPost;
        onPost = undefined;
        await hook();
      }
      return slackApi(input, init);
    });

    // Worker A2 claims and stalls in its history call past the lease.
    stallHistory = true;
    const a2 = runQueue(testEnv, jobs, 3);
    await stalled;
    await env.DB.prepare("UPDATE deliveries SET claimed_at = claimed_at - 61000 WHERE message_key = ?")
      .bind(newsKey(item.id))
      .run();
    // Worker B takes over: reads from the newest, page by page, finds nothing, and posts.
    await runQueue(testEnv, jobs, 4);
    aMinutePasses();
    // While B's post is on its way, A2 wakes up and settles.
    onPost = async () => {
      release();
      await a2;
    };
    await runQueue(testEnv, jobs, 5);
    expect(api.slackIn("S-race").filter((m) => m.body.metadata)).toHaveLength(1);
    // The following checks must find B's post, not post again.
    for (let check = 0; check < 6 && (await ledger(item.id))[0]?.state === "queued"; check++) {
      aMinutePasses();
      await runQueue(testEnv, jobs, 6 + check);
    }
    expect(api.slackIn("S-race").filter((m) => m.body.metadata)).toHaveLength(1);
  });
});
