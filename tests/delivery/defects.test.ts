import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { SUBREQUESTS_MAX } from "../../src/delivery/budget";
import { MAX_DELIVERY_ATTEMPTS } from "../../src/delivery/consumer";
import type { DeliveryJob, QueueJob } from "../../src/delivery/jobs";
import { PLAN_CHUNK, PLANNING_PER_TICK, planDeliveries, SEND_BATCH_MAX, STALE_MS } from "../../src/delivery/planner";
import { LEASE_MS, QUEUE_DELAY_MAX_S, QUEUE_LAST_ATTEMPT } from "../../src/delivery/policy";
import { Limiter } from "../../src/pacing/limiter";
import { CLOUDFLARE_BLOCK_MS, LATE_SLOT_MS } from "../../src/pacing/limits";
import { HISTORY_SEARCH_PAGES } from "../../src/slack/api";
import { newsKey, publishNews, withdrawNews } from "../../src/topics/renewal";
import {
  alertEnv,
  crashingDb,
  deliveryWorldEach,
  discordAlerts,
  health,
  ledger,
  pacerForgets,
  pacersAhead,
  publish,
  publishTo,
  type RecordingQueue,
  runCron,
  runQueue,
  slackAlerts,
  sleep,
  store,
} from "../helpers/alerts";
import { realBundle, seedContent } from "../helpers/content";
import { countingEnv } from "../helpers/counting-db";
import { holdFirst } from "../helpers/hold";

const world = deliveryWorldEach();

const states = async (id: string) => (await ledger(id)).map((d) => d.state).sort();
/**
 * Slack lets an app outside its Marketplace read history once a minute: the minute passes (a little more,
 * as the pacers space those reads a little wider), for Slack and the pacers alike.
 */
const aMinutePasses = async () => {
  world.api.clockOffset += 64_000;
  await pacersAhead(64_000);
};
/** Runs the item's first delivery job a minute apart, up to `most` times, until its row is no longer queued. */
async function checksUntilSettled(id: string, jobs: QueueJob[], most: number) {
  for (let check = 0; check < most && (await ledger(id))[0]?.state === "queued"; check++) {
    await aMinutePasses();
    await runQueue(world.testEnv, jobs, 2 + check);
  }
}

describe("a stale content copy", () => {
  it("delivers an item this isolate's content has never seen: what is delivered was frozen in D1", async () => {
    for (const c of ["d-1", "d-2"]) await discordAlerts("on", c);
    await sleep(3);
    // Published to D1 only: KV (and any isolate's cache) still has the old bundle without it.
    await seedContent(await realBundle());
    const item = { ...(await realBundle()).news[0]!, id: "fresh-item", title: { en: "Fresh", ko: "새", id: "Baru", tl: "Bago" } };
    await publishNews(env, item);
    await runCron(world.testEnv);
    await runQueue(
      world.testEnv,
      world.queue.sent.map((m) => m.body),
    );
    expect(await states(item.id)).toEqual(["sent", "sent"]);
    expect(world.api.discordIn("d-1")[0]?.body.embeds).toMatchObject([{ title: "Fresh" }]);
  });

  it("drops a delivery only when its item was withdrawn, and says so", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    expect(await withdrawNews(env, item.id, "reported in error")).toBe(true);
    await runQueue(world.testEnv, jobs);
    expect(world.api.discord).toHaveLength(0);
    expect(await ledger(item.id)).toMatchObject([{ state: "dropped", error: "withdrawn: reported in error" }]);
    expect(await withdrawNews(env, item.id)).toBe(false);
  });
});

describe("the shared pacer out of reach", () => {
  it("sends nothing while the pacer cannot be reached, then delivers once it can", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"], ["S-1"]);
    // The binding answers, but every call to the object fails, as when it is overloaded or being reset.
    const broken = {
      idFromName: (name: string) => env.PACER.idFromName(name),
      get: () => ({
        reserve: () => Promise.reject(new Error("Durable Object is overloaded")),
        observe: () => Promise.reject(new Error("Durable Object is overloaded")),
      }),
    };
    const first = await runQueue({ ...world.testEnv, PACER: broken } as unknown as typeof env, jobs);
    expect(first.retried).toHaveLength(2);
    expect(world.api.discord).toHaveLength(0);
    expect(world.api.slackIn("S-1")).toHaveLength(0);
    expect(await states(item.id)).toEqual(["queued", "queued"]);
    await runQueue(world.testEnv, jobs, 2);
    expect(world.api.discordIn("d-1")).toHaveLength(1);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
    expect(await states(item.id)).toEqual(["sent", "sent"]);
  });
});

