// Announcement mode: items posted to the bot's announcement channel are crossposted once, and a server's
// channel can follow that channel instead of being posted to (Discord then delivers, at no cost to us).
// A failure of the property prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renewal } from "../../commands/renewal";
import type { QueueJob } from "../../src/delivery/jobs";
import { PLAN_CHUNK } from "../../src/delivery/planner";
import { MAX_DELIVERY_ATTEMPTS, STALE_MS } from "../../src/delivery/policy";
import { FOLLOWING } from "../../src/delivery/store";
import { toDiscordCommand } from "../../src/discord/register";
import { t } from "../../src/i18n/strings";
import { newsKey, withdrawNews } from "../../src/topics/renewal";
import {
  ADMIN,
  deliveryWorld,
  ledger,
  nonceForgotten,
  pacersAhead,
  publish,
  type RecordingQueue,
  resetPacers,
  runCron,
  runQueue,
  slackAlerts,
  sleep,
  store,
} from "../helpers/alerts";
import { countingEnv, publishedLongAgo } from "../helpers/counting-db";
import { send, slash, str } from "../helpers/discord";
import { MockApis } from "../helpers/mock-api";

const ANNOUNCEMENTS = "700000000000000001";
const ANNOUNCING = { DISCORD_ANNOUNCEMENT_CHANNEL_ID: ANNOUNCEMENTS };
/** Everything but Manage Webhooks (bit 29). */
const WITHOUT_WEBHOOKS = String((1 << 10) | (1 << 11) | (1 << 14));

let api: MockApis;
let queue: RecordingQueue;
let testEnv: typeof env;

beforeEach(async () => {
  ({ api, queue, testEnv } = await deliveryWorld({ env: ANNOUNCING, announcementChannels: [ANNOUNCEMENTS] }));
});

/** `/renewal alerts:<action>` by a moderator, with the announcement channel configured unless `env` says otherwise. */
async function alerts(action: string, channelId: string, extra: Record<string, unknown> = {}, sendEnv = ANNOUNCING) {
  const response = await send(
    slash("renewal", [str("alerts", action)], {
      channel_id: channelId,
      member: { user: { id: "501", username: "mod" }, permissions: ADMIN },
      ...extra,
    }),
    { env: sendEnv },
  );
  return (await response.json()) as { type: number; data: { content?: string; flags?: number } };
}

async function publishPlanned(channels: string[]) {
  for (const c of channels) await alerts("on", c);
  await sleep(3);
  const item = await publish();
  await runCron(testEnv);
  const jobs = queue.sent.map((m) => m.body);
  queue.sent.length = 0;
  return { item, jobs };
}

/** The announcement channel's own delivery jobs among `jobs`, and the others. */
async function splitAnnouncement<J extends object>(jobs: J[]) {
  const announcementSub = await store().subscription("discord", ANNOUNCEMENTS);
  const mine = jobs.filter((j) => "subscriptionId" in j && j.subscriptionId === announcementSub?.id);
  return { mine, others: jobs.filter((j) => !mine.includes(j)) };
}

const crossposted = (channelId: string) => api.discordIn(channelId).filter((m) => m.flags & 1);
/** The announcement channel holds one post of the item, crossposted, recorded sent. */
async function postedOncePublished(id: string) {
  expect(api.discordIn(ANNOUNCEMENTS)).toHaveLength(1);
  expect(crossposted(ANNOUNCEMENTS)).toHaveLength(1);
  expect(await stateOf(id, ANNOUNCEMENTS)).toBe("sent");
}
/** Discord's global limit, as it answers it. */
const GLOBAL_LIMIT = {
  status: 429,
  body: { message: "You are being rate limited.", retry_after: 30, global: true },
  headers: { "retry-after": "30", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
};
const stateOf = async (id: string, channelId: string) => {
  const sub = await store().subscription("discord", channelId);
  return (await ledger(id)).find((d) => d.subscriptionId === sub?.id)?.state;
};

/**
 * A delivery's attempts `from` to `to`, one after another as Queues' retries and then the sweep bring
 * them: once Queues has acked the message, the sweep brings the row back half an hour later, and the
 * platforms' limits see that time pass.
 */
async function attempts(jobs: QueueJob[], from: number, to: number) {
  for (let attempt = from; attempt <= to; attempt++)
    if (!(await runQueue(testEnv, jobs, attempt)).retried.length) await pacersAhead(STALE_MS);
}

/** The cron and the queue, round after round: what is planned is delivered. */
async function runAll() {
  let retried: QueueJob[] = [];
  for (let round = 1; round <= 8; round++) {
    await runCron(testEnv);
    const jobs = [...retried, ...[...queue.plans.splice(0), ...queue.sent.splice(0)].map((m) => m.body)];
    if (!jobs.length) return;
    retried = (await runQueue(testEnv, jobs, round)).retried.map((r) => r.job);
  }
}

describe("posting to the announcement channel", () => {
  it("crossposts each item there once, and nowhere else", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "d-1"]);
    await runQueue(testEnv, jobs);
    expect(api.discordIn(ANNOUNCEMENTS)).toHaveLength(1);
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(1);
    expect(api.discordIn("d-1")).toHaveLength(1);
    expect(api.crossposts).toHaveLength(1);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("sent");
    // A duplicate queue message changes nothing.
    await runQueue(testEnv, jobs, 2);
    expect(api.discordIn(ANNOUNCEMENTS)).toHaveLength(1);
    expect(api.crossposts).toHaveLength(1);
  });

  it("retries a failed crosspost without posting again", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS]);
    api.scriptCrosspost(ANNOUNCEMENTS, { status: 500 }, { status: 502, html: true });
    expect((await runQueue(testEnv, jobs)).retried).toHaveLength(1);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("queued");
    expect((await runQueue(testEnv, jobs, 2)).retried).toHaveLength(1);
    await runQueue(testEnv, jobs, 3);
    await postedOncePublished(item.id);
  });

  it("finds a post whose answer was lost after the nonce window, and publishes it instead of posting again", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS]);
    api.scriptDiscord(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    expect((await runQueue(testEnv, jobs)).retried).toHaveLength(1);
    expect(api.discordIn(ANNOUNCEMENTS)).toHaveLength(1);
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(0);
    // The retry comes after Discord has forgotten the nonce: only the lookup can tell.
    await nonceForgotten(item.id);
    await runQueue(testEnv, jobs, 2);
    await postedOncePublished(item.id);
  });

  it("waits out Discord's crosspost limit for a post it found, without spending its attempts", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS]);
    api.scriptDiscord(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    await runQueue(testEnv, jobs);
    await nonceForgotten(item.id);
    // Discord allows 10 crossposts an hour in a channel: more checks than a delivery has attempts meet it.
    const limited = {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 1, global: false },
      headers: { "retry-after": "1", "x-ratelimit-scope": "user", "x-ratelimit-bucket": "crosspost" },
    };
    const refusals = 25;
    api.scriptCrosspost(ANNOUNCEMENTS, ...Array.from({ length: refusals }, () => limited));
    for (let check = 0; check < refusals; check++) await runQueue(testEnv, jobs, 2);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("queued");
    await runQueue(testEnv, jobs, 2);
    await postedOncePublished(item.id);
  });

  it("pauses Discord when publishing a post it found meets Discord's global limit, and publishes it later", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS]);
    api.scriptDiscord(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    await runQueue(testEnv, jobs);
    await nonceForgotten(item.id);
    api.scriptCrosspost(ANNOUNCEMENTS, GLOBAL_LIMIT);
    await runQueue(testEnv, jobs, 2);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("queued");
    expect((await store().platformState("discord")).pausedUntil).toBeGreaterThan(Date.now());
    await env.DB.prepare("UPDATE platform_state SET paused_until = 0").run();
    await runQueue(testEnv, jobs, 3);
    await postedOncePublished(item.id);
  });

  it("pauses Discord when the crosspost after a post meets Discord's global limit, and never posts again", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS]);
    api.scriptCrosspost(ANNOUNCEMENTS, GLOBAL_LIMIT);
    await runQueue(testEnv, jobs);
    expect((await store().platformState("discord")).pausedUntil).toBeGreaterThan(Date.now());
    await env.DB.prepare("UPDATE platform_state SET paused_until = 0").run();
    await nonceForgotten(item.id);
    await runQueue(testEnv, jobs, 2);
    await postedOncePublished(item.id);
  });

  it("re-posts with the nonce and publishes when a crosspost never reached Discord", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS]);
    api.scriptCrosspost(ANNOUNCEMENTS, { status: 200, drop: true });
    expect((await runQueue(testEnv, jobs)).retried).toHaveLength(1);
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(0);
    // Within the nonce window a re-post returns the same message; then it is published.
    await runQueue(testEnv, jobs, 2);
    await postedOncePublished(item.id);
  });

  it("takes Discord's 'already crossposted' as done when the answer to a crosspost was lost", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS]);
    api.scriptCrosspost(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    expect((await runQueue(testEnv, jobs)).retried).toHaveLength(1);
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(1);
    await runQueue(testEnv, jobs, 2);
    // The second crosspost was answered 40033, which counts as published.
    expect(api.crosspostCalls).toBe(2);
    expect(api.crossposts).toHaveLength(1);
    expect(api.discordIn(ANNOUNCEMENTS)).toHaveLength(1);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("sent");
  });
});

