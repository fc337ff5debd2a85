// The fan-out benchmark: renewal news delivered through `wrangler dev` (real local D1, queue, cron and
// pacer Durable Object) to a mock Discord that enforces 50 requests a second per token. Only the
// Worker's public behaviour is used: subscription rows in D1, news published in the content bundle and D1 as
// `npm run seed` writes it, the cron trigger. Counts per invocation come from bench/instrumented.ts
// (fetches, pacer calls, D1 queries, and rows read as D1's own meta reports them).
//
// 10,000 subscriptions are delivered in full. 100,000 at 50 a second take over 33 minutes, so by
// default they get the planning tick, an idle tick and a steady-state delivery window; --full delivers
// all of them. --quick does 1,000 in full and the idle tick at 1,000.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT } from "../src/cli/project";
import { projectConfig, withAbsolutePaths } from "../src/cli/split";
import type { ContentBundle } from "../src/content/bundle";
import { CONTENT_BUNDLE_KEY } from "../src/content/keys";
import { importNewsSql } from "../src/topics/renewal";
import { SHARD_BINDING_PREFIX } from "./instrumented-shards";
import { contentBundle, table } from "./lib";
import { MOCK_GLOBAL_PER_SECOND, MOCK_LATENCY_MS, type MockDiscord, startMockDiscord } from "./mock-discord";

const OUT = join(ROOT, "bench", ".build");
const STATE = join(OUT, "fanout-state");
const PORT = 8798;
const BASE = `http://127.0.0.1:${PORT}`;
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");
/** Items already published when the idle tick runs. */
const PUBLISHED_ITEMS = 50;
const TICK_TIMEOUT_MS = 10 * 60_000;
/** The issue's target: 90 % of the 3,000 a minute Discord's global limit allows. */
export const TARGET_PER_MINUTE = 2_700;
/** The free plan's limit on subrequests plus D1 queries per invocation. */
export const FREE_PLAN_REQUESTS = 50;
/** D1's Free plan: rows written a day, every table and index together. */
export const FREE_PLAN_ROWS_WRITTEN_A_DAY = 100_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 0) =>
  Number.isNaN(n)
    ? `unfinished after ${TICK_TIMEOUT_MS / 60_000} min`
    : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface Invocation {
  kind: "cron" | "queue";
  messages?: number;
  fetches: number;
  pacerCalls: number;
  queueSends: number;
  d1Queries: number;
  d1RoundTrips: number;
  rowsRead: number;
  rowsWritten: number;
  requests: number;
  ms: number;
}

export interface DeliveryFigures {
  subscriptions: number;
  /** Whole run, or the steady-state window only. */
  scope: "full" | "window";
  seconds: number;
  delivered: number;
  perMinute: number;
  exactlyOnce: boolean;
  duplicates: number;
  globalLimited: number;
  routeLimited: number;
  busiestSecond: number;
  queueInvocations: number;
  mostRequests: number;
  mostFetches: number;
  mostPacerCalls: number;
  mostD1Queries: number;
  /** D1 rows written (planning and delivery, indexes included) per channel delivered to. */
  rowsWrittenPerDelivery: number;
}

export interface TickFigures {
  subscriptions: number;
  items: number;
  d1Queries: number;
  rowsRead: number;
  rowsWritten: number;
  requests: number;
  ms: number;
}

/** The pacer on its own: many concurrent senders through the real pacer object against the mock. */
export interface PacerFigures {
  senders: number;
  seconds: number;
  sent: number;
  perMinute: number;
  globalLimited: number;
  busiestSecond: number;
}

export interface FanoutResults {
  pacer?: PacerFigures;
  deliveries: DeliveryFigures[];
  idle: TickFigures[];
  planning: TickFigures[];
}

/**
 * Miniflare hands a queue's consumer one batch at a time; Cloudflare runs up to 250 consumer
 * invocations of a queue at once. So the bench's config adds QUEUE_SHARDS - 1 queues beside the real
 * one, each with the same consumer settings, and bench/instrumented.ts spreads what the Worker sends
 * over them: up to QUEUE_SHARDS batches of the production size run at once, all through the one handler.
 */
export const QUEUE_SHARDS = 8;