describe("pacing inside a batch", () => {
  it("sends each delivery at its own slot, not after the ones before it", async () => {
    const channels = Array.from({ length: 10 }, (_, i) => `slot-${i}`);
    const { item, jobs } = await publishTo(world.testEnv, world.queue, channels);
    // The slots the pacer handed out, on its clock (the same clock as the mock's in workerd).
    const handedOut = vi.spyOn(Limiter.prototype, "reserve");
    try {
      await runQueue(world.testEnv, jobs, 1, undefined, { late: "given back" });
      const slots = handedOut.mock.calls
        .flatMap(([, , now], i) => {
          const result = handedOut.mock.results[i];
          return result?.type === "return" ? result.value.map((wait) => now + wait) : [];
        })
        .sort((a, b) => a - b);
      const posted = world.api.discord.map((m) => m.at).sort((a, b) => a - b);
      // Every delivery was sent or given back to come again: none was lost in between.
      const sent = (await ledger(item.id)).filter((d) => d.state === "sent");
      expect(sent).toHaveLength(posted.length);
      expect(posted.length).toBeGreaterThan(0);
      // The n-th post left no earlier than the n-th slot and no later than the lateness a slot allows.
      posted.forEach((at, n) => {
        const slot = slots[n] as number;
        expect(at).toBeGreaterThanOrEqual(slot);
        expect(at - slot).toBeLessThanOrEqual(LATE_SLOT_MS);
      });
    } finally {
      handedOut.mockRestore();
    }
  });
});

describe("pacing second tries", () => {
  it("gives the plain-text version of a refused post a slot of its own", async () => {
    const channels = Array.from({ length: 6 }, (_, i) => `plain-${i}`);
    for (const c of channels) world.api.scriptDiscord(c, { status: 400, body: { code: 50035, message: "Invalid Form Body" } });
    const { item, jobs } = await publishTo(world.testEnv, world.queue, channels);
    const handedOut = vi.spyOn(Limiter.prototype, "reserve");
    try {
      const before = world.api.discordCalls;
      await runQueue(world.testEnv, jobs);
      const requests = world.api.discordCalls - before;
      const slots = handedOut.mock.results.flatMap((r) => (r.type === "return" ? r.value : [])).length;
      // Each refused post was followed by its plain text, and no request left without a slot.
      expect(requests).toBeGreaterThanOrEqual(2);
      expect(requests % 2).toBe(0);
      expect(slots).toBeGreaterThanOrEqual(requests);
      const sent = (await ledger(item.id)).filter((d) => d.state === "sent");
      expect(sent).toHaveLength(requests / 2);
      for (const m of world.api.discord) expect((m.body as { content?: string }).content).toBeTruthy();
    } finally {
      handedOut.mockRestore();
    }
  });
});

describe("pacing lookups", () => {
  it("holds a slot for every request a delivery makes, lookups of earlier attempts included", async () => {
    const channels = Array.from({ length: 5 }, (_, i) => `lookup-${i}`);
    const { jobs } = await publishTo(world.testEnv, world.queue, channels);
    // Earlier attempts long ago that may have posted: each delivery lists the channel before posting.
    await env.DB.prepare(
      "UPDATE deliveries SET state = 'claimed', claimed_at = ?1, first_attempt_at = ?1, unsure = 1, attempts = 1",
    )
      .bind(Date.now() - 10 * 60_000)
      .run();
    const handedOut = vi.spyOn(Limiter.prototype, "reserve");
    try {
      const before = world.api.discordCalls;
      await runQueue(world.testEnv, jobs, 2);
      const requests = world.api.discordCalls - before;
      const slots = handedOut.mock.results.reduce((sum, r) => sum + (r.type === "return" ? r.value.length : 0), 0);
      expect(requests).toBeGreaterThan(channels.length);
      expect(slots).toBeGreaterThanOrEqual(requests);
    } finally {
      handedOut.mockRestore();
    }
  });
});

describe("the shared pacer out of reach for a long while", () => {
  it("spends no attempt on a delivery it never sent, so an outage longer than the attempt limit loses nothing", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"], ["S-1"]);
    const broken = {
      idFromName: (name: string) => env.PACER.idFromName(name),
      get: () => ({
        reserve: () => Promise.reject(new Error("Durable Object is overloaded")),
        observe: () => Promise.reject(new Error("Durable Object is overloaded")),
      }),
    };
    for (let run = 1; run <= MAX_DELIVERY_ATTEMPTS + 1; run++) {
      await runQueue({ ...world.testEnv, PACER: broken } as unknown as typeof env, jobs, run);
      expect(await states(item.id)).toEqual(["queued", "queued"]);
    }
    expect(world.api.discord).toHaveLength(0);
    await runQueue(world.testEnv, jobs, 1);
    expect(world.api.discordIn("d-1")).toHaveLength(1);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
    expect(await states(item.id)).toEqual(["sent", "sent"]);
  });
});

