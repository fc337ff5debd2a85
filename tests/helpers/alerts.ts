// Drives the alert pipeline as Cloudflare would: cron -> planner -> queue batches -> consumer.
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  evictAllDurableObjects,
  getQueueResult,
  listDurableObjectIds,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, expect } from "vitest";
import type { NewsItem } from "../../src/content/schema";
import {
  type AmendJob,
  type DeliveryJob,
  isAmendJob,
  isDeliveryJob,
  type QueueJob,
  type RedrawJob,
  type WakeJob,
} from "../../src/delivery/jobs";
import { MISSED_SLOT } from "../../src/delivery/policy";
import { DeliveryStore } from "../../src/delivery/store";
import { NONCE_TRUST_MS } from "../../src/discord/api";
import worker from "../../src/index";
import type { Pacer } from "../../src/pacing/pacer";
import { newsKey, publishNews, withdrawNews } from "../../src/topics/renewal";
import { realBundle, seedContent } from "./content";
import { DISCORD_PUBLIC_KEY, send, slash, str } from "./discord";
import { limitsAhead, MockApis } from "./mock-api";
import { SLACK_SIGNING_SECRET, sendSlash } from "./slack";
import { installWithAlerts, oauthEnv, quietOAuthWorld, type Workspace } from "./slack-oauth";

export const store = () => new DeliveryStore(env.DB);

/**
 * The shared pacer forgets what the platforms said (a 429's Retry-After, a 401): as when the wait it
 * asked for has passed. Every test starts so (tests/setup.ts).
 */
export async function pacerForgets(): Promise<void> {
  for (const id of await listDurableObjectIds(env.PACER))
    await runInDurableObject(env.PACER.get(id), (_pacer, state) => state.storage.deleteAll());
  await evictAllDurableObjects();
}

/** The ledger of one news item. */
export const ledger = (newsId: string) => store().deliveries(newsKey(newsId));

/** Every attempt so far at an item lies further back than Discord keeps a nonce: only a look can tell. */
export const nonceForgotten = (newsId: string) =>
  env.DB.prepare("UPDATE deliveries SET first_attempt_at = first_attempt_at - ?1 WHERE message_key = ?2")
    .bind(NONCE_TRUST_MS + 60_000, newsKey(newsId))
    .run();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A queue binding that keeps what is sent, so a test decides when and how often it is delivered. */
export function recordingQueue() {
  const sent: { body: DeliveryJob; delaySeconds?: number }[] = [];
  /** Plan jobs (the next chunk of a message's deliveries), kept apart from deliveries. */
  const plans: { body: QueueJob }[] = [];
  /** Amend jobs (edits of a withdrawn message's posts), kept apart too. */
  const amends: { body: AmendJob; delaySeconds?: number }[] = [];
  /** Wake jobs (a workspace's parked deliveries made due again), kept apart too. */
  const wakes: { body: WakeJob; delaySeconds?: number }[] = [];
  /** Redraw jobs (review cards a decision left behind), kept apart too. */
  const redraws: { body: RedrawJob }[] = [];
  const keep = (body: QueueJob, delaySeconds?: number) => {
    if (body.kind === "plan") plans.push({ body });
    else if (body.kind === "redraw") redraws.push({ body });
    else if (body.kind === "amend") amends.push({ body, delaySeconds });
    else if (body.kind === "wake") wakes.push({ body, delaySeconds });
    else sent.push({ body, delaySeconds });
  };
  const queue = {
    sent,
    plans,
    amends,
    wakes,
    redraws,
    async send(body: QueueJob, options?: { delaySeconds?: number }) {
      keep(body, options?.delaySeconds);
    },
    async sendBatch(messages: Iterable<{ body: QueueJob; delaySeconds?: number }>) {
      for (const m of messages) keep(m.body, m.delaySeconds);
    },
  };
  return queue;
}

export type RecordingQueue = ReturnType<typeof recordingQueue>;

export const alertEnv = (queue: RecordingQueue, extra: Record<string, unknown> = {}) =>
  ({ ...env, DISCORD_PUBLIC_KEY, SLACK_SIGNING_SECRET, ANNOUNCEMENTS: queue, ...extra }) as unknown as typeof env;

/**
 * A delivery test's world, fresh for each test: the content seeded, the platforms' APIs mocked (the
 * announcement channels given are of that type), the queue recorded, and the env the Worker runs with.
 */
