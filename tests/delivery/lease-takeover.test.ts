// A worker that outlives its lease must not settle over the claim of the worker that took over: its
// outcome (here, where its history check stopped) would hide the post the other made, and the next
// check, reading on from there, would post again.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { LEASE_MS } from "../../src/delivery/policy";
import { newsKey, withdrawNews } from "../../src/topics/renewal";
import { alertEnv, ledger, publishTo, type RecordingQueue, recordingQueue, runCron, runQueue } from "../helpers/alerts";
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

  /**
   * Worker A stalls on its way to chat.postMessage past its lease (the item withdrawn meanwhile, if so
   * asked); worker B takes over and, while it reads the newest page of history, A's post lands and A
   * settles. Then checks run until the row settles. Returns the item and A's post, if recorded.
   */
  async function staleWorkerPosts({ withdraw }: { withdraw: boolean }) {
    const { item, jobs } = await publishTo(testEnv, queue, [], ["S-late"]);
    api.slackChatter("S-late", 20);
    const slackApi = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    let stallPost = true;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let reached!: () => void;
    const stalled = new Promise<void>((r) => {
      reached = r;
    });
    let onHistory: (() => Promise<void>) | undefined;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith("/chat.postMessage") && stallPost) {
        stallPost = false;
        reached();
        await gate;
      }
      if (url.endsWith("/conversations.history") && onHistory) {
        const hook = onHistory;
        onHistory = undefined;
        // B has read the newest page before A's post lands.
        const page = await slackApi(input, init);
        await hook();
        return page;
      }
      return slackApi(input, init);
    });
    const a = runQueue(testEnv, jobs);
    await stalled;
    if (withdraw) await withdrawNews(env, item.id, "retracted");
    await env.DB.prepare("UPDATE deliveries SET claimed_at = claimed_at - ? WHERE message_key = ?")
      .bind(LEASE_MS + 1, newsKey(item.id))
      .run();
    api.slackChatter("S-late", 20);
    aMinutePasses();
    onHistory = async () => {
      release();
      await a;
    };
    await runQueue(testEnv, jobs, 2);
    for (let check = 0; check < 8 && (await ledger(item.id))[0]?.state === "queued"; check++) {
      aMinutePasses();
      await runQueue(testEnv, jobs, 3 + check);
    }
    return { item, posts: api.slackIn("S-late").filter((m) => m.body.metadata) };
  }

  it("records a post the stale worker made, so the worker that took over does not post again", async () => {
    const { item, posts } = await staleWorkerPosts({ withdraw: false });
    expect(posts).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });

  it("records a stale worker's post of an item withdrawn meanwhile, and edits it", async () => {
    const { item, posts } = await staleWorkerPosts({ withdraw: true });
    for (let round = 1; round <= 3; round++) {
      await runCron(testEnv);
      const amendJobs = queue.amends.map((m) => m.body);
      queue.amends.length = 0;
      if (amendJobs.length) await runQueue(testEnv, amendJobs, round);
    }
    expect(posts).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
    expect(posts[0]?.edits).toBe(1);
  });
});