describe("Slack: cannot tell means check later, never post", () => {
  async function lostSlackPost(channel: string) {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], [channel]);
    world.api.scriptSlack(channel, { status: 200, storeThenDrop: true });
    await runQueue(world.testEnv, jobs);
    expect(world.api.slackIn(channel)).toHaveLength(1);
    return { item, jobs };
  }

  it("does not post again while the history check is rate-limited or failing", async () => {
    const { item, jobs } = await lostSlackPost("S-1");
    world.api.scriptSlackHistory("S-1", {
      status: 429,
      body: { ok: false, error: "ratelimited" },
      headers: { "retry-after": "30" },
    });
    const first = await runQueue(world.testEnv, jobs, 2);
    expect(first.retried).toHaveLength(1);
    // Past the Retry-After, the pacer lets the next attempt through: this time the history fails.
    await pacerForgets();
    world.api.scriptSlackHistory("S-1", { status: 200, body: { ok: false, error: "internal_error" } });
    await runQueue(world.testEnv, jobs, 3);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("queued");
    // Once Slack can say, a minute on, the post it made is found and confirmed.
    await aMinutePasses();
    await runQueue(world.testEnv, jobs, 4);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });

  const attemptsOf = async (id: string) =>
    (
      await env.DB.prepare("SELECT d.attempts FROM deliveries d WHERE d.message_key = ? ORDER BY d.subscription_id")
        .bind(newsKey(id))
        .all<{ attempts: number }>()
    ).results.map((r) => r.attempts);

  it("reads a page a minute back from where the last check stopped, spending no attempt on reading on", async () => {
    const { item, jobs } = await lostSlackPost("S-busy");
    // A busy channel: 40 more messages after ours, more than two pages of 15.
    world.api.slackChatter("S-busy", 40);
    // The first check reads the newest page; a second within the minute is refused and counts for nothing.
    expect((await runQueue(world.testEnv, jobs, 2)).retried).toHaveLength(1);
    const refused = await runQueue(world.testEnv, jobs, 3);
    expect(refused.retried.map((r) => r.delaySeconds)).toEqual([expect.any(Number)]);
    expect(refused.retried[0]?.delaySeconds).toBeGreaterThanOrEqual(50);
    // Neither check counts as an attempt: the first moved on, the second was refused before reading.
    expect(await attemptsOf(item.id)).toEqual([1]);
    // Each later check reads the next page, not the newest again, and the third page holds the post.
    await aMinutePasses();
    await runQueue(world.testEnv, jobs, 4);
    expect((await ledger(item.id))[0]?.state).toBe("queued");
    await aMinutePasses();
    await runQueue(world.testEnv, jobs, 5);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
    expect(world.api.slackIn("S-busy").filter((m) => m.body.metadata)).toHaveLength(1);
    expect(world.api.slackMethods["conversations.history"]).toBe(4);
    expect(await attemptsOf(item.id)).toEqual([2]);
  });

  it("after a worker died having posted, looks again from the newest message, not from where it stopped", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-busy"]);
    // The first post never lands, but its answer is lost; then 20 more messages, more than a page.
    world.api.scriptSlack("S-busy", { status: 200, drop: true });
    await runQueue(world.testEnv, jobs);
    world.api.slackChatter("S-busy", 20);
    await runQueue(world.testEnv, jobs, 2);
    expect((await ledger(item.id))[0]?.state).toBe("queued");
    // The next check reads the last page, finds nothing and posts; the worker dies before writing it down.
    await aMinutePasses();
    await runQueue({ ...world.testEnv, DB: crashingDb() } as typeof env, jobs, 3);
    expect(world.api.slackIn("S-busy").filter((m) => m.body.metadata)).toHaveLength(1);
    // Once the claim has expired, the check that takes it over must see that post, the newest message.
    await env.DB.prepare("UPDATE deliveries SET claimed_at = claimed_at - ?")
      .bind(LEASE_MS + 1)
      .run();
    await aMinutePasses();
    await runQueue(world.testEnv, jobs, 4);
    expect(world.api.slackIn("S-busy").filter((m) => m.body.metadata)).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });

  it("spends no attempt on a page read: a post behind 300 messages is found, not given up on", async () => {
    const { item, jobs } = await lostSlackPost("S-many");
    world.api.slackChatter("S-many", 300);
    for (let check = 0; check < 25 && (await ledger(item.id))[0]?.state === "queued"; check++) {
      await runQueue(world.testEnv, jobs, 2);
      await aMinutePasses();
    }
    expect((await ledger(item.id))[0]?.state).toBe("sent");
    expect(world.api.slackIn("S-many").filter((m) => m.body.metadata)).toHaveLength(1);
    expect(world.api.slackMethods["conversations.history"]).toBe(21);
    expect(await attemptsOf(item.id)).toEqual([2]);
  });

  it("counts the checks in a channel the bot cannot join, so a delivery there ends", async () => {
    const { item, jobs } = await lostSlackPost("S-private");
    // Removed from a private channel: history says not_in_channel, and a private channel cannot be joined.
    world.api.joined.delete("S-private");
    const slackApi = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) =>
      String(input).endsWith("/conversations.join")
        ? Response.json({ ok: false, error: "method_not_supported_for_channel_type" })
        : slackApi(input, init),
    );
    for (let check = 0; check < MAX_DELIVERY_ATTEMPTS + 5 && (await ledger(item.id))[0]?.state === "queued"; check++) {
      await runQueue(world.testEnv, jobs, 2);
      await aMinutePasses();
    }
    expect(await ledger(item.id)).toMatchObject([{ state: "failed", attempts: MAX_DELIVERY_ATTEMPTS }]);
    expect(world.api.slackIn("S-private")).toHaveLength(1);
  });

  it("checks again, posting nothing, when a page comes back empty while Slack says more remain", async () => {
    const { item, jobs } = await lostSlackPost("S-empty");
    world.api.scriptSlackHistory("S-empty", { status: 200, body: { ok: true, messages: [], has_more: true } });
    await runQueue(world.testEnv, jobs, 2);
    expect((await ledger(item.id))[0]?.state).toBe("queued");
    expect(world.api.slackIn("S-empty")).toHaveLength(1);
    await aMinutePasses();
    await runQueue(world.testEnv, jobs, 3);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
    expect(world.api.slackIn("S-empty")).toHaveLength(1);
  });

  it("reads on past a server error's page limit where alerts were turned off, so a post that landed is recorded", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-off"]);
    // The post lands, Slack answers 503: only a server error raised the doubt.
    world.api.scriptSlack("S-off", { status: 503, storeThenAnswer: true });
    await runQueue(world.testEnv, jobs);
    await slackAlerts("alerts off", "S-off");
    world.api.slackChatter("S-off", 15 * HISTORY_SEARCH_PAGES + 5);
    for (let check = 0; check < HISTORY_SEARCH_PAGES + 3 && (await ledger(item.id))[0]?.state === "queued"; check++) {
      await runQueue(world.testEnv, jobs, 2);
      await aMinutePasses();
    }
    expect((await ledger(item.id))[0]?.state).toBe("sent");
    expect(world.api.slackIn("S-off").filter((m) => m.body.metadata)).toHaveLength(1);
    expect(world.api.slackMethods["conversations.history"]).toBe(HISTORY_SEARCH_PAGES + 1);
  });

  it("checks several lost posts of one workspace a minute apart, none spending its attempts or posting again", async () => {
    const channels = ["S-1", "S-2", "S-3"];
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], channels);
    for (const c of channels) world.api.scriptSlack(c, { status: 200, storeThenDrop: true });
    await runQueue(world.testEnv, jobs);
    for (let minute = 0; minute < channels.length; minute++) {
      await runQueue(world.testEnv, jobs, 2);
      await aMinutePasses();
    }
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["sent", "sent", "sent"]);
    for (const c of channels) expect(world.api.slackIn(c)).toHaveLength(1);
    expect(await attemptsOf(item.id)).toEqual([2, 2, 2]);
  });

  it("joins the channel when alerts are turned on, so the history check works there", async () => {
    await slackAlerts("alerts on", "S-new");
    expect(world.api.joined.has("S-new")).toBe(true);
  });

  it("joins and checks again when the history says not_in_channel", async () => {
    const { item, jobs } = await lostSlackPost("S-left");
    world.api.joined.delete("S-left");
    // The check that joined counts toward Slack's minute: the second read waits for the next one.
    await runQueue(world.testEnv, jobs, 2);
    expect(world.api.joined.has("S-left")).toBe(true);
    await aMinutePasses();
    await runQueue(world.testEnv, jobs, 3);
    expect(world.api.slackIn("S-left")).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
    expect(await attemptsOf(item.id)).toEqual([2]);
  });
});

