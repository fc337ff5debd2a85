// Withdrawing an item edits the posts already made to say so: the cron plans the edits as amend jobs
// (a chunk per tick, each post once), the consumer edits through the platform with the notice in the
// channel's language, and every edit ends `done` or `failed` with a reason, never disabling a channel.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { SUBREQUESTS_MAX } from "../../src/delivery/budget";
import type { AmendJob, QueueJob } from "../../src/delivery/jobs";
import { AMEND_CHUNK, planDeliveries } from "../../src/delivery/planner";
import { QUEUE_LAST_ATTEMPT } from "../../src/delivery/policy";
import { t } from "../../src/i18n/strings";
import { Limiter } from "../../src/pacing/limiter";
import { newsKey, publishNews, withdrawNews, withdrawNewsSql } from "../../src/topics/renewal";
import {
  alertEnv,
  deliveryWorldEach,
  discordAlerts,
  publish,
  publishTo,
  recordingQueue,
  resetPacers,
  runCron,
  runQueue,
  runQueueUntilDone,
  slackAlerts,
  sleep,
  store,
} from "../helpers/alerts";
import { realBundle } from "../helpers/content";
import { countingEnv } from "../helpers/counting-db";
import { failingOnce } from "../helpers/hold";
import { aroundFetch, MockApis, type Scripted } from "../helpers/mock-api";

const world = deliveryWorldEach();

const REASON = "reported in error";

/** Delivers a new item to the channels, withdraws it and runs the cron: returns the amend jobs queued. */
async function deliverThenWithdraw(discord: { channel: string; locale?: string }[], slack: string[] = []) {
  for (const d of discord) await discordAlerts("on", d.channel, d.locale ? { locale: d.locale } : {});
  for (const c of slack) await slackAlerts(c.startsWith("S-tl") ? "alerts on lang:tl" : "alerts on", c);
  await sleep(3);
  const item = await publish();
  await runCron(world.testEnv);
  await runQueueUntilDone(
    world.testEnv,
    world.queue.sent.map((m) => m.body),
  );
  expect(world.api.discord.length + world.api.slack.length).toBe(discord.length + slack.length);
  expect(await withdrawNews(env, item.id, REASON)).toBe(true);
  await runCron(world.testEnv);
  const jobs = world.queue.amends.map((m) => m.body);
  world.queue.amends.length = 0;
  return { item, jobs };
}

const amends = (id: string) => store().amends(newsKey(id));
const amending = async (id: string) =>
  (await env.DB.prepare("SELECT amending FROM messages WHERE key = ?").bind(newsKey(id)).first<{ amending: number }>())?.amending;
/** Every text of a Discord post (embeds' titles and descriptions, content). */
const discordText = (body: Record<string, unknown>) =>
  [
    String(body.content ?? ""),
    ...((body.embeds as { title?: string; description?: string }[]) ?? []).flatMap((e) => [e.title, e.description]),
  ].join("\n");
const slackText = (body: Record<string, unknown>) => JSON.stringify(body.blocks);
const notice = (locale: "en" | "ko" | "id" | "tl") => t(locale, "delivery.withdrawn", { reason: REASON });

/** Each test runs the pipeline end to end (deliveries, withdrawal, edits, paced Slack calls): seconds on a busy machine. */
const WHOLE_PIPELINE_MS = 30_000;

