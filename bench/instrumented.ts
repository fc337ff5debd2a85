// The Worker as deployed, with a tally per invocation for the fan-out benchmark: outbound fetches,
// Durable Object calls, queue sends, D1 queries, and the rows D1 itself reports reading and writing
// (meta.rows_read / rows_written). Each cron or queue invocation logs one "bench.invocation" line.
// Run by `wrangler dev` with the config bench/fanout.ts writes; never deployed.
import { AsyncLocalStorage } from "node:async_hooks";
import worker from "../src/index";
import { observe, reserve, untilSlot } from "../src/pacing/index";
import { shardedQueue } from "./instrumented-shards";

export { Pacer } from "../src/index";

interface Tally {
  fetches: number;
  pacerCalls: number;
  queueSends: number;
  d1Queries: number;
  d1RoundTrips: number;
  rowsRead: number;
  rowsWritten: number;
}

const current = new AsyncLocalStorage<Tally>();
const fresh = (): Tally => ({
  fetches: 0,
  pacerCalls: 0,
  queueSends: 0,
  d1Queries: 0,
  d1RoundTrips: 0,
  rowsRead: 0,
  rowsWritten: 0,
});

const realFetch = globalThis.fetch;
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  const tally = current.getStore();
  if (tally) tally.fetches++;
  return realFetch(input, init);
}) as typeof fetch;

type Meta = { rows_read?: number; rows_written?: number };
const addMeta = (meta: Meta | undefined) => {
  const tally = current.getStore();
  if (!tally || !meta) return;
  tally.rowsRead += meta.rows_read ?? 0;
  tally.rowsWritten += meta.rows_written ?? 0;
};
const counted = () => {
  const tally = current.getStore();
  if (tally) {
    tally.d1Queries++;
    tally.d1RoundTrips++;
  }
};

const originals = new WeakMap<object, D1PreparedStatement>();

/** A statement that counts itself and its rows; first() and raw() go through all() to see D1's meta. */
function statement(real: D1PreparedStatement): D1PreparedStatement {
  const wrapped: D1PreparedStatement = {
    bind: (...values: unknown[]) => statement(real.bind(...values)),
    async run() {
      counted();
      const result = await real.run();
      addMeta(result.meta);
      return result;
    },
    async all() {
      counted();
      const result = await real.all();
      addMeta(result.meta);
      return result;
    },
    async first(column?: string) {
      counted();
      const result = await real.all<Record<string, unknown>>();
      addMeta(result.meta);
      const row = result.results[0];
      if (!row) return null;
      return column === undefined ? row : (row[column] ?? null);
    },
    async raw(options?: { columnNames?: boolean }) {
      counted();
      const result = await real.all<Record<string, unknown>>();
      addMeta(result.meta);
      const rows = result.results.map((r) => Object.values(r));
      const names = result.results[0] ? Object.keys(result.results[0]) : [];
      return options?.columnNames ? [names, ...rows] : rows;
    },
  } as D1PreparedStatement;
  originals.set(wrapped, real);
  return wrapped;
}