describe("a claim taken over after its lease", { timeout: 30_000 }, () => {
  const ours = (channel: string) => world.api.slackIn(channel).filter((m) => m.body.metadata);
  const leaseRunsOut = (id: string) =>
    env.DB.prepare("UPDATE deliveries SET claimed_at = claimed_at - ? WHERE message_key = ?")
      .bind(LEASE_MS + 1, newsKey(id))
      .run();

  it("does not let the stale worker's outcome hide the post the worker that took over made", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-race"]);
    // The first connection fails before Slack stores anything: unsure, nothing posted.
    world.api.scriptSlack("S-race", { status: 200, drop: true });
    await runQueue(world.testEnv, jobs);
    world.api.slackChatter("S-race", 20);
    await aMinutePasses();
    // A check reads the newest page and stops part way.
    await runQueue(world.testEnv, jobs, 2);
    await aMinutePasses();
    // Worker A claims and stalls in its history call past the lease; B takes over, reads, finds nothing.
    const a = holdFirst("/conversations.history");
    const stale = runQueue(world.testEnv, jobs, 3);
    await a.stalled;
    await leaseRunsOut(item.id);
    await runQueue(world.testEnv, jobs, 4);
    await aMinutePasses();
    // B posts; as its post is answered, A wakes up and settles.
    a.onNext("/chat.postMessage", async () => {
      a.release();
      await stale;
    });
    await runQueue(world.testEnv, jobs, 5);
    await checksUntilSettled(item.id, jobs, 6);
    expect(ours("S-race")).toHaveLength(1);
  });

  /**
   * Worker A stalls on its way to chat.postMessage past its lease (the item withdrawn meanwhile, if so
   * asked); worker B takes over and, once it has read the newest page of history, A's post lands and A
   * settles. Then checks run until the row settles.
   */
  async function staleWorkerPosts({ withdraw }: { withdraw: boolean }) {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-late"]);
    world.api.slackChatter("S-late", 20);
    const a = holdFirst("/chat.postMessage");
    const stale = runQueue(world.testEnv, jobs);
    await a.stalled;
    if (withdraw) await withdrawNews(env, item.id, "retracted");
    await leaseRunsOut(item.id);
    world.api.slackChatter("S-late", 20);
    await aMinutePasses();
    a.onNext("/conversations.history", async () => {
      a.release();
      await stale;
    });
    await runQueue(world.testEnv, jobs, 2);
    await checksUntilSettled(item.id, jobs, 8);
    return { item, posts: ours("S-late") };
  }

  it("records a post the stale worker made, so the worker that took over does not post again", async () => {
    const { item, posts } = await staleWorkerPosts({ withdraw: false });
    expect(posts).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });

  it("records a stale worker's post of an item withdrawn meanwhile, and edits it", async () => {
    const { item, posts } = await staleWorkerPosts({ withdraw: true });
    for (let round = 1; round <= 3; round++) {
      await runCron(world.testEnv);
      const amendJobs = world.queue.amends.map((m) => m.body);
      world.queue.amends.length = 0;
      if (amendJobs.length) await runQueue(world.testEnv, amendJobs, round);
    }
    expect(posts).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
    expect(posts[0]?.edits).toBe(1);
  });
});

