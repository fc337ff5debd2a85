// The pacer's arithmetic, kept apart from the Durable Object so it is plain data and time in, slot
// times out. No library paces across isolates: this is the shared budget itself.
//
// A slot is a moment at which one request may leave. For a route, every limit that applies is a
// constraint saying "not before"; a slot is the earliest time every constraint accepts, and taking it
// records it in each. Times are milliseconds on the pacer's clock.
import {
  CLOUDFLARE_BLOCK_MS,
  DISCORD_GLOBAL_PER_SECOND,
  headerNumber,
  heldAhead,
  INVALID_STOP,
  INVALID_WINDOW_MS,
  RESERVE_HORIZON_MS,
  RETRY_AFTER_MAX_S,
  retryAfterSeconds,
  SLACK_CHANNEL_INTERVAL_MS,
  SLACK_DEFAULT_PER_MINUTE,
  SLACK_METHOD_PER_MINUTE,
  spacing,
} from "./limits";

export type PacedPlatform = "discord" | "slack";

/** One answer's rate-limit facts, as the sender saw them. Headers are lower-case names. */
export interface Observation {
  route: string;
  /** The call's own resource's limit, when its route stands for many (see PaceKey.lane). */
  lane?: string;
  status: number;
  headers: Record<string, string>;
  /**
   * The report's id, the same each time it is sent: one sent again after a call that failed once the
   * pacer had applied it is not applied twice.
   */
  id?: string;
  /**
   * How long before the call that carries it the sender heard it: a bucket's reset it tells is counted
   * from then, not from when the pacer hears of it.
   */
  age?: number;
}

/** What survives the Durable Object being evicted or restarted. */
export interface PacerSnapshot {
  platform: PacedPlatform;
  /** Scope ("*" for everything, a Slack method, or a Discord route or lane after its 429) -> no slot before this time. */
  blocks: Record<string, number>;
  /** The latest slot handed out: after a restart no slot is given before it. */
  horizon: number;
  /** Invalid answers per minute (minute number since the epoch -> count). */
  invalid: Record<string, number>;
  /**
   * Slack's paces (a method, a channel) -> their interval and the last slot they handed out: after a
   * restart none gives a slot within its interval of that one. Absent in snapshots of older releases.
   */
  spacers?: Record<string, [interval: number, last: number]>;
  /**
   * Discord's route families -> the limit and window their answers told (see Limiter.shapes): a channel
   * not heard from since a restart is paced as its route's others were. Absent in snapshots of older releases.
   */
  shapes?: Record<string, [limit: number, windowMs: number]>;
  /**
   * Discord's buckets whose window is still running (bucket key -> its count), and the routes that use
   * them: a bucket an answer said is spent stays spent after a restart. Absent in snapshots of older releases.
   */
  buckets?: Record<string, [limit: number, remaining: number, resetAt: number, windowMs: number, last: number]>;
  routes?: Record<string, string>;
  /**
   * The ids of the reports counted as invalid answers in the last 10 minutes -> when each was heard: one
   * sent again is not counted twice. Absent in snapshots of older releases.
   */
  reports?: Record<string, number>;
}

/** A token refused with 401 is refused for this long; a new token gets a new pacer. */
export const AUTH_BLOCK_MS = 60 * 60_000;
/** A learned bucket that reset this long ago is forgotten. */
const BUCKET_TTL_MS = 10 * 60_000;
/**
 * How much later than its first slot a bucket's window may have started at Discord: a late request and its
 * way there. A second is well past both, and costs only a channel's sixth message in a few seconds a second's wait.
 */
const WINDOW_MARGIN_MS = 1_000;
/** Routes whose bucket we remember (most recent first kept). */
const ROUTES_MAX = 10_000;
/** Slack's method name: "chat.postMessage C123" -> "chat.postMessage". */
const slackMethod = (route: string) => route.split(" ", 1)[0] ?? route;
const slackChannel = (route: string): string | undefined => route.split(" ")[1];
const MINUTE_MS = 60_000;

interface Constraint {
  /** The earliest time at or after t this constraint accepts. */
  earliest(t: number): number;
  take(t: number): void;
}

/** At most one slot per `interval`: the slots are kept sorted, and a new one fills the first gap wide enough. */
export class Spacer implements Constraint {
  private times: number[] = [];
  constructor(
    readonly interval: number,
    private floor = 0,
  ) {}