export async function deliveryWorld({ env: extra = {}, announcementChannels = [] as string[] } = {}) {
  await seedContent();
  const api = new MockApis().install();
  for (const channel of announcementChannels) api.announcementChannels.add(channel);
  const queue = recordingQueue();
  return { api, queue, testEnv: alertEnv(queue, extra) };
}

/**
 * A delivery world on Slack OAuth: the mocks (the Worker's logs kept out of the test's output), the app
 * installed in each workspace with alerts on in its channels, and an env whose queue records.
 */
export async function oauthAlertsWorld(channels: ReadonlyMap<Workspace, readonly string[]>) {
  const { apis, slack } = quietOAuthWorld();
  await seedContent();
  const queue = recordingQueue();
  const testEnv = alertEnv(queue, oauthEnv());
  for (const [workspace, its] of channels) await installWithAlerts(slack, workspace, its);
  return { apis, slack, queue, testEnv };
}

/**
 * A delivery world made afresh before each test of the file (see deliveryWorld): call at the top of the
 * file, and read `api`, `queue` and `testEnv` inside the tests.
 */
export function deliveryWorldEach(options?: Parameters<typeof deliveryWorld>[0]) {
  const world = {} as Awaited<ReturnType<typeof deliveryWorld>>;
  beforeEach(async () => {
    Object.assign(world, await deliveryWorld(options));
  });
  return world;
}

export async function runCron(testEnv: typeof env) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "* * * * *" }), testEnv, ctx);
  await waitOnExecutionContext(ctx);
}

let messageSeq = 0;
/** The longest retry delay the last batch asked for: the next batch comes that much later, for the pacers too. */
let owedMs = 0;

/** Every test starts with pacers that know nothing (a global 429 of an earlier test blocks for seconds). */
export async function resetPacers() {
  owedMs = 0;
  await pacerForgets();
}

/**
 * Moves every pacer's clock `ms` ahead, as the queue's delay before a retried message comes back would,
 * and the platforms' per-route limits with them: what the pacer takes for past, the platform does too.
 */
export async function pacersAhead(ms: number) {
  if (ms <= 0) return;
  limitsAhead(ms);
  for (const id of await listDurableObjectIds(env.PACER))
    await runInDurableObject(env.PACER.get(id), (pacer: Pacer) => {
      const offset = pacer.clock() - Date.now() + ms;
      pacer.clock = () => Date.now() + offset;
    });
}

/**
 * Delivers jobs as one queue batch and returns what the consumer acked and retried.
 *
 * A delivery or edit that left too late after its pacing slot (a loaded machine's stalled timer) is given
 * back unsent, and the queue brings it again a second later: so does this, at once and as the same attempt
 * so that a test sees what one delivery does whatever the machine's load. Tests of that lateness itself
 * pass `{ late: "given back" }` to see it as the consumer left it.
 */
export async function runQueue(
  testEnv: typeof env,
  jobs: QueueJob[],
  attempts = 1,
  queueName = "trauma-code-announcements",
  { late = "brought again" }: { late?: "brought again" | "given back" } = {},
): Promise<QueueRun> {
  const before = late === "brought again" ? await ledgerRows(jobs) : new Map<string, LedgerRow | null>();
  let { acked, retried } = await runQueueOnce(testEnv, jobs, attempts, queueName);
  for (let again = 1; late === "brought again" && again <= LATE_AGAIN_MAX; again++) {
    const missed = await missedSlot(
      retried.map((r) => r.job),
      before,
    );
    if (!missed.length) break;
    const kept = retried.filter((r) => !missed.includes(r.job));
    // At once: the pacers' clocks stay where the missed slot left them, with the platforms' mocks.
    owedMs = 0;
    for (const [id, row] of await ledgerRows(missed)) before.set(id, row);
    const next = await runQueueOnce(testEnv, missed, attempts, queueName);
    acked += next.acked;
    retried = [...kept, ...next.retried];
    owedMs = Math.max(0, ...retried.map((r) => (r.delaySeconds ?? 0) * 1000));
  }
  return { acked, retried };
}

/** How often a delivery or edit that missed its slot is brought again within one runQueue. */
const LATE_AGAIN_MAX = 5;

interface QueueRun {
  acked: number;
  retried: { job: DeliveryJob; delaySeconds: number | undefined }[];
}

/** A delivery's or an edit's row as the run left it: its state, why, and when that was written. */
interface LedgerRow {
  state: string | null;
  error: string | null;
  written: number | null;
}

