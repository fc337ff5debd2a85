// The delivery core's timing and limits, shared by the planner and the consumer.
import type { PlatformName } from "../platform-name";

/** A claim older than this belongs to a worker that died; another may take over. */
export const LEASE_MS = 60_000;
/** After this many attempts across queue retries and sweeps, a delivery ends `failed` with its last error. */
export const MAX_DELIVERY_ATTEMPTS = 20;
/** wrangler.toml `max_retries`: Queues delivers a message once, then retries it at most this often. */
export const QUEUE_RETRIES_MAX = 8;
/**
 * A message's last delivery (`attempts` counts from 1): a retry asked for then would dead-letter it, so
 * the message is acked instead, and its row left to the sweep (or its edit ended).
 */
export const QUEUE_LAST_ATTEMPT = QUEUE_RETRIES_MAX + 1;
/**
 * The longest delay Queues takes for a retry (12 hours). A platform may ask for a longer wait (a
 * Cloudflare block's Retry-After); the message then comes back within the limit, finds its platform
 * still paused, and waits again.
 */
export const QUEUE_DELAY_MAX_S = 43_200;
/** A retry's delay as Queues takes it: whole seconds, at least one, at most QUEUE_DELAY_MAX_S. */
export const queueDelay = (seconds: number): number => Math.min(QUEUE_DELAY_MAX_S, Math.max(1, Math.ceil(seconds) || 1));
/** A pending row is queued again by the sweep this long after it was last planned or attempted. */
export const STALE_MS = 30 * 60_000;
/**
 * An edit still `queued` this long after it was queued, or last settled a retry or a give-back without a
 * pacing slot, has lost its queue message (dropped by the dead-letter queue while D1 was unreachable): the
 * sweep hands it back. Well past the usual longest wait between two of its settles (a retry's delay: a
 * 30-minute pause); an edit is idempotent, so one that was only slow, or waiting out a longer pause a
 * platform asked for, is at worst edited once more.
 */
export const EDIT_LOST_AFTER_MS = 2 * 60 * 60_000;

/** The reason recorded for a delivery or edit given back for leaving too late after its pacing slot. */
export const MISSED_SLOT = "missed its pacing slot";

/** The withdrawal reasons the bot records itself, which a withdrawn post's notice gives in the channel's language. */
export const WITHDRAWN_BY_REVIEWER = "withdrawn by a reviewer";
export const WITHDRAWN_BY_EDITOR = "withdrawn by the editor";

/**
 * A pending row waiting for its platform's shared token to change (it was refused) is parked: its due
 * time is set past any real time, so the sweep never reads it, and it costs no D1 row until the planner
 * wakes it, once the token is no longer the refused one (or, on Slack, its workspace installs the app).
 * One due time per platform, so waking one platform's rows never reads the other's.
 */
const PARKED_FROM = 2 ** 52;
const PARK_SLOTS: Record<PlatformName, number> = { discord: 0, slack: 1 };
export const parkedDueAt = (platform: PlatformName): number => PARKED_FROM + PARK_SLOTS[platform];
/**
 * Parked the same way, but waiting for the workspace to install the app again (its own token lacks a
 * scope the post needs): the planner's wake for a new shared token leaves these rows alone, and the
 * install makes them due.
 */
export const INSTALL_PARKED_DUE_AT = PARKED_FROM + 2;

/**
 * A workspace that installs the app has its parked deliveries made due at once, and again this long
 * after: a batch that looked up its token before the install may park one of them after that, and every
 * batch has written its outcomes within a lease.
 */
export const WAKE_AGAIN_S = (2 * LEASE_MS) / 1000;
