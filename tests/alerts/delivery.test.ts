import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LEASE_MS } from "../../src/delivery/consumer";
import { planDeliveries, STALE_MS } from "../../src/delivery/planner";
import worker from "../../src/index";
import { newsKey } from "../../src/topics/renewal";
import {
  alertEnv,
  deliveryWorldEach,
  discordAlerts,
  ledger,
  pacerForgets,
  publish,
  publishTo,
  runCron,
  runQueue,
  slackAlerts,
  sleep,
  store,
} from "../helpers/alerts";

const world = deliveryWorldEach();

const embedTitle = (post: { body: Record<string, unknown> } | undefined) =>
  (post?.body.embeds as { title: string }[] | undefined)?.[0]?.title;

describe("planning", () => {
  it("gives a new subscriber no backlog: only news published after subscribing", async () => {
    await discordAlerts("on", "d-1");
    await runCron(world.testEnv);
    expect(world.queue.sent).toEqual([]);
  });

  it("queues one delivery per subscribed channel for a new item, and nothing on a second tick", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1", "d-2"], ["S-1"]);
    expect(jobs).toHaveLength(3);
    expect(new Set(jobs.map((j) => j.message))).toEqual(new Set([newsKey(item.id)]));
    await runCron(world.testEnv);
    expect(world.queue.sent).toEqual([]);
  });

  it("plans each delivery once even when two cron ticks overlap", async () => {
    for (const c of ["d-1", "d-2", "d-3"]) await discordAlerts("on", c);
    await sleep(3);
    await publish();
    const now = Date.now();
    await Promise.all([
      planDeliveries(world.testEnv, now),
      planDeliveries(world.testEnv, now),
      planDeliveries(world.testEnv, now + 1),
    ]);
    expect(world.queue.sent).toHaveLength(3);
    expect(new Set(world.queue.sent.map((m) => m.body.subscriptionId)).size).toBe(3);
  });

  it("does not deliver to a channel that turned alerts off", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    await discordAlerts("off", "d-1");
    const result = await runQueue(world.testEnv, jobs);
    expect(result.acked).toBe(1);
    expect(world.api.discord).toHaveLength(0);
  });
});

