// Sending a batch of calls at their pacing slots. Each token's first call goes before that token's
// others, so a refused token or a 429 over the whole token is heard before the rest add more refused
// requests, whatever other platform or workspace came first in the batch; then the rest are reserved
// together and each leaves at its own slot, with at most CONNECTIONS calls open at once. The keys of a
// round are reserved at once, each key's calls leaving as soon as its own answer is in. A call that
// cannot leave within LATE_SLOT_MS of its slot (a stalled isolate, every connection busy, the pacer's
// answer slow to arrive) is not sent; a token whose first call missed its slot has not been heard, so
// its other calls wait with it. Those calls are reserved again once, the same way; what misses again
// is given back to come again a second later.
import type { Env } from "../env";
import { logError } from "../log";
import { onTime, type PaceKey, reserve, untilSlot } from "./index";

/** Workers keep at most 6 outbound connections open at once; a seventh would wait, and leave late. */
export const CONNECTIONS = 6;

/** Why a call was given back unsent: it goes back to its queue with that delay. */
export type GiveBack = { why: "unreachable" } | { why: "later"; waitMs: number } | { why: "late" } | { why: "budget" };

export interface PacedCall<T> {
  item: T;
  key: PaceKey;
  /**
   * Requests the call may make on the key's limits (1 when absent): a call that looks up an earlier
   * attempt before posting holds a slot for each request, and starts at the first.
   */
  slots?: number;
}

export interface PacedRun<T> {
  env: Env;
  /** Counts one pacer call; false when the invocation cannot afford it. */
  spend(): boolean;
  /** A wait longer than this is not spent inside the invocation: the call is given back. */
  maxWaitMs: number;
  send(item: T): Promise<unknown>;
  giveBack(item: T, reason: GiveBack): void;
  /**
   * What the invocation has left, and the most a call can spend once it leaves (its requests, a
   * fallback's slot). Calls that missed their slot get a second chance only when what is left covers
   * that for each of them, the second round's pacer calls and a report per pacing key of the batch:
   * what the batch counted for those calls is not spent on reserving them again. Without `left`, the
   * budget is not limited.
   */
  left?(): number;
  needs?(item: T): number;
}

/** A pacing key as one string, to group calls by it (kept in memory only: it holds the token). */
export const paceId = (key: PaceKey) => `${key.platform}|${key.token}|${key.route}`;
/** The token of a pacing key, whose first answer speaks for every call made with it. */
const tokenId = (key: PaceKey) => `${key.platform}|${key.token}`;

/**
 * The pacer calls a batch's calls can cost, counted as they are added: per pacing key a reservation and
 * one report of the answers, and for the key of a token's first call, once the token has a second call
 * on it, the reservation of those others (the first call is reserved alone, before them). A second
 * chance for calls that missed their slot is not counted: it is taken only on what is left beyond the
 * count (PacedRun.left), and without that the calls are given back.
 */
export class PacerCalls {
  private readonly keys = new Set<string>();
  /** Per token, the key of its first call. */
  private readonly firstKeys = new Map<string, string>();
  /** First keys whose second reservation is counted. */
  private readonly twice = new Set<string>();
  /** What one more call on `key` can add. */
  cost(key: PaceKey): number {
    const id = paceId(key);
    if (!this.keys.has(id)) return 2;
    return this.firstKeys.get(tokenId(key)) === id && !this.twice.has(id) ? 1 : 0;
  }
  add(key: PaceKey): void {
    const id = paceId(key);
    if (this.keys.has(id) && this.firstKeys.get(tokenId(key)) === id) this.twice.add(id);
    this.keys.add(id);
    if (!this.firstKeys.has(tokenId(key))) this.firstKeys.set(tokenId(key), id);
  }
}

