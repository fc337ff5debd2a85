// Pacing for outbound platform calls, shared by every isolate and queue consumer through one Durable
// Object per bot token, or on Slack per workspace (see PaceKey.account, and pacer.ts):
//
//   const waits = await reserve(env, key, jobs.length, maxWaitMs);  // one pacer call for the whole batch
//   const receivedAt = Date.now();                                    // the waits count from here
//   // job i may be sent after waits[i] ms; a wait over maxWaitMs (at most RESERVE_HORIZON_MS) means
//   // "not held: send nothing for it, put it back on the queue with that delay"
//   if (await untilSlot(waits[i], receivedAt)) send(...); else reserve again (the slot was missed)
//   await observe(env, key, response.status, response.headers);  // after each answer
//
// `route` names the request: for Discord the method and path with its top-level id
// ("POST /channels/123/messages"), or the path with a placeholder ("POST /channels/{channel_id}/messages")
// to reserve slots for several channels at once (only the global limit applies then); for Slack the
// method, then the channel for chat.postMessage ("chat.postMessage C123", or "chat.postMessage").
//
// observe() only calls the pacer at once for answers that change what others may do now (any 429,
// a 401, an exhausted bucket, or many invalid answers); the rest ride along with the next reserve().
// Both throw if the pacer cannot be reached: then send nothing and retry later.
import type { Env } from "../env";
import type { Observation, PacedPlatform } from "./limiter";
import { heldAhead, LATE_SLOT_MS, MAX_SLOTS_PER_CALL, RESERVE_HORIZON_MS } from "./limits";
import type { Reservation } from "./pacer";

export { LATE_SLOT_MS, RESERVE_HORIZON_MS } from "./limits";
export { MAX_SLOTS_PER_CALL };

export interface PaceKey {
  platform: PacedPlatform;
  token: string;
  route: string;
  /**
   * For a route that stands for many channels, the channel's own ("POST /channels/123/messages",
   * "chat.postMessage C123"): its slots keep that channel's limit as well (Discord's bucket, Slack's one
   * post a second), and its answers teach it. Calls of one route share a reservation whatever their lane.
   */
  lane?: string;
  /**
   * Whose limits the calls count against, when not the token's own: Slack limits an app per workspace,
   * whichever token it issued there, so a reinstall's new token is paced with what the old one spent.
   */
  account?: string;
}

/** An answer kept for the pacer's next call: when it was heard, on this isolate's clock (see note). */
type Heard = Omit<Observation, "age"> & { heardAt: number; id: string };

/** This isolate's mark on its reports' ids, drawn at its first report. */
let reporter = "";
let reports = 0;
/**
 * A report's id, unique across isolates: a call that fails after the pacer applied its reports sends
 * them again with the next, and the pacer applies each id once.
 */
function reportId(): string {
  if (!reporter) reporter = [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${reporter}.${(++reports).toString(36)}`;
}

/** Answers waiting for the next call to the same pacer, per pacer name. */
const pending = new Map<string, Heard[]>();
/** Buffered observations per pacer before they are sent on their own. */
const PENDING_MAX = 20;
const names = new Map<string, string>();

/** The pacer's name: a hash of platform and account, or of platform and token, never the token itself. */
export async function pacerName({ platform, token, account }: Pick<PaceKey, "platform" | "token" | "account">): Promise<string> {
  const source = account === undefined ? `${platform}:${token}` : `${platform}:account:${account}`;
  let name = names.get(source);
  if (!name) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(source));
    name = `${platform}:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    names.set(source, name);
  }
  return name;
}

async function pacerFor(env: Env, key: PaceKey) {
  const name = await pacerName(key);
  return { name, stub: env.PACER.get(env.PACER.idFromName(name)) };
}

function takePending(name: string): Heard[] {
  const list = pending.get(name) ?? [];
  pending.delete(name);
  return list;
}

/** The answers as the pacer is told them now: each with how long ago it was heard, on this isolate's clock. */
const aged = (kept: Heard[]): Observation[] => {
  const now = Date.now();
  return kept.map(({ heardAt, ...o }) => ({ ...o, age: Math.max(0, now - heardAt) }));
};

/**
 * Reserves `count` slots on key.route in one pacer call; per slot, the ms to wait from the moment this
 * returns. The pacer counts its waits from when it answered, and the answer may take long to arrive
 * (a busy isolate, a far-away object): the waits are moved back by that time, so a slot keeps its place
 * however late the answer came, and a sender that can no longer make it knows it is late. A slot more
 * than `holdMs` ahead is not held, so that a sender that would not wait so long leaves no slot taken for
 * work it puts back on the queue; its wait (over `holdMs`) is left as it is.
 */