describe("delivering to Discord", () => {
  it("posts the item as /renewal renders it, with token, user agent, nonce and no mentions", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    expect((await runQueue(world.testEnv, jobs)).acked).toBe(1);
    const [post] = world.api.discord;
    expect(post?.channelId).toBe("d-1");
    expect(post?.headers.authorization).toBe("Bot discord-test-token");
    expect(post?.headers["user-agent"]).toMatch(/^DiscordBot \(https:\/\/\S+, \d+\.\d+\.\d+\)$/);
    expect(post?.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(String(post?.body.nonce).length).toBeLessThanOrEqual(25);
    expect(embedTitle(post)).toBe(item.title.en);
    expect(await ledger(item.id)).toEqual([{ subscriptionId: expect.any(Number), state: "sent", attempts: 1, error: null }]);
  });

  it("posts in the language the subscription was turned on in", async () => {
    await discordAlerts("on", "d-ko", { locale: "ko" });
    await sleep(3);
    const item = await publish();
    await runCron(world.testEnv);
    await runQueue(
      world.testEnv,
      world.queue.sent.map((m) => m.body),
    );
    expect(embedTitle(world.api.discord[0])).toBe(item.title.ko);
  });

  it("posts nothing for a duplicate queue message", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    await runQueue(world.testEnv, jobs);
    const again = await runQueue(world.testEnv, [...jobs, ...jobs]);
    expect(again.acked).toBe(2);
    expect(world.api.discord).toHaveLength(1);
    expect(world.api.discordCalls).toBe(1);
  });

  it("honours retry_after on a 429, then delivers once with the same nonce", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    world.api.scriptDiscord("d-1", {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 2.5, global: false },
      headers: { "retry-after": "3", "x-ratelimit-scope": "user", "x-ratelimit-limit": "5" },
    });
    const first = await runQueue(world.testEnv, jobs);
    expect(first.retried).toEqual([{ job: jobs[0], delaySeconds: 3 }]);
    expect(world.api.discord).toHaveLength(0);
    expect((await ledger(item.id))[0]?.state).toBe("queued");
    await runQueue(world.testEnv, jobs, 2);
    expect(world.api.discord).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });

  it("retries a 500 and a 502 with backoff, keeping the nonce, and delivers once", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    world.api.scriptDiscord("d-1", { status: 500, body: { message: "oops" } }, { status: 502 });
    const first = await runQueue(world.testEnv, jobs);
    expect(first.retried[0]?.delaySeconds).toBe(10);
    const second = await runQueue(world.testEnv, jobs, 2);
    expect(second.retried[0]?.delaySeconds).toBe(20);
    await runQueue(world.testEnv, jobs, 3);
    expect(world.api.discord).toHaveLength(1);
  });

  it("delivers once when the connection drops after Discord stored the message", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    world.api.scriptDiscord("d-1", { status: 200, storeThenDrop: true });
    const first = await runQueue(world.testEnv, jobs);
    expect(first.retried).toHaveLength(1);
    await runQueue(world.testEnv, jobs, 2);
    expect(world.api.discordIn("d-1")).toHaveLength(1);
    expect(world.api.discordCalls).toBe(2);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });

  it("delivers once after a consumer died between posting and confirming", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    const job = jobs[0]!;
    // The first worker claimed and posted, then died before confirming.
    const before = Date.now() - LEASE_MS - 1_000;
    await store().claim(job, before, LEASE_MS);
    const { deliveryNonce } = await import("../../src/discord/api");
    world.api.handleDiscord(
      new URL("https://discord.mock/api/v10/channels/d-1/messages"),
      { method: "POST", body: JSON.stringify({ nonce: await deliveryNonce(newsKey(item.id), "d-1"), enforce_nonce: true }) },
      {},
    );
    // Its message is retried by the queue; while the claim is live nobody else posts.
    await store().claim(job, Date.now(), LEASE_MS);
    const live = await runQueue(world.testEnv, jobs, 2);
    expect(live.retried).toEqual([{ job, delaySeconds: LEASE_MS / 1000 }]);
    // Once the lease has passed, the retry re-posts with the same nonce and Discord returns the stored message.
    await env.DB.prepare("UPDATE deliveries SET claimed_at = ? WHERE message_key = ?").bind(before, newsKey(item.id)).run();
    await runQueue(world.testEnv, jobs, 3);
    expect(world.api.discordIn("d-1")).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });

  it.each([
    [403, 50001, "Missing Access"],
    [403, 50013, "Missing Permissions"],
    [404, 10003, "Unknown Channel"],
    [400, 50008, "Cannot send messages in a non-text channel"],
    [400, 50083, "Thread is archived"],
    [400, 160005, "Thread is locked"],
  ])("disables the subscription on %i (%i) and never retries it, while the others go on", async (status, code, name) => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-gone", "d-ok"]);
    world.api.scriptDiscord("d-gone", { status, body: { message: name, code } });
    const result = await runQueue(world.testEnv, jobs);
    expect(result.acked).toBe(2);
    expect(result.retried).toEqual([]);
    expect(world.api.discordIn("d-ok")).toHaveLength(1);
    const gone = await store().subscription("discord", "d-gone");
    expect(gone?.active).toBe(false);
    expect(gone?.disabledReason).toContain(name);
    // Discord's own message is not named twice ("Unknown Channel (Unknown Channel)").
    expect(gone?.disabledReason).not.toContain(`${name} (${name})`);
    expect((await ledger(item.id)).map((d) => d.state).sort()).toEqual(["dropped", "sent"]);
    // Turning alerts on again re-enables it.
    await discordAlerts("on", "d-gone");
    expect((await store().subscription("discord", "d-gone"))?.active).toBe(true);
  });

  it("stops Discord delivery on 401, shows it in /health, and resumes with a new token", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1", "d-2"]);
    world.api.scriptDiscord("d-1", { status: 401, body: { message: "401: Unauthorized", code: 0 } });
    const result = await runQueue(world.testEnv, jobs);
    expect(result.acked).toBe(2);
    expect(world.api.discord).toHaveLength(0);
    const health = await (
      await worker.fetch(new Request("https://bot.test/health"), world.testEnv, createExecutionContext())
    ).json();
    expect(health).toMatchObject({
      status: "degraded",
      alerts: { discord: { delivering: false, error: expect.stringContaining("401") } },
    });
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["queued", "queued"]);
    // A new token is deployed; the planner queues the waiting deliveries again.
    const fixed = alertEnv(world.queue, { DISCORD_BOT_TOKEN: "new-token" });
    await planDeliveries(fixed, Date.now() + STALE_MS + 1);
    expect(world.queue.sent).toHaveLength(2);
    await runQueue(
      fixed,
      world.queue.sent.map((m) => m.body),
    );
    expect(world.api.discord).toHaveLength(2);
    expect(world.api.discord[0]?.headers.authorization).toBe("Bot new-token");
  });

  it("pauses all Discord sending on a 429 without rate-limit headers", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, ["d-1", "d-2", "d-3"]);
    world.api.scriptDiscord("d-1", { status: 429, body: { message: "banned" } });
    const result = await runQueue(world.testEnv, jobs);
    expect(world.api.discordCalls).toBe(1);
    expect(result.retried).toHaveLength(3);
    for (const r of result.retried) expect(r.delaySeconds).toBeGreaterThanOrEqual(800);
    expect((await store().platformState("discord")).pausedUntil).toBeGreaterThan(Date.now());
  });

  it("pauses all Discord sending for retry_after on a global 429", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, ["d-1", "d-2"]);
    world.api.scriptDiscord("d-1", {
      status: 429,
      body: { retry_after: 4, global: true },
      headers: { "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
    });
    const started = Date.now();
    const result = await runQueue(world.testEnv, jobs);
    expect(world.api.discordCalls).toBe(1);
    // The pacer, told at once, held d-2's slot back for the global limit; it is then given back for the
    // rest of the pause: both come back when the 4 s are over, not before.
    expect(result.retried.map((r) => r.delaySeconds)[0]).toBe(4);
    const backAt = Date.now() + (result.retried[1]?.delaySeconds ?? 0) * 1000;
    expect(backAt - started).toBeGreaterThanOrEqual(3_000);
    expect(backAt - started).toBeLessThanOrEqual(4_000 + 1_000);
  });

  it("falls back to a plain message when Discord refuses the payload", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    world.api.scriptDiscord("d-1", { status: 400, body: { message: "Invalid Form Body", code: 50035 } });
    await runQueue(world.testEnv, jobs);
    expect(world.api.discord).toHaveLength(1);
    expect(world.api.discord[0]?.body.content).toContain(item.title.en);
    expect(world.api.discord[0]?.body.embeds).toBeUndefined();
  });
});