  earliest(at: number): number {
    let t = Math.max(at, this.floor);
    // First slot that could conflict: one later than t - interval.
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.times[mid] as number) <= t - this.interval) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.times.length; i++) {
      const taken = this.times[i] as number;
      if (taken >= t + this.interval) break;
      t = taken + this.interval;
    }
    return t;
  }

  /** The latest slot handed out, or, with none kept, the one the floor was set after. */
  get last(): number {
    return this.times.at(-1) ?? this.floor - this.interval;
  }

  take(t: number): void {
    let i = this.times.length;
    while (i > 0 && (this.times[i - 1] as number) > t) i--;
    this.times.splice(i, 0, t);
  }

  /** Forgets slots that can no longer conflict; true when nothing is left. */
  prune(now: number): boolean {
    let drop = 0;
    while (drop < this.times.length && (this.times[drop] as number) <= now - this.interval) drop++;
    if (drop) this.times.splice(0, drop);
    return this.times.length === 0 && this.floor <= now;
  }
}

/** A per-route bucket as Discord describes it in X-RateLimit-* headers: `limit` requests per window. */
class RouteBucket implements Constraint {
  constructor(
    public limit: number,
    public remaining: number,
    public resetAt: number,
    public windowMs: number,
    /** Slots are given in order per bucket, so the window they fall in is known. */
    public last = 0,
  ) {}

  earliest(at: number): number {
    const t = Math.max(at, this.last);
    return t >= this.resetAt || this.remaining > 0 ? t : this.resetAt;
  }

  take(t: number): void {
    if (t >= this.resetAt) {
      // Discord starts the window when the first request arrives, which may leave late or travel long:
      // the window is taken to end a little after the one its first slot would start.
      this.remaining = this.limit;
      this.resetAt = t + this.windowMs + WINDOW_MARGIN_MS;
    }
    this.remaining--;
    this.last = t;
  }
}

const fixed = (earliest: (t: number) => number): Constraint => ({ earliest, take() {} });

/** A route with its top-level resource's id left out ("POST /channels/123/messages" -> "POST /channels/{id}/messages"). */
const routeFamily = (route: string) => route.replace(/\/(channels|guilds|webhooks)\/[^/{}\s]+/, "/$1/{id}");

/** Discord's top-level resource in a route ("POST /channels/123/messages" -> "channels/123"). */
function majorParameter(route: string): string {
  return /\/(channels|guilds|webhooks)\/([^/{}\s]+)/.exec(route)?.slice(1, 3).join("/") ?? "";
}

export class Limiter {
  private blocks = new Map<string, number>();
  private invalid = new Map<number, number>();
  /** Report id -> when the answer was heard, for the invalid answers counted in the last 10 minutes. */
  private readonly counted = new Map<string, number>();
  private horizon: number;
  private readonly global: Spacer;
  private readonly spacers = new Map<string, Spacer>();
  /** Route -> bucket key (X-RateLimit-Bucket and the route's top-level resource). */
  private readonly routeBuckets = new Map<string, string>();
  private readonly buckets = new Map<string, RouteBucket>();
  /** Per route family, the limit and window one of its resources' answers told: every channel's bucket is alike. */
  private readonly shapes = new Map<string, { limit: number; windowMs: number }>();
  private lastSweep = 0;

  constructor(
    readonly platform: PacedPlatform,
    snapshot?: PacerSnapshot,
  ) {
    this.horizon = snapshot?.horizon ?? 0;
    for (const [scope, until] of Object.entries(snapshot?.blocks ?? {})) this.blocks.set(scope, until);
    for (const [minute, count] of Object.entries(snapshot?.invalid ?? {})) this.invalid.set(Number(minute), count);
    for (const [id, heardAt] of Object.entries(snapshot?.reports ?? {})) this.counted.set(id, heardAt);
    // Slots given before a restart are unknown: the first new one comes after the last of them.
    const interval = spacing(DISCORD_GLOBAL_PER_SECOND, 1000);
    this.global = new Spacer(interval, this.horizon ? this.horizon + interval : 0);
    for (const [key, [every, last]] of Object.entries(snapshot?.spacers ?? {}))
      this.spacers.set(key, new Spacer(every, last + every));
    for (const [family, [limit, windowMs]] of Object.entries(snapshot?.shapes ?? {}))
      this.shapes.set(family, { limit, windowMs });
    for (const [key, [limit, remaining, resetAt, windowMs, last]] of Object.entries(snapshot?.buckets ?? {}))
      this.buckets.set(key, new RouteBucket(limit, remaining, resetAt, windowMs, last));
    for (const [route, key] of Object.entries(snapshot?.routes ?? {}))
      if (this.buckets.has(key)) this.routeBuckets.set(route, key);
  }