export async function reserve(
  env: Env,
  key: PaceKey,
  count: number,
  holdMs = RESERVE_HORIZON_MS,
  lanes: (string | undefined)[] = [],
): Promise<number[]> {
  if (!Number.isInteger(count) || count < 0 || count > MAX_SLOTS_PER_CALL)
    throw new RangeError(`count must be an integer from 0 to ${MAX_SLOTS_PER_CALL}`);
  if (count === 0) return [];
  const { name, stub } = await pacerFor(env, key);
  const observations = takePending(name);
  const sentAt = Date.now();
  let answer: Reservation;
  try {
    answer = await stub.reserve(key.platform, key.route, count, aged(observations), holdMs, lanes);
  } catch (error) {
    // Keep what was observed for the next attempt.
    pending.set(name, [...observations, ...(pending.get(name) ?? [])]);
    throw error;
  }
  const receivedAt = Date.now();
  // On one clock the pacer answered between sending and receiving; another machine's clock may differ a
  // little, so its time is taken within those bounds.
  const shift = Math.min(Math.max(answer.at, sentAt), receivedAt) - receivedAt;
  const held = heldAhead(holdMs);
  return answer.waits.map((wait) => (wait > held ? wait : wait + shift));
}

/** The headers of the 429 a limit told in an answer's body stands for (see Subrequests.limited). */
export const limitHeaders = (waitSeconds: number): Headers => new Headers({ "retry-after": String(waitSeconds) });

/** The rate-limit headers of an answer, lower-case. */
function rateHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of headers) if (name.startsWith("x-ratelimit-") || name === "retry-after") picked[name] = value;
  return picked;
}

const isInvalid = (platform: PacedPlatform, status: number) =>
  platform === "discord" && (status === 401 || status === 403 || status === 429);

/** Whether an answer changes what others may do now (any 429, a 401, an exhausted bucket): told at once. */
const isUrgent = (status: number, headers: Headers): boolean =>
  status === 429 || status === 401 || headers.get("x-ratelimit-remaining") === "0";

/**
 * Keeps one answer for the pacer's next call, never making a call of its own: what a batch heard beside
 * the answer it tells (see observe), so that every invalid answer is counted. Returns the pacer's name,
 * or undefined when the answer tells the pacer nothing.
 */
export async function note(key: PaceKey, status: number, headers: Headers): Promise<string | undefined> {
  const observation: Heard = {
    route: key.route,
    lane: key.lane,
    status,
    headers: rateHeaders(headers),
    heardAt: Date.now(),
    id: reportId(),
  };
  if (!isUrgent(status, headers) && !isInvalid(key.platform, status) && !observation.headers["x-ratelimit-bucket"]) return;
  const name = await pacerName(key);
  const list = pending.get(name) ?? [];
  list.push(observation);
  pending.set(name, list);
  // Bucket facts from ordinary answers only help later reservations: keep the newest few.
  if (list.length > PENDING_MAX * 5) {
    const oldest = list.findIndex((o) => o.status < 400);
    if (oldest >= 0) list.splice(oldest, 1);
  }
  return name;
}

/**
 * Reports one answer to the pacer (at once, or with the next reserve; see above). `charge` is called
 * just before a call to the pacer is made, so a caller counting its subrequests pays only for real
 * calls; if it throws, the observations wait for the next call.
 */
export async function observe(env: Env, key: PaceKey, status: number, headers: Headers, charge?: () => void): Promise<void> {
  const name = await note(key, status, headers);
  if (!name) return;
  const invalid = (pending.get(name) ?? []).filter((o) => isInvalid(key.platform, o.status)).length;
  if (isUrgent(status, headers) || invalid >= PENDING_MAX) await flush(env, key, charge);
}

/** Sends the pacer of `key` what was kept for it (see note) now, in one call; none when nothing was kept. */
export async function flush(env: Env, key: PaceKey, charge?: () => void): Promise<void> {
  const { name, stub } = await pacerFor(env, key);
  const observations = takePending(name);
  if (!observations.length) return;
  try {
    charge?.();
    await stub.observe(key.platform, aged(observations));
  } catch (error) {
    pending.set(name, [...observations, ...(pending.get(name) ?? [])]);
    throw error;
  }
}

/**
 * Sleeps until a slot: `wait` ms after `receivedAt`, the time reserve() returned (so never before the
 * pacer's own slot). False if the isolate woke up more than LATE_SLOT_MS after it: that request must
 * not be sent at this moment, or it would share a second with the slots after it; reserve again.
 */
export async function untilSlot(wait: number, receivedAt: number): Promise<boolean> {
  if (wait > RESERVE_HORIZON_MS) return false;
  // Slots fall between milliseconds, and the clock and timers count whole ones: waiting the fraction
  // rounded down could wake a moment before the slot.
  const left = Math.ceil(receivedAt + wait - Date.now());
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  return onTime(wait, receivedAt);
}

/** Whether a slot `wait` ms after `receivedAt` may still be used now (see untilSlot). */
export const onTime = (wait: number, receivedAt: number): boolean => Date.now() - (receivedAt + wait) <= LATE_SLOT_MS;
