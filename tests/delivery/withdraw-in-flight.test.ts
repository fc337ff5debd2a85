// Withdrawing an item while one of its posts is in flight: a post whose answer was lost (queued, unsure)
// is looked for before anything is dropped, and a post being made (claimed) is waited for, so every post
// that reached a channel ends edited with the withdrawal notice, and nothing of the item is posted again.
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { LEASE_MS } from "../../src/delivery/policy";
import { t } from "../../src/i18n/strings";
import { newsKey, withdrawNews, withdrawNewsSql } from "../../src/topics/renewal";
import {
  ADMIN,
  alertEnv,
  deliveryWorldEach,
  discordAlerts,
  ledger,
  pacersAhead,
  publish,
  publishTo,
  runCron,
  runQueue,
  slackAlerts,
  sleep,
  store,
} from "../helpers/alerts";
import { send, slash, str } from "../helpers/discord";

const world = deliveryWorldEach();

const REASON = "reported in error";
const notice = t("en", "delivery.withdrawn", { reason: REASON });

/** Withdraws the item the way the reviewer's button does, or the way `npm run seed -- --withdraw` does. */
const WITHDRAWALS = {
  withdrawNews: (id: string) => withdrawNews(env, id, REASON),
  "the seed's SQL": async (id: string) => {
    for (const statement of withdrawNewsSql([id], REASON, Date.now()).split("\n")) await env.DB.prepare(statement).run();
  },
};

/** Runs cron ticks and the amend jobs they queue until none is queued any more. */
async function amendAll() {
  for (let round = 1; round <= 3; round++) {
    await runCron(world.testEnv);
    const jobs = world.queue.amends.map((m) => m.body);
    world.queue.amends.length = 0;
    if (jobs.length) await runQueue(world.testEnv, jobs, round);
  }
}

type Row = { state: string; unsure: number; message_id: string | null; amend_state: string | null; error: string | null };
const row = (id: string) =>
  env.DB.prepare("SELECT state, unsure, message_id, amend_state, error FROM deliveries WHERE message_key = ?")
    .bind(newsKey(id))
    .first<Row>();
const rows = async (id: string) =>
  (
    await env.DB.prepare(
      "SELECT state, unsure, message_id, amend_state, error FROM deliveries WHERE message_key = ? ORDER BY subscription_id",
    )
      .bind(newsKey(id))
      .all<Row>()
  ).results;
const amending = async (id: string) =>
  (await env.DB.prepare("SELECT amending FROM messages WHERE key = ?").bind(newsKey(id)).first<{ amending: number }>())?.amending;
/** Every text of a Discord post (embeds' titles and descriptions, content). */
const discordText = (body: Record<string, unknown>) =>
  [
    String(body.content ?? ""),
    ...((body.embeds as { title?: string; description?: string }[]) ?? []).flatMap((e) => [e.title, e.description]),
  ].join("\n");

/** The fetch the mocks installed, to wrap. */
const mockedFetch = () => vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;

/** Each test runs the pipeline end to end (deliveries, withdrawal, lookups, edits): seconds on a busy machine. */
const WHOLE_PIPELINE_MS = 30_000;