/** At most `size` holders at once; the rest wait in order. */
class Gate {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}
  async enter(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * One round: a reservation per key, all at once, and each key's calls at their slots as soon as its own
 * answer is in (waiting for every answer first would make the first keys' slots pass meanwhile). The
 * budget is spent in the calls' order. Returns the calls that missed their slot.
 */
async function round<T>(calls: PacedCall<T>[], run: PacedRun<T>, gate: Gate): Promise<PacedCall<T>[]> {
  const groups = new Map<string, PacedCall<T>[]>();
  for (const call of calls) {
    const id = paceId(call.key);
    groups.set(id, [...(groups.get(id) ?? []), call]);
  }
  const missed: PacedCall<T>[] = [];
  const sendAtSlot = async (call: PacedCall<T>, wait: number, receivedAt: number) => {
    if (!(await untilSlot(wait, receivedAt))) {
      missed.push(call);
      return;
    }
    await gate.enter();
    try {
      if (onTime(wait, receivedAt)) await run.send(call.item);
      else missed.push(call);
    } finally {
      gate.leave();
    }
  };
  const reserveAndSend = async (calls: PacedCall<T>[]) => {
    const group = channelsTakeTurns(calls);
    const key = (group[0] as PacedCall<T>).key;
    if (!run.spend()) {
      for (const call of group) run.giveBack(call.item, { why: "budget" });
      return;
    }
    let waits: number[];
    try {
      // A call starts at its first slot: that one keeps its channel's limit.
      const lanes = group.flatMap((call) => [call.key.lane, ...Array<undefined>((call.slots ?? 1) - 1).fill(undefined)]);
      waits = await reserve(run.env, key, lanes.length, run.maxWaitMs, lanes);
    } catch (error) {
      // Sending without the shared budget could break the platform's limit for every other sender.
      logError("pacing.reserve", error, { platform: key.platform });
      for (const call of group) run.giveBack(call.item, { why: "unreachable" });
      return;
    }
    const receivedAt = Date.now();
    const sends: Promise<void>[] = [];
    let next = 0;
    for (const call of group) {
      const held = waits.slice(next, next + (call.slots ?? 1));
      next += held.length;
      const last = Math.max(...held);
      if (last > run.maxWaitMs) run.giveBack(call.item, { why: "later", waitMs: last });
      else sends.push(sendAtSlot(call, held[0] ?? 0, receivedAt));
    }
    await Promise.all(sends);
  };
  // Each group spends its pacer call before its first await, so in the calls' order.
  await Promise.all([...groups.values()].map(reserveAndSend));
  return missed;
}

/**
 * The calls of one reservation with each channel's first call first, then each one's second, and so on:
 * slots are handed out in order, and a channel's second post waiting for its limit would otherwise hold
 * back every call after it.
 */
function channelsTakeTurns<T>(calls: PacedCall<T>[]): PacedCall<T>[] {
  const seen = new Map<string, number>();
  const turns = calls.map((call) => {
    const lane = call.key.lane;
    if (!lane) return 0;
    const turn = seen.get(lane) ?? 0;
    seen.set(lane, turn + 1);
    return turn;
  });
  return calls
    .map((call, i) => ({ call, turn: turns[i] as number }))
    .sort((a, b) => a.turn - b.turn)
    .map((c) => c.call);
}

/**
 * A slot for one request a call did not hold one for (a second try decided on its first answer): reserved
 * on its own and waited for. False, with nothing sent, when the pacer cannot be afforded or reached, the
 * slot is more than `maxWaitMs` away, or it was missed.
 */
export async function oneMoreSlot(env: Env, key: PaceKey, spend: () => boolean, maxWaitMs: number): Promise<boolean> {
  const wait = await reserveOne(env, key, spend, maxWaitMs);
  if (wait === undefined) return false;
  const receivedAt = Date.now();
  return wait <= maxWaitMs && untilSlot(wait, receivedAt);
}

/**
 * One slot's wait, reserved held for up to `holdMs`; undefined when the pacer cannot be afforded or reached.
 * The slot keeps the key's channel lane, as a batch's first slot of a call does: a batch may have just
 * spent that channel's window.
 */
async function reserveOne(env: Env, key: PaceKey, spend: () => boolean, holdMs: number): Promise<number | undefined> {
  if (!spend()) return undefined;
  try {
    const [wait = 0] = await reserve(env, key, 1, holdMs, [key.lane]);
    return wait;
  } catch (error) {
    logError("pacing.reserve", error, { platform: key.platform });
    return undefined;
  }
}

/**
 * A turn on a route whose slots lie far apart (Slack's history reads, one a minute): 0 when one is free
 * now, taken (go at once: a request a few ms after it still keeps such a limit), else the ms until the
 * next, none held; undefined when the pacer cannot be afforded or reached.
 */
export async function turnNow(env: Env, key: PaceKey, spend: () => boolean): Promise<number | undefined> {
  const wait = await reserveOne(env, key, spend, 0);
  return wait === undefined ? undefined : Math.max(0, wait);
}

/** Each token's first call among `calls`. */
function firstOfEachToken<T>(calls: PacedCall<T>[]): Set<PacedCall<T>> {
  const firsts = new Map<string, PacedCall<T>>();
  for (const call of calls) if (!firsts.has(tokenId(call.key))) firsts.set(tokenId(call.key), call);
  return new Set(firsts.values());
}

/**
 * Sends the calls at their slots (see above). Calls that missed their slot are reserved again once
 * (`chances`: 2) when what the invocation has left pays for it (PacedRun.left); those that miss again,
 * or cannot be paid for, are given back.
 */
export async function sendPaced<T>(calls: PacedCall<T>[], run: PacedRun<T>, { chances = 2 } = {}): Promise<void> {
  const gate = new Gate(CONNECTIONS);
  // Each token's first call, at once (they speak for different tokens), then the rest.
  const first = firstOfEachToken(calls);
  const missedFirst = await round([...first], run, gate);
  const unheard = new Set(missedFirst.map((call) => tokenId(call.key)));
  const others = calls.filter((call) => !first.has(call));
  const rest = others.filter((call) => !unheard.has(tokenId(call.key)));
  const missed = rest.length ? await round(rest, run, gate) : [];
  const withUnheard = others.filter((call) => unheard.has(tokenId(call.key)));
  const late = [...missedFirst, ...withUnheard, ...missed];
  if (late.length && chances > 1 && affordsAgain(late, calls, run)) return sendPaced(late, run, { chances: chances - 1 });
  for (const call of late) run.giveBack(call.item, { why: "late" });
}

/** Whether the invocation can pay for a second round of the `late` calls of the batch `calls` (see PacedRun.left). */
function affordsAgain<T>(late: PacedCall<T>[], calls: PacedCall<T>[], run: PacedRun<T>): boolean {
  if (!run.left) return true;
  const keys = (list: PacedCall<T>[]) => new Set(list.map((call) => paceId(call.key))).size;
  // As the round makes them: per token its first call alone, then one per key of the others; then the
  // reports of the whole batch.
  const first = firstOfEachToken(late);
  const others = late.filter((call) => !first.has(call));
  const pacerCalls = first.size + keys(others) + keys(calls);
  const sends = late.reduce((sum, call) => sum + (run.needs?.(call.item) ?? 1), 0);
  return run.left() >= pacerCalls + sends;
}