describe("every row ends with a reason or has a way forward", () => {
  it("fails a delivery whose last allowed attempt is refused, instead of leaving it pending", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    await env.DB.prepare("UPDATE deliveries SET attempts = ? WHERE message_key = ?")
      .bind(MAX_DELIVERY_ATTEMPTS - 1, newsKey(item.id))
      .run();
    world.api.scriptDiscord("d-1", { status: 500 });
    const result = await runQueue(world.testEnv, jobs, 3);
    expect(result.retried).toEqual([]);
    expect(await ledger(item.id)).toMatchObject([{ state: "failed", error: expect.stringMatching(/gave up after 20 attempts/) }]);
  });

  it("the sweep ends a row that reached the attempt limit with a reason", async () => {
    const { item } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    await env.DB.prepare("UPDATE deliveries SET attempts = ?, error = 'Discord 500' WHERE message_key = ?")
      .bind(MAX_DELIVERY_ATTEMPTS, newsKey(item.id))
      .run();
    await planDeliveries(world.testEnv, Date.now() + STALE_MS + 1);
    expect(world.queue.sent).toEqual([]);
    expect(await ledger(item.id)).toMatchObject([{ state: "failed", error: expect.stringContaining("Discord 500") }]);
  });

  it("a message that reached the dead-letter queue is queued again by the next sweep", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    const dead = await runQueue(world.testEnv, jobs, 9, "trauma-code-announcements-dlq");
    expect(dead.acked).toBe(1);
    await planDeliveries(world.testEnv, Date.now() + 1);
    expect(world.queue.sent.map((m) => m.body)).toEqual(jobs);
    await runQueue(world.testEnv, jobs);
    expect(await states(item.id)).toEqual(["sent"]);
  });

  it("a chunk the queue refused is queued by the next sweep, not half an hour later", async () => {
    for (const c of ["d-1", "d-2"]) await discordAlerts("on", c);
    await sleep(3);
    const item = await publish("refused-chunk");
    let refusals = 1;
    const refusing = {
      ...world.queue,
      async sendBatch(messages: Iterable<{ body: QueueJob }>) {
        if (refusals-- > 0) throw new Error("Queue send failed: internal error");
        await world.queue.sendBatch(messages);
      },
    };
    await expect(planDeliveries(alertEnv(refusing as unknown as RecordingQueue))).rejects.toThrow(/Queue send failed/);
    expect(await states(item.id)).toEqual(["queued", "queued"]);
    expect(world.queue.sent).toEqual([]);
    // The next tick, a minute on: both deliveries are queued, and go out.
    await planDeliveries(world.testEnv, Date.now() + 60_000);
    await runQueue(
      world.testEnv,
      world.queue.sent.map((m) => m.body),
    );
    expect(await states(item.id)).toEqual(["sent", "sent"]);
    expect(world.api.discordIn("d-1")).toHaveLength(1);
    expect(world.api.discordIn("d-2")).toHaveLength(1);
  });

  it("rows the sweep could not queue again are queued by the next tick's sweep, not half an hour later", async () => {
    // The planned job is lost: the row waits for the sweep past its stale time.
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    const refusing = {
      ...world.queue,
      async sendBatch() {
        throw new Error("Queue send failed: internal error");
      },
    };
    const swept = Date.now() + STALE_MS + 1;
    await expect(planDeliveries(alertEnv(refusing as unknown as RecordingQueue), swept)).rejects.toThrow(/Queue send failed/);
    expect(world.queue.sent).toEqual([]);
    // The next tick, a minute on: the delivery is queued, and goes out.
    await planDeliveries(world.testEnv, swept + 60_000);
    expect(world.queue.sent.map((m) => m.body)).toEqual(jobs);
    await runQueue(world.testEnv, jobs);
    expect(await states(item.id)).toEqual(["sent"]);
    expect(world.api.discordIn("d-1")).toHaveLength(1);
  });

  it("a paused platform does not spend the queue's last retry: the row is left to the sweep", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    await store().setPlatformState("discord", { pausedUntil: Date.now() + 60_000, authError: null, tokenHash: null }, Date.now());
    const last = await runQueue(world.testEnv, jobs, QUEUE_LAST_ATTEMPT);
    expect(last).toEqual({ acked: 1, retried: [] });
    expect((await ledger(item.id))[0]?.state).toBe("queued");
    await store().setPlatformState("discord", { pausedUntil: 0, authError: null, tokenHash: null }, Date.now());
    await planDeliveries(world.testEnv, Date.now() + STALE_MS + 1);
    await runQueue(
      world.testEnv,
      world.queue.sent.map((m) => m.body),
    );
    expect(await states(item.id)).toEqual(["sent"]);
  });
});