describe("a post whose answer was lost when its item is withdrawn", { timeout: WHOLE_PIPELINE_MS }, () => {
  it.each(Object.keys(WITHDRAWALS) as (keyof typeof WITHDRAWALS)[])(
    "is looked for, recorded sent with its message id and edited once (%s)",
    async (how) => {
      const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1", "d-2"]);
      const [lost, untried] = jobs;
      // Discord stores the post, the connection drops: the row goes back to queued, unsure. d-2 is not tried yet.
      world.api.scriptDiscord("d-1", { status: 200, storeThenDrop: true });
      await runQueue(world.testEnv, [lost!]);
      expect(world.api.discordIn("d-1")).toHaveLength(1);
      expect(await row(item.id)).toMatchObject({ state: "queued", unsure: 1 });
      await WITHDRAWALS[how](item.id);
      // Only the delivery that surely never posted is dropped.
      expect((await ledger(item.id)).map((d) => [d.state, d.error])).toEqual([
        ["queued", expect.any(String)],
        ["dropped", `withdrawn: ${REASON}`],
      ]);
      // A tick before the retry finds no post to edit yet: the message stops amending.
      await runCron(world.testEnv);
      expect(world.queue.amends).toEqual([]);
      expect(await amending(item.id)).toBe(0);
      // The retry looks (within the nonce window too: nothing is re-posted) and finds the post.
      await runQueue(world.testEnv, [lost!, untried!], 2);
      expect(world.api.discordIn("d-1")).toHaveLength(1);
      expect(world.api.discordIn("d-2")).toHaveLength(0);
      const [post] = world.api.discordIn("d-1");
      expect(await row(item.id)).toMatchObject({ state: "sent", unsure: 0, message_id: post?.id });
      expect(await amending(item.id)).toBe(1);
      await amendAll();
      expect(post?.edits).toBe(1);
      expect(discordText(post?.body ?? {})).toContain(notice);
      expect(discordText(post?.body ?? {})).toContain(item.title.en);
      expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(["done"]);
      expect(await amending(item.id)).toBe(0);
    },
  );

  it("on Slack: waits while the history cannot be read, never posts, then edits the post it finds", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-1"]);
    world.api.scriptSlack("S-1", { status: 200, storeThenDrop: true });
    await runQueue(world.testEnv, jobs);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
    await withdrawNews(env, item.id, REASON);
    await runCron(world.testEnv);
    // Slack cannot tell now: the delivery waits, unsure, and nothing is posted.
    world.api.scriptSlackHistory("S-1", {
      status: 200,
      body: { ok: false, error: "ratelimited" },
      headers: { "retry-after": "3" },
    });
    const waiting = await runQueue(world.testEnv, jobs, 2);
    expect(waiting.retried).toHaveLength(1);
    expect(await row(item.id)).toMatchObject({ state: "queued", unsure: 1 });
    expect(world.api.slackMethods["chat.postMessage"]).toBe(1);
    // A minute on (Slack allows a history read a minute), for Slack and the pacers alike.
    world.api.clockOffset += 64_000;
    await pacersAhead(64_000);
    await runQueue(world.testEnv, jobs, 3);
    const [post] = world.api.slackIn("S-1");
    expect(await row(item.id)).toMatchObject({ state: "sent", message_id: post?.ts });
    await amendAll();
    expect(post?.edits).toBe(1);
    expect(JSON.stringify(post?.body.blocks)).toContain(notice);
    expect(world.api.slackMethods["chat.postMessage"]).toBe(1);
  });

  it("is dropped, with nothing posted or edited, when the lookup shows it never landed", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"], ["S-1"]);
    // The connections drop before anything is stored: the rows are unsure, but nothing was posted.
    world.api.scriptDiscord("d-1", { status: 200, drop: true });
    world.api.scriptSlack("S-1", { status: 200, drop: true });
    await runQueue(world.testEnv, jobs);
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["queued", "queued"]);
    await withdrawNews(env, item.id, REASON);
    const before = { discord: world.api.discordCalls, slack: world.api.slackMethods["chat.postMessage"] };
    expect((await runQueue(world.testEnv, jobs, 2)).acked).toBe(2);
    expect(await ledger(item.id)).toMatchObject([
      { state: "dropped", error: `withdrawn: ${REASON}` },
      { state: "dropped", error: `withdrawn: ${REASON}` },
    ]);
    // Each was looked for (Discord lists the channel, and, listed empty, is asked for its newest message;
    // Slack reads its history), never posted.
    expect(world.api.discordCalls - before.discord).toBe(2);
    expect(world.api.slackMethods["conversations.history"]).toBe(1);
    expect(world.api.slackMethods["chat.postMessage"]).toBe(before.slack);
    await amendAll();
    expect(world.api.discord).toEqual([]);
    expect(world.api.slack).toEqual([]);
    expect(await amending(item.id)).toBe(0);
  });

  it("whose worker died while it was claimed is found when the claim is taken over, and edited", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    world.api.scriptDiscord("d-1", { status: 200, storeThenDrop: true });
    await runQueue(world.testEnv, jobs);
    // As if the worker died after posting: the row stays claimed, its lease long over.
    await env.DB.prepare("UPDATE deliveries SET state = 'claimed', claimed_at = claimed_at - ?1 WHERE message_key = ?2")
      .bind(2 * LEASE_MS, newsKey(item.id))
      .run();
    await withdrawNews(env, item.id, REASON);
    await runCron(world.testEnv);
    expect(await amending(item.id)).toBe(0);
    await runQueue(world.testEnv, jobs, 2);
    expect(await row(item.id)).toMatchObject({ state: "sent" });
    await amendAll();
    expect(world.api.discordIn("d-1")).toHaveLength(1);
    expect(world.api.discordIn("d-1")[0]?.edits).toBe(1);
  });

  it("in the announcement channel is edited, not published to the followers", async () => {
    const ANNOUNCEMENTS = "700000000000000001";
    const ANNOUNCING = { DISCORD_ANNOUNCEMENT_CHANNEL_ID: ANNOUNCEMENTS };
    world.api.announcementChannels.add(ANNOUNCEMENTS);
    world.testEnv = alertEnv(world.queue, ANNOUNCING);
    await send(
      slash("renewal", [str("alerts", "on")], {
        channel_id: ANNOUNCEMENTS,
        member: { user: { id: "501", username: "mod" }, permissions: ADMIN },
      }),
      { env: ANNOUNCING },
    );
    await sleep(3);
    const item = await publish();
    await runCron(world.testEnv);
    const jobs = world.queue.sent.map((m) => m.body);
    // Posted, but the answer is lost before the crosspost.
    world.api.scriptDiscord(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    await runQueue(world.testEnv, jobs);
    await withdrawNews(env, item.id, REASON);
    await runQueue(world.testEnv, jobs, 2);
    expect(await row(item.id)).toMatchObject({ state: "sent" });
    expect(world.api.crossposts).toEqual([]);
    await amendAll();
    expect(world.api.discordIn(ANNOUNCEMENTS)).toHaveLength(1);
    expect(discordText(world.api.discordIn(ANNOUNCEMENTS)[0]?.body ?? {})).toContain(notice);
    expect(world.api.crossposts).toEqual([]);
  });
});

