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
