// The Durable Object holding one token's shared budget: every isolate and queue consumer that sends
// with the token asks it for slots, so the platform's limits hold across all of them at once. One
// object per token (named by a hash of it); SQLite-backed, its blocks and counts survive eviction.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { Limiter, type Observation, type PacedPlatform, type PacerSnapshot } from "./limiter";
import { MAX_SLOTS_PER_CALL, RESERVE_HORIZON_MS } from "./limits";

const SNAPSHOT_KEY = "snapshot";

export interface Reservation {
  at: number;
  waits: number[];
}

export class Pacer extends DurableObject<Env> {
  private limiter: Limiter | undefined;
  private saved = "";
  /** The pacer's clock; tests replace it to replay arrival schedules in simulated time. */
  clock: () => number = Date.now;

  private load(platform: PacedPlatform): Limiter {
    if (!this.limiter) {
      const snapshot = this.ctx.storage.kv.get<PacerSnapshot>(SNAPSHOT_KEY);
      this.saved = JSON.stringify(snapshot ?? null);
      this.limiter = new Limiter(platform, snapshot?.platform === platform ? snapshot : undefined);
    }
    return this.limiter;
  }

  private save(limiter: Limiter) {
    const snapshot = JSON.stringify(limiter.snapshot(this.clock()));
    if (snapshot === this.saved) return;
    this.ctx.storage.kv.put(SNAPSHOT_KEY, JSON.parse(snapshot));
    this.saved = snapshot;
  }

  /**
   * Applies the observations first, then reserves `count` slots on `route`: waits in ms from `at`, the
   * pacer's clock when it answered (so a caller can tell how long the answer took to reach it). Slots
   * more than `holdMs` ahead are not held (see Limiter.reserve): a caller that would not wait so long
   * leaves them to others.
   */
  reserve(
    platform: PacedPlatform,
    route: string,
    count: number,
    observations: Observation[] = [],
    holdMs = RESERVE_HORIZON_MS,
    lanes: (string | undefined)[] = [],
  ): Reservation {
    const limiter = this.load(platform);
    const now = this.clock();
    for (const o of observations) limiter.observe(o, now);
    if (!Number.isInteger(count) || count < 0 || count > MAX_SLOTS_PER_CALL)
      throw new RangeError(`count must be an integer from 0 to ${MAX_SLOTS_PER_CALL}`);
    if (!(holdMs >= 0)) throw new RangeError("holdMs must be a number of ms, 0 or more");
    if (!Array.isArray(lanes) || lanes.length > count) throw new RangeError("lanes must name at most one lane a slot");
    const waits = limiter.reserve(route, count, now, holdMs, lanes);
    this.save(limiter);
    return { at: now, waits };
  }

  observe(platform: PacedPlatform, observations: Observation[]): void {
    const limiter = this.load(platform);
    const now = this.clock();
    for (const o of observations) limiter.observe(o, now);
    this.save(limiter);
  }

  /** Invalid answers counted in the last 10 minutes (for /health and tests). */
  invalidCount(platform: PacedPlatform): number {
    return this.load(platform).invalidCount(this.clock());
  }
}