/** A job's ledger row, as one string: a batch hands the consumer copies of the jobs it was given. */
const ledgerId = (job: AmendJob | DeliveryJob) => `${isAmendJob(job) ? "edit" : "delivery"}|${job.message}|${job.subscriptionId}`;

/** The ledger rows of the deliveries and edits among `jobs`, by ledgerId. */
async function ledgerRows(jobs: QueueJob[]): Promise<Map<string, LedgerRow | null>> {
  const rows = new Map<string, LedgerRow | null>();
  for (const job of jobs) {
    const edit = isAmendJob(job);
    if (!edit && !isDeliveryJob(job)) continue;
    const row = await env.DB.prepare(
      edit
        ? "SELECT amend_state AS state, amend_error AS error, amend_queued_at AS written FROM deliveries WHERE message_key = ?1 AND subscription_id = ?2"
        : "SELECT state, error, due_at AS written FROM deliveries WHERE message_key = ?1 AND subscription_id = ?2",
    )
      .bind(job.message, job.subscriptionId)
      .first<LedgerRow>();
    rows.set(ledgerId(job), row);
  }
  return rows;
}

/** The deliveries and edits among `jobs` this run gave back unsent for missing their pacing slot. */
async function missedSlot(jobs: QueueJob[], before: Map<string, LedgerRow | null>): Promise<QueueJob[]> {
  const after = await ledgerRows(jobs);
  return jobs.filter((job) => {
    if (!isAmendJob(job) && !isDeliveryJob(job)) return false;
    const [was, row] = [before.get(ledgerId(job)), after.get(ledgerId(job))];
    const written = was?.written !== row?.written || was?.error !== row?.error;
    return row?.state === "queued" && row.error === MISSED_SLOT && written;
  });
}

async function runQueueOnce(testEnv: typeof env, jobs: QueueJob[], attempts: number, queueName: string): Promise<QueueRun> {
  await pacersAhead(owedMs);
  owedMs = 0;
  const batch = createMessageBatch<QueueJob>(
    queueName,
    jobs.map((body) => ({ id: `m${++messageSeq}`, timestamp: new Date(), attempts, body })),
  );
  // getQueueResult reports which messages were retried but not their delay: record it on the way.
  const delays = new Map<string, number | undefined>();
  const originals = batch.messages;
  const messages = originals.map((m) => ({
    id: m.id,
    timestamp: m.timestamp,
    body: m.body,
    attempts: m.attempts,
    ack: () => m.ack(),
    retry: (options?: QueueRetryOptions) => {
      delays.set(m.id, options?.delaySeconds);
      m.retry(options);
    },
  }));
  const observed = {
    queue: batch.queue,
    messages,
    ackAll: () => batch.ackAll(),
    retryAll: (o?: QueueRetryOptions) => batch.retryAll(o),
  };
  const ctx = createExecutionContext();
  await worker.queue(observed as unknown as MessageBatch<QueueJob>, testEnv, ctx);
  await waitOnExecutionContext(ctx);
  const result = await getQueueResult(batch, ctx);
  owedMs = Math.max(0, ...result.retryMessages.map((r) => (delays.get(r.msgId) ?? 0) * 1000));
  const ids = batch.messages.map((m) => m.id);
  return {
    acked: ids.filter((id) => result.explicitAcks.includes(id)).length,
    retried: result.retryMessages.map((r) => ({
      job: batch.messages.find((m) => m.id === r.msgId)?.body as DeliveryJob,
      delaySeconds: delays.get(r.msgId),
    })),
  };
}

/**
 * Runs jobs as the queue would: a batch, then what it retried, again, until nothing is retried (at most
 * `rounds` batches). A consumer that gives a job back for a pacing slot it missed (a slow machine) gets
 * it again, as Cloudflare Queues redelivers it.
 */
export async function runQueueUntilDone(testEnv: typeof env, jobs: QueueJob[], rounds = 5) {
  let next = jobs;
  for (let round = 1; round <= rounds && next.length; round++)
    next = (await runQueue(testEnv, next, round)).retried.map((r) => r.job);
  return next;
}