describe("a post being made when its item is withdrawn", { timeout: WHOLE_PIPELINE_MS }, () => {
  /** While the post's request to `channel` is on its way, the item is withdrawn and a cron tick runs. */
  function withdrawDuringPost(channel: string, id: string) {
    const inner = mockedFetch();
    const state = { withdrew: false };
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      const response = await inner(input, init);
      const url = String(input);
      const isPost =
        (url.endsWith(`/channels/${channel}/messages`) && init?.method === "POST") ||
        (url.endsWith("/chat.postMessage") && String(init?.body).includes(`"channel":"${channel}"`));
      if (!state.withdrew && isPost) {
        state.withdrew = true;
        await withdrawNews(env, id, REASON);
        await runCron(world.testEnv);
      }
      return response;
    });
    return state;
  }

  it.each([
    ["Discord", "d-1"],
    ["Slack", "S-1"],
  ])("is edited once it settles sent, though the tick in between found nothing to edit (%s)", async (_, channel) => {
    const { item, jobs } = await publishTo(
      world.testEnv,
      world.queue,
      channel.startsWith("d-") ? [channel] : [],
      channel.startsWith("S-") ? [channel] : [],
    );
    const during = withdrawDuringPost(channel, item.id);
    await runQueue(world.testEnv, jobs);
    expect(during.withdrew).toBe(true);
    // The tick saw the claim and kept the message amending.
    expect(world.queue.amends).toEqual([]);
    expect(await amending(item.id)).toBe(1);
    expect(await row(item.id)).toMatchObject({ state: "sent" });
    await amendAll();
    const [post] = channel.startsWith("d-") ? world.api.discordIn(channel) : world.api.slackIn(channel);
    expect(post?.edits).toBe(1);
    expect(JSON.stringify(post?.body)).toContain(notice);
    expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(["done"]);
    expect(await amending(item.id)).toBe(0);
  });

  it("does not keep a message amending for a claim past its lease", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    await store().claim(jobs[0]!, Date.now() - 2 * LEASE_MS, LEASE_MS);
    await withdrawNews(env, item.id, REASON);
    await runCron(world.testEnv);
    expect(await amending(item.id)).toBe(0);
  });
});

describe("a post whose answer was lost when its channel's alerts are turned off", { timeout: WHOLE_PIPELINE_MS }, () => {
  it("is looked for and recorded, never posted again, so a later withdrawal still edits it", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"], ["S-1"]);
    // Both platforms store the post and the connection drops: the rows are queued again, unsure.
    world.api.scriptDiscord("d-1", { status: 200, storeThenDrop: true });
    world.api.scriptSlack("S-1", { status: 200, storeThenDrop: true });
    await runQueue(world.testEnv, jobs);
    expect(await discordAlerts("off", "d-1")).toMatchObject({ data: { flags: 64 } });
    await slackAlerts("alerts off", "S-1");
    expect((await rows(item.id)).map((d) => [d.state, d.unsure > 0])).toEqual([
      ["queued", true],
      ["queued", true],
    ]);
    // The retries only look: each finds its post and records it.
    await runQueue(world.testEnv, jobs, 2);
    const [discordPost] = world.api.discordIn("d-1");
    const [slackPost] = world.api.slackIn("S-1");
    expect(world.api.discordIn("d-1")).toHaveLength(1);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
    expect((await rows(item.id)).map((d) => [d.state, d.message_id])).toEqual([
      ["sent", discordPost?.id],
      ["sent", slackPost?.ts],
    ]);
    await withdrawNews(env, item.id, REASON);
    await amendAll();
    expect(discordPost?.edits).toBe(1);
    expect(discordText(discordPost?.body ?? {})).toContain(notice);
    expect(slackPost?.edits).toBe(1);
    expect(world.api.discordIn("d-1")).toHaveLength(1);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
  });

  it("is dropped, never posted, when the lookup shows it never landed, though alerts are on again", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"], ["S-1"]);
    world.api.scriptDiscord("d-1", { status: 200, drop: true });
    world.api.scriptSlack("S-1", { status: 200, drop: true });
    await runQueue(world.testEnv, jobs);
    await discordAlerts("off", "d-1");
    await slackAlerts("alerts off", "S-1");
    // Turned on again, a channel gets what is published from then on, not what was on its way before.
    await sleep(2);
    await discordAlerts("on", "d-1");
    await slackAlerts("alerts on", "S-1");
    expect((await runQueue(world.testEnv, jobs, 2)).acked).toBe(2);
    expect((await ledger(item.id)).map((d) => [d.state, d.error])).toEqual([
      ["dropped", "unsubscribed"],
      ["dropped", "unsubscribed"],
    ]);
    expect(world.api.discord).toEqual([]);
    expect(world.api.slack).toEqual([]);
  });
});