describe("/renewal alerts:follow", () => {
  it("makes the channel follow the announcement channel, and shows it in the status", async () => {
    const reply = await alerts("follow", "c-1");
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("follows the bot's announcement channel");
    expect(api.follows).toEqual([{ source: ANNOUNCEMENTS, target: "c-1", webhookId: expect.any(String) }]);
    expect((await alerts("status", "c-1")).data.content).toContain("**follows**");
  });

  it("turns the channel's own alerts off, so nothing arrives twice", async () => {
    await alerts("on", ANNOUNCEMENTS);
    await alerts("on", "c-2");
    const reply = await alerts("follow", "c-2");
    expect(reply.data.content).toContain("turned off, so nothing arrives twice");
    const item = await publish();
    await runCron(testEnv);
    await runQueue(
      testEnv,
      queue.sent.map((m) => m.body),
    );
    expect(api.discordIn("c-2")).toHaveLength(0);
    expect(await stateOf(item.id, "c-2")).toBeUndefined();
    // Turning alerts on again there warns that the follow must go first.
    expect((await alerts("on", "c-2")).data.content).toContain("remove that follow");
  });

  it("makes no second follow in a channel that follows already, through the bot or Discord's own menu", async () => {
    await alerts("follow", "c-7");
    const again = await alerts("follow", "c-7");
    expect(again.data.flags).toBe(64);
    expect(again.data.content).toContain("already follows");
    expect(api.follows.filter((f) => f.target === "c-7")).toHaveLength(1);
    // Followed in Discord's menu, unknown to the bot, with the channel's own alerts on: both would bring each item.
    await alerts("on", "c-8");
    api.follows.push({ source: ANNOUNCEMENTS, target: "c-8", webhookId: "900000000000000001" });
    const found = await alerts("follow", "c-8");
    expect(found.data.content).toContain("already follows");
    expect(found.data.content).toContain("turned off, so nothing arrives twice");
    expect(api.follows.filter((f) => f.target === "c-8")).toHaveLength(1);
    expect((await alerts("status", "c-8")).data.content).toContain("**follows**");
    // A follower of another announcement channel is no follow of ours.
    api.follows.push({ source: "700000000000000999", target: "c-9", webhookId: "900000000000000002" });
    expect((await alerts("follow", "c-9")).data.content).not.toContain("already follows");
    expect(api.follows.filter((f) => f.target === "c-9")).toHaveLength(2);
  });

  it("makes no follow when Discord cannot list the channel's webhooks, and says why", async () => {
    api.scriptCrosspost("webhooks:c-10", { status: 403, body: { code: 50013, message: "Missing Permissions" } });
    const refused = await alerts("follow", "c-10");
    expect(refused.data.content).toContain("Missing Permissions");
    api.scriptCrosspost("webhooks:c-10", { status: 502, html: true });
    expect((await alerts("follow", "c-10")).data.content).toContain("Discord 502");
    api.scriptCrosspost("webhooks:c-10", { status: 0, drop: true });
    expect((await alerts("follow", "c-10")).data.content).toContain("unreachable");
    expect(api.follows).toHaveLength(0);
    expect(await store().subscription("discord", "c-10")).toBeNull();
  });

  it("leaves at most one follow per channel, whatever is asked in whatever order and fails (property)", async () => {
    const channel = fc.constantFrom("p-1", "p-2");
    const fault = fc.constantFrom(
      { status: 403, body: { code: 50013, message: "Missing Permissions" } },
      { status: 502, html: true },
      { status: 0, drop: true },
    );
    // Mostly commands, follow above all; now and then a follow in Discord's own menu (where the channel
    // does not follow yet) or a failure of the next listing of a channel's webhooks or of the next follow.
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.record({ ask: fc.constantFrom("follow", "follow", "on", "off", "status"), channel }) },
      { weight: 2, arbitrary: fc.record({ menu: fc.constant(true), channel }) },
      { weight: 1, arbitrary: fc.record({ listingFails: fault, channel }) },
      { weight: 1, arbitrary: fc.record({ followFails: fault }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        api = new MockApis().install();
        api.announcementChannels.add(ANNOUNCEMENTS);
        for (const s of steps) {
          if ("menu" in s) {
            if (!api.follows.some((f) => f.target === s.channel))
              api.follows.push({ source: ANNOUNCEMENTS, target: s.channel, webhookId: `9${api.follows.length}` });
          } else if ("listingFails" in s) api.scriptCrosspost(`webhooks:${s.channel}`, s.listingFails);
          else if ("followFails" in s) api.scriptCrosspost(`followers:${ANNOUNCEMENTS}`, s.followFails);
          else {
            const reply = await alerts(s.ask, s.channel);
            expect(reply.type).toBe(4);
          }
          for (const target of ["p-1", "p-2"])
            expect(api.follows.filter((f) => f.target === target && f.source === ANNOUNCEMENTS).length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 30, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) },
    );
  });

  it("names the permission the bot lacks, and asks Discord nothing", async () => {
    const reply = await alerts("follow", "c-3", { app_permissions: WITHOUT_WEBHOOKS });
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("Manage Webhooks");
    expect(api.follows).toHaveLength(0);
    expect(api.webhookListings).toBe(0);
  });

  it("explains in a thread that only a channel can follow, asks Discord nothing and leaves the thread's alerts as they were", async () => {
    const thread = { channel: { id: "t-1", type: 11, parent_id: "c-1" } };
    await alerts("on", "t-1", thread);
    const reply = await alerts("follow", "t-1", thread);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("A thread cannot follow");
    expect(reply.data.content).toContain("/renewal alerts:on");
    expect(reply.data.content).toContain("/renewal alerts:follow");
    expect(api.follows).toHaveLength(0);
    expect(api.webhookListings).toBe(0);
    expect((await store().subscription("discord", "t-1"))?.active).toBe(true);
    // In the thread's channel, the same command follows.
    expect((await alerts("follow", "c-1")).data.content).not.toContain("A thread cannot follow");
    expect(api.follows).toHaveLength(1);
  });

  it("is refused to members who cannot manage the channel", async () => {
    const reply = await alerts("follow", "c-4", { member: { user: { id: "9", username: "fan" }, permissions: "0" } });
    expect(reply.data.content).toContain("Manage Channels");
    expect(api.follows).toHaveLength(0);
  });

  it("names Manage Webhooks as the asker's client does and shows Discord's refusal as code, whatever the answer's language", async () => {
    api.scriptCrosspost(`followers:${ANNOUNCEMENTS}`, {
      status: 403,
      body: { code: 50013, message: "Missing `Permissions` [see](https://example.com)" },
    });
    const response = await send(
      slash("renewal", [str("alerts", "follow"), str("language", "en")], {
        channel_id: "c-5",
        locale: "ko",
        member: { user: { id: "501", username: "mod" }, permissions: ADMIN },
      }),
      { env: ANNOUNCING },
    );
    const text = ((await response.json()) as { data: { content?: string } }).data.content ?? "";
    expect(text).toContain(
      "Discord did not set up the follow (`Discord 403 50013: Missing ˋPermissionsˋ [see]\u200b(https://example.com)`)",
    );
    expect(text).toContain("웹후크 관리하기 (Manage Webhooks)");
  });

  it("says why when Discord refuses, and records nothing", async () => {
    api.scriptCrosspost(`followers:${ANNOUNCEMENTS}`, { status: 403, body: { code: 50013, message: "Missing Permissions" } });
    const reply = await alerts("follow", "c-5");
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("Missing Permissions");
    expect(await store().subscription("discord", "c-5")).toBeNull();
  });

  it("explains that the mode is off where no announcement channel is set, and on Slack", async () => {
    const off = await alerts("follow", "c-6", {}, { DISCORD_ANNOUNCEMENT_CHANNEL_ID: "" });
    expect(off.type).toBe(4);
    expect(off.data.flags).toBe(64);
    expect(off.data.content).toContain("/renewal alerts:on");
    const slack = await slackAlerts("alerts follow", "S-1");
    expect(slack.response_type).toBe("ephemeral");
    expect(slack.text).toContain("/renewal alerts on");
    expect(api.follows).toHaveLength(0);
  });

  it("offers follow on Discord only: registered there, left out of Slack's usage line", async () => {
    const registered = toDiscordCommand(renewal).options.find((option) => option.name === "alerts");
    expect(registered && "choices" in registered ? (registered.choices ?? []).map((choice) => choice.value) : []).toContain(
      "follow",
    );
    // Every alerts action the Slack usage line names does something in a Slack channel.
    const actions = /alerts ([a-z|]+)/.exec(renewal.usage)?.[1]?.split("|") ?? [];
    expect(actions).toContain("on");
    for (const [i, action] of actions.entries()) {
      const reply = await slackAlerts(`alerts ${action}`, `S-U${i}`);
      expect(reply.text, action).not.toContain(t("en", "alerts.followUnavailable", { on: "" }).split(":")[0]);
    }
  });

  it("tells a Discord member whose bot has no announcement channel just that, in every language, not to go to Discord", async () => {
    for (const language of ["en", "ko", "id", "tl"]) {
      const response = await send(
        slash("renewal", [str("alerts", "follow"), str("language", language)], {
          channel_id: "c-6",
          member: { user: { id: "501", username: "mod" }, permissions: ADMIN },
        }),
        { env: { DISCORD_ANNOUNCEMENT_CHANNEL_ID: "" } },
      );
      const { data } = (await response.json()) as { data: { content: string } };
      // The asker is on Discord already: what is missing is this bot's announcement channel.
      expect(data.content, language).not.toMatch(/Discord|디스코드/);
      expect(data.content, language).toContain("`/renewal alerts:on`");
    }
    expect(api.follows).toHaveLength(0);
  });

  it("reads the same rows however long the ledger of other channels' deliveries is", async () => {
    await alerts("on", ANNOUNCEMENTS);
    const reads: number[] = [];
    for (const [ledgerSize, channel] of [
      [10, "c-30"],
      [300, "c-31"],
    ] as const) {
      await alerts("on", channel);
      // Other channels' deliveries, long delivered (their alerts off since): the ledger every item adds to.
      await env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT OR IGNORE INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at, active)
         SELECT 'discord', 'g', 'done-' || i, 'en', 0, 0 FROM n`,
      )
        .bind(ledgerSize)
        .run();
      await env.DB.batch([
        publishedLongAgo(env.DB, "renewal:old"),
        env.DB.prepare(
          `INSERT OR IGNORE INTO deliveries (message_key, subscription_id, state, planned_at, due_at, sent_at)
           SELECT 'renewal:old', id, 'sent', 0, 0, 0 FROM subscriptions WHERE channel_id LIKE 'done-%'`,
        ),
      ]);
      const { counter, db } = countingEnv(env);
      expect((await alerts("follow", channel, {}, { ...ANNOUNCING, DB: db } as typeof ANNOUNCING)).data.content).toContain(
        "follows the bot's announcement channel",
      );
      expect(await store().subscription("discord", channel)).toMatchObject({ active: false, disabledReason: FOLLOWING });
      reads.push(counter.rowsRead);
    }
    expect(reads[1]).toBe(reads[0]);
  });
});

describe("following without losing or stopping anything", () => {
  it("refuses to make the announcement channel follow itself, which would stop every crosspost", async () => {
    await alerts("on", ANNOUNCEMENTS);
    const reply = await alerts("follow", ANNOUNCEMENTS);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("announcement channel itself");
    expect(api.follows).toHaveLength(0);
    expect((await store().subscription("discord", ANNOUNCEMENTS))?.active).toBe(true);
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS]);
    await runQueue(testEnv, jobs);
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(1);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("sent");
  });

  it("still posts an item the announcement channel published before the follow, since Discord forwards only later ones", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-7"]);
    const { mine, others } = await splitAnnouncement(jobs);
    expect(mine).toHaveLength(1);
    // The announcement channel has published the item; c-7's own delivery is still waiting.
    await runQueue(testEnv, mine);
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(1);
    await alerts("follow", "c-7");
    await runQueue(testEnv, others);
    // The follow brings only what is crossposted from now on: this item must come the usual way.
    expect(api.discordIn("c-7")).toHaveLength(1);
    expect(await stateOf(item.id, "c-7")).toBe("sent");
  });

  it("never posts later what was on its way when the channel started following, once the follow will bring it", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-9"]);
    const target = await store().subscription("discord", "c-9");
    const own = jobs.filter((j) => "subscriptionId" in j && j.subscriptionId === target?.id);
    // The post to c-9 fails (500) while, at that moment, a moderator makes c-9 follow the announcement channel.
    api.scriptDiscord("c-9", { status: 500, body: { message: "Internal Server Error", code: 0 } });
    const discordApi = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    let followed = false;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      if (!followed && String(input).includes("/channels/c-9/messages")) {
        followed = true;
        await alerts("follow", "c-9");
      }
      return discordApi(input, init);
    });
    expect((await runQueue(testEnv, own)).retried).toHaveLength(1);
    expect(followed).toBe(true);
    // The announcement channel publishes the item: Discord brings it to c-9 through the follow.
    await runQueue(
      testEnv,
      jobs.filter((j) => !own.includes(j)),
    );
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(1);
    await runQueue(testEnv, own, 2);
    expect(api.discordIn("c-9")).toHaveLength(0);
    expect(await stateOf(item.id, "c-9")).toBe("dropped");
  });

  it("brings each item once to a channel that followed in Discord's menu before asking the bot to follow", async () => {
    // Published and crossposted before the channel followed: the follow never brings it.
    const first = await publishPlanned([ANNOUNCEMENTS, "c-6"]);
    const announcementSub = await store().subscription("discord", ANNOUNCEMENTS);
    const isAnnouncement = (j: (typeof first.jobs)[number]) => "subscriptionId" in j && j.subscriptionId === announcementSub?.id;
    await runQueue(testEnv, first.jobs.filter(isAnnouncement));
    await sleep(3);
    // A moderator follows in Discord's menu; the bot does not know. Then a second item is crossposted, which
    // Discord brings to c-6 through that follow, while c-6's own delivery still waits.
    api.followInMenu(ANNOUNCEMENTS, "c-6");
    await sleep(3);
    const second = await publish("season-3-report");
    await runCron(testEnv);
    const secondJobs = queue.sent.map((m) => m.body);
    queue.sent.length = 0;
    await runQueue(testEnv, secondJobs.filter(isAnnouncement));
    expect(api.arrivedIn("c-6")).toHaveLength(1);
    // Only now is the bot asked to follow: it finds the follow Discord already has.
    expect((await alerts("follow", "c-6")).data.content).toContain("already follows");
    await runQueue(
      testEnv,
      [...first.jobs, ...secondJobs].filter((j) => !isAnnouncement(j)),
    );
    const arrived = api.arrivedIn("c-6");
    expect(arrived).toHaveLength(2);
    expect(new Set(arrived).size).toBe(2);
    expect(await stateOf(first.item.id, "c-6")).toBe("sent");
    expect(await stateOf(second.id, "c-6")).toBe("dropped");
  });

  /** Runs `then` once, when Discord has answered the first request `when` picks, before the bot hears the answer. */
  function onAnswer(when: (url: string) => boolean, then: () => Promise<void>) {
    const discordApi = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    let done = false;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      const answer = await discordApi(input, init);
      if (!done && when(String(input))) {
        done = true;
        await then();
      }
      return answer;
    });
  }
  const followInMenuNow = (target: string) => async () => {
    await sleep(3);
    api.followInMenu(ANNOUNCEMENTS, target);
    await sleep(3);
  };

  it.each([
    {
      // The batch has posted; before its crosspost leaves, a moderator follows in Discord's menu.
      name: "brings once, through the follow, an item whose crosspost left after a follow made in Discord's menu",
      channel: "c-2",
      followOn: (url: string) => url.endsWith(`/channels/${ANNOUNCEMENTS}/messages`),
      brought: true,
    },
    {
      // Discord has crossposted; the follow is made while its answer is on the way.
      name: "still posts an item crossposted just before a follow made in Discord's menu, whose answer came after it",
      channel: "c-12",
      followOn: (url: string) => url.endsWith("/crosspost"),
      brought: false,
    },
  ])("$name", async ({ channel, followOn, brought }) => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, channel]);
    const { mine, others } = await splitAnnouncement(jobs);
    onAnswer(followOn, followInMenuNow(channel));
    await runQueue(testEnv, mine);
    expect(api.arrivedIn(channel)).toHaveLength(brought ? 1 : 0);
    expect((await alerts("follow", channel)).data.content).toContain("already follows");
    await runQueue(testEnv, others);
    expect(api.arrivedIn(channel)).toHaveLength(1);
    expect(await stateOf(item.id, channel)).toBe(brought ? "dropped" : "sent");
  });

  it("still posts an item crossposted before /renewal alerts:follow ran, whose crosspost's answer came after it", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-15"]);
    const { mine, others } = await splitAnnouncement(jobs);
    // The announcement channel's delivery is still in doubt when the follow is recorded.
    onAnswer(
      (url) => url.endsWith("/crosspost"),
      async () => {
        await sleep(3);
        expect((await alerts("follow", "c-15")).data.content).toContain("follows");
        await sleep(3);
      },
    );
    await runQueue(testEnv, mine);
    expect(api.arrivedIn("c-15")).toHaveLength(0);
    await runQueue(testEnv, others);
    expect(api.arrivedIn("c-15")).toHaveLength(1);
    expect(await stateOf(item.id, "c-15")).toBe("sent");
  });

  it("waits for a crosspost whose answer was lost before deciding, and posts what was published before the follow", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-16"]);
    const { mine, others } = await splitAnnouncement(jobs);
    api.scriptCrosspost(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    await runQueue(testEnv, mine);
    expect(api.crossposts).toHaveLength(1);
    await sleep(3);
    await alerts("follow", "c-16");
    // Whether the follow brings it is not known yet: c-16's delivery waits.
    expect((await runQueue(testEnv, others)).retried).toHaveLength(1);
    expect(await stateOf(item.id, "c-16")).toBe("queued");
    await publishedThenPosted(item.id, { mine, others }, "c-16", 2);
  });

  it("counts a crosspost found made from when the request that may have made it left, not from the post", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-17"]);
    const { mine, others } = await splitAnnouncement(jobs);
    // Posted; c-17 follows in Discord's menu; then the crosspost is made and its answer lost.
    onAnswer((url) => url.endsWith(`/channels/${ANNOUNCEMENTS}/messages`), followInMenuNow("c-17"));
    api.scriptCrosspost(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    await runQueue(testEnv, mine);
    expect(api.arrivedIn("c-17")).toHaveLength(1);
    // The retry hears "already crossposted".
    await runQueue(testEnv, mine, 2);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("sent");
    expect((await alerts("follow", "c-17")).data.content).toContain("already follows");
    await runQueue(testEnv, others);
    expect(api.arrivedIn("c-17")).toHaveLength(1);
    expect(await stateOf(item.id, "c-17")).toBe("dropped");
  });

  it("counts a crosspost of a post it found made from when that request left, when its answer was lost", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-47"]);
    const { mine, others } = await splitAnnouncement(jobs);
    // The post lands, its answer lost; c-47 follows in Discord's menu; a later attempt finds the post,
    // and its crosspost is made, that answer lost too.
    api.scriptDiscord(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    await runQueue(testEnv, mine);
    await nonceForgotten(item.id);
    await sleep(3);
    api.followInMenu(ANNOUNCEMENTS, "c-47");
    await sleep(3);
    api.scriptCrosspost(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    await runQueue(testEnv, mine, 2);
    expect(api.arrivedIn("c-47")).toHaveLength(1);
    // The next look finds it published.
    await runQueue(testEnv, mine, 3);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("sent");
    expect((await alerts("follow", "c-47")).data.content).toContain("already follows");
    await runQueue(testEnv, others);
    expect(api.arrivedIn("c-47")).toHaveLength(1);
    expect(await stateOf(item.id, "c-47")).toBe("dropped");
  });

  /**
   * The announcement channel's delivery is tried again and ends published before the follow; then
   * `channel`'s delivery comes up (its queue attempt `attempt`) and the bot posts the item there.
   */
  async function publishedThenPosted(
    id: string,
    jobs: { mine: QueueJob[]; others: QueueJob[] },
    channel: string,
    attempt: number,
  ) {
    await runQueue(testEnv, jobs.mine, 2);
    expect(await stateOf(id, ANNOUNCEMENTS)).toBe("sent");
    await runQueue(testEnv, jobs.others, attempt);
    expect(api.arrivedIn(channel)).toHaveLength(1);
    expect(await stateOf(id, channel)).toBe("sent");
  }

  it("posts an item published before the follow that its own lost attempt never posted, once that is known", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-20"]);
    const { mine, others } = await splitAnnouncement(jobs);
    // The crosspost is made and its answer lost; c-20's post never reached Discord, its answer lost too.
    api.scriptCrosspost(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    api.scriptDiscord("c-20", { status: 200, drop: true });
    await runQueue(testEnv, [...mine, ...others]);
    await sleep(3);
    // The follow begins after the crosspost was made: it never brings this item.
    await alerts("follow", "c-20");
    await runQueue(testEnv, others, 2);
    expect(await stateOf(item.id, "c-20")).toBe("queued");
    await publishedThenPosted(item.id, { mine, others }, "c-20", 3);
  });

  it("posts an item published before the follow whose own post, refused in flight as the follow began, never landed", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-21"]);
    const { mine, others } = await splitAnnouncement(jobs);
    api.scriptCrosspost(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    await runQueue(testEnv, mine);
    await sleep(3);
    // c-21's post is refused for its route's limit (surely not made); the follow is recorded while it is in flight.
    api.scriptDiscord("c-21", {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 1, global: false },
      headers: { "retry-after": "1", "x-ratelimit-scope": "user", "x-ratelimit-bucket": "post" },
    });
    onAnswer(
      (url) => url.endsWith("/channels/c-21/messages"),
      async () => {
        await sleep(3);
        expect((await alerts("follow", "c-21")).data.content).toContain("follows");
      },
    );
    await runQueue(testEnv, others);
    await publishedThenPosted(item.id, { mine, others }, "c-21", 2);
  });

  it("waits untried while undecided, even where it cannot read the channel to look for its own earlier attempt", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-30"]);
    const { mine, others } = await splitAnnouncement(jobs);
    // The announcement channel's crosspost answer is lost; c-30's own post meets a 502 page (not made).
    api.scriptCrosspost(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    await runQueue(testEnv, mine);
    api.scriptDiscord("c-30", { status: 502, html: true });
    await runQueue(testEnv, others);
    await sleep(3);
    await alerts("follow", "c-30");
    // No Read Message History in c-30.
    const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) =>
      (init?.method ?? "GET") === "GET" && String(input).includes("/channels/c-30/messages?")
        ? Response.json({ code: 50001, message: "Missing Access" }, { status: 403 })
        : inner(input, init),
    );
    const attempts = async () => {
      const sub = await store().subscription("discord", "c-30");
      return (
        await env.DB.prepare("SELECT attempts FROM deliveries WHERE subscription_id = ?")
          .bind(sub?.id)
          .first<{ attempts: number }>()
      )?.attempts;
    };
    const before = await attempts();
    for (let run = 0; run < MAX_DELIVERY_ATTEMPTS; run++) await runQueue(testEnv, others, 2);
    expect(await attempts()).toBe(before);
    await publishedThenPosted(item.id, { mine, others }, "c-30", 3);
  });

  it("brings once an item whose crosspost was refused until after a follow made in Discord's menu", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-5"]);
    const { mine, others } = await splitAnnouncement(jobs);
    // Posted; the crosspost is refused outright (Discord's crosspost limit): surely not crossposted yet.
    api.scriptCrosspost(ANNOUNCEMENTS, {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 1, global: false },
      headers: { "retry-after": "1", "x-ratelimit-scope": "user", "x-ratelimit-bucket": "crosspost" },
    });
    await runQueue(testEnv, mine);
    expect(api.crossposts).toHaveLength(0);
    await sleep(3);
    // c-5 follows in the menu; then the crosspost goes through, and the follow brings the item.
    api.followInMenu(ANNOUNCEMENTS, "c-5");
    await sleep(3);
    await runQueue(testEnv, mine, 2);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("sent");
    expect(api.arrivedIn("c-5")).toHaveLength(1);
    expect((await alerts("follow", "c-5")).data.content).toContain("already follows");
    await runQueue(testEnv, others);
    expect(api.arrivedIn("c-5")).toHaveLength(1);
    expect(await stateOf(item.id, "c-5")).toBe("dropped");
  });

  /** An item crossposted before `channel` follows: its own delivery there is kept, to be posted. */
  async function keptByFollow(channel: string) {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, channel]);
    const { mine, others } = await splitAnnouncement(jobs);
    await runQueue(testEnv, mine);
    await sleep(3);
    await alerts("follow", channel);
    expect(await stateOf(item.id, channel)).toBe("queued");
    return { item, others };
  }

  it("still posts what a follow kept for posting when the follow is removed and alerts turned on again", async () => {
    const { item, others } = await keptByFollow("c-4");
    api.follows = api.follows.filter((f) => f.target !== "c-4");
    await sleep(3);
    await alerts("on", "c-4");
    await runQueue(testEnv, others);
    expect(api.arrivedIn("c-4")).toHaveLength(1);
    expect(await stateOf(item.id, "c-4")).toBe("sent");
  });

  it("cancels what a follow kept for posting when alerts are turned off, and says the follow still delivers", async () => {
    const { item, others } = await keptByFollow("c-3");
    const off = await alerts("off", "c-3");
    expect(off.data.content).toContain("Server Settings → Integrations");
    expect(off.data.flags).toBe(64);
    await runQueue(testEnv, others);
    expect(api.arrivedIn("c-3")).toHaveLength(0);
    expect(await stateOf(item.id, "c-3")).toBe("dropped");
    expect((await alerts("status", "c-3")).data.content).toContain("follows");
  });

  it("records the channel's own post whose answer was lost when it starts following, instead of dropping it", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-13"]);
    const { mine, others } = await splitAnnouncement(jobs);
    // c-13's own post lands and its answer is lost; then c-13 follows, and the follow brings the item too.
    api.scriptDiscord("c-13", { status: 200, storeThenDrop: true });
    await runQueue(testEnv, others);
    expect(api.discordIn("c-13")).toHaveLength(1);
    await alerts("follow", "c-13");
    await runQueue(testEnv, mine);
    await runQueue(testEnv, others, 2);
    // Both are there (the post landed before the follow); the bot posted once, and recorded it for a withdrawal to edit.
    expect(api.discordIn("c-13")).toHaveLength(1);
    expect(await stateOf(item.id, "c-13")).toBe("sent");
  });

  it("drops the channel's own delivery, looked for and not found, with the follow as the reason", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-14"]);
    const { mine, others } = await splitAnnouncement(jobs);
    // The answer is lost and the post did not land.
    api.scriptDiscord("c-14", { status: 200, drop: true });
    await runQueue(testEnv, others);
    await alerts("follow", "c-14");
    await runQueue(testEnv, mine);
    await runQueue(testEnv, others, 2);
    expect(api.discordIn("c-14")).toHaveLength(0);
    expect(api.arrivedIn("c-14")).toHaveLength(1);
    const sub = await store().subscription("discord", "c-14");
    expect((await ledger(item.id)).find((d) => d.subscriptionId === sub?.id)).toMatchObject({
      state: "dropped",
      error: FOLLOWING,
    });
  });

  it("drops what the announcement channel published after the follow began, so it arrives once, through the follow", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-8"]);
    await alerts("follow", "c-8");
    // Until the announcement channel's delivery has ended, c-8's waits.
    await runQueue(testEnv, jobs);
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(1);
    expect(await stateOf(item.id, "c-8")).not.toBe("sent");
    await runQueue(testEnv, (await splitAnnouncement(jobs)).others, 2);
    expect(api.discordIn("c-8")).toHaveLength(0);
    expect(api.arrivedIn("c-8")).toHaveLength(1);
    expect(await stateOf(item.id, "c-8")).toBe("dropped");
  });

  it("posts to a following channel an item the announcement channel never published", async () => {
    const { item, jobs } = await publishPlanned([ANNOUNCEMENTS, "c-18"]);
    const { mine, others } = await splitAnnouncement(jobs);
    await alerts("follow", "c-18");
    // The announcement channel's post is refused for good: nothing is crossposted, so the follow brings nothing.
    api.scriptDiscord(ANNOUNCEMENTS, { status: 403, body: { code: 50013, message: "Missing Permissions" } });
    await runQueue(testEnv, mine);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("dropped");
    await runQueue(testEnv, others);
    expect(api.arrivedIn("c-18")).toHaveLength(1);
    expect(await stateOf(item.id, "c-18")).toBe("sent");
  });

  it.each([
    [
      "Discord says its channel is gone",
      async () => {
        const { jobs } = await publishPlanned([ANNOUNCEMENTS]);
        api.scriptDiscord(ANNOUNCEMENTS, { status: 404, body: { code: 10003, message: "Unknown Channel" } });
        await runQueue(testEnv, jobs);
        // The item whose post met the gone channel was never published: it comes to c-19 too.
        return 1;
      },
    ],
    [
      "they are turned off there",
      async () => {
        await alerts("off", ANNOUNCEMENTS);
        return 0;
      },
    ],
  ])("posts to a following channel what is published once the announcement channel's alerts stop: %s", async (_, stop) => {
    await alerts("on", ANNOUNCEMENTS);
    await alerts("follow", "c-19");
    const unpublished = await stop();
    expect((await store().subscription("discord", ANNOUNCEMENTS))?.active).toBe(false);
    await sleep(3);
    const item = await publish("after-the-stop");
    await runAll();
    // Nothing is crossposted any more, so the follow brings nothing: the bot posts it there itself, once.
    expect(api.arrivedIn("c-19")).toHaveLength(1 + unpublished);
    expect(await stateOf(item.id, "c-19")).toBe("sent");
  });

  it("reads no follower when it plans an item while the announcement channel's alerts are on", async () => {
    await alerts("on", ANNOUNCEMENTS);
    await alerts("on", "c-20");
    const reads: number[] = [];
    for (const followers of [5, 300]) {
      await env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT OR IGNORE INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at, active, disabled_reason)
         SELECT 'discord', 'g', 'f-' || i, 'en', 0, 0, ?2 FROM n`,
      )
        .bind(followers, FOLLOWING)
        .run();
      await sleep(3);
      await publish(`with-${followers}-followers`);
      const { counter, db } = countingEnv(env);
      await runCron({ ...testEnv, DB: db } as typeof env);
      reads.push(counter.rowsRead);
      // The announcement channel and the channel of its own: no follower is planned.
      expect(queue.sent.splice(0)).toHaveLength(2);
    }
    expect(reads[0]).toBe(reads[1]);
  });
});