describe("withdrawing an item edits the posts already made", { timeout: WHOLE_PIPELINE_MS }, () => {
  it("edits each post exactly once, with the notice in the channel's language above what was posted", async () => {
    const { item, jobs } = await deliverThenWithdraw([{ channel: "d-en" }, { channel: "d-ko", locale: "ko" }], ["S-1", "S-tl"]);
    expect(jobs).toHaveLength(4);
    expect(jobs.every((j) => j.kind === "amend" && j.message === newsKey(item.id))).toBe(true);
    const result = await runQueue(world.testEnv, jobs);
    expect(result).toEqual({ acked: 4, retried: [] });

    const [en] = world.api.discordIn("d-en");
    const [ko] = world.api.discordIn("d-ko");
    expect([en?.edits, ko?.edits]).toEqual([1, 1]);
    expect(discordText(en?.body ?? {})).toContain(notice("en"));
    expect(discordText(en?.body ?? {})).toContain(item.title.en);
    expect(discordText(ko?.body ?? {})).toContain(notice("ko"));
    expect(discordText(ko?.body ?? {})).toContain(item.title.ko);
    expect(en?.body.allowed_mentions).toEqual({ parse: [] });
    // The notice comes first.
    expect((en?.body.embeds as { description?: string }[] | undefined)?.[0]?.description).toContain(notice("en"));

    const [s1] = world.api.slackIn("S-1");
    const [tl] = world.api.slackIn("S-tl");
    expect([s1?.edits, tl?.edits]).toEqual([1, 1]);
    expect(slackText(s1?.body ?? {})).toContain(notice("en"));
    expect(slackText(tl?.body ?? {})).toContain(notice("tl"));
    expect(JSON.stringify((s1?.body.blocks as unknown[] | undefined)?.[0])).toContain(notice("en"));
    expect(world.api.slackMethods["chat.update"]).toBe(2);

    expect(await amends(item.id)).toEqual(
      jobs.map(() => ({ subscriptionId: expect.any(Number), amendState: "done", amendError: null })),
    );
    // Nothing is left to queue: the next tick plans no edit and reads the message no more.
    expect(await amending(item.id)).toBe(0);
    await runCron(world.testEnv);
    expect(world.queue.amends).toEqual([]);
  });

  it("reopens a thread Discord archived since the post, to edit the post there", async () => {
    const { item, jobs } = await deliverThenWithdraw([{ channel: "d-thread" }, { channel: "d-locked" }]);
    // Days without a message: Discord has archived both threads; a moderator has locked one.
    world.api.archivedThreads.add("d-thread");
    world.api.archivedThreads.add("d-locked");
    world.api.lockedThreads.add("d-locked");
    await runQueueUntilDone(world.testEnv, jobs);
    const [post] = world.api.discordIn("d-thread");
    expect(post?.edits).toBe(1);
    expect(discordText(post?.body ?? {})).toContain(notice("en"));
    expect(world.api.discordIn("d-locked").map((m) => m.edits)).toEqual([0]);
    const ends = await amends(item.id);
    expect(ends.map((e) => e.amendState)).toEqual(["done", "done"]);
    expect(ends[0]?.amendError).toBeNull();
    // The locked one cannot be edited: the edit ends with why, and the channel's alerts stay on.
    expect(ends[1]?.amendError).toContain("archived thread");
    expect((await store().subscription("discord", "d-locked"))?.active).toBe(true);
  });

  // Reopening the thread is a request of its own, and Discord may answer it with its rate limit, a server
  // error page, or not at all: none of those says the thread cannot be reopened, so the edit is tried again
  // instead of ending done with the withdrawal notice never shown.
  it.each([
    [
      "a 429",
      () =>
        Response.json(
          { message: "You are being rate limited.", retry_after: 2.5, global: false },
          { status: 429, headers: { "retry-after": "3", "x-ratelimit-scope": "user", "x-ratelimit-bucket": "thread" } },
        ),
    ],
    [
      "a 502 page",
      () => new Response("<html><body>502 Bad Gateway</body></html>", { status: 502, headers: { "content-type": "text/html" } }),
    ],
    [
      "no answer",
      () => {
        throw new TypeError("Network connection lost.");
      },
    ],
  ])("reopens an archived thread once %s to reopening it has passed, and edits the post there", async (_what, answer) => {
    const { item, jobs } = await deliverThenWithdraw([{ channel: "d-thread" }]);
    world.api.archivedThreads.add("d-thread");
    let refused = false;
    aroundFetch((url, init) => {
      if (refused || init?.method !== "PATCH" || !url.endsWith("/channels/d-thread")) return undefined;
      refused = true;
      return answer();
    });
    await runQueueUntilDone(world.testEnv, jobs);
    expect(refused).toBe(true);
    expect(world.api.discordIn("d-thread")[0]?.edits).toBe(1);
    expect(await amends(item.id)).toEqual([{ subscriptionId: expect.any(Number), amendState: "done", amendError: null }]);
  });

  it("a duplicate amend job edits at most once more, harmlessly, and the edit ends done", async () => {
    const { item, jobs } = await deliverThenWithdraw([{ channel: "d-1" }], ["S-1"]);
    // Duplicates in one batch, and two batches at once.
    await Promise.all([runQueue(world.testEnv, [...jobs, ...jobs]), runQueue(world.testEnv, jobs)]);
    const [d] = world.api.discordIn("d-1");
    const [s] = world.api.slackIn("S-1");
    expect(d?.edits).toBeGreaterThanOrEqual(1);
    expect(d?.edits).toBeLessThanOrEqual(2);
    expect(s?.edits).toBeGreaterThanOrEqual(1);
    expect(s?.edits).toBeLessThanOrEqual(2);
    // A late copy after the edit ended edits nothing.
    const before = [d?.edits, s?.edits];
    expect((await runQueue(world.testEnv, jobs, 2)).acked).toBe(2);
    expect([d?.edits, s?.edits]).toEqual(before);
    expect(discordText(d?.body ?? {})).toContain(notice("en"));
    expect(slackText(s?.body ?? {})).toContain(notice("en"));
    expect((await amends(item.id)).map((a) => a.amendState)).toEqual(["done", "done"]);
  });

  it("a post that was deleted ends its edit done with the reason, and the channel keeps its alerts", async () => {
    const { item, jobs } = await deliverThenWithdraw([{ channel: "d-1" }], ["S-1"]);
    world.api.discord.length = 0;
    world.api.slack.length = 0;
    expect((await runQueue(world.testEnv, jobs)).acked).toBe(2);
    const ended = await amends(item.id);
    expect(ended.map((a) => a.amendState)).toEqual(["done", "done"]);
    expect(ended.map((a) => a.amendError).sort()).toEqual([expect.stringContaining("10008"), "Slack message_not_found"]);
    expect((await store().subscription("discord", "d-1"))?.active).toBe(true);
    expect((await store().subscription("slack", "S-1"))?.active).toBe(true);
  });

  it("a channel the bot lost ends the edit done with the reason, never disabling the subscription", async () => {
    const { item, jobs } = await deliverThenWithdraw([{ channel: "d-1" }], ["S-1"]);
    world.api.scriptDiscord("d-1", { status: 403, body: { code: 50001, message: "Missing Access" } });
    world.api.scriptSlack("S-1", { status: 200, body: { ok: false, error: "channel_not_found" } });
    await runQueue(world.testEnv, jobs);
    expect((await amends(item.id)).map((a) => a.amendState)).toEqual(["done", "done"]);
    expect((await store().subscription("discord", "d-1"))?.active).toBe(true);
    expect((await store().subscription("slack", "S-1"))?.active).toBe(true);
  });

  it("retries a rate-limited edit after the wait it was told, then edits once", async () => {
    const { item, jobs } = await deliverThenWithdraw([{ channel: "d-1" }], ["S-1"]);
    world.api.scriptDiscord("d-1", {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 2.5, global: false },
      headers: {
        "retry-after": "3",
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset-after": "2.5",
        "x-ratelimit-scope": "user",
      },
    });
    world.api.scriptSlack("S-1", { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "4" } });
    const first = await runQueue(world.testEnv, jobs);
    expect(first.retried.map((r) => r.delaySeconds).sort()).toEqual([3, 4]);
    expect((await amends(item.id)).map((a) => a.amendState)).toEqual(["queued", "queued"]);
    expect((await amends(item.id)).map((a) => a.amendError).sort()).toEqual([
      expect.stringContaining("429"),
      "Slack ratelimited",
    ]);
    await runQueue(
      world.testEnv,
      first.retried.map((r) => r.job as unknown as AmendJob),
      2,
    );
    expect(world.api.discordIn("d-1")[0]?.edits).toBe(1);
    expect(world.api.slackIn("S-1")[0]?.edits).toBe(1);
    expect(await amends(item.id)).toEqual([
      { subscriptionId: expect.any(Number), amendState: "done", amendError: null },
      { subscriptionId: expect.any(Number), amendState: "done", amendError: null },
    ]);
  });

  it("gives up with the last error when the queue would dead-letter the edit", async () => {
    const { item, jobs } = await deliverThenWithdraw([{ channel: "d-1" }]);
    world.api.scriptDiscord("d-1", { status: 500, body: { message: "Internal Server Error" } });
    expect((await runQueue(world.testEnv, jobs, QUEUE_LAST_ATTEMPT)).retried).toEqual([]);
    expect(await amends(item.id)).toEqual([
      {
        subscriptionId: expect.any(Number),
        amendState: "failed",
        amendError: expect.stringMatching(new RegExp(`^gave up after ${QUEUE_LAST_ATTEMPT} attempts: Discord 500`)),
      },
    ]);
  });
});