  /** What to keep across a restart; the buckets whose window runs past `now`. */
  snapshot(now = 0): PacerSnapshot {
    const live = new Map([...this.buckets].filter(([, b]) => b.resetAt > now));
    return {
      platform: this.platform,
      blocks: Object.fromEntries(this.blocks),
      horizon: this.horizon,
      invalid: Object.fromEntries([...this.invalid].map(([m, c]) => [String(m), c])),
      spacers: Object.fromEntries([...this.spacers].map(([key, spacer]) => [key, [spacer.interval, spacer.last]])),
      shapes: Object.fromEntries([...this.shapes].map(([family, { limit, windowMs }]) => [family, [limit, windowMs]])),
      buckets: Object.fromEntries(
        [...live].map(([key, b]) => [
          key,
          [b.limit, b.remaining, b.resetAt, b.windowMs, b.last] as [number, number, number, number, number],
        ]),
      ),
      routes: Object.fromEntries([...this.routeBuckets].filter(([, key]) => live.has(key))),
      reports: Object.fromEntries(this.counted),
    };
  }

  /**
   * When each of `count` requests on `route` may leave, as waits from `now`. A slot more than `holdMs`
   * (at most RESERVE_HORIZON_MS) ahead is not held: it and every later one of the call are only told, as
   * a wait over `holdMs`, and nobody else's slot moves for them.
   */
  reserve(route: string, count: number, now: number, holdMs = RESERVE_HORIZON_MS, lanes: (string | undefined)[] = []): number[] {
    this.sweep(now);
    const constraints = this.constraints(route);
    const waits: number[] = [];
    const hold = heldAhead(holdMs);
    let t = now;
    for (let k = 0; k < count; k++) {
      // A slot for one channel among many keeps that channel's own limit too.
      const lane = lanes[k];
      const all = lane ? [...new Set([...constraints, ...this.laneConstraints(lane)])] : constraints;
      t = settle(all, t);
      if (t - now > hold) {
        // Not held: this and every later slot of the call come back after the wait.
        while (waits.length < count) waits.push(t - now);
        break;
      }
      for (const c of all) c.take(t);
      this.horizon = Math.max(this.horizon, t);
      waits.push(t - now);
    }
    return waits;
  }

  observe({ route, lane, status, headers, age, id }: Observation, now: number): void {
    // Counted already: sent again after a call that failed once this answer had been applied.
    if (id !== undefined && this.counted.has(id)) return;
    const retryAfterMs = (retryAfterSeconds(headers["retry-after"]) ?? 0) * 1000;
    if (this.platform === "slack") {
      if (status === 429) this.block(slackMethod(route), now + Math.max(retryAfterMs, 1000));
      return;
    }
    const scope = headers["x-ratelimit-scope"];
    // Counted in the minute it was heard, as Discord counts it.
    if (status === 401 || status === 403 || (status === 429 && scope !== "shared"))
      this.countInvalid(now - Math.max(0, age ?? 0), id);
    if (status === 401) this.block("*", now + AUTH_BLOCK_MS);
    if (status === 429) {
      const limited = Object.keys(headers).some((name) => name.startsWith("x-ratelimit-"));
      if (!limited) this.block("*", now + (retryAfterMs || CLOUDFLARE_BLOCK_MS));
      else if (headers["x-ratelimit-global"] === "true" || scope === "global") this.block("*", now + (retryAfterMs || 1000));
      // The route (or the channel's lane) waits out Retry-After even when the bucket's headers are incomplete.
      else if (retryAfterMs > 0 && !(lane ?? route).includes("{"))
        this.block(lane ?? route, now - Math.max(0, age ?? 0) + retryAfterMs);
    }
    // An answer to one channel's post describes that channel's bucket, not every channel's.
    this.learnBucket(lane ?? route, status, headers, now, retryAfterMs, Math.max(0, age ?? 0));
  }