/** Publishes a new item the way the seed does: in the content bundle and in D1 (what delivery and /renewal read). */
export async function publish(id = "netflix-confirms-season-2", { now = Date.now() } = {}): Promise<NewsItem> {
  const bundle = await realBundle();
  const item: NewsItem = {
    id,
    date: "2026-11-20",
    label: "official",
    title: { en: `Test news ${id}`, ko: `테스트 소식 ${id}`, id: `Kabar uji ${id}`, tl: `Balitang pansubok ${id}` },
    summary: { en: "Summary.", ko: "요약.", id: "Ringkasan.", tl: "Buod." },
    url: "https://example.org/news",
    sources: ["https://example.org/news"],
  };
  await seedContent({ ...bundle, version: `with-${id}`, news: [...bundle.news, item] });
  await publishNews(env, item, now);
  return item;
}

/** An item published now to the channels already subscribed, planned and delivered: one cron tick, one queue run. */
export async function deliverNew(testEnv: typeof env, queue: RecordingQueue, id?: string): Promise<NewsItem> {
  await sleep(3);
  const item = await publish(id);
  await runCron(testEnv);
  await runQueueUntilDone(
    testEnv,
    queue.sent.splice(0).map((m) => m.body),
  );
  return item;
}

/**
 * Turns alerts on in the channels, publishes one new item (`id`) and runs the cron: the item and the
 * delivery jobs the cron queued, taken off `queue`, not yet run.
 */
export async function publishTo(
  testEnv: typeof env,
  queue: RecordingQueue,
  discord: string[],
  slack: string[] = [],
  id?: string,
): Promise<{ item: NewsItem; jobs: DeliveryJob[] }> {
  for (const c of discord) await discordAlerts("on", c);
  for (const c of slack) await slackAlerts("alerts on", c);
  await sleep(3);
  const item = await publish(id);
  await runCron(testEnv);
  const jobs = queue.sent.map((m) => m.body);
  queue.sent.length = 0;
  return { item, jobs };
}

/** The amend jobs the planner has queued since the last look (taken off the recording queue). */
export const queuedEdits = (queue: RecordingQueue): AmendJob[] => queue.amends.splice(0).map((m) => m.body as AmendJob);

/**
 * A new item delivered to the channels, then withdrawn, and the cron run: the item and the amend jobs
 * that edit its posts, one per channel.
 */
export async function deliverThenWithdraw(
  testEnv: typeof env,
  queue: RecordingQueue,
  discord: string[],
  slack: string[] = [],
): Promise<{ item: NewsItem; edits: AmendJob[] }> {
  const { item, jobs } = await publishTo(testEnv, queue, discord, slack);
  await runQueueUntilDone(testEnv, jobs);
  expect(await withdrawNews(testEnv, item.id, "reported in error")).toBe(true);
  await runCron(testEnv);
  const edits = queuedEdits(queue);
  expect(edits).toHaveLength(discord.length + slack.length);
  return { item, edits };
}

export const ADMIN = "8";
export const MANAGE_CHANNELS = String(1 << 4);

/** `/renewal alerts:<action>` in a Discord guild channel, `language:<language>` when given. */
export async function discordAlerts(action: string, channelId: string, extra: Record<string, unknown> = {}, language?: string) {
  const options = language ? [str("alerts", action), str("language", language)] : [str("alerts", action)];
  const response = await send(
    slash("renewal", options, {
      channel_id: channelId,
      member: { user: { id: "501", username: "mod" }, permissions: ADMIN },
      ...extra,
    }),
  );
  return (await response.json()) as { type: number; data: { content?: string; flags?: number } };
}

export async function slackAlerts(text: string, channel: string) {
  const { slashBody, sendSlackRaw } = await import("./slack");
  const response = await sendSlackRaw(slashBody("/renewal", text, { channel_id: channel, user_name: "minji" }));
  return (await response.json()) as { response_type: string; text: string };
}

export { sendSlash };

/** D1 as the Worker sees it, except that the batch writing a delivery batch's outcomes fails: the worker died after posting. */
export function crashingDb() {
  let batches = 0;
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "batch")
        return (statements: D1PreparedStatement[]) => {
          batches++;
          // The consumer's first batch loads; its second settles what it posted.
          if (batches === 2) return Promise.reject(new Error("worker crashed before confirming"));
          return target.batch(statements);
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** What /health says, as an operator reads it. */
export async function health(testEnv: typeof env) {
  const response = await worker.fetch(new Request("https://bot.test/health"), testEnv, createExecutionContext());
  const said = (await response.json()) as {
    status: string;
    alerts: Record<string, { delivering: boolean; pausedUntil?: string; error?: string }>;
  };
  // An uptime check reads the status code alone: it says the same.
  expect(response.status, `HTTP status of /health when ${said.status}`).toBe(said.status === "ok" ? 200 : 503);
  return said;
}