describe("pacing an edit's second try", { timeout: WHOLE_PIPELINE_MS }, () => {
  it("gives the plain-text version of a refused edit a slot of its own", async () => {
    const channels = Array.from({ length: 4 }, (_, i) => `plain-edit-${i}`);
    const { item, jobs } = await deliverThenWithdraw(channels.map((channel) => ({ channel })));
    for (const c of channels) world.api.scriptDiscord(c, { status: 400, body: { code: 50035, message: "Invalid Form Body" } });
    const handedOut = vi.spyOn(Limiter.prototype, "reserve");
    try {
      const before = world.api.discordCalls;
      let again = jobs as QueueJob[];
      // Rounds until nothing comes back: on a loaded machine an edit may leave after its slot and be given
      // back, which costs a round, never a request.
      for (let round = 1; again.length && round < 20; round++)
        again = (await runQueue(world.testEnv, again, round)).retried.map((r) => r.job as QueueJob);
      const requests = world.api.discordCalls - before;
      const slots = handedOut.mock.results.flatMap((r) => (r.type === "return" ? r.value : [])).length;
      // Each refused edit was followed by its plain text, and no request left without a slot.
      expect(requests).toBe(2 * channels.length);
      expect(slots).toBeGreaterThanOrEqual(requests);
      expect((await amends(item.id)).map((a) => a.amendState)).toEqual(channels.map(() => "done"));
      for (const c of channels) expect(world.api.discordIn(c)[0]?.body.content).toContain(notice("en"));
    } finally {
      handedOut.mockRestore();
    }
  });
});

