// D1 as the platform counts it: statements (each of a batch counts), and the rows they read and write as D1 reports them.
import type { env } from "cloudflare:workers";

/** env.DB and fetch, counted together as the platform counts subrequests. */
export function countingEnv(base: typeof env) {
  const counter = { d1: 0, fetch: 0, rowsRead: 0, rowsWritten: 0 };
  const countResult = (result: unknown) => {
    const meta = (result as { meta?: { rows_read?: number; rows_written?: number } } | null)?.meta;
    counter.rowsRead += meta?.rows_read ?? 0;
    counter.rowsWritten += meta?.rows_written ?? 0;
    return result;
  };
  const wrapStatement = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => wrapStatement(target.bind(...args));
        if (prop === "first" || prop === "all" || prop === "run" || prop === "raw")
          return async (...args: unknown[]) => {
            counter.d1++;
            const fn = Reflect.get(target, prop) as (...a: unknown[]) => Promise<unknown>;
            if (prop === "first") {
              // first() hides meta: count what all() reads.
              const all = await target.all();
              countResult(all);
              return (all.results[0] as unknown) ?? null;
            }
            return countResult(await fn.apply(target, args));
          };
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const unwrap = new WeakMap<object, D1PreparedStatement>();
  const db = new Proxy(base.DB, {
    get(target, prop) {
      if (prop === "prepare")
        return (sql: string) => {
          const real = target.prepare(sql);
          const wrapped = wrapStatement(real);
          unwrap.set(wrapped, real);
          return wrapped;
        };
      if (prop === "batch")
        return async (statements: D1PreparedStatement[]) => {
          counter.d1 += statements.length;
          const results = await target.batch(statements.map((s) => unwrap.get(s) ?? s));
          for (const r of results) countResult(r);
          return results;
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { counter, db };
}

/**
 * The message `key`, published long ago, as every delivery's message is: a lookup of deliveries by message
 * reaches those made of it.
 */
export const publishedLongAgo = (db: D1Database, key: string): D1PreparedStatement =>
  db
    .prepare(`INSERT OR IGNORE INTO messages (key, topic, body, published_at) VALUES (?1, 'renewal', '{"replies":{}}', 0)`)
    .bind(key);

/**
 * Other channels' rows, for tests that a statement reads as many rows however many there are: `count`
 * subscriptions, channels `${channel}<i>` in `workspace` (or in `${workspace}<i>` each, with
 * `workspaceEach`), and with `delivered`, a delivery of that message to each, sent long ago.
 */
export async function otherChannels(
  db: D1Database,
  count: number,
  {
    platform,
    workspace,
    channel,
    workspaceEach = false,
    active = true,
    delivered,
  }: { platform: string; workspace: string; channel: string; workspaceEach?: boolean; active?: boolean; delivered?: string },
): Promise<void> {
  await db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_at, active)
       SELECT ?2, ?3 || CASE WHEN ?4 THEN i ELSE '' END, ?5 || i, 'en', 0, ?6 FROM n`,
    )
    .bind(count, platform, workspace, workspaceEach ? 1 : 0, channel, active ? 1 : 0)
    .run();
  if (delivered)
    await db.batch([
      publishedLongAgo(db, delivered),
      db
        .prepare(
          `INSERT INTO deliveries (message_key, subscription_id, state, planned_at, due_at, sent_at)
           SELECT ?1, id, 'sent', 0, 0, 0 FROM subscriptions WHERE platform = ?2 AND channel_id LIKE ?3 || '%'`,
        )
        .bind(delivered, platform, channel),
    ]);
}