describe("delivering to Slack", () => {
  it("posts with the bot token, the channel, blocks and a text fallback", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-1"]);
    await runQueue(world.testEnv, jobs);
    const [post] = world.api.slack;
    expect(post?.headers.authorization).toBe("Bearer xoxb-test-token");
    expect(post?.body).toMatchObject({ channel: "S-1", text: expect.stringContaining(item.title.en) });
    expect((post?.body.blocks as { type: string }[] | undefined)?.[0]?.type).toBe("header");
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });

  it.each(["channel_not_found", "not_in_channel", "is_archived"])("disables the subscription on %s", async (error) => {
    const { jobs } = await publishTo(world.testEnv, world.queue, [], ["S-gone", "S-ok"]);
    world.api.scriptSlack("S-gone", { status: 200, body: { ok: false, error } });
    const result = await runQueue(world.testEnv, jobs);
    expect(result.retried).toEqual([]);
    expect(world.api.slackIn("S-ok")).toHaveLength(1);
    expect(await store().subscription("slack", "S-gone")).toMatchObject({ active: false, disabledReason: `Slack ${error}` });
  });

  it("honours Retry-After when Slack rate-limits, then delivers once", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, [], ["S-1"]);
    world.api.scriptSlack("S-1", { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "7" } });
    expect((await runQueue(world.testEnv, jobs)).retried[0]?.delaySeconds).toBe(7);
    // Seven seconds later (the queue's delay) the pacer holds nothing more for this token.
    await pacerForgets();
    await runQueue(world.testEnv, jobs, 2);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
  });

  it("finds its own post instead of posting twice after a worker died between posting and confirming", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-1"]);
    const job = jobs[0]!;
    world.api.scriptSlack("S-1", { status: 200, storeThenDrop: true });
    await runQueue(world.testEnv, jobs);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
    // Simulate the worker dying instead of releasing: the claim is left behind and goes stale.
    await env.DB.prepare("UPDATE deliveries SET state = 'claimed', claimed_at = ? WHERE message_key = ?")
      .bind(Date.now() - LEASE_MS - 1_000, newsKey(item.id))
      .run();
    await runQueue(world.testEnv, [job], 2);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });

  it("stops Slack delivery on token_revoked and shows it in /health", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, [], ["S-1"]);
    world.api.scriptSlack("S-1", { status: 200, body: { ok: false, error: "token_revoked" } });
    await runQueue(world.testEnv, jobs);
    const health = (await (
      await worker.fetch(new Request("https://bot.test/health"), world.testEnv, createExecutionContext())
    ).json()) as {
      alerts: Record<string, { delivering: boolean }>;
    };
    expect(health.alerts.slack?.delivering).toBe(false);
    expect(health.alerts.discord?.delivering).toBe(true);
  });
});

describe("the whole pipeline on the real queue", () => {
  it("takes a new item from cron through the ANNOUNCEMENTS queue to every channel, once", async () => {
    const realEnv = alertEnv(world.queue, { ANNOUNCEMENTS: env.ANNOUNCEMENTS });
    await discordAlerts("on", "q-1");
    await slackAlerts("alerts on", "Q-2");
    await sleep(3);
    const item = await publish();
    await runCron(realEnv);
    for (let i = 0; i < 100 && (await ledger(item.id)).some((d) => d.state !== "sent"); i++) await sleep(200);
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["sent", "sent"]);
    expect(world.api.discordIn("q-1")).toHaveLength(1);
    expect(world.api.slackIn("Q-2")).toHaveLength(1);
    await runCron(realEnv);
    await sleep(1500);
    expect(world.api.discord.length + world.api.slack.length).toBe(2);
  }, 30_000);
});