describe("the budget of one invocation", { timeout: WHOLE_PIPELINE_MS }, () => {
  it("edits and deliveries in one batch stay under 50 fetches and D1 queries together, and what did not fit comes back", async () => {
    const channels = Array.from({ length: 10 }, (_, i) => `d-${i}`);
    const { item, jobs } = await deliverThenWithdraw(channels.map((channel) => ({ channel })));
    // Every rich edit refused, so each also sends its plain-text version.
    for (const c of channels) world.api.scriptDiscord(c, { status: 400, body: { code: 50035, message: "Invalid Form Body" } });
    // And a new item for the same channels in the same batch.
    world.queue.sent.length = 0;
    await sleep(3);
    const next = await publish("next-item");
    await runCron(world.testEnv);
    const deliveries = world.queue.sent.map((m) => m.body);
    expect(deliveries).toHaveLength(10);
    const { counter, db } = countingEnv(env);
    const before = world.api.discordCalls + world.api.slackCalls;
    const result = await runQueue({ ...world.testEnv, DB: db } as typeof env, [...(jobs as QueueJob[]), ...deliveries]);
    const fetches = world.api.discordCalls + world.api.slackCalls - before;
    expect(fetches).toBeGreaterThan(0);
    expect(counter.d1 + fetches).toBeLessThan(SUBREQUESTS_MAX);
    // Edits leave room for deliveries beside them.
    expect((await store().deliveries(newsKey(next.id))).filter((d) => d.state === "sent").length).toBeGreaterThan(0);
    // What did not fit waits for the next invocation, nothing lost.
    let again = result.retried.map((r) => r.job as QueueJob);
    for (let round = 2; again.length && round < 6; round++)
      again = (await runQueue(world.testEnv, again, round)).retried.map((r) => r.job as QueueJob);
    expect(again).toEqual([]);
    expect((await amends(item.id)).map((a) => a.amendState)).toEqual(channels.map(() => "done"));
    expect(channels.every((c) => discordText(world.api.discordIn(c)[0]?.body ?? {}).includes(notice("en")))).toBe(true);
    expect((await store().deliveries(newsKey(next.id))).map((d) => d.state)).toEqual(channels.map(() => "sent"));
  });
});

