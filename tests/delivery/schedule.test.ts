// Randomized fault schedules against the whole delivery pipeline (real local D1, the consumer and the
// planner as the Worker runs them; only Discord and Slack are mocked). Several items over several
// channels meet 429s (the wait in a header, or in Discord's body alone), 5xx, HTML pages, lost responses,
// errors and cut-off answers after the post landed, crashes between post and confirm, D1 losing the
// answer to a claim or a closing write that took effect, duplicate and late queue messages, overlapping
// crons, a stale content copy, time passing (nonces forgotten, leases expired), failed crossposts in the
// announcement channel, alerts turned off or stopped and on again in the middle, a channel deleted,
// archived or closed to the bot mid-fan-out, Slack's missing_scope, the bot token refused (parked
// deliveries) and replaced, and an item withdrawn while its fan-out is in flight. After each run, with
// faults gone, the queue is drained; then every (item, channel) was posted at most once, every `sent` row
// matches exactly one post (in the announcement channel, a published one), every subscription that
// stayed on got every item, one stopped says its channel is gone, one on again got nothing more (every
// item came before), a withdrawn item posted nothing after its withdrawal and its posts were edited, and
// nothing is left pending.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { QueueJob } from "../../src/delivery/jobs";
import { planDeliveries } from "../../src/delivery/planner";
import { LEASE_MS, parkedDueAt, STALE_MS } from "../../src/delivery/policy";
import { DeliveryStore } from "../../src/delivery/store";
import { deliveryNonce, LOOKUP_PAGE, LOOKUP_PAGES_MAX } from "../../src/discord/api";
import type { PlatformName } from "../../src/platform";
import { REMOVED_FROM_CHANNEL } from "../../src/stop-reasons";
import { newsKey, publishNews, withdrawNews } from "../../src/topics/renewal";
import { alertEnv, crashingDb, recordingQueue, runQueue } from "../helpers/alerts";
import { realBundle, seedContent } from "../helpers/content";
import { MockApis, type Scripted } from "../helpers/mock-api";

const RUNS = 200;
const params = { numRuns: RUNS, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };

const CHANNELS: { platform: PlatformName; id: string }[] = [
  { platform: "discord", id: "d-a" },
  { platform: "discord", id: "d-b" },
  { platform: "discord", id: "d-c" },
  { platform: "slack", id: "S-A" },
  { platform: "slack", id: "S-B" },
];
const ITEMS = ["item-1", "item-2", "item-3"];
/** The answers that say a channel is gone or closed to the bot, and the bot removed from it. */
const GONE = /Unknown Channel|Missing Access|channel_not_found|not_in_channel|is_archived|the app was removed from this channel/;
/** d-c is the bot's announcement channel: its posts count once crossposted. */
const ANNOUNCEMENTS = "d-c";

const DISCORD_FAULTS: Scripted[] = [
  { status: 429, body: { retry_after: 1.5, global: false }, headers: { "retry-after": "2", "x-ratelimit-scope": "user" } },
  { status: 429, body: { retry_after: 1, global: true }, headers: { "retry-after": "1", "x-ratelimit-global": "true" } },
  { status: 500 },
  { status: 502, html: true },
  { status: 403, html: true },
  { status: 200, storeThenDrop: true },
  { status: 200, drop: true },
  { status: 502, html: true, storeThenAnswer: true },
  { status: 500, body: { code: 0, message: "500: Internal Server Error" }, storeThenAnswer: true },
  { status: 200, cutBody: true },
  // The bot token refused: Discord stops until a new one is deployed.
  { status: 401, body: { code: 0, message: "401: Unauthorized" } },
  // A 429 whose wait is in its body alone.
  { status: 429, body: { retry_after: 2.5, global: false }, headers: { "x-ratelimit-scope": "user" } },
  // The channel deleted, or closed to the bot, mid-fan-out: its alerts stop.
  { status: 404, body: { code: 10003, message: "Unknown Channel" } },
  { status: 403, body: { code: 50001, message: "Missing Access" } },
];
const SLACK_FAULTS: Scripted[] = [
  { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "3" } },
  { status: 200, body: { ok: false, error: "internal_error" } },
  { status: 503 },
  { status: 200, storeThenDrop: true },
  { status: 200, drop: true },
  { status: 502, html: true, storeThenAnswer: true },
  // Slack: "some aspect of the operation may have succeeded".
  { status: 200, body: { ok: false, error: "internal_error" }, storeThenAnswer: true },
  { status: 200, body: { ok: false, error: "fatal_error" }, storeThenAnswer: true },
  { status: 200, cutBody: true },
  { status: 200, body: { ok: false, error: "invalid_auth" } },
  { status: 429, body: { ok: false, error: "ratelimited" } },
  { status: 200, body: { ok: false, error: "missing_scope", needed: "chat:write" } },
  // The channel deleted, archived or left mid-fan-out: its alerts stop.
  { status: 200, body: { ok: false, error: "channel_not_found" } },
  { status: 200, body: { ok: false, error: "not_in_channel" } },
  { status: 200, body: { ok: false, error: "is_archived" } },
];
const CROSSPOST_FAULTS: Scripted[] = [
  { status: 500 },
  { status: 429, body: { retry_after: 2, global: false }, headers: { "retry-after": "2", "x-ratelimit-scope": "user" } },
  { status: 200, storeThenDrop: true },
  { status: 200, drop: true },
];
const HISTORY_FAULTS: Scripted[] = [
  { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "5" } },
  { status: 200, body: { ok: false, error: "internal_error" } },
  { status: 200, body: { ok: false, error: "channel_not_found" } },
];