  private learnBucket(
    route: string,
    status: number,
    headers: Record<string, string>,
    now: number,
    retryAfterMs: number,
    age: number,
  ) {
    // A route with a placeholder stands for many resources: no single bucket describes it.
    if (route.includes("{")) return;
    const hash = headers["x-ratelimit-bucket"];
    const limit = headerNumber(headers["x-ratelimit-limit"]);
    const remaining = headerNumber(headers["x-ratelimit-remaining"]);
    // Heeded for a day at most, as Retry-After is: past it, the next answer tells again.
    const told = headerNumber(headers["x-ratelimit-reset-after"]);
    const resetAfter = told === undefined ? undefined : Math.min(RETRY_AFTER_MAX_S, told);
    if (!hash || limit === undefined || remaining === undefined || resetAfter === undefined) return;
    if (headers["x-ratelimit-global"] === "true") return;
    const key = `${hash}:${majorParameter(route)}`;
    const previous = this.routeBuckets.get(route);
    this.routeBuckets.delete(route);
    this.routeBuckets.set(route, key);
    if (this.routeBuckets.size > ROUTES_MAX) this.routeBuckets.delete(this.routeBuckets.keys().next().value as string);
    // The reset it tells, counted from when it was heard: an answer kept a while names the same window.
    const resetAt = now - age + Math.max(resetAfter * 1000, status === 429 ? retryAfterMs : 0);
    // A bucket assumed for the lane before its first answer (see laneConstraints) counts its slots on.
    const assumed = this.buckets.get(route);
    if (assumed && !this.buckets.has(key)) this.buckets.set(key, assumed);
    this.buckets.delete(route);
    // A bucket Discord renamed counts on the slots handed out under its old name in this window.
    const renamed = previous && previous !== key && previous !== route ? this.buckets.get(previous) : undefined;
    if (renamed && !this.buckets.has(key))
      this.buckets.set(key, new RouteBucket(renamed.limit, renamed.remaining, renamed.resetAt, renamed.windowMs, renamed.last));
    const known = this.buckets.get(key);
    // The window is the longest its own answers told: an assumed bucket's was only borrowed from the route's.
    const windowMs = Math.max(known && known !== assumed ? known.windowMs : 0, resetAfter * 1000);
    this.shapes.set(routeFamily(route), { limit, windowMs });
    // A window over since it was heard tells nothing of the one now: the count kept of that one stands.
    if (known && resetAt <= now) {
      Object.assign(known, { limit, windowMs });
      return;
    }
    // Slots already handed out in this window are counted here and may not be in the answer yet.
    const sameWindow = known && known.resetAt > now && Math.abs(known.resetAt - resetAt) < 1000;
    const left = status === 429 ? 0 : sameWindow ? Math.min(known.remaining, remaining) : remaining;
    if (known) Object.assign(known, { limit, remaining: left, resetAt, windowMs });
    else this.buckets.set(key, new RouteBucket(limit, left, resetAt, windowMs));
  }

  private block(scope: string, until: number) {
    this.blocks.set(scope, Math.max(this.blocks.get(scope) ?? 0, until));
  }

  private countInvalid(heardAt: number, id: string | undefined) {
    const minute = Math.floor(heardAt / MINUTE_MS);
    this.invalid.set(minute, (this.invalid.get(minute) ?? 0) + 1);
    if (id !== undefined) this.counted.set(id, heardAt);
  }

  /** Invalid answers counted in the 10 minutes before t. */
  invalidCount(t: number): number {
    let total = 0;
    for (const [minute, count] of this.invalid) if ((minute + 1) * MINUTE_MS > t - INVALID_WINDOW_MS) total += count;
    return total;
  }

  private constraints(route: string): Constraint[] {
    const all: Constraint[] = [];
    const blockedUntil = (scope: string) => this.blocks.get(scope) ?? 0;
    if (this.platform === "discord") {
      all.push(fixed((t) => Math.max(t, blockedUntil("*"), blockedUntil(route))));
      all.push(fixed((t) => this.afterInvalidWindow(t)));
      all.push(this.global);
      // A route of one resource keeps its bucket as a channel's lane does, assumed like its family's until told.
      if (!route.includes("{")) all.push(...this.laneConstraints(route));
    } else {
      const method = slackMethod(route);
      const channel = slackChannel(route);
      all.push(fixed((t) => Math.max(t, blockedUntil("*"), blockedUntil(method))));
      const perMinute = SLACK_METHOD_PER_MINUTE[method] ?? SLACK_DEFAULT_PER_MINUTE;
      all.push(this.spacer(method, spacing(perMinute, MINUTE_MS)));
      if (channel && method === "chat.postMessage") all.push(this.spacer(route, spacing(1, SLACK_CHANNEL_INTERVAL_MS)));
    }
    return all;
  }