describe("planning the edits", { timeout: WHOLE_PIPELINE_MS }, () => {
  it("queues a withdrawn item's edits a chunk per tick, each post once even when ticks overlap", async () => {
    const count = AMEND_CHUNK + 30;
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at) SELECT 'discord', 'g', 'c-' || i, 'en', 0 FROM n`,
    )
      .bind(count)
      .run();
    const item = await publish("big");
    // Delivered everywhere (and one post still pending, which is dropped, not edited).
    await env.DB.prepare(
      `INSERT INTO deliveries (message_key, subscription_id, state, planned_at, due_at, message_id)
       SELECT ?1, id, CASE WHEN channel_id = 'c-1' THEN 'queued' ELSE 'sent' END, 0, 0,
         CASE WHEN channel_id = 'c-1' THEN NULL ELSE 'm-' || id END FROM subscriptions`,
    )
      .bind(newsKey(item.id))
      .run();
    await env.DB.prepare("UPDATE messages SET planned_through = NULL").run();
    await withdrawNews(env, item.id, REASON);
    await planDeliveries(world.testEnv);
    expect(world.queue.amends).toHaveLength(AMEND_CHUNK);
    expect(await amending(item.id)).toBe(1);
    await Promise.all([planDeliveries(world.testEnv), planDeliveries(world.testEnv), planDeliveries(world.testEnv)]);
    const planned = world.queue.amends.map((m) => m.body.subscriptionId);
    expect(planned).toHaveLength(count - 1);
    expect(new Set(planned).size).toBe(count - 1);
    expect(planned).not.toContain((await store().subscription("discord", "c-1"))?.id);
    expect(await amending(item.id)).toBe(0);
  });

  it("queues the edits a chunk took even when where it stopped could not be written, instead of leaving them for hours", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1", "d-2"]);
    await runQueue(world.testEnv, jobs);
    await withdrawNews(env, item.id, REASON);
    // D1 lost the connection on the chunk's second statement, after the first took the posts.
    const flaky = failingOnce(env.DB, "SET amend_from");
    await planDeliveries({ ...world.testEnv, DB: flaky.db }).catch(() => undefined);
    expect(flaky.failed()).toBe(true);
    await planDeliveries(world.testEnv);
    const planned = world.queue.amends.map((m) => m.body.subscriptionId);
    expect(new Set(planned).size).toBe(2);
    expect(planned).toHaveLength(2);
    await planDeliveries(world.testEnv);
    expect(await amending(item.id)).toBe(0);
  });

  it("the seed's --withdraw marks the item's posts for editing too", async () => {
    await discordAlerts("on", "d-1");
    await sleep(3);
    const item = await publish();
    await runCron(world.testEnv);
    await runQueue(
      world.testEnv,
      world.queue.sent.map((m) => m.body),
    );
    for (const statement of withdrawNewsSql([item.id], "withdrawn by the editor", Date.now()).split("\n"))
      await env.DB.prepare(statement).run();
    await runCron(world.testEnv);
    expect(world.queue.amends.map((m) => m.body)).toEqual([
      { kind: "amend", message: newsKey(item.id), subscriptionId: expect.any(Number) },
    ]);
    await runQueue(
      world.testEnv,
      world.queue.amends.map((m) => m.body),
    );
    expect(discordText(world.api.discordIn("d-1")[0]?.body ?? {})).toContain(
      t("en", "delivery.withdrawn", { reason: "withdrawn by the editor" }),
    );
  });

  it("a withdrawn item that reached no channel queues no edit and stops being read", async () => {
    await discordAlerts("on", "d-1");
    await sleep(3);
    const item = await publish();
    await withdrawNews(env, item.id, REASON);
    await runCron(world.testEnv);
    expect(world.queue.amends).toEqual([]);
    expect(await amending(item.id)).toBe(0);
  });
});

const RUNS = 15;
const params = { numRuns: RUNS, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };
const EDIT_CHANNELS = [
  { platform: "discord" as const, id: "d-a" },
  { platform: "discord" as const, id: "d-b" },
  { platform: "slack" as const, id: "S-A" },
  { platform: "slack" as const, id: "S-B" },
];
/** How a channel's first post goes: well, stored with its answer lost, lost before it was stored, a 5xx. */
const POST_FAULTS: Record<"discord" | "slack", (Scripted | undefined)[]> = {
  discord: [undefined, { status: 200, storeThenDrop: true }, { status: 200, drop: true }, { status: 500 }],
  slack: [undefined, { status: 200, storeThenDrop: true }, { status: 200, drop: true }, { status: 503 }],
};
/** How an edit is answered; a global 429, and odd answers from the third attempt on, pause the whole platform. */
const EDIT_FAULTS: Record<"discord" | "slack", Scripted[]> = {
  discord: [
    { status: 429, body: { retry_after: 1.5, global: false }, headers: { "retry-after": "2", "x-ratelimit-scope": "user" } },
    { status: 500 },
    { status: 502, html: true },
    { status: 200, storeThenDrop: true },
    { status: 200, drop: true },
    { status: 429, body: { retry_after: 1, global: true }, headers: { "retry-after": "1", "x-ratelimit-global": "true" } },
    { status: 403, html: true },
  ],
  slack: [
    { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "3" } },
    { status: 200, body: { ok: false, error: "internal_error" } },
    { status: 503 },
    { status: 200, storeThenDrop: true },
    { status: 200, drop: true },
    { status: 404, html: true },
  ],
};

/** Each platform's shared token, as the Worker's env names it. */
const SECRETS = { discord: "DISCORD_BOT_TOKEN", slack: "SLACK_BOT_TOKEN" } as const;

const script = (platform: "discord" | "slack", channel: string, answers: Scripted[]) =>
  platform === "discord" ? world.api.scriptDiscord(channel, ...answers) : world.api.scriptSlack(channel, ...answers);
const postsIn = (platform: "discord" | "slack", channel: string) =>
  platform === "discord" ? world.api.discordIn(channel) : world.api.slackIn(channel);

/**
 * Runs `during` once, right after the first post request to `channel` was answered or failed; `ran` says
 * whether it did (a post given back before its request never runs it).
 */
function afterFirstPost(channel: string, during: () => Promise<void>) {
  const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
  const hook = { ran: false };
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    const url = String(input);
    const isPost =
      (url.endsWith(`/channels/${channel}/messages`) && init?.method === "POST") ||
      (url.endsWith("/chat.postMessage") && String(init?.body).includes(`"channel":"${channel}"`));
    try {
      return await inner(input, init);
    } finally {
      if (isPost && !hook.ran) {
        hook.ran = true;
        await during();
      }
    }
  });
  return hook;
}

describe("edits under randomized faults", () => {
  // A failure prints its seed; replay it with FC_SEED=<seed> npm test.
  it(`every post of a withdrawn item ends edited with the notice, none posted twice, no channel stopped (${RUNS} runs)`, async () => {
    const template = (await realBundle()).news[0]!;
    const scenario = fc.record({
      posts: fc.array(fc.nat(3), { minLength: 4, maxLength: 4 }),
      // Undefined: withdrawn once the first posts are answered (some may be unsure); else while that
      // channel's post is being made (claimed), with a cron tick right then.
      withdrawDuring: fc.option(fc.nat(3), { nil: undefined }),
      faults: fc.array(fc.array(fc.nat(13), { maxLength: 4 }), { minLength: 4, maxLength: 4 }),
      duplicates: fc.array(fc.nat(3), { maxLength: 6 }),
      overlappingTicks: fc.boolean(),
      // The first rounds of edits run with no shared token configured on one platform (up to longer than
      // the queue retries an edit), then one is.
      tokenGap: fc.option(
        fc.record({
          platform: fc.constantFrom("discord" as const, "slack" as const),
          rounds: fc.integer({ min: 1, max: QUEUE_LAST_ATTEMPT + 1 }),
        }),
        { nil: undefined },
      ),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ posts, withdrawDuring, faults, duplicates, overlappingTicks, tokenGap }) => {
        await env.DB.batch(
          ["deliveries", "subscriptions", "messages", "news", "platform_state"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
        );
        vi.restoreAllMocks();
        world.api = new MockApis().install();
        world.queue = recordingQueue();
        world.testEnv = alertEnv(world.queue);
        await resetPacers();
        for (const ch of EDIT_CHANNELS) {
          await store().subscribe({
            platform: ch.platform,
            workspaceId: "w",
            channelId: ch.id,
            locale: "en",
            now: Date.now() - 10_000,
          });
          world.api.joined.add(ch.id);
        }
        const item = { ...template, id: "to-withdraw" };
        await publishNews(env, item);
        await planDeliveries(world.testEnv);
        const tick = (on = world.testEnv) =>
          overlappingTicks ? Promise.all([planDeliveries(on), planDeliveries(on)]) : planDeliveries(on);
        /** The Worker's env in a round: without the gap's platform's shared token while the gap lasts. */
        const envOf = (round: number) =>
          tokenGap && round < tokenGap.rounds
            ? alertEnv(world.queue, { [SECRETS[tokenGap.platform]]: undefined })
            : world.testEnv;
        const withdraw = async () => {
          await withdrawNews(env, item.id, REASON);
          await tick();
        };
        EDIT_CHANNELS.forEach((ch, i) => {
          const fault = POST_FAULTS[ch.platform][(posts[i] ?? 0) % POST_FAULTS[ch.platform].length];
          if (fault) script(ch.platform, ch.id, [fault]);
        });
        const during = withdrawDuring === undefined ? undefined : EDIT_CHANNELS[withdrawDuring % EDIT_CHANNELS.length]!;
        const hook = during ? afterFirstPost(during.id, withdraw) : { ran: false };
        const planned = world.queue.sent.map((m) => m.body);
        world.queue.sent.length = 0;
        const first = await runQueue(world.testEnv, planned);
        if (!hook.ran) {
          hook.ran = true;
          await withdraw();
        }
        // From here on nothing is posted: what is scripted answers the edits.
        EDIT_CHANNELS.forEach((ch, i) => {
          script(
            ch.platform,
            ch.id,
            (faults[i] ?? []).map((n) => EDIT_FAULTS[ch.platform][n % EDIT_FAULTS[ch.platform].length]!),
          );
        });
        // Deliveries given back and edits the ticks queue, each message with its own attempt count,
        // duplicates mixed into the first edits, until nothing is given back or queued (after a token gap,
        // not before the tick that wakes what waited for the token, and the next, which queues its edits).
        let pending = first.retried.map((r) => ({ job: r.job as QueueJob, attempts: 2 }));
        let extra = true;
        for (let round = 0; round < 24; round++) {
          const roundEnv = envOf(round);
          await tick(roundEnv);
          pending.push(...[...world.queue.amends, ...world.queue.sent].map((m) => ({ job: m.body as QueueJob, attempts: 1 })));
          world.queue.amends.length = 0;
          world.queue.sent.length = 0;
          if (!pending.length && round > (tokenGap?.rounds ?? -1)) break;
          const next: typeof pending = [];
          let wait = 0;
          for (const attempts of new Set(pending.map((p) => p.attempts))) {
            const jobs = pending.filter((p) => p.attempts === attempts).map((p) => p.job);
            const amendJobs = jobs.filter((j) => j.kind === "amend");
            const copies = extra && amendJobs.length ? duplicates.map((n) => amendJobs[n % amendJobs.length]!) : [];
            if (copies.length) extra = false;
            const result = await runQueue(roundEnv, [...jobs, ...copies], attempts);
            next.push(...result.retried.map((r) => ({ job: r.job as QueueJob, attempts: attempts + 1 })));
            wait = Math.max(wait, ...result.retried.map((r) => r.delaySeconds ?? 0));
          }
          // What was given back comes again once its delay has passed, for the APIs too (Slack's minute between
          // history checks), and the platforms' pauses that end by then are over.
          world.api.clockOffset += wait * 1000;
          await env.DB.prepare("UPDATE platform_state SET paused_until = 0 WHERE paused_until <= ?1")
            .bind(Date.now() + wait * 1000)
            .run();
          pending = next;
        }
        expect(pending).toEqual([]);
        const rows = await env.DB.prepare(
          `SELECT s.channel_id, d.state, d.message_id, d.amend_state, d.amend_error, d.error FROM deliveries d
           JOIN subscriptions s ON s.id = d.subscription_id WHERE d.message_key = ?`,
        )
          .bind(newsKey(item.id))
          .all<{
            channel_id: string;
            state: string;
            message_id: string | null;
            amend_state: string | null;
            amend_error: string | null;
            error: string;
          }>();
        for (const ch of EDIT_CHANNELS) {
          const made = postsIn(ch.platform, ch.id);
          const row = rows.results.find((r) => r.channel_id === ch.id);
          // Nothing posted twice; a post in the channel is in the ledger and edited, and nothing else is sent.
          expect(made.length, ch.id).toBeLessThanOrEqual(1);
          const [post] = made;
          if (post) {
            expect(row, ch.id).toMatchObject({
              state: "sent",
              message_id: "id" in post ? post.id : post.ts,
              amend_state: "done",
              amend_error: null,
            });
            expect(post.edits, ch.id).toBeGreaterThanOrEqual(1);
            const text = ch.platform === "discord" ? discordText(post.body) : slackText(post.body);
            expect(text, ch.id).toContain(notice("en"));
          } else expect(row, ch.id).toMatchObject({ state: "dropped", error: `withdrawn: ${REASON}` });
          expect((await store().subscription(ch.platform, ch.id))?.active).toBe(true);
        }
        expect(await amending(item.id)).toBe(0);
      }),
      params,
    );
  }, 180_000);
});