/** The project's wrangler config with bench/instrumented.ts as entry and the extra queues. */
function fanoutConfig(): string {
  const config = projectConfig();
  const dir = join(OUT, "fanout-config");
  mkdirSync(dir, { recursive: true });
  const queues = config.queues as { producers: { binding: string; queue: string }[]; consumers: Record<string, unknown>[] };
  const main = queues.producers.find((p) => p.binding === "ANNOUNCEMENTS");
  const consumer = queues.consumers.find((c) => c.queue === main?.queue);
  if (!main || !consumer) throw new Error("wrangler.toml has no ANNOUNCEMENTS queue and consumer");
  const shards = Array.from({ length: QUEUE_SHARDS - 1 }, (_, i) => ({
    binding: `${SHARD_BINDING_PREFIX}${i + 1}`,
    queue: `${main.queue}-shard-${i + 1}`,
  }));
  const file = join(dir, "wrangler.json");
  writeFileSync(
    file,
    JSON.stringify(
      {
        ...withAbsolutePaths(config),
        main: resolve(ROOT, "bench/instrumented.ts"),
        queues: {
          producers: [...queues.producers, ...shards.map(({ binding, queue }) => ({ binding, queue }))],
          consumers: [...queues.consumers, ...shards.map(({ queue }) => ({ ...consumer, queue }))],
        },
      },
      null,
      2,
    ),
  );
  return file;
}

