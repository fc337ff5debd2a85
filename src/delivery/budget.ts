// The subrequest budget of one invocation. Fetches, D1 statements, queue sends and pacing calls all
// count toward the platform's limit (50 per invocation on the free plan), so they are counted together.
import { BudgetSpent, type Subrequests } from "../platform-outcome";

/** Workers free plan: subrequests per invocation, D1 queries included. Every invocation stays below it. */
export const SUBREQUESTS_MAX = 50;

export class Budget implements Subrequests {
  used = 0;
  /** Calls set aside for a step still to come (see hold). */
  private held = 0;

  constructor(readonly limit = SUBREQUESTS_MAX - 1) {}

  get left(): number {
    return this.limit - this.used - this.held;
  }

  /** Counts `n` calls about to be made; throws BudgetSpent instead of going over. */
  spend(n = 1): void {
    if (n > this.left) throw new BudgetSpent();
    this.used += n;
  }

  /** Counts one call if the budget allows it; false (and nothing counted) if not. */
  trySpend(): boolean {
    if (this.left < 1) return false;
    this.used += 1;
    return true;
  }

  /**
   * Sets `n` calls aside for a step still to come (a batch's closing write), or what is left if less, so
   * that calls whose number is known only as they happen (a fallback's slot, reports to the pacer) cannot
   * spend them: they find the budget spent instead. `release` gives them back, to be spent by that step.
   */
  hold(n: number): void {
    this.held += Math.max(0, Math.min(n, this.left));
  }

  release(n: number): void {
    this.held = Math.max(0, this.held - n);
  }

  fetch(input: string, init: RequestInit): Promise<Response> {
    this.spend();
    return fetch(input, init);
  }
}

/**
 * Up to `n` calls of `budget`, as a Subrequests of their own: a step that may make several calls (a look
 * that reads page after page) cannot spend what later steps were promised.
 */
export function part(budget: Budget, n: number): Subrequests {
  let used = 0;
  return {
    get left() {
      return Math.min(n - used, budget.left);
    },
    fetch(input, init) {
      if (used >= n) throw new BudgetSpent();
      const sent = budget.fetch(input, init);
      used++;
      return sent;
    },
  };
}

/**
 * D1 whose every query is counted in `budget` first (a batch: each of its statements), throwing
 * BudgetSpent instead of going over. For work whose queries are many and spread over helpers (the news
 * round); D1's binding has no such count of its own.
 */
export function countedD1(db: D1Database, budget: Budget): D1Database {
  const counted = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key === "bind") return (...args: unknown[]) => counted(value.apply(target, args));
        // Past the budget, a rejected promise, as every D1 error is.
        if (key === "first" || key === "all" || key === "run" || key === "raw")
          return async (...args: unknown[]) => {
            budget.spend(1);
            return value.apply(target, args);
          };
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === "prepare") return (sql: string) => counted(target.prepare(sql));
      if (key === "batch")
        return async (statements: D1PreparedStatement[]) => {
          budget.spend(statements.length);
          return target.batch(statements);
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
