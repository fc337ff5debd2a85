// README, "How an item reaches every channel exactly once", step 1: an idle tick reads a few rows, as
// many at 100,000 subscriptions as at 5.
// D1's own count of rows read for a tick with nothing new to plan, measured as the benchmark does.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import { deliveryWorld, publish, runCron } from "../helpers/alerts";

/** env.DB whose statements add D1's `meta.rows_read` to `counter.rowsRead`. */
function countingDb(base: D1Database) {
  const counter = { rowsRead: 0 };
  const count = <T>(result: T): T => {
    counter.rowsRead += (result as { meta?: { rows_read?: number } } | null)?.meta?.rows_read ?? 0;
    return result;
  };
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = new Proxy(statement, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args));
        if (prop === "all" || prop === "run") return async () => count(await target.all());
        if (prop === "first") return async () => (count(await target.all()).results[0] as unknown) ?? null;
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    real.set(wrapped, statement);
    return wrapped;
  };
  const db = new Proxy(base, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql));
      if (prop === "batch")
        return async (statements: D1PreparedStatement[]) =>
          (await target.batch(statements.map((s) => real.get(s) ?? s))).map((r) => count(r));
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { counter, db };
}

describe("an idle cron tick", () => {
  it("reads a few rows, the same number at 5 and at 300 subscriptions", async () => {
    const reads: number[] = [];
    for (const subscriptions of [5, 300]) {
      const { testEnv } = await deliveryWorld();
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
      await runCron(testEnv);
      await runCron(testEnv);
      const { counter, db } = countingDb(env.DB);
      await planDeliveries({ ...testEnv, DB: db } as typeof env);
      reads.push(counter.rowsRead);
    }
    expect(reads[0]).toBe(reads[1]);
    expect(reads[0]).toBeGreaterThan(0);
    expect(reads[0]).toBeLessThan(10);
  });
});