function wrangler(args: string[]) {
  return execFileSync(WRANGLER, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
}

class Dev {
  private child?: ChildProcess;
  private lines: string[] = [];

  async start(mock: MockDiscord) {
    this.child = spawn(
      WRANGLER,
      [
        "dev",
        "--config",
        fanoutConfig(),
        "--port",
        String(PORT),
        "--ip",
        "127.0.0.1",
        "--persist-to",
        STATE,
        "--var",
        `DISCORD_API_BASE:http://127.0.0.1:${mock.port}/api/v10`,
        "--var",
        "DISCORD_BOT_TOKEN:bench-token",
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } },
    );
    let partial = "";
    const collect = (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split("\n");
      partial = parts.pop() ?? "";
      this.lines.push(...parts);
    };
    this.child.stdout?.on("data", collect);
    this.child.stderr?.on("data", collect);
    for (let i = 0; i < 120; i++) {
      await sleep(500);
      if (
        await fetch(`${BASE}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
    }
    this.stop();
    throw new Error(`wrangler dev did not start:\n${this.lines.slice(-20).join("\n")}`);
  }

  stop() {
    this.child?.kill("SIGINT");
    this.child = undefined;
  }

  /** Invocation records logged since `from` (a position in the log). */
  invocations(from = 0): Invocation[] {
    return this.lines.slice(from).flatMap((line) => {
      const at = line.indexOf('{"event":"bench.invocation"');
      if (at < 0) return [];
      try {
        return [JSON.parse(line.slice(at)) as Invocation];
      } catch {
        return [];
      }
    });
  }

  get position() {
    return this.lines.length;
  }

  save(name: string) {
    writeFileSync(join(OUT, name), this.lines.join("\n"));
    this.lines = [];
  }

  /**
   * Fires the cron trigger and waits for that tick's record. A tick that outlasts the HTTP request (or
   * 10 minutes) still counts: it is reported as unfinished rather than stopping the benchmark.
   */
  async tick(): Promise<Invocation & { finished: boolean }> {
    const from = this.position;
    const started = Date.now();
    await fetch(`${BASE}/cdn-cgi/local/scheduled`).then(
      (r) => r.arrayBuffer(),
      () => undefined,
    );
    while (Date.now() - started < TICK_TIMEOUT_MS) {
      const cron = this.invocations(from).find((r) => r.kind === "cron");
      if (cron) return { ...cron, finished: true };
      if (!this.child || this.child.exitCode !== null) break;
      await sleep(200);
    }
    const nan = Number.NaN;
    return {
      kind: "cron",
      fetches: nan,
      pacerCalls: nan,
      queueSends: nan,
      d1Queries: nan,
      d1RoundTrips: nan,
      rowsRead: nan,
      rowsWritten: nan,
      requests: nan,
      ms: Date.now() - started,
      finished: false,
    };
  }
}

/** A news item in the bundle, as `npm run seed` would write it after data/news.json gained one. */
function withItems(content: ContentBundle, count: number, extra: string[] = []): ContentBundle {
  const model = content.news[0];
  if (!model) throw new Error("data/news.json has no item to model bench items on");
  const news = [...content.news];
  for (let i = news.length; i < count; i++) news.push({ ...model, id: `bench-old-${i}`, date: "2025-06-01" });
  for (const id of extra) news.push({ ...model, id, date: "2026-11-20" });
  return { ...content, news };
}

/**
 * Publishes as `npm run seed` does: the bundle in KV, each item frozen in D1 (idempotent for items already
 * there). `history`: the items were published and planned long ago, as in a deployment that has run for
 * a while, so the idle tick measured next finds nothing left to plan (their planning is what a tick does
 * in the minutes after they are published, not when nothing is new).
 */
function publish(bundle: ContentBundle, { history = false } = {}) {
  const file = join(OUT, "fanout-bundle.json");
  writeFileSync(file, JSON.stringify(bundle));
  wrangler(["kv", "key", "put", CONTENT_BUNDLE_KEY, "--binding", "CONTENT", "--local", "--persist-to", STATE, "--path", file]);
  const sql = join(OUT, "fanout-news.sql");
  const planned = history ? "\nUPDATE messages SET planned_through = NULL;" : "";
  writeFileSync(sql, importNewsSql(bundle.news, Date.now()) + planned);
  wrangler(["d1", "execute", "DB", "--local", "--persist-to", STATE, "--file", sql]);
}

/** Replaces every subscription with `count` Discord channels subscribed now (after the items seen so far). */
function subscribe(count: number, prefix: string) {
  const now = Date.now();
  const lines = ["DELETE FROM deliveries;", "DELETE FROM subscriptions;"];
  for (let i = 0; i < count; i += 1000) {
    const rows = Array.from(
      { length: Math.min(1000, count - i) },
      (_, j) => `('discord', 'bench-guild', '${prefix}-${i + j}', 'en', ${now})`,
    );
    lines.push(
      `INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at) VALUES ${rows.join(", ")};`,
    );
  }
  const file = join(OUT, "fanout-subscriptions.sql");
  writeFileSync(file, lines.join("\n"));
  wrangler(["d1", "execute", "DB", "--local", "--persist-to", STATE, "--file", file]);
}

const tickFigures = (subscriptions: number, items: number, r: Invocation): TickFigures => ({
  subscriptions,
  items,
  d1Queries: r.d1Queries,
  rowsRead: r.rowsRead,
  rowsWritten: r.rowsWritten,
  requests: r.requests,
  ms: r.ms,
});

/** The most timestamps within any one second. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[j] as number) <= (sorted[i] as number) - 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

function deliveryFigures(
  subscriptions: number,
  scope: DeliveryFigures["scope"],
  mock: MockDiscord,
  invocations: Invocation[],
  windowMs?: number,
): DeliveryFigures {
  const counts = [...mock.messages.values()];
  const queue = invocations.filter((r) => r.kind === "queue");
  const most = (f: (r: Invocation) => number) => Math.max(0, ...queue.map(f));
  const delivered = mock.messages.size;
  const ms = windowMs ?? Math.max(1, mock.lastAt - mock.firstAt);
  return {
    subscriptions,
    scope,
    seconds: Math.round(ms / 100) / 10,
    delivered,
    perMinute: Math.round((delivered / ms) * 60_000),
    exactlyOnce: delivered === subscriptions && counts.every((n) => n === 1),
    duplicates: counts.reduce((sum, n) => sum + n - 1, 0),
    globalLimited: mock.globalLimited,
    routeLimited: mock.routeLimited,
    busiestSecond: busiestSecond(mock.arrivals),
    queueInvocations: queue.length,
    mostRequests: most((r) => r.requests),
    mostFetches: most((r) => r.fetches),
    mostPacerCalls: most((r) => r.pacerCalls),
    mostD1Queries: most((r) => r.d1Queries),
    rowsWrittenPerDelivery: invocations.reduce((sum, r) => sum + r.rowsWritten, 0) / Math.max(1, delivered),
  };
}

/**
 * Senders that each reserve 10 slots and post at them, over and over, all at once: what the pacer
 * alone allows, whatever the delivery pipeline around it costs.
 */
async function pacerAlone(mock: MockDiscord, { senders = 25, seconds = 30 } = {}): Promise<PacerFigures> {
  mock.reset();
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (Date.now() < until) {
        const ok = await fetch(`${BASE}/__bench/paced-send?count=10`).then(
          (r) => r.arrayBuffer().then(() => r.ok),
          () => false,
        );
        if (!ok) await sleep(100);
      }
    }),
  );
  const ms = Math.max(1, mock.lastAt - mock.firstAt);
  return {
    senders,
    seconds: Math.round(ms / 100) / 10,
    sent: mock.messages.size,
    perMinute: Math.round((mock.messages.size / ms) * 60_000),
    globalLimited: mock.globalLimited,
    busiestSecond: busiestSecond(mock.arrivals),
  };
}

/** Publishes a new item to `subscriptions` channels and measures its delivery: in full, or for a window. */
async function deliver(
  dev: Dev,
  mock: MockDiscord,
  content: ContentBundle,
  subscriptions: number,
  { windowMs, log }: { windowMs?: number; log: (m: string) => void },
) {
  const prefix = `bench-${subscriptions}`;
  subscribe(subscriptions, prefix);
  const idle = await dev.tick();
  const item = `bench-fanout-${subscriptions}-${Date.now()}`;
  publish(withItems(content, PUBLISHED_ITEMS, [item]));
  mock.reset();
  const from = dev.position;
  // Content is cached per isolate for a few seconds (README: a change shows within 30 s): tick until
  // the item is planned.
  let planning = await dev.tick();
  for (let i = 0; planning.finished && planning.rowsWritten === 0 && i < 12; i++) {
    await sleep(5_000);
    planning = await dev.tick();
  }
  log(`  planning tick: ${fmt(planning.d1Queries)} D1 queries, ${fmt(planning.rowsRead)} rows read, ${fmt(planning.ms)} ms`);
  let figures: DeliveryFigures;
  if (windowMs) {
    // Steady state: from the first delivery, for windowMs.
    const started = Date.now();
    while (!mock.firstAt && Date.now() - started < 120_000) await sleep(200);
    const windowStart = mock.firstAt || Date.now();
    const startDelivered = mock.messages.size;
    const startGlobal = mock.globalLimited;
    await sleep(windowMs);
    const snapshot = deliveryFigures(subscriptions, "window", mock, dev.invocations(from), windowMs);
    figures = {
      ...snapshot,
      delivered: snapshot.delivered - startDelivered,
      perMinute: Math.round(((snapshot.delivered - startDelivered) / windowMs) * 60_000),
      globalLimited: snapshot.globalLimited - startGlobal,
    };
    log(`  window from ${new Date(windowStart).toISOString()}: ${fmt(figures.delivered)} delivered`);
  } else {
    // Expected time at the mock's limit, three times over, plus start-up.
    const deadline = Date.now() + (subscriptions / MOCK_GLOBAL_PER_SECOND) * 3_000 + 120_000;
    let last = -1;
    while (mock.messages.size < subscriptions && Date.now() < deadline) {
      await sleep(1000);
      if (mock.messages.size !== last && mock.messages.size % 1000 < 50) log(`  ${fmt(mock.messages.size)} delivered`);
      last = mock.messages.size;
    }
    // Late duplicates would arrive now.
    await sleep(5_000);
    figures = deliveryFigures(subscriptions, "full", mock, dev.invocations(from));
  }
  dev.save(`wrangler-fanout-${subscriptions}.log`);
  return { idle: tickFigures(subscriptions, PUBLISHED_ITEMS, idle), planning: tickFigures(subscriptions, 1, planning), figures };
}

export async function fanoutBench({
  quick = false,
  full = false,
  log = (m: string) => process.stderr.write(`${m}\n`),
} = {}): Promise<{ results: FanoutResults; markdown: string }> {
  rmSync(STATE, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const content = await contentBundle();
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", STATE]);
  publish(withItems(content, PUBLISHED_ITEMS), { history: true });
  const mock = await startMockDiscord();
  const dev = new Dev();
  await dev.start(mock);
  const results: FanoutResults = { deliveries: [], idle: [], planning: [] };
  try {
    log("The pacer alone: 25 concurrent senders for 30 s...");
    results.pacer = await pacerAlone(mock, { seconds: quick ? 15 : 30 });
    // The items are seen before anyone subscribes, so they are history, not news.
    await dev.tick();
    const runs: { n: number; windowMs?: number }[] = quick
      ? [{ n: 1_000 }]
      : [{ n: 10_000 }, { n: 100_000, windowMs: full ? undefined : 60_000 }];
    for (const { n, windowMs } of runs) {
      log(`Fan-out to ${fmt(n)} subscriptions${windowMs ? ` (a ${windowMs / 1000} s window)` : ""}...`);
      const run = await deliver(dev, mock, content, n, { windowMs, log });
      results.deliveries.push(run.figures);
      results.idle.push(run.idle);
      results.planning.push(run.planning);
    }
  } finally {
    dev.stop();
    await mock.close();
  }
  return { results, markdown: fanoutMarkdown(results) };
}

export function fanoutMarkdown(r: FanoutResults): string {
  const col = (d: DeliveryFigures) => `${fmt(d.subscriptions)}${d.scope === "window" ? ` (${fmt(d.seconds)} s window)` : ""}`;
  const d = r.deliveries;
  const most = Math.max(0, ...d.map((f) => f.mostRequests));
  const idleRows = Math.max(0, ...r.idle.map((t) => t.rowsRead));
  const p = r.pacer;
  return [
    p
      ? table(
          ["The pacer alone (concurrent senders, 10 slots each)", "value"],
          [
            ["senders × seconds", `${p.senders} × ${fmt(p.seconds)}`],
            ["requests per minute at the mock", fmt(p.perMinute)],
            ["global 429s", fmt(p.globalLimited)],
            ["busiest second at the mock", fmt(p.busiestSecond)],
          ],
        )
      : "",
    "",
    table(
      [`Fan-out (mock Discord: ${MOCK_GLOBAL_PER_SECOND}/s per token, ${MOCK_LATENCY_MS} ms)`, ...d.map(col)],
      [
        ["deliveries per minute", ...d.map((f) => fmt(f.perMinute))],
        ["global 429s", ...d.map((f) => fmt(f.globalLimited))],
        [
          "every channel exactly once",
          ...d.map((f) =>
            f.scope === "window"
              ? `${f.duplicates ? `NO (${fmt(f.duplicates)} twice)` : "none twice"}`
              : f.exactlyOnce
                ? "yes"
                : `NO (${fmt(f.delivered)}, ${fmt(f.duplicates)} twice)`,
          ),
        ],
        ["busiest second at the mock", ...d.map((f) => fmt(f.busiestSecond))],
        ["route 429s", ...d.map((f) => fmt(f.routeLimited))],
        ["queue invocations", ...d.map((f) => fmt(f.queueInvocations))],
        ["most requests in one invocation", ...d.map((f) => fmt(f.mostRequests))],
        ["  of which fetches / pacer / D1", ...d.map((f) => `${f.mostFetches} / ${f.mostPacerCalls} / ${f.mostD1Queries}`)],
        ["D1 rows written per delivery", ...d.map((f) => f.rowsWrittenPerDelivery.toFixed(1))],
        [
          `channels a day within D1 Free (${fmt(FREE_PLAN_ROWS_WRITTEN_A_DAY)} rows written)`,
          ...d.map((f) => fmt(Math.floor(FREE_PLAN_ROWS_WRITTEN_A_DAY / Math.max(1, f.rowsWrittenPerDelivery)))),
        ],
      ],
    ),
    "",
    table(
      ["Cron tick (D1 meta)", ...r.idle.map((t) => `${fmt(t.subscriptions)} subscriptions`)],
      [
        [`idle, ${PUBLISHED_ITEMS} items: rows read`, ...r.idle.map((t) => fmt(t.rowsRead))],
        [`idle, ${PUBLISHED_ITEMS} items: D1 queries`, ...r.idle.map((t) => fmt(t.d1Queries))],
        ["planning 1 new item: rows read / written", ...r.planning.map((t) => `${fmt(t.rowsRead)} / ${fmt(t.rowsWritten)}`)],
        ["planning 1 new item: D1 queries, ms", ...r.planning.map((t) => `${fmt(t.d1Queries)}, ${fmt(t.ms)}`)],
      ],
    ),
    "",
    table(
      ["Fan-out target", "result"],
      [
        [
          `≥ ${fmt(TARGET_PER_MINUTE)} deliveries/minute`,
          d.map((f) => `${fmt(f.perMinute)} ${f.perMinute >= TARGET_PER_MINUTE ? "met" : "missed"}`).join(", "),
        ],
        ["zero global 429s", d.every((f) => f.globalLimited === 0) && !p?.globalLimited ? "met" : "missed"],
        ...(p
          ? [
              [
                `pacer alone ≥ ${fmt(TARGET_PER_MINUTE)}/minute`,
                `${fmt(p.perMinute)} ${p.perMinute >= TARGET_PER_MINUTE ? "met" : "missed"}`,
              ],
            ]
          : []),
        [
          "every channel exactly once",
          d.every((f) => (f.scope === "full" ? f.exactlyOnce : f.duplicates === 0)) ? "met" : "missed",
        ],
        [`≤ ${FREE_PLAN_REQUESTS} requests per invocation`, `${fmt(most)} ${most <= FREE_PLAN_REQUESTS ? "met" : "missed"}`],
        ["idle tick reads a constant", `${fmt(idleRows)} rows at ${fmt(Math.max(0, ...r.idle.map((t) => t.subscriptions)))}`],
      ],
    ),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.includes("--quick");
  const { results, markdown } = await fanoutBench({ quick: sizes, full: process.argv.includes("--full") });
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  writeFileSync(join(ROOT, "bench", "results", "fanout.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(markdown);
}