describe("Discord disables only on its codes for a closed channel", () => {
  it.each([
    ["an HTML 403 from Cloudflare", { status: 403, html: true }],
    ["a 404 for a wrong route", { status: 404, body: { code: 0, message: "404: Not Found" } }],
    ["a 403 with another code", { status: 403, body: { code: 40002, message: "verify your account" } }],
  ])("retries %s with backoff and keeps the subscription", async (_name, answer) => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    world.api.scriptDiscord("d-1", answer);
    const result = await runQueue(world.testEnv, jobs);
    expect(result.retried[0]?.delaySeconds).toBeGreaterThanOrEqual(10);
    expect((await store().subscription("discord", "d-1"))?.active).toBe(true);
    await runQueue(world.testEnv, jobs, 2);
    expect(await states(item.id)).toEqual(["sent"]);
  });

  it("pauses Discord and shows it in /health when odd answers persist", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    world.api.scriptDiscord("d-1", { status: 403, html: true }, { status: 403, html: true }, { status: 403, html: true });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await env.DB.prepare("UPDATE platform_state SET paused_until = 0").run();
      await runQueue(world.testEnv, jobs, attempt);
    }
    const { alerts } = await health(world.testEnv);
    expect(alerts.discord).toMatchObject({
      delivering: false,
      pausedUntil: expect.any(String),
      error: expect.stringContaining("403"),
    });
    expect((await store().subscription("discord", "d-1"))?.active).toBe(true);
    expect((await ledger(item.id))[0]?.state).toBe("queued");
  });
});

describe("Cloudflare's own 429 in front of Discord", () => {
  // Cloudflare's 1015 page ("You are being rate limited") carries Retry-After, as Cloudflare's retryable
  // errors do, and none of Discord's X-RateLimit-* headers: the sending IP is blocked, not a channel.
  const blocked = { status: 429, html: true, headers: { "retry-after": "30" } };

  it("pauses Discord for its Retry-After and shows it in /health, keeping the channel's alerts on", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    world.api.scriptDiscord("d-1", blocked);
    await runQueue(world.testEnv, jobs);
    expect((await store().platformState("discord")).pausedUntil).toBeGreaterThanOrEqual(Date.now() + 25_000);
    expect((await health(world.testEnv)).alerts.discord).toMatchObject({
      delivering: false,
      error: expect.stringContaining("429"),
    });
    expect((await store().subscription("discord", "d-1"))?.active).toBe(true);
    expect((await ledger(item.id))[0]?.state).toBe("queued");
  });

  it("a block longer than Queues' longest delay pauses Discord for all of it, and the message waits in steps", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    const DAY_S = 86_400;
    world.api.scriptDiscord("d-1", { ...blocked, headers: { "retry-after": String(DAY_S) } });
    const first = await runQueue(world.testEnv, jobs);
    expect((await store().platformState("discord")).pausedUntil).toBeGreaterThanOrEqual(Date.now() + (DAY_S - 60) * 1000);
    expect(first.retried.map((r) => r.delaySeconds)).toEqual([QUEUE_DELAY_MAX_S]);
    // Back after twelve hours, the block still on: it calls nothing and waits the longest delay again.
    const calls = world.api.discordCalls;
    const again = await runQueue(world.testEnv, jobs, 2);
    expect(world.api.discordCalls).toBe(calls);
    expect(again.retried.map((r) => r.delaySeconds)).toEqual([QUEUE_DELAY_MAX_S]);
    expect((await ledger(item.id))[0]?.state).toBe("queued");
  });

  it("a block whose Retry-After asks for decades pauses Discord for a day at most, and /health still answers", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    const DAY_MS = 86_400_000;
    // "Forever" as an edge may write it (2^31 - 1 seconds), and as no clock can show it (10^13 seconds).
    for (const forever of ["2147483647", "1e13"]) {
      await store().setPlatformState("discord", { pausedUntil: 0, authError: null, tokenHash: null }, Date.now());
      world.api.scriptDiscord("d-1", { ...blocked, headers: { "retry-after": forever } });
      const { retried } = await runQueue(world.testEnv, jobs);
      expect(retried.map((r) => r.delaySeconds)).toEqual([QUEUE_DELAY_MAX_S]);
      const { pausedUntil } = await store().platformState("discord");
      expect(pausedUntil, forever).toBeGreaterThan(Date.now() + DAY_MS - 60_000);
      expect(pausedUntil, forever).toBeLessThanOrEqual(Date.now() + DAY_MS);
      expect((await health(world.testEnv)).alerts.discord?.pausedUntil, forever).toBeDefined();
      await pacerForgets();
    }
  });

  it("a block whose Retry-After is blank pauses Discord as long as the pacer holds it, not a second", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    world.api.scriptDiscord("d-1", { ...blocked, headers: { "retry-after": " " } });
    const { retried } = await runQueue(world.testEnv, jobs);
    const { pausedUntil } = await store().platformState("discord");
    // The pacer takes a Cloudflare block that names no wait for 15 minutes: the pause says the same.
    expect(pausedUntil).toBeGreaterThan(Date.now() + CLOUDFLARE_BLOCK_MS - 60_000);
    expect(retried.map((r) => r.delaySeconds)).toEqual([CLOUDFLARE_BLOCK_MS / 1000]);
    expect((await ledger(item.id))[0]?.state).toBe("queued");
  });

  it.each([
    ["Cloudflare's block", blocked],
    [
      "Discord's global limit",
      {
        status: 429,
        body: { message: "You are being rate limited.", retry_after: 30, global: true },
        headers: { "retry-after": "30", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
      },
    ],
  ])("waits out %s met more often than a delivery has attempts, spending none of them", async (_name, answer) => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    for (let met = 1; met <= MAX_DELIVERY_ATTEMPTS; met++) {
      // The pause is over, and the pacer has forgotten it: the post is tried again, and refused again.
      await env.DB.prepare("UPDATE platform_state SET paused_until = 0").run();
      await pacerForgets();
      world.api.scriptDiscord("d-1", answer);
      await runQueue(world.testEnv, jobs, met);
    }
    expect(await ledger(item.id)).toMatchObject([{ state: "queued", attempts: 0 }]);
    await env.DB.prepare("UPDATE platform_state SET paused_until = 0").run();
    await pacerForgets();
    await runQueue(world.testEnv, jobs, 1);
    expect(await states(item.id)).toEqual(["sent"]);
    expect(world.api.discordIn("d-1")).toHaveLength(1);
  });

  it("sends none of the batch's other posts once one of them met it", async () => {
    const channels = ["d-1", "d-2", "d-3", "d-4", "d-5", "d-6", "d-7", "d-8"];
    const { jobs } = await publishTo(world.testEnv, world.queue, channels);
    // The IP is blocked from the second request on: every request meets the page.
    for (const c of channels.slice(1)) world.api.scriptDiscord(c, blocked);
    await runQueue(world.testEnv, jobs, 1, undefined, { late: "given back" });
    expect(world.api.discord.map((m) => m.channelId)).toEqual(["d-1"]);
    // Each request sent into the block counts toward Discord's invalid-request ban. The next slot comes
    // 21 ms after the first refused one: on a slow machine it may leave before that answer is heard.
    expect(world.api.invalidRequests).toBeLessThanOrEqual(3);
  });
});

