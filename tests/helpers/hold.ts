// Outbound calls held or slowed, and the test's clocks moved, to stage races between workers.
import type { env } from "cloudflare:workers";
import { afterEach, beforeEach, vi } from "vitest";

/** A proxy's view of `target`'s member: its methods bound to it, anything else as is. */
const memberOf = <T extends object>(target: T, key: string | symbol): unknown => {
  const value = Reflect.get(target, key, target);
  return typeof value === "function" ? value.bind(target) : value;
};

/** A gate: `reached()` resolves `stalled`, and `gate` resolves on `release()`. */
export function holdingGate() {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let reached!: () => void;
  const stalled = new Promise<void>((r) => {
    reached = r;
  });
  return { gate, release, reached, stalled };
}

/** D1 whose first batch holding a statement that contains `sql` waits for `release()` (`stalled` once it waits). */
export function holdingBatch(db: D1Database, sql: string) {
  const { gate, release, reached, stalled } = holdingGate();
  let holding = true;
  const texts = new WeakMap<D1PreparedStatement, string>();
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === "prepare")
        return (text: string) => {
          const statement = target.prepare(text);
          const bound = new Proxy(statement, {
            get(s, k) {
              const value = Reflect.get(s, k, s);
              if (k === "bind")
                return (...args: unknown[]) => {
                  const out = value.apply(s, args);
                  texts.set(out, text);
                  return out;
                };
              return typeof value === "function" ? value.bind(s) : value;
            },
          });
          texts.set(bound, text);
          return bound;
        };
      if (key === "batch")
        return async (statements: D1PreparedStatement[]) => {
          if (holding && statements.some((s) => texts.get(s)?.includes(sql))) {
            holding = false;
            reached();
            await gate;
          }
          return target.batch(statements);
        };
      return memberOf(target, key);
    },
  });
  return { db: proxy, release, stalled };
}

/**
 * Holds the first outbound call whose URL ends with `held` until `release()` (`stalled` resolves once it
 * is held); `onNext(suffix, run)` runs `run` when the next call ending with `suffix` has been answered.
 */
export function holdFirst(held: string) {
  const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
  const { gate, release, reached, stalled } = holdingGate();
  let holding = true;
  let next: { suffix: string; run: () => Promise<void> } | undefined;
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (holding && url.endsWith(held)) {
      holding = false;
      reached();
      await gate;
    }
    const answer = await inner(input, init);
    if (next && url.endsWith(next.suffix)) {
      const { run } = next;
      next = undefined;
      await run();
    }
    return answer;
  });
  return { release, stalled, onNext: (suffix: string, run: () => Promise<void>) => (next = { suffix, run }) };
}

/**
 * Every clock of the test (the Worker's, the pacer's, the mock APIs') as `Date.now()` plus `clock.shift`
 * ms, set back to 0 before each test. Call at the top of a test file.
 */
export function movableClock(): { shift: number } {
  const clock = { shift: 0 };
  const realNow = Date.now.bind(Date);
  beforeEach(() => {
    clock.shift = 0;
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + clock.shift);
  });
  afterEach(() => {
    vi.mocked(Date.now).mockRestore();
  });
  return clock;
}

/**
 * D1 whose statements go through `before` with their SQL first, whether they run on their own (first, all,
 * run, raw) or in a batch (each of its statements before the batch runs): a hook may wait (a slow answer)
 * or throw (a lost connection: the statement, or the whole batch, never takes effect).
 */
export function beforeEachQuery(db: D1Database, before: (sql: string) => Promise<void> | void): D1Database {
  // The statements stay D1's own (a batch takes only those), each with its SQL kept beside it.
  const texts = new WeakMap<D1PreparedStatement, string>();
  const track = (statement: D1PreparedStatement, text: string): D1PreparedStatement => {
    texts.set(statement, text);
    const bind = statement.bind.bind(statement);
    statement.bind = (...values: unknown[]) => track(bind(...values), text);
    for (const name of ["first", "all", "run", "raw"] as const) {
      const method = (statement[name] as (...args: unknown[]) => Promise<unknown>).bind(statement);
      (statement as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        await before(text);
        return method(...args);
      };
    }
    return statement;
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === "prepare") return (text: string) => track(target.prepare(text), text);
      if (key === "batch")
        return async (statements: D1PreparedStatement[]) => {
          for (const statement of statements) await before(texts.get(statement) ?? "");
          return target.batch(statements);
        };
      return memberOf(target, key);
    },
  });
}

/**
 * D1 whose first statement containing `sql` fails with D1's network error, whether it runs alone or in a
 * batch (the whole batch then fails, as D1's does: nothing of it is written). `failed()` says whether it has.
 */
export function failingOnce(db: D1Database, sql: string) {
  let failed = false;
  const wrapped = beforeEachQuery(db, (text) => {
    if (!failed && text.includes(sql)) {
      failed = true;
      throw new Error("D1_ERROR: Network connection lost.");
    }
  });
  return { db: wrapped, failed: () => failed };
}

/** One reservation as the pacer binding sees it: its number in the run, its slot count and the pacer's name. */
export interface SeenReservation {
  n: number;
  count: number;
  pacer: string;
}

/**
 * The pacer binding over a slow link: a reservation reaches the pacer `requestMs` after it was sent, and
 * its answer the Worker `answerMs` after the pacer gave it (the first `times` reservations, those `when`
 * picks, or all). A slow answer eats into the slots it gives; a slow request does not, as the pacer counts
 * from its own answer.
 */
export function slowPacer(
  pacer: typeof env.PACER,
  {
    requestMs = 0,
    answerMs = 0,
    times = Number.POSITIVE_INFINITY,
    when,
  }: { requestMs?: number; answerMs?: number; times?: number; when?: (reservation: SeenReservation) => boolean },
): typeof env.PACER {
  let n = 0;
  const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
  return new Proxy(pacer, {
    get(target, key) {
      if (key !== "get") return memberOf(target, key);
      return (id: DurableObjectId) => {
        const stub = target.get(id);
        return new Proxy(stub, {
          get(s, k) {
            if (k !== "reserve") return memberOf(s, k);
            return async (...args: Parameters<typeof stub.reserve>) => {
              const seen = { n: n++, count: args[2], pacer: id.toString() };
              const slow = when ? when(seen) : seen.n < times;
              if (slow) await sleep(requestMs);
              const answer = await s.reserve(...args);
              if (slow) await sleep(answerMs);
              return answer;
            };
          },
        });
      };
    },
  });
}
