// The subrequest budget of one invocation. Fetches, D1 statements, queue sends and pacing calls all
// count toward the platform's limit (50 per invocation on the free plan), so they are counted together.
import { BudgetSpent, type Subrequests } from "../platform-outcome";

/** Workers free plan: subrequests per invocation, D1 queries included. Every invocation stays below it. */
export const SUBREQUESTS_MAX = 50;

export class Budget implements Subrequests {
  used = 0;

  constructor(readonly limit = SUBREQUESTS_MAX - 1) {}

  get left(): number {
    return this.limit - this.used;
  }

  /** Counts `n` calls about to be made; throws BudgetSpent instead of going over. */
  spend(n = 1): void {
    if (this.used + n > this.limit) throw new BudgetSpent();
    this.used += n;
  }

  /** Counts one call if the budget allows it; false (and nothing counted) if not. */
  trySpend(): boolean {
    if (this.used + 1 > this.limit) return false;
    this.used += 1;
    return true;
  }

  fetch(input: string, init: RequestInit): Promise<Response> {
    this.spend();
    return fetch(input, init);
  }
}