describe("final states stay final", () => {
  it("a late duplicate after alerts were turned off leaves a sent delivery sent", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    await runQueue(world.testEnv, jobs);
    await discordAlerts("off", "d-1");
    await runQueue(world.testEnv, jobs, 2);
    expect(await ledger(item.id)).toMatchObject([{ state: "sent", error: null }]);
  });

  it("drops what was planned before alerts were turned off, and does not revive it when they are turned on again", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    await discordAlerts("off", "d-1");
    expect(await ledger(item.id)).toMatchObject([{ state: "dropped", error: "unsubscribed" }]);
    await discordAlerts("on", "d-1");
    await runQueue(world.testEnv, jobs, 2);
    await planDeliveries(world.testEnv, Date.now() + STALE_MS + 1);
    await runQueue(
      world.testEnv,
      world.queue.sent.map((m) => m.body),
    );
    expect(world.api.discord).toHaveLength(0);
    // What is published after turning them on again is delivered.
    await sleep(3);
    const next = await publish("after-the-gap");
    await runCron(world.testEnv);
    await runQueue(
      world.testEnv,
      world.queue.sent.map((m) => m.body),
    );
    expect(await states(next.id)).toEqual(["sent"]);
    expect(world.api.discord).toHaveLength(1);
  });

  it("publishing the same item again plans nothing new", async () => {
    const { item } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    expect(await publishNews(env, item)).toBe(false);
    await runCron(world.testEnv);
    expect(world.queue.sent).toEqual([]);
  });
});