function database(real: D1Database): D1Database {
  return new Proxy(real, {
    get(target, name) {
      if (name === "prepare") return (sql: string) => statement(target.prepare(sql));
      if (name === "batch")
        return async (statements: D1PreparedStatement[]) => {
          const tally = current.getStore();
          if (tally) {
            tally.d1Queries += statements.length;
            tally.d1RoundTrips++;
          }
          const results = await target.batch(statements.map((s) => originals.get(s) ?? s));
          for (const r of results) addMeta(r.meta);
          return results;
        };
      if (name === "exec")
        return async (sql: string) => {
          const result = await target.exec(sql);
          const tally = current.getStore();
          if (tally) {
            tally.d1Queries += result.count;
            tally.d1RoundTrips++;
          }
          return result;
        };
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Every method call on a stub or queue counts as one call of `field`. */
function countingCalls<T extends object>(real: T, field: "pacerCalls" | "queueSends"): T {
  return new Proxy(real, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const tally = current.getStore();
        if (tally) tally[field]++;
        return Reflect.apply(value, target, args);
      };
    },
  });
}

type Env = Parameters<typeof worker.queue>[1];

/** What the Worker sends to its queue is spread over the bench's extra queues too (bench/fanout.ts). */
const sharded = (env: Env): Env => ({
  ...env,
  ANNOUNCEMENTS: shardedQueue(env as unknown as Record<string, unknown>, env.ANNOUNCEMENTS) as Env["ANNOUNCEMENTS"],
});

function instrument(env: Env): Env {
  const pacer = env.PACER;
  return {
    ...env,
    DB: database(env.DB),
    ANNOUNCEMENTS: countingCalls(sharded(env).ANNOUNCEMENTS, "queueSends"),
    PACER: pacer
      ? (new Proxy(pacer, {
          get(target, name) {
            if (name === "get") return (id: DurableObjectId) => countingCalls(target.get(id), "pacerCalls");
            const value = Reflect.get(target, name);
            return typeof value === "function" ? value.bind(target) : value;
          },
        }) as typeof pacer)
      : pacer,
  };
}

function report(kind: string, tally: Tally, fields: Record<string, number>, started: number) {
  console.log(
    JSON.stringify({
      event: "bench.invocation",
      kind,
      ...fields,
      ...tally,
      requests: tally.fetches + tally.pacerCalls + tally.d1Queries,
      ms: Date.now() - started,
    }),
  );
}

/**
 * GET /__bench/paced-send?count=n: one sender of the "pacer alone" measurement. It reserves n slots
 * with the real pacer and posts one message to a fresh channel at each, reporting every answer back.
 */
async function pacedSend(request: Request, env: Env): Promise<Response> {
  const count = Number(new URL(request.url).searchParams.get("count") ?? "10");
  const key = { platform: "discord" as const, token: env.DISCORD_BOT_TOKEN ?? "", route: "POST /channels/{channel_id}/messages" };
  const waits = await reserve(env, key, count);
  const receivedAt = Date.now();
  const base = (env.DISCORD_API_BASE ?? "").replace(/\/$/, "");
  const statuses = await Promise.all(
    waits.map(async (wait) => {
      // A slot missed by a stalled isolate is not used: this sender simply asks again next round.
      if (!(await untilSlot(wait, receivedAt))) return 0;
      const channel = `paced-${crypto.randomUUID()}`;
      const response = await fetch(`${base}/channels/${channel}/messages`, {
        method: "POST",
        headers: { authorization: `Bot ${key.token}`, "content-type": "application/json" },
        body: JSON.stringify({ content: "pacing", nonce: channel.slice(-25), enforce_nonce: true }),
      });
      await response.arrayBuffer();
      await observe(env, { ...key, route: `POST /channels/${channel}/messages` }, response.status, response.headers);
      return response.status;
    }),
  );
  return Response.json({ statuses });
}

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__bench/paced-send") return pacedSend(request, env);
    return worker.fetch(request, sharded(env), ctx);
  },
  async scheduled(controller, env, ctx) {
    const tally = fresh();
    const started = Date.now();
    const pending: Promise<unknown>[] = [];
    await current.run(tally, async () => {
      await worker.scheduled(controller, instrument(env), { ...ctx, waitUntil: (p: Promise<unknown>) => pending.push(p) });
      await Promise.allSettled(pending);
    });
    report("cron", tally, {}, started);
  },
  async queue(batch, env, ctx) {
    const tally = fresh();
    const started = Date.now();
    await current.run(tally, () => worker.queue(batch, instrument(env), ctx));
    report("queue", tally, { messages: batch.messages.length }, started);
  },
} satisfies ExportedHandler<Env, Parameters<typeof worker.queue>[0] extends MessageBatch<infer B> ? B : never>;