describe("a following channel whose item the announcement channel never published", () => {
  const refusedForGood = (code: number, message: string) => ({ status: 403, body: { code, message } });
  /** Each way the announcement channel's delivery of an item can end without a crosspost, run on its jobs. */
  const endings: [string, (jobs: QueueJob[]) => Promise<unknown>][] = [
    [
      "Discord says its channel is gone",
      async (jobs) => {
        api.scriptDiscord(ANNOUNCEMENTS, { status: 404, body: { code: 10003, message: "Unknown Channel" } });
        await runQueue(testEnv, jobs);
      },
    ],
    [
      "its channel is closed to the bot",
      async (jobs) => {
        api.scriptDiscord(ANNOUNCEMENTS, refusedForGood(50001, "Missing Access"));
        await runQueue(testEnv, jobs);
      },
    ],
    [
      "the bot may not post there",
      async (jobs) => {
        api.scriptDiscord(ANNOUNCEMENTS, refusedForGood(50013, "Missing Permissions"));
        await runQueue(testEnv, jobs);
      },
    ],
    [
      "its alerts are turned off there before it goes out",
      async (jobs) => {
        await alerts("off", ANNOUNCEMENTS);
        await runQueue(testEnv, jobs);
      },
    ],
    [
      "its post is refused in every form",
      async (jobs) => {
        const refused = { status: 400, body: { code: 50035, message: "Invalid Form Body" } };
        api.scriptDiscord(ANNOUNCEMENTS, refused, refused);
        await runQueue(testEnv, jobs);
      },
    ],
    [
      "its post goes out but every crosspost is refused, to the last attempt",
      async (jobs) => {
        api.scriptCrosspost(
          ANNOUNCEMENTS,
          ...Array.from({ length: MAX_DELIVERY_ATTEMPTS }, () => refusedForGood(50001, "Missing Access")),
        );
        await attempts(jobs, 1, MAX_DELIVERY_ATTEMPTS);
        expect(api.discordIn(ANNOUNCEMENTS)).toHaveLength(1);
      },
    ],
  ];

  it.each(endings)("posts it there itself, once, when the announcement channel's delivery ends so: %s", async (_, end) => {
    await alerts("on", ANNOUNCEMENTS);
    await alerts("follow", "c-40");
    await sleep(3);
    const item = await publish("never-published");
    await runCron(testEnv);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    // Planned while the announcement channel's alerts are on: the follower is left to the crosspost.
    expect(jobs).toHaveLength(1);
    await end(jobs);
    expect(["dropped", "failed"]).toContain(await stateOf(item.id, ANNOUNCEMENTS));
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(0);
    await runAll();
    expect(api.arrivedIn("c-40")).toHaveLength(1);
    expect(await stateOf(item.id, "c-40")).toBe("sent");
    // Nothing more comes of it.
    await runAll();
    expect(api.arrivedIn("c-40")).toHaveLength(1);
  });

  it("posts nothing there of an item published while its alerts were off, before it began to follow", async () => {
    await alerts("on", ANNOUNCEMENTS);
    // Alerts on here long ago, then off: what is published now is not for this channel.
    await alerts("on", "c-44");
    await sleep(3);
    await alerts("off", "c-44");
    await sleep(3);
    const item = await publish("while-off-then-followed");
    await runCron(testEnv);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    expect(jobs).toHaveLength(1);
    // The channel follows only afterwards: Discord would bring it nothing published before.
    await sleep(3);
    await alerts("follow", "c-44");
    api.scriptDiscord(ANNOUNCEMENTS, refusedForGood(50013, "Missing Permissions"));
    await runQueue(testEnv, jobs);
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(0);
    await runAll();
    expect(api.arrivedIn("c-44")).toHaveLength(0);
    expect(await stateOf(item.id, "c-44")).toBeUndefined();
  });

  it("brings each follower each item exactly once, however each of the announcement channel's deliveries ends (property)", async () => {
    type Ending = "published" | "published late" | "gone" | "refused" | "turned off";
    const ending = fc.constantFrom<Ending>("published", "published late", "gone", "refused", "turned off");
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(ending, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 2 }),
        async (endings, followers) => {
          run++;
          // Each run starts with no channels and no deliveries: an earlier run's followers are not this
          // run's to serve, and a failing run replays alone from its seed.
          await env.DB.batch(
            ["deliveries", "subscriptions", "platform_state"].map((table) => env.DB.prepare(`DELETE FROM ${table}`)),
          );
          await resetPacers();
          queue.sent.length = 0;
          queue.plans.length = 0;
          api = new MockApis().install();
          api.announcementChannels.add(ANNOUNCEMENTS);
          await alerts("on", ANNOUNCEMENTS);
          const channels = Array.from({ length: followers }, (_, i) => `p${run}-f${i}`);
          for (const c of channels) await alerts("follow", c);
          await sleep(3);
          const items: Awaited<ReturnType<typeof publish>>[] = [];
          for (let i = 0; i < endings.length; i++) items.push(await publish(`p${run}-item-${i}`));
          for (let tick = 0; tick < endings.length; tick++) await runCron(testEnv);
          const jobs = queue.sent.splice(0).map((m) => m.body);
          for (const [i, end] of endings.entries()) {
            const mine = jobs.filter((j) => "message" in j && j.message.endsWith(items[i]?.id ?? "?"));
            if (end === "published late") api.scriptCrosspost(ANNOUNCEMENTS, refusedForGood(50001, "Missing Access"));
            if (end === "gone")
              api.scriptDiscord(ANNOUNCEMENTS, { status: 404, body: { code: 10003, message: "Unknown Channel" } });
            if (end === "refused") {
              const refused = { status: 400, body: { code: 50035, message: "Invalid Form Body" } };
              api.scriptDiscord(ANNOUNCEMENTS, refused, refused);
            }
            if (end === "turned off") await alerts("off", ANNOUNCEMENTS);
            await runQueue(testEnv, mine);
            await runQueue(testEnv, mine, 2);
            api.unscript();
          }
          await runAll();
          // Each item once in each following channel: crossposted there, or posted there by the bot, never both.
          const published = (id: string) =>
            api.discordIn(ANNOUNCEMENTS).filter((m) => JSON.stringify(m.body).includes(`Test news ${id}`));
          for (const c of channels)
            for (const item of items) {
              const direct = api.discordIn(c).filter((m) => JSON.stringify(m.body).includes(`Test news ${item.id}`));
              const forwarded = published(item.id).filter((m) => api.arrivedIn(c).includes(m.id));
              expect(direct.length + forwarded.length, `${item.id} in ${c}`).toBe(1);
            }
        },
      ),
      { numRuns: 8, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) },
    );
  }, 60_000);

  it.each([
    ["after every crosspost of it was refused", "c-45", false],
    ["when its answer was lost and every crosspost of it, found, was refused", "c-46", true],
  ])("edits its post in the announcement channel when the item is withdrawn %s", async (_how, follower, lost) => {
    await alerts("on", ANNOUNCEMENTS);
    await alerts("follow", follower);
    await sleep(3);
    const item = await publish(`withdrawn-unpublished-${follower}`);
    await runCron(testEnv);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    // The post lands, its answer lost: which message it is, only the looks of later attempts find.
    if (lost) api.scriptDiscord(ANNOUNCEMENTS, { status: 200, storeThenDrop: true });
    // Every crosspost refused; past the first minutes each attempt finds the post by looking.
    api.scriptCrosspost(
      ANNOUNCEMENTS,
      ...Array.from({ length: MAX_DELIVERY_ATTEMPTS }, () => refusedForGood(50001, "Missing Access")),
    );
    await runQueue(testEnv, jobs);
    await nonceForgotten(item.id);
    await attempts(jobs, 2, MAX_DELIVERY_ATTEMPTS);
    expect(api.discordIn(ANNOUNCEMENTS)).toHaveLength(1);
    expect(crossposted(ANNOUNCEMENTS)).toHaveLength(0);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("failed");
    // Never published: the follower is posted to by the bot itself, as for any delivery ended so.
    await runAll();
    expect(api.discordIn(follower)).toHaveLength(1);
    expect(await withdrawNews(env, item.id, "reported in error")).toBe(true);
    for (let round = 1; round <= 3; round++) {
      await runCron(testEnv);
      await runQueue(
        testEnv,
        queue.amends.splice(0).map((m) => m.body),
        round,
      );
    }
    // The post is in the announcement channel, never published: it carries the notice as the follower's does.
    const [post] = api.discordIn(ANNOUNCEMENTS);
    expect(post?.edits).toBe(1);
    expect(JSON.stringify(post?.body)).toContain(t("en", "delivery.withdrawn", { reason: "reported in error" }));
    expect(api.discordIn(follower).map((m) => m.edits)).toEqual([1]);
  });

  it("edits its post in the announcement channel when its delivery, crosspost refused, ends only after the withdrawal", async () => {
    await alerts("on", ANNOUNCEMENTS);
    await sleep(3);
    const item = await publish("withdrawn-while-refused");
    await runCron(testEnv);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    api.scriptCrosspost(
      ANNOUNCEMENTS,
      ...Array.from({ length: MAX_DELIVERY_ATTEMPTS }, () => refusedForGood(50001, "Missing Access")),
    );
    await attempts(jobs, 1, MAX_DELIVERY_ATTEMPTS - 1);
    expect(await withdrawNews(env, item.id, "reported in error")).toBe(true);
    // No post of it is recorded yet: the tick queues no edit.
    await runCron(testEnv);
    expect(queue.amends).toHaveLength(0);
    // Its last attempt's worker dies holding it; the sweep ends it.
    await env.DB.prepare(
      "UPDATE deliveries SET state = 'claimed', claimed_at = 1, due_at = 1, attempts = ?1 WHERE message_key = ?2",
    )
      .bind(MAX_DELIVERY_ATTEMPTS, newsKey(item.id))
      .run();
    await runCron(testEnv);
    expect(await stateOf(item.id, ANNOUNCEMENTS)).toBe("failed");
    await runCron(testEnv);
    await runQueue(
      testEnv,
      queue.amends.splice(0).map((m) => m.body),
    );
    const [post] = api.discordIn(ANNOUNCEMENTS);
    expect(post?.edits).toBe(1);
    expect(JSON.stringify(post?.body)).toContain(t("en", "delivery.withdrawn", { reason: "reported in error" }));
  });

  it("posts nothing there itself when the crosspost, refused at first, goes through", async () => {
    await alerts("on", ANNOUNCEMENTS);
    await alerts("follow", "c-41");
    await sleep(3);
    const item = await publish("published-late");
    await runCron(testEnv);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    api.scriptCrosspost(ANNOUNCEMENTS, refusedForGood(50001, "Missing Access"));
    await runQueue(testEnv, jobs);
    await runQueue(testEnv, jobs, 2);
    await postedOncePublished(item.id);
    await runAll();
    expect(api.arrivedIn("c-41")).toHaveLength(1);
    expect(api.discordIn("c-41")).toHaveLength(0);
  });
  it("posts it there itself when the announcement channel's alerts are back on before it is planned, too late for it", async () => {
    await alerts("on", ANNOUNCEMENTS);
    await alerts("follow", "c-42");
    await alerts("off", ANNOUNCEMENTS);
    await sleep(3);
    const item = await publish("while-off");
    // On again before the tick plans the item: the announcement channel gets only what is published later.
    await sleep(3);
    await alerts("on", ANNOUNCEMENTS);
    await runAll();
    expect(api.discordIn(ANNOUNCEMENTS)).toHaveLength(0);
    expect(api.arrivedIn("c-42")).toHaveLength(1);
    expect(await stateOf(item.id, "c-42")).toBe("sent");
  });
  it("posts it there itself when the announcement channel's alerts are turned off while the item is planned, before its turn", async () => {
    await alerts("follow", "c-43");
    // More subscriptions than a chunk holds, all older than the announcement channel's: its turn comes later.
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at) SELECT 'slack', 'T1', 'C' || i, 'en', 0 FROM n`,
    )
      .bind(PLAN_CHUNK + 5)
      .run();
    await alerts("on", ANNOUNCEMENTS);
    await sleep(3);
    const item = await publish("off-while-planned");
    await runCron(testEnv);
    await alerts("off", ANNOUNCEMENTS);
    for (let round = 0; round < 4; round++) {
      await runCron(testEnv);
      await runQueue(
        testEnv,
        queue.plans.splice(0).map((m) => m.body),
      );
    }
    const follower = await store().subscription("discord", "c-43");
    const jobs = queue.sent.splice(0).map((m) => m.body);
    const mine = jobs.filter((j) => "subscriptionId" in j && j.subscriptionId === follower?.id);
    expect(mine).toHaveLength(1);
    await runQueue(testEnv, mine);
    expect(api.arrivedIn("c-43")).toHaveLength(1);
    expect(await stateOf(item.id, "c-43")).toBe("sent");
  });
  it("posts it there itself when the announcement channel is unset before its post there goes out", async () => {
    await alerts("on", ANNOUNCEMENTS);
    await alerts("follow", "c-44");
    await sleep(3);
    const item = await publish("unset-before-posted");
    await runCron(testEnv);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    expect(jobs).toHaveLength(1);
    // Announcement mode is turned off (the setting removed and deployed) while that post waits.
    testEnv = { ...testEnv, DISCORD_ANNOUNCEMENT_CHANNEL_ID: undefined } as unknown as typeof env;
    await runQueue(testEnv, jobs);
    expect(api.discordIn(ANNOUNCEMENTS)).toHaveLength(1);
    expect(api.crossposts).toHaveLength(0);
    await runAll();
    expect(api.arrivedIn("c-44")).toHaveLength(1);
    expect(await stateOf(item.id, "c-44")).toBe("sent");
    await runAll();
    expect(api.arrivedIn("c-44")).toHaveLength(1);
  });
});

describe("a follow whose answer is lost", () => {
  /** POST /followers: Discord makes the follow, then the answer is lost (a dropped connection, or a gateway's page). */
  function followMadeAnswerLost(kind: "drop" | "502") {
    const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    let once = false;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      if (!once && String(input).endsWith(`/channels/${ANNOUNCEMENTS}/followers`) && init?.method === "POST") {
        once = true;
        await inner(input, init);
        if (kind === "drop") throw new TypeError("Network connection lost.");
        return new Response("<html>502 Bad Gateway</html>", { status: 502, headers: { "content-type": "text/html" } });
      }
      return inner(input, init);
    });
  }

  it.each(["drop", "502"] as const)("(%s) is found made: the channel follows, and each item arrives once", async (kind) => {
    await alerts("on", ANNOUNCEMENTS);
    await alerts("on", "c-1");
    followMadeAnswerLost(kind);
    const reply = await alerts("follow", "c-1");
    expect(
      api.follows.filter((f) => f.target === "c-1"),
      "Discord made the follow",
    ).toHaveLength(1);
    expect((await store().subscription("discord", "c-1"))?.disabledReason, reply.data.content).toBe(FOLLOWING);
    expect(reply.data.content, "told it was made now, not found there before").not.toContain("already follows");
    await sleep(3);
    await publish();
    await runCron(testEnv);
    await runQueue(
      testEnv,
      queue.sent.map((m) => m.body),
    );
    await runQueue(
      testEnv,
      queue.sent.map((m) => m.body),
      2,
    );
    expect(api.arrivedIn("c-1"), "copies in the channel").toHaveLength(1);
  });
});