// Each case runs whole batches through the queue, D1 and paced mock calls: seconds on a busy machine.
describe("the budget of one invocation", { timeout: 30_000 }, () => {
  type Arrange = (channels: string[]) => "unsure" | "slack" | undefined;
  it.each<[string, Arrange]>([
    ["every post answered at once", () => undefined],
    [
      "every post refused as too long, then sent as plain text",
      (channels: string[]) => {
        for (const c of channels)
          world.api.scriptDiscord(c, { status: 400, body: { code: 50035, message: "Invalid Form Body" } });
        return undefined;
      },
    ],
    ["every earlier answer lost, so every delivery looks itself up first", () => "unsure"],
    ["D1 and Slack mixed, history pages and fallbacks", () => "slack"],
  ])("stays under 50 fetches and D1 queries together: %s", async (_name, arrange) => {
    const discord = Array.from({ length: 10 }, (_, i) => `d-${i}`);
    const slack = Array.from({ length: 10 }, (_, i) => `S-${i}`);
    const mode = arrange(discord);
    const { item, jobs } = await publishTo(
      world.testEnv,
      world.queue,
      mode === "slack" ? [] : discord,
      mode === "slack" ? slack : [],
    );
    if (mode === "unsure" || mode === "slack") {
      // Earlier attempts a while ago that may have posted: each delivery must look itself up first.
      await env.DB.prepare(
        "UPDATE deliveries SET state = 'claimed', claimed_at = ?1, first_attempt_at = ?1, unsure = 1, attempts = 1",
      )
        .bind(Date.now() - 10 * 60_000)
        .run();
      for (const c of slack) {
        world.api.slackChatter(c, 40);
        world.api.scriptSlack(c, { status: 200, body: { ok: false, error: "msg_too_long" } });
      }
    }
    const { counter, db } = countingEnv(env);
    const before = world.api.discordCalls + world.api.slackCalls;
    await runQueue({ ...world.testEnv, DB: db } as typeof env, jobs.slice(0, 10), 2);
    counter.fetch = world.api.discordCalls + world.api.slackCalls - before;
    expect(counter.fetch).toBeGreaterThan(0);
    expect(counter.d1 + counter.fetch).toBeLessThan(SUBREQUESTS_MAX);
    // And nothing was lost to the budget: what did not fit is still pending and comes back.
    const ended = (await ledger(item.id)).filter((d) => d.state !== "sent" && d.state !== "queued" && d.state !== "claimed");
    expect(ended).toEqual([]);
  });

  it("an idle cron tick reads the same few rows whatever the number of subscriptions and items", async () => {
    const reads: number[] = [];
    for (const subscriptions of [5, 300]) {
      await env.DB.batch(
        ["DELETE FROM deliveries", "DELETE FROM subscriptions", "DELETE FROM messages", "DELETE FROM news"].map((s) =>
          env.DB.prepare(s),
        ),
      );
      await env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at) SELECT 'discord', 'g', 'c-' || i, 'en', 0 FROM n`,
      )
        .bind(subscriptions)
        .run();
      for (const id of ["old-1", "old-2", "old-3"]) await publish(id);
      await runCron(world.testEnv);
      await runCron(world.testEnv); // finishes any chunk left
      const { counter, db } = countingEnv(env);
      await planDeliveries({ ...world.testEnv, DB: db } as typeof env);
      reads.push(counter.rowsRead);
    }
    expect(reads[0]).toBe(reads[1]);
    expect(reads[1]).toBeLessThan(20);
  });
});

describe("planning in chunks", () => {
  it("plans a just-published item at the next tick, even behind a backlog of items still being planned", async () => {
    await discordAlerts("on", "d-1");
    await sleep(3);
    // A backlog larger than one tick plans: the seed's first run publishes every item of the data at once.
    const base = (await realBundle()).news[0]!;
    for (let i = 0; i < PLANNING_PER_TICK * 3; i++)
      await publishNews(env, { ...base, id: `backlog-${i}` }, Date.now() - 60_000 + i);
    const fresh = await publish("fresh-item");
    await runCron(world.testEnv);
    expect(await ledger(fresh.id)).toHaveLength(1);
  });

  it("plans a large fan-out in chunks through the queue, each subscription once", async () => {
    const count = 450;
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at) SELECT 'discord', 'g', 'c-' || i, 'en', 0 FROM n`,
    )
      .bind(count)
      .run();
    const item = await publish("big");
    await runCron(world.testEnv);
    expect(world.queue.sent.length).toBeLessThan(count);
    expect(world.queue.plans).toHaveLength(1);
    // A duplicate plan job and an overlapping cron tick plan nothing twice.
    const plans = world.queue.plans.map((p) => p.body);
    world.queue.plans.length = 0;
    await Promise.all([runQueue(world.testEnv, [...plans, ...plans]), runCron(world.testEnv)]);
    const planned = world.queue.sent.map((m) => (m.body as DeliveryJob).subscriptionId);
    expect(planned).toHaveLength(count);
    expect(new Set(planned).size).toBe(count);
    expect(await ledger(item.id)).toHaveLength(count);
  });

  it("queues the next chunk's plan job before the chunk's last deliveries, so the queue never runs dry between chunks", async () => {
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at) SELECT 'discord', 'g', 'c-' || i, 'en', 0 FROM n`,
    )
      .bind(PLAN_CHUNK + 1)
      .run();
    // The order in which jobs reach the queue.
    const order: string[] = [];
    const ordered = {
      ...world.queue,
      async sendBatch(messages: Iterable<{ body: QueueJob }>) {
        for (const m of messages) order.push(m.body.kind ?? "delivery");
        await world.queue.sendBatch(messages);
      },
    };
    await publish("big");
    await runCron(alertEnv(ordered as unknown as RecordingQueue));
    const plan = order.indexOf("plan");
    expect(order.filter((kind) => kind !== "plan")).toHaveLength(PLAN_CHUNK);
    // Planned while the second half of this chunk is still on its way out.
    expect(plan).toBeGreaterThan(0);
    expect(plan).toBeLessThanOrEqual(PLAN_CHUNK / 2 + SEND_BATCH_MAX);
  });
});