  /**
   * The limits of one channel's lane: on Discord the bucket its answers told (none before the first), on
   * Slack chat.postMessage's one message a second per channel.
   */
  private laneConstraints(lane: string): Constraint[] {
    if (this.platform === "slack")
      return slackMethod(lane) === "chat.postMessage" && slackChannel(lane)
        ? [this.spacer(lane, spacing(1, SLACK_CHANNEL_INTERVAL_MS))]
        : [];
    const blocked = this.blocks.get(lane);
    const held = blocked ? [fixed((t) => Math.max(t, this.blocks.get(lane) ?? 0))] : [];
    const key = this.routeBuckets.get(lane);
    const bucket = key ? this.buckets.get(key) : undefined;
    if (bucket) return [...held, bucket];
    // A channel not heard from yet: its bucket is like the others' of the route, full until its answers tell.
    const shape = this.shapes.get(routeFamily(lane));
    if (!shape) return held;
    const assumed = new RouteBucket(shape.limit, shape.limit, 0, shape.windowMs);
    this.buckets.set(lane, assumed);
    this.routeBuckets.set(lane, lane);
    return [...held, assumed];
  }

  private spacer(key: string, interval: number): Spacer {
    let s = this.spacers.get(key);
    if (!s) {
      s = new Spacer(interval);
      this.spacers.set(key, s);
    }
    return s;
  }

  /** While the last 10 minutes hold INVALID_STOP invalid answers, nothing leaves. */
  private afterInvalidWindow(at: number): number {
    let t = at;
    while (this.invalidCount(t) >= INVALID_STOP) {
      let oldest = Number.POSITIVE_INFINITY;
      for (const minute of this.invalid.keys())
        if ((minute + 1) * MINUTE_MS > t - INVALID_WINDOW_MS) oldest = Math.min(oldest, minute);
      t = (oldest + 1) * MINUTE_MS + INVALID_WINDOW_MS;
    }
    return t;
  }

  /**
   * Forgets the buckets whose window is over that a route would be given back as they are, or stricter (a
   * bucket like its family's, full: see laneConstraints), and the routes that named them: a fan-out to a
   * hundred thousand channels keeps those whose window runs, not one a channel. Others go BUCKET_TTL_MS
   * after their reset, or, past ROUTES_MAX, the longest over first. Windows still running stay: the
   * snapshot keeps them.
   */
  private forgetEndedBuckets(now: number) {
    const kept = new Set<string>();
    for (const [route, key] of this.routeBuckets) {
      const bucket = this.buckets.get(key);
      const shape = this.shapes.get(routeFamily(route));
      const givenBack = bucket && shape && shape.limit <= bucket.limit && shape.windowMs >= bucket.windowMs;
      if (bucket && (bucket.resetAt > now || !givenBack)) kept.add(key);
    }
    const ended = [...this.buckets]
      .filter(([key, b]) => b.resetAt <= now && (!kept.has(key) || b.resetAt < now - BUCKET_TTL_MS))
      .map(([key]) => key);
    for (const key of ended) this.buckets.delete(key);
    if (this.buckets.size > ROUTES_MAX) {
      const over = [...this.buckets].filter(([, b]) => b.resetAt <= now).sort(([, a], [, b]) => a.resetAt - b.resetAt);
      for (const [key] of over.slice(0, this.buckets.size - ROUTES_MAX)) this.buckets.delete(key);
    }
    for (const [route, key] of this.routeBuckets) if (!this.buckets.has(key)) this.routeBuckets.delete(route);
  }

  /** Forgets what can no longer matter, at most once a second. */
  private sweep(now: number) {
    this.global.prune(now);
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [key, s] of this.spacers) if (s.prune(now)) this.spacers.delete(key);
    this.forgetEndedBuckets(now);
    for (const [scope, until] of this.blocks) if (until <= now) this.blocks.delete(scope);
    for (const minute of this.invalid.keys())
      if ((minute + 1) * MINUTE_MS <= now - INVALID_WINDOW_MS) this.invalid.delete(minute);
    // A report sent again later than this is counted in a minute the window has passed.
    for (const [id, heardAt] of this.counted) if (heardAt <= now - INVALID_WINDOW_MS - MINUTE_MS) this.counted.delete(id);
  }
}

/** The earliest time at or after t that every constraint accepts. */
function settle(constraints: Constraint[], at: number): number {
  let t = at;
  for (;;) {
    let next = t;
    for (const c of constraints) next = c.earliest(next);
    if (next === t) return t;
    t = next;
  }
}