/**
 * What D1 does to an invocation: the worker dies before its closing write (crash), or a write takes
 * effect and its answer is lost (the claim, or the closing write), which the worker takes for a failure.
 */
const D1_FAULTS = ["crash", "claim-lost-answer", "settle-lost-answer"] as const;
type D1Fault = (typeof D1_FAULTS)[number];

const lostAnswer = () => new Error("D1_ERROR: Network connection lost.");

/** The test's D1 with `fault`: the consumer's first batch loads, its claim is one statement, its second batch settles. */
function faultyDb(fault: D1Fault): D1Database {
  if (fault === "crash") return crashingDb();
  let batches = 0;
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "batch" && fault === "settle-lost-answer")
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements);
          if (++batches === 2) throw lostAnswer();
          return results;
        };
      if (prop === "prepare" && fault === "claim-lost-answer")
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!sql.includes("SET state = 'claimed'")) return statement;
          return {
            bind: (...values: unknown[]) => {
              const bound = statement.bind(...values);
              return {
                all: async () => {
                  await bound.all();
                  throw lostAnswer();
                },
              };
            },
          };
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

type Step =
  | { kind: "cron"; overlap: boolean }
  | { kind: "deliver"; count: number; duplicate: boolean; crash: D1Fault | null }
  | { kind: "late" }
  | { kind: "time" }
  | { kind: "stale-content" }
  | { kind: "toggle"; channel: number; stop: boolean }
  | { kind: "chatter"; channel: number }
  | { kind: "new-tokens" }
  | { kind: "withdraw"; item: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("cron" as const), overlap: fc.boolean() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("deliver" as const),
      count: fc.integer({ min: 1, max: 10 }),
      duplicate: fc.boolean(),
      crash: fc.option(fc.constantFrom(...D1_FAULTS), { nil: null }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("late" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("time" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("stale-content" as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("toggle" as const),
      channel: fc.nat({ max: CHANNELS.length - 1 }),
      stop: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("chatter" as const), channel: fc.nat({ max: CHANNELS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("new-tokens" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), item: fc.nat({ max: ITEMS.length - 1 }) }) },
);

const scenario = fc.record({
  channels: fc.uniqueArray(fc.nat({ max: CHANNELS.length - 1 }), { minLength: 1, maxLength: CHANNELS.length }),
  items: fc.integer({ min: 1, max: ITEMS.length }),
  steps: fc.array(step, { maxLength: 12 }),
  /** Per channel: how its next posts are answered, and (Slack) its next history checks. */
  faults: fc.array(
    fc.record({
      posts: fc.array(fc.nat({ max: 20 }), { maxLength: 4 }),
      history: fc.array(fc.nat({ max: 20 }), { maxLength: 3 }),
      crossposts: fc.array(fc.nat({ max: 20 }), { maxLength: 3 }),
    }),
    { minLength: CHANNELS.length, maxLength: CHANNELS.length },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;
const noFaults = () => ({ posts: [], history: [], crossposts: [] });
/** Schedules run every time, before the random ones: each found a way to fail once. */
const EXAMPLES: [Scenario][] = [
  // A claim whose answer was lost, nothing posted; the bot removed from the channel; alerts on again.
  [
    {
      channels: [0],
      items: 1,
      steps: [
        { kind: "cron", overlap: false },
        { kind: "deliver", count: 1, duplicate: false, crash: "claim-lost-answer" },
        { kind: "toggle", channel: 0, stop: true },
        { kind: "toggle", channel: 0, stop: false },
      ],
      faults: CHANNELS.map(noFaults),
    },
  ],
];

/** Lets time pass for everything that keeps time: leases, due times, first attempts, pauses and Discord's nonce memory. */
async function timePasses(api: MockApis) {
  const shift = Math.max(LEASE_MS, STALE_MS) + 1;
  await env.DB.batch([
    env.DB.prepare(
      // A parked row's due time is not a time: it stays parked.
      `UPDATE deliveries SET claimed_at = claimed_at - ?1, due_at = CASE WHEN due_at IN (?2, ?3) THEN due_at ELSE due_at - ?1 END,
         first_attempt_at = first_attempt_at - ?1, planned_at = planned_at - ?1`,
    ).bind(shift, parkedDueAt("discord"), parkedDueAt("slack")),
    env.DB.prepare("UPDATE platform_state SET paused_until = 0"),
  ]);
  api.clockOffset += shift;
}

describe("randomized fault schedules", () => {
  beforeEach(async () => {
    await seedContent();
  });

  it(`every (item, channel) is sent once or ends with a reason, never twice, nothing left pending (${RUNS} runs)`, async () => {
    const bundle = await realBundle();
    const template = bundle.news[0]!;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ channels, items, steps, faults }) => {
        await env.DB.batch(
          ["deliveries", "subscriptions", "messages", "news", "platform_state"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
        );
        vi.restoreAllMocks();
        const api = new MockApis().install();
        const queue = recordingQueue();
        let rotations = 0;
        /** The Worker's env, with the bot tokens deployed `rotations` times since the first. */
        const deployed = () =>
          alertEnv(queue, {
            DISCORD_ANNOUNCEMENT_CHANNEL_ID: ANNOUNCEMENTS,
            ...(rotations ? { DISCORD_BOT_TOKEN: `discord-${rotations}`, SLACK_BOT_TOKEN: `xoxb-${rotations}` } : {}),
          });
        let testEnv = deployed();
        api.announcementChannels.add(ANNOUNCEMENTS);
        const store = new DeliveryStore(env.DB);
        const subscribedAt = Date.now() - 10_000;
        const toggled = new Set<string>();
        /** Per channel whose alerts were turned on again: how many posts each platform had then. */
        const onAgain = new Map<string, { discord: number; slack: number }>();
        /** Per withdrawn item: how many posts each platform had when it was withdrawn. */
        const withdrawn = new Map<string, { discord: number; slack: number }>();
        for (const c of channels) {
          const ch = CHANNELS[c]!;
          await store.subscribe({ platform: ch.platform, workspaceId: "w", channelId: ch.id, locale: "en", now: subscribedAt });
          if (ch.platform === "slack") api.joined.add(ch.id);
        }
        CHANNELS.forEach((ch, i) => {
          const f = faults[i]!;
          if (ch.platform === "discord") {
            api.scriptDiscord(ch.id, ...f.posts.map((n) => DISCORD_FAULTS[n % DISCORD_FAULTS.length]!));
            api.scriptCrosspost(ch.id, ...f.crossposts.map((n) => CROSSPOST_FAULTS[n % CROSSPOST_FAULTS.length]!));
          } else {
            api.scriptSlack(ch.id, ...f.posts.map((n) => SLACK_FAULTS[n % SLACK_FAULTS.length]!));
            api.scriptSlackHistory(ch.id, ...f.history.map((n) => HISTORY_FAULTS[n % HISTORY_FAULTS.length]!));
          }
        });
        const published = ITEMS.slice(0, items).map((id) => ({
          ...template,
          id,
          title: { ...template.title, en: `News ${id}` },
        }));
        for (const item of published) await publishNews(env, item, subscribedAt + 1000);

        const waiting: QueueJob[] = [];
        const history: QueueJob[] = [];
        const take = () => {
          const jobs = [...queue.sent, ...queue.plans, ...queue.amends].map((m) => m.body);
          waiting.push(...jobs);
          history.push(...jobs);
          queue.sent.length = 0;
          queue.plans.length = 0;
          queue.amends.length = 0;
        };
        /** Runs the jobs; those retried wait again. Returns the longest delay asked for, in seconds. */
        const deliver = async (jobs: QueueJob[], crash: D1Fault | null = null) => {
          if (!jobs.length) return 0;
          const result = await runQueue(
            crash ? ({ ...testEnv, DB: faultyDb(crash) } as typeof env) : testEnv,
            jobs,
            1 + (jobs.length % 3),
          );
          waiting.push(...result.retried.map((r) => r.job));
          return Math.max(0, ...result.retried.map((r) => r.delaySeconds ?? 0));
        };

        for (const s of steps) {
          take();
          switch (s.kind) {
            case "cron":
              await (s.overlap ? Promise.all([planDeliveries(testEnv), planDeliveries(testEnv)]) : planDeliveries(testEnv));
              break;
            case "deliver": {
              const batch = waiting.splice(0, s.count);
              await deliver(s.duplicate ? [...batch, ...batch.slice(0, 1)] : batch, s.crash);
              break;
            }
            case "late":
              await deliver(history.slice(0, 3));
              break;
            case "time":
              await timePasses(api);
              break;
            case "stale-content":
              await seedContent(bundle);
              break;
            case "withdraw": {
              const item = published[s.item];
              if (!item || withdrawn.has(newsKey(item.id))) break;
              withdrawn.set(newsKey(item.id), { discord: api.discord.length, slack: api.slack.length });
              await withdrawNews(env, item.id, "reported in error");
              break;
            }
            case "new-tokens":
              rotations++;
              testEnv = deployed();
              break;
            case "chatter": {
              // People talk: more than one history check reads, so a look reads on where it stopped.
              const ch = CHANNELS[s.channel]!;
              if (ch.platform === "discord") api.discordChatter(ch.id, LOOKUP_PAGE * LOOKUP_PAGES_MAX + 10);
              else api.slackChatter(ch.id, 20);
              break;
            }
            case "toggle": {
              const ch = CHANNELS[s.channel]!;
              const sub = await store.subscription(ch.platform, ch.id);
              if (!sub) break;
              toggled.add(ch.id);
              // Turned off, or stopped as the platform stops it (the bot removed from the channel).
              if (sub.active && s.stop) await store.stopChannel(ch.platform, "w", ch.id, REMOVED_FROM_CHANNEL, Date.now());
              else if (sub.active) await store.unsubscribe(ch.platform, ch.id, "turned off by test", Date.now());
              else {
                // Every item was published before: from now on nothing more is posted there.
                if (!onAgain.has(ch.id)) onAgain.set(ch.id, { discord: api.discord.length, slack: api.slack.length });
                await store.subscribe({
                  platform: ch.platform,
                  workspaceId: "w",
                  channelId: ch.id,
                  locale: "en",
                  now: Date.now(),
                });
              }
              break;
            }
          }
        }

        // Faults end; a token refused meanwhile is replaced; time passes; the pipeline runs until it settles.
        rotations++;
        testEnv = deployed();
        vi.restoreAllMocks();
        const calm = new MockApis();
        calm.discord = api.discord;
        calm.slack = api.slack;
        calm.joined = api.joined;
        calm.clockOffset = api.clockOffset;
        calm.announcementChannels = api.announcementChannels;
        calm.crossposts = api.crossposts;
        calm.discordOthers = api.discordOthers;
        calm.install();
        for (let round = 0; round < 12; round++) {
          take();
          await timePasses(calm);
          await planDeliveries(testEnv);
          take();
          while (waiting.length) {
            const batch = waiting.splice(0, 10);
            // A retried job comes back once its delay has passed, for the APIs too (Slack's minute between history checks).
            calm.clockOffset += (await deliver(batch)) * 1000;
            take();
          }
          const pending = await env.DB.prepare(
            "SELECT COUNT(*) AS n FROM deliveries WHERE state IN ('queued', 'claimed')",
          ).first<{
            n: number;
          }>();
          const planning = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE planned_through IS NOT NULL").first<{
            n: number;
          }>();
          const amending = await env.DB.prepare(
            "SELECT (SELECT COUNT(*) FROM messages WHERE amending = 1) + (SELECT COUNT(*) FROM deliveries WHERE amend_state = 'queued') AS n",
          ).first<{ n: number }>();
          if (!pending?.n && !planning?.n && !amending?.n) break;
        }

        const rows = await env.DB.prepare(
          `SELECT d.message_key, d.state, d.error, d.amend_state, d.amend_error, s.platform, s.channel_id
           FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id`,
        ).all<{
          message_key: string;
          state: string;
          error: string | null;
          amend_state: string | null;
          amend_error: string | null;
          platform: PlatformName;
          channel_id: string;
        }>();
        /** The posts of an item in a channel, or only those made after it was withdrawn, or after alerts were on again there. */
        const posts = async (platform: PlatformName, channel: string, key: string, after?: "withdrawal" | "on again") => {
          const since =
            after === "withdrawal" ? withdrawn.get(key) : after === "on again" ? onAgain.get(channel) : { [platform]: 0 };
          const from = since?.[platform] ?? Number.POSITIVE_INFINITY;
          if (platform === "slack")
            return calm.slack
              .slice(from)
              .filter(
                (m) =>
                  m.channel === channel && (m.body.metadata as { event_payload?: { key?: string } })?.event_payload?.key === key,
              ).length;
          const nonce = await deliveryNonce(key, channel);
          return calm.discord.slice(from).filter((m) => m.channelId === channel && m.body.nonce === nonce).length;
        };
        for (const item of published) {
          const key = newsKey(item.id);
          for (const c of channels) {
            const ch = CHANNELS[c]!;
            const n = await posts(ch.platform, ch.id, key);
            const row = rows.results.find((r) => r.message_key === key && r.channel_id === ch.id);
            // Nothing twice.
            expect(n, `${key} in ${ch.id}`).toBeLessThanOrEqual(1);
            // Alerts on again get what is published from then on: nothing of before, in flight or held back.
            expect(await posts(ch.platform, ch.id, key, "on again"), `${key} in ${ch.id} once alerts were on again`).toBe(0);
            // A post that landed is recorded, alerts turned off meanwhile or not: a withdrawal finds it to edit.
            // Only a channel found gone since (where no edit could reach the post) ends it otherwise.
            if (n === 1 && !(row?.state === "dropped" && GONE.test(row.error ?? "")))
              expect(row?.state, `${key} in ${ch.id} posted (${row?.error})`).toBe("sent");
            // A sent row matches exactly one post; every other end has a reason; nothing pending.
            if (row?.state === "sent") {
              expect(n, `${key} in ${ch.id} is sent`).toBe(1);
              // In the announcement channel a post counts as sent only once it was published to followers
              // (a withdrawn item's no longer is).
              if (ch.id === ANNOUNCEMENTS && !withdrawn.has(key)) {
                const nonce = await deliveryNonce(key, ch.id);
                const post = calm.discordIn(ch.id).find((m) => m.body.nonce === nonce);
                expect(post?.flags, `${key} in ${ch.id} is crossposted`).toBe(1);
              }
            } else if (row) {
              expect(["dropped", "failed"], `${key} in ${ch.id}`).toContain(row.state);
              expect(row.error).toBeTruthy();
            }
            if (withdrawn.has(key)) {
              // A withdrawn item posts nowhere after its withdrawal; what it posted before ends edited.
              expect(await posts(ch.platform, ch.id, key, "withdrawal"), `${key} in ${ch.id} after its withdrawal`).toBe(0);
              if (row?.state === "sent") expect(row.amend_state, `${key} in ${ch.id} edited (${row.amend_error})`).toBe("done");
              continue;
            }
            // A subscription that stayed on got every item; one stopped for its channel gone has its reason.
            const sub = await store.subscription(ch.platform, ch.id);
            if (!toggled.has(ch.id) && sub?.active) expect(row?.state, `${key} in ${ch.id} (${row?.error})`).toBe("sent");
            if (!toggled.has(ch.id) && !sub?.active) expect(sub?.disabledReason, `${ch.id} stopped`).toMatch(GONE);
          }
        }
      }),
      { ...params, examples: EXAMPLES },
    );
  }, 600_000);
});
