// Every SQL statement of the delivery core, against D1 (binding DB). Schema: migrations/0002_delivery.sql.
// Each state change of a delivery names the states it comes from, so a late or duplicate worker never
// overwrites a final state. Statements that touch many rows take them as one JSON parameter, so an
// invocation's query count does not grow with its batch.
import type { Locale } from "../i18n/locale";
import { logError } from "../log";
import { sha256Hex } from "../platform-kit";
import { type PlatformName, UNINSTALLED } from "../platform-name";
import type { Reply } from "../reply";
import type { AmendJob, DeliveryJob } from "./jobs";
import { INSTALL_PARKED_DUE_AT, LEASE_MS, parkedDueAt } from "./policy";
import {
  FOLLOWING,
  PENDING,
  pendingOf,
  publishedAt,
  type Subscription,
  type SubscriptionRow,
  Subscriptions,
  type Topic,
  toSubscription,
  WAITING_FOR_TOKEN,
} from "./subscriptions";

export {
  FOLLOWING,
  type SubscribeChange,
  type Subscription,
  type Topic,
  WAITING_FOR_INSTALL,
  WAITING_FOR_TOKEN,
} from "./subscriptions";

/**
 * What came of an edit: ended, waiting in the queue (`queued`), parked for a new token or an install (its
 * reason given), or `unqueued`: handed back to the planner, whose next tick queues it again.
 */
export interface AmendEnd {
  job: AmendJob;
  to: "done" | "failed" | "queued" | "parked" | "unqueued";
  reason: string | null;
}

/** What platform_state keeps of a refused token: a short hash, never the token. */
export const tokenHash = async (token: string): Promise<string> => (await sha256Hex(token)).slice(0, 16);

/**
 * Whether the platform stays stopped: its shared token was refused and is still the one deployed (`hash`,
 * the deployed token's). The planner's wake asks the same of platform_state in SQL.
 */
export const stillRefused = (state: Pick<PlatformState, "authError" | "tokenHash">, hash: string): boolean =>
  state.authError !== null && state.tokenHash === hash;

export interface PlatformState {
  pausedUntil: number;
  /** Why sending is paused (a global 429, odd answers that persist). */
  pauseReason?: string | null;
  authError: string | null;
  tokenHash: string | null;
}

/**
 * What one batch changed in a platform's state, written as such: batches run side by side, and writing
 * the whole state a batch read would undo what another recorded meanwhile (a refusal lost to a pause).
 */
export interface PlatformChange {
  /** Paused until then at least: a longer pause recorded meanwhile stays, with its reason. */
  pause?: { until: number; reason: string };
  /** The shared token refused: why, and its hash (null: no token configured). */
  refusal?: { reason: string; tokenHash: string | null };
  /** A refusal of another token no longer holds: cleared only while the refused token is still this one. */
  cleared?: { tokenHash: string | null };
}

/** A frozen message: what every subscriber of its topic receives, rendered once per locale. */
export interface FrozenMessage {
  key: string;
  topic: Topic;
  replies: Partial<Record<Locale, Reply>>;
  publishedAt: number;
}

export type DeliveryState = "queued" | "claimed" | "sent" | "dropped" | "failed";

export type Claim =
  | { claimed: true; attempts: number; lastAttemptAt: number | null }
  | { claimed: false; state: DeliveryState | "missing" };

/** A delivery with what the consumer needs to decide on it, read in one query for a whole batch. */
export interface PendingDelivery {
  message: string;
  subscriptionId: number;
  state: DeliveryState;
  claimedAt: number | null;
  firstAttemptAt: number | null;
  attempts: number;
  /** Where the last look for an earlier attempt's post stopped (Lookup.from), if it stopped part way. */
  lookFrom: string | null;
  /** Alerts were turned off while it may have posted: only looked for, never posted (see unsubscribe). */
  lookOnly: boolean;
  /** An earlier attempt may have posted (the column `unsure`: 1 when its answer was lost, 2 when only a server error answered). */
  unsure: boolean;
  /** The doubt is only a server error's answer (unsure = 2); see Outcome's `serverError`. */
  afterServerError: boolean;
  subscription: Subscription;
  /** Null when the message is not (yet) frozen in D1. */
  replies: Partial<Record<Locale, Reply>> | null;
  withdrawn: string | null;
  /**
   * For a channel that follows the announcement channel: that channel's delivery of the same item, whose
   * crosspost the follow may bring (`at`: the earliest it can have been published, once sent); null when
   * there is none, or the channel does not follow.
   */
  announced: { state: DeliveryState; unsure: boolean; at: number | null } | null;
  /** The message's delivery to the announcement channel, when planned (its subscription id, `announced_by`). */
  announcedBy: number | null;
}

/** The announcement channel's delivery of an item, as load reads it (a JSON object). */
function toAnnounced(json: string): PendingDelivery["announced"] {
  const a = JSON.parse(json) as { state: DeliveryState; unsure: number; at: number | null };
  return { state: a.state, unsure: a.unsure > 0, at: a.at };
}

/** A delivered post of a withdrawn message, to be edited to say so. */
export interface PendingAmend {
  message: string;
  subscriptionId: number;
  messageId: string | null;
  amendState: "queued" | "done" | "failed" | null;
  subscription: Subscription;
  replies: Partial<Record<Locale, Reply>>;
  /** Why the message was withdrawn. */
  reason: string;
  /** Its platform's state, as recorded (a pause, a refused shared token): the same for every edit of the platform. */
  platformState: PlatformState;
}

export interface PlanningMessage {
  key: string;
  topic: Topic;
  plannedThrough: number;
  /** Its followers' cursor (the announcement channel's delivery ended without a crosspost), not its subscribers'. */
  followers?: boolean;
}

/** One row's end of an attempt, written with the others of its batch in a few statements. */
export type Settle =
  /** `at`: its `sent_at` (the batch's time when absent): in announcement mode, the earliest it can have reached followers. */
  | {
      job: DeliveryJob;
      to: "sent";
      messageId: string | null;
      at?: number;
      before?: boolean;
      /** The announcement channel's delivery of its message, posted but not published to followers: they are planned. */
      unpublished?: boolean;
    }
  /** `untried`: given back before any request was made (no pacing slot, platform paused): the claim's attempt is undone. */
  | {
      job: DeliveryJob;
      to: "queued";
      reason: string;
      unsure: boolean;
      /** With `unsure`: only a server error answered (written as unsure = 2). */
      afterServerError?: boolean;
      dueAt: number;
      untried?: boolean;
      /** Where the look for an earlier post stopped (Lookup.from); none: the next look starts from the newest. */
      lookFrom?: string | null;
      /**
       * A request that may have published it to followers left then: kept in `sent_at` (the earliest
       * such), so that once Discord says an earlier attempt published it (`before`), it counts from then.
       */
      publishedFrom?: number;
      /**
       * Given back before this batch claimed it (parked while the platform's token is refused), as it was
       * loaded: only its due time and error are written (and an expired claim is queued, its doubt kept),
       * and only while the row is still so (no worker has claimed it since), so what another worker
       * recorded meanwhile, a doubt above all, stands.
       */
      unclaimed?: AsLoaded;
      /** The post made, whose crosspost is still to go (see Outcome's retry): kept in `message_id` from now on. */
      messageId?: string;
    }
  /**
   * `messageId`: as for `queued`; a post kept so is edited when its message is withdrawn (see POSTED).
   * `unclaimed`: decided before this batch claimed it, as it was loaded: ended only while the row is still
   * so, since a worker may have claimed it since, posted and lost the answer, and that doubt must stand.
   */
  | { job: DeliveryJob; to: "dropped" | "failed"; reason: string; messageId?: string; unclaimed?: AsLoaded };

/** A row as a batch loaded it: what a change decided before the claim requires it still to be. */
export type AsLoaded = { state: DeliveryState; claimedAt: number | null; attempts: number };

/** A settle's `unclaimed` in its statement's JSON: `k` whether it was decided before the claim, then the row as loaded. */
const asLoadedFields = (s: { unclaimed?: AsLoaded }) => ({
  k: s.unclaimed ? 1 : 0,
  ls: s.unclaimed?.state ?? null,
  lc: s.unclaimed?.claimedAt ?? null,
  la: s.unclaimed?.attempts ?? null,
});

/** The row still as a settle decided before the claim loaded it (see asLoadedFields): no worker has claimed it since. */
const STILL_AS_LOADED = `deliveries.state = json_extract(j.value, '$.ls') AND deliveries.claimed_at IS json_extract(j.value, '$.lc')
                   AND deliveries.attempts = json_extract(j.value, '$.la')`;

const jobsJson = (jobs: readonly { message: string; subscriptionId: number }[]) =>
  JSON.stringify(jobs.map((j) => ({ m: j.message, s: j.subscriptionId })));

/** Rows of a JSON array of {m, s, ...}: `WHERE (message_key, subscription_id) IN (<this>)`. */
const JOB_ROWS = "SELECT json_extract(value, '$.m'), json_extract(value, '$.s') FROM json_each(?1)";

/**
 * SQL: what a channel's alerts stopping (its channel gone or closed to the bot, the app removed) does to
 * its pending deliveries, `reason` the SQL of why. Queued ones are dropped. One a worker holds now is
 * marked look_only, as turning alerts off marks it: should it come back unsent (a rate limit, a server
 * error) after alerts were turned on again, it is only looked for, never posted, since what is published
 * before alerts are turned on again never comes; it finishes as it would have otherwise.
 */
const DROP_QUEUED_HOLD_CLAIMED = (reason: string) =>
  `state = CASE WHEN state = 'queued' THEN 'dropped' ELSE state END,
   error = CASE WHEN state = 'queued' THEN ${reason} ELSE error END,
   look_only = CASE WHEN state = 'claimed' THEN 1 ELSE look_only END`;

/**
 * The deliveries a withdrawal drops: queued ones that surely never posted. A claimed one ends as its
 * attempt does; one whose earlier attempt may have posted (unsure) is looked for first by the consumer,
 * recorded `sent` if it is there (and then edited like every post) and dropped if it is not.
 */
export const DROPPED_ON_WITHDRAWAL = "state = 'queued' AND unsure = 0";

/**
 * The deliveries whose post a withdrawal edits: those recorded `sent`, and those that ended otherwise after
 * their post was made (Discord refused the announcement channel's crosspost to the last attempt): the
 * post is in the channel all the same. A trigger (migration 0017) makes the message amending again when
 * one of these ends after the withdrawal.
 */
const POSTED = "state IN ('sent', 'failed', 'dropped') AND message_id IS NOT NULL";

/**
 * What planning one chunk came to: the jobs to queue, the cursor's next place (null once the last chunk is
 * planned), and whether this plan moved it (another may have planned the chunk first).
 */
export interface PlannedChunk {
  jobs: DeliveryJob[];
  next: number | null;
  advanced: boolean;
}

const PLATFORM_STATE_COLUMNS = "paused_until, pause_reason, auth_error, token_hash";
type PlatformStateRow = {
  paused_until: number;
  pause_reason: string | null;
  auth_error: string | null;
  token_hash: string | null;
};
/** A platform_state row as a PlatformState; a platform without a row is neither paused nor refused. */
const toPlatformState = (row: PlatformStateRow | null | undefined): PlatformState => ({
  pausedUntil: row?.paused_until ?? 0,
  pauseReason: row?.pause_reason ?? null,
  authError: row?.auth_error ?? null,
  tokenHash: row?.token_hash ?? null,
});

export class DeliveryStore extends Subscriptions {
  /** Stops a subscription whose channel is gone; its pending deliveries are dropped with the reason. */
  async disable(subscriptionId: number, reason: string, now: number): Promise<void> {
    await this.db.batch(this.disableStatements([{ id: subscriptionId, reason }], now));
  }

  /**
   * Stops every active subscription of a workspace (the app was removed there at `asOf`, ms) with the
   * reason; what was planned for them and not delivered is dropped with it. Alerts turned on after
   * `asOf` (the app added back before a late copy of the event) stay on. Returns how many were stopped.
   */
  async stopWorkspace(platform: PlatformName, workspaceId: string, reason: string, now: number, asOf = now): Promise<number> {
    return this.stop({ platform, workspaceId }, reason, now, asOf);
  }

  /**
   * The same for one channel's subscription, made in `workspaceId` (the app was removed from the channel
   * there). Whether it stopped one.
   */
  async stopChannel(
    platform: PlatformName,
    workspaceId: string,
    channelId: string,
    reason: string,
    now: number,
    asOf = now,
  ): Promise<boolean> {
    return (await this.stop({ platform, workspaceId, channelId }, reason, now, asOf)) > 0;
  }

  private async stop(
    where: { platform: PlatformName; workspaceId: string; channelId?: string },
    reason: string,
    now: number,
    asOf: number,
  ): Promise<number> {
    // A workspace's subscriptions are found through its index, one channel by its own key (platform,
    // channel_id): its workspace is only checked (`+` keeps SQLite from choosing the workspace's index
    // instead, and reading every channel of that workspace). ?4 is the channel, or null for the workspace.
    const which =
      where.channelId === undefined
        ? "platform = ?2 AND workspace_id = ?3 AND ?4 IS NULL"
        : "platform = ?2 AND channel_id = ?4 AND +workspace_id = ?3";
    const keys = [reason, where.platform, where.workspaceId, where.channelId ?? null];
    const [off] = await this.db.batch([
      this.db
        .prepare(
          `UPDATE subscriptions SET active = 0, disabled_reason = ?1, disabled_at = ?5
           WHERE ${which} AND active = 1 AND subscribed_at <= ?6 RETURNING id`,
        )
        .bind(...keys, now, asOf),
      // By the ledger's key (pendingOf): `state = 'queued'` alone reads the whole ledger, every delivery
      // ever made to every channel.
      this.db
        .prepare(
          `UPDATE deliveries SET ${DROP_QUEUED_HOLD_CLAIMED("?1")}
           WHERE ${pendingOf(`IN (SELECT id FROM subscriptions WHERE ${which} AND active = 0 AND disabled_reason = ?1)`)}`,
        )
        .bind(...keys),
    ]);
    return off?.results.length ?? 0;
  }

  /**
   * Turns back on a workspace's subscriptions that were stopped with a reason starting with `prefix`
   * (the app was installed there again). Like turning alerts on again, they get what is published from
   * now on. Returns how many.
   */
  async restoreWorkspace(platform: PlatformName, workspaceId: string, prefix: string, now: number): Promise<number> {
    const result = await this.restoreWorkspaceStatement(platform, workspaceId, prefix, now).run();
    return result.meta.changes;
  }

  /** restoreWorkspace's statement, to run in one batch with what installs the app again. */
  restoreWorkspaceStatement(platform: PlatformName, workspaceId: string, prefix: string, now: number): D1PreparedStatement {
    return this.db
      .prepare(
        `UPDATE subscriptions SET active = 1, disabled_reason = NULL, disabled_at = NULL, subscribed_at = ?1
         WHERE platform = ?2 AND workspace_id = ?3 AND active = 0 AND substr(disabled_reason, 1, ?4) = ?5`,
      )
      .bind(now, platform, workspaceId, prefix.length, prefix);
  }

  /**
   * The workspace's deliveries parked on the platform's refused shared token, or on its own token's
   * missing scope, are made due: it now has a token of its own, with the scopes the app asks for (the
   * app installed there). Reads parked rows only.
   */
  wakeWorkspaceStatement(platform: PlatformName, workspaceId: string, now: number): D1PreparedStatement {
    return this.db
      .prepare(
        `UPDATE deliveries SET due_at = ?1 WHERE rowid IN (
           SELECT d.rowid FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
           WHERE d.state IN ${PENDING} AND d.due_at IN (?2, ?5) AND s.platform = ?3 AND s.workspace_id = ?4)`,
      )
      .bind(now, parkedDueAt(platform), platform, workspaceId, INSTALL_PARKED_DUE_AT);
  }

  private disableStatements(subs: readonly { id: number; reason: string }[], now: number): D1PreparedStatement[] {
    const json = JSON.stringify(subs.map((s) => ({ id: s.id, r: s.reason })));
    // A subscription named twice (two posts to one channel failing in one batch) takes its last reason,
    // and so do its deliveries.
    const reasonOf = (id: string) =>
      `(SELECT json_extract(value, '$.r') FROM json_each(?1) WHERE json_extract(value, '$.id') = ${id} ORDER BY key DESC LIMIT 1)`;
    const ids = "IN (SELECT json_extract(value, '$.id') FROM json_each(?1))";
    return [
      this.db
        .prepare(
          `UPDATE subscriptions SET active = 0, disabled_reason = ${reasonOf("subscriptions.id")}, disabled_at = ?2
           WHERE subscriptions.id ${ids} AND subscriptions.active = 1
             AND subscriptions.subscribed_at <= ?2`,
        )
        .bind(json, now),
      // A subscription turned on again after `now` (alerts:on, or the app installed anew) was answered
      // about before that: it stays on, and so does what was planned for it since. Found by the ledger's
      // key (pendingOf).
      this.db
        .prepare(
          `UPDATE deliveries SET ${DROP_QUEUED_HOLD_CLAIMED(reasonOf("deliveries.subscription_id"))}
           WHERE ${pendingOf(ids)}
             AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = deliveries.subscription_id AND s.active = 0)`,
        )
        .bind(json),
    ];
  }

  // --- messages ---

  /** Freezes a message for delivery; false when one with this key already exists (publishing is idempotent). */
  async publish(message: FrozenMessage, extra: D1PreparedStatement[] = []): Promise<boolean> {
    const [inserted] = await this.db.batch([
      this.db
        .prepare(
          `INSERT OR IGNORE INTO messages (key, topic, body, published_at, planned_through) VALUES (?1, ?2, ?3, ?4, 0)
           RETURNING key`,
        )
        .bind(message.key, message.topic, JSON.stringify({ replies: message.replies }), message.publishedAt),
      ...extra,
    ]);
    return (inserted?.results.length ?? 0) > 0;
  }

  /**
   * Withdraws a message: nothing more is planned, deliveries that surely never posted are dropped (see
   * DROPPED_ON_WITHDRAWAL), the act is recorded, and the posts already made are to be edited to say so
   * (the planner queues those edits).
   */
  async withdraw(key: string, reason: string, now: number, extra: D1PreparedStatement[] = []): Promise<boolean> {
    const [changed] = await this.db.batch([
      this.db
        .prepare(
          `UPDATE messages SET withdrawn_at = ?2, withdrawn_reason = ?3, planned_through = NULL, followers_through = NULL, amending = 1
           WHERE key = ?1 AND withdrawn_at IS NULL RETURNING key`,
        )
        .bind(key, now, reason),
      this.db
        .prepare(`UPDATE deliveries SET state = 'dropped', error = ?2 WHERE message_key = ?1 AND ${DROPPED_ON_WITHDRAWAL}`)
        .bind(key, `withdrawn: ${reason}`),
      ...extra,
    ]);
    return (changed?.results.length ?? 0) > 0;
  }

  prepare(sql: string): D1PreparedStatement {
    return this.db.prepare(sql);
  }

  // --- planning ---

  /**
   * Messages whose deliveries are still being planned, and withdrawn ones whose edits are still being
   * queued, up to `limit` of each, whatever the number of the other kind: one statement through one
   * partial index, so an idle tick reads none (a busy one, the few messages pending). Newest first: a
   * message just published goes out at the next tick even behind a backlog (the seed's first run
   * publishes every item of the data at once); older ones follow on later ticks. A message whose
   * followers are to be planned (see planFollowers) is planned from their cursor once its subscribers' is
   * done.
   */
  async planning(limit: number): Promise<{ planning: PlanningMessage[]; amending: string[] }> {
    // Every pending message (a few: the partial index holds no other), newest first, each kind then taken
    // on its own, so that a backlog of one kind never hides the other.
    const { results } = await this.db
      .prepare(
        `SELECT key, topic, planned_through, followers_through, amending FROM messages
         WHERE planned_through IS NOT NULL OR amending = 1 OR followers_through IS NOT NULL
         ORDER BY published_at DESC, key`,
      )
      .all<{ key: string; topic: Topic; planned_through: number | null; followers_through: number | null; amending: number }>();
    // A withdrawn message is no longer planned (its cursors are cleared), so each row is one or the other.
    const planning = results.filter((r) => r.planned_through !== null || r.followers_through !== null).slice(0, limit);
    return {
      planning: planning.map((r) =>
        r.planned_through !== null
          ? { key: r.key, topic: r.topic, plannedThrough: r.planned_through }
          : { key: r.key, topic: r.topic, plannedThrough: r.followers_through as number, followers: true },
      ),
      amending: results
        .filter((r) => r.amending === 1 && r.planned_through === null && r.followers_through === null)
        .slice(0, limit)
        .map((r) => r.key),
    };
  }

  /**
   * Plans the next chunk of a message's deliveries: one ledger row per active subscription of its topic
   * that predates it, in id order after the cursor. Returns the rows this call created and whether this
   * call moved the cursor (overlapping planners never create a row twice, and only one moves on; `next`
   * is where the next call starts, that of the followers once the subscribers are done).
   * The announcement channel's own delivery (`announcementChannel`, "" when none is set), once planned, is
   * recorded on the message (`announced_by`): should it end without a crosspost, its followers are planned
   * then (the trigger of migration 0016). Should the subscribers be done without one (its alerts were off
   * when its turn came, turned on again since the item was published, or no channel is set), nothing is
   * crossposted and the follow brings nothing: the followers are planned next (see planFollowers), and
   * the consumer posts to them itself. Whether it gets one is known only then: a chunk's view of its
   * alerts would leave out the followers of earlier chunks, were they turned off or on in between.
   */
  async planChunk(
    key: string,
    topic: Topic,
    after: number,
    size: number,
    now: number,
    dueAt: number,
    announcementChannel = "",
  ): Promise<PlannedChunk> {
    const chunk = "SELECT id FROM subscriptions WHERE topic = ?6 AND active = 1 AND id > ?2 ORDER BY id LIMIT ?3";
    const announced = `COALESCE(announced_by, (SELECT d.subscription_id FROM subscriptions a
      JOIN deliveries d ON d.message_key = ?1 AND d.subscription_id = a.id
      WHERE a.platform = 'discord' AND a.channel_id = ?7 AND a.topic = ?6))`;
    // Only when a channel follows (one row of the partial index read; its condition written out, so that it applies).
    const unannounced = `(SELECT COUNT(*) < ?3 FROM (${chunk})) AND ${announced} IS NULL AND EXISTS (
      SELECT 1 FROM subscriptions INDEXED BY subscriptions_following WHERE topic = ?6 AND disabled_reason = '${FOLLOWING}')`;
    const [inserted, cursor] = await this.db.batch<{
      subscription_id?: number;
      planned_through?: number | null;
      followers_through?: number | null;
    }>([
      this.planRows("planned_through", chunk).bind(key, after, size, now, dueAt, topic),
      // Each SET expression reads the row as it was, so the followers' cursor asks for the delivery itself.
      this.db
        .prepare(
          `UPDATE messages SET planned_through = (SELECT CASE WHEN COUNT(*) < ?3 THEN NULL ELSE MAX(id) END FROM (${chunk})),
             announced_by = ${announced},
             followers_through = CASE WHEN followers_through IS NULL AND ${unannounced} THEN 0 ELSE followers_through END
           WHERE key = ?1 AND planned_through = ?2 AND withdrawn_at IS NULL RETURNING planned_through, followers_through`,
        )
        .bind(key, after, size, now, dueAt, topic, announcementChannel),
    ]);
    const jobs = (inserted?.results ?? []).map((r) => ({ message: key, subscriptionId: r.subscription_id as number }));
    const moved = cursor?.results[0];
    return { jobs, next: moved?.planned_through ?? moved?.followers_through ?? null, advanced: moved !== undefined };
  }

  /**
   * Plans the next chunk of a message's followers: one ledger row per channel that follows the
   * announcement channel and predates the message, in id order after the followers' cursor. Only once
   * the announcement channel's delivery of it has ended without a crosspost (the trigger of migration
   * 0016 starts the cursor), so the follow brings nothing: the consumer posts to them itself. A follower
   * planned already (its own alerts were on, or planChunk took it) keeps its row. As planChunk returns.
   */
  async planFollowers(key: string, topic: Topic, after: number, size: number, now: number, dueAt: number): Promise<PlannedChunk> {
    const chunk = `SELECT id FROM subscriptions INDEXED BY subscriptions_following
      WHERE topic = ?6 AND disabled_reason = '${FOLLOWING}' AND id > ?2 ORDER BY id LIMIT ?3`;
    const [inserted, cursor] = await this.db.batch<{ subscription_id?: number; followers_through?: number | null }>([
      this.planRows("followers_through", chunk).bind(key, after, size, now, dueAt, topic),
      this.db
        .prepare(
          `UPDATE messages SET followers_through = (SELECT CASE WHEN COUNT(*) < ?3 THEN NULL ELSE MAX(id) END FROM (${chunk}))
           WHERE key = ?1 AND followers_through = ?2 AND withdrawn_at IS NULL RETURNING followers_through`,
        )
        .bind(key, after, size, now, dueAt, topic),
    ]);
    const jobs = (inserted?.results ?? []).map((r) => ({ message: key, subscriptionId: r.subscription_id as number }));
    const moved = cursor?.results[0];
    return { jobs, next: moved?.followers_through ?? null, advanced: moved !== undefined };
  }

  /**
   * The ledger rows of one chunk (?1 the message, ?2 the cursor it is planned from, ?4 and ?5 planned and
   * due times; `chunk` selects the subscriptions): one per subscription that predates the message, while
   * the message is not withdrawn and its `cursor` is still where this plan started.
   */
  private planRows(cursor: "planned_through" | "followers_through", chunk: string): D1PreparedStatement {
    return this.db.prepare(
      `INSERT OR IGNORE INTO deliveries (message_key, subscription_id, state, planned_at, due_at)
       SELECT ?1, s.id, 'queued', ?4, ?5 FROM subscriptions s, messages m
       WHERE m.key = ?1 AND m.withdrawn_at IS NULL AND m.${cursor} = ?2
         AND s.id IN (${chunk}) AND s.subscribed_at < m.published_at
       RETURNING subscription_id`,
    );
  }

  /**
   * Pending deliveries past their due time (their queue message may be lost, or they waited out a pause):
   * due again later, and returned to be queued. Rows out of attempts end `failed`. First, in the same
   * batch, the rows parked on each platform in `wake` are made due, unless its shared token is still the
   * one refused (`tokenHash`, the current token's). Reads through the partial index on due_at only, and a
   * platform's parked rows only when it wakes them. Edits still queued since before `staleEditsBefore`
   * have lost their queue message: they are handed back (their message amending again), for the next
   * tick to queue, through the partial index on amend_queued_at.
   */
  async sweep(
    now: number,
    leaseMs: number,
    maxAttempts: number,
    nextDue: number,
    limit: number,
    wake: readonly { platform: PlatformName; tokenHash: string }[] = [],
    staleEditsBefore = 0,
  ): Promise<DeliveryJob[]> {
    const due = `SELECT rowid FROM deliveries WHERE state IN ${PENDING} AND due_at < ?1 LIMIT ?2`;
    const live = "(state = 'queued' OR claimed_at < ?3)";
    const stale = "SELECT rowid FROM deliveries WHERE amend_state = 'queued' AND amend_queued_at < ?1 LIMIT ?2";
    const results = await this.db.batch<{ message_key: string; subscription_id: number }>([
      // Their messages are made amending by a trigger (migration 0013).
      this.db
        .prepare(`UPDATE deliveries SET amend_state = NULL, amend_error = NULL WHERE rowid IN (${stale})`)
        .bind(staleEditsBefore, limit),
      // Only the due times of platforms whose token is not the refused one are sought in the index: a
      // test beside it would be made on every parked row it scanned.
      ...(wake.length
        ? [
            this.db
              .prepare(
                `UPDATE deliveries SET due_at = ?1 WHERE rowid IN (
                   SELECT rowid FROM deliveries WHERE state IN ${PENDING} AND due_at IN (
                     SELECT json_extract(j.value, '$.d') FROM json_each(?2) j WHERE NOT EXISTS (
                       SELECT 1 FROM platform_state WHERE platform = json_extract(j.value, '$.p')
                         AND auth_error IS NOT NULL AND token_hash IS json_extract(j.value, '$.h')))
                   LIMIT ?3)`,
              )
              .bind(
                now - 1,
                JSON.stringify(wake.map((w) => ({ p: w.platform, h: w.tokenHash, d: parkedDueAt(w.platform) }))),
                limit,
              ),
          ]
        : []),
      this.db
        .prepare(
          `UPDATE deliveries SET state = 'failed', error = 'gave up after ' || attempts || ' attempts: ' || COALESCE(error, '?')
           WHERE rowid IN (${due}) AND ${live} AND attempts >= ?4`,
        )
        .bind(now, limit, now - leaseMs, maxAttempts),
      this.db
        .prepare(
          `UPDATE deliveries SET due_at = ?4 WHERE rowid IN (${due}) AND ${live}
           RETURNING message_key, subscription_id`,
        )
        .bind(now, limit, now - leaseMs, nextDue),
    ]);
    const requeued = results.at(-1);
    return (requeued?.results ?? []).map((r) => ({ message: r.message_key, subscriptionId: r.subscription_id }));
  }

  /**
   * The pending rows of `jobs` made due at `now`, for the next sweep to queue them again: their queue
   * messages were refused, or went to the dead-letter queue. Rows that ended meanwhile are left alone.
   */
  async makeDue(jobs: readonly DeliveryJob[], now: number): Promise<void> {
    await this.db
      .prepare(
        `UPDATE deliveries SET due_at = ?2
         WHERE (message_key, subscription_id) IN (SELECT json_extract(value, '$.m'), json_extract(value, '$.s') FROM json_each(?1))
           AND state IN ${PENDING}`,
      )
      .bind(JSON.stringify(jobs.map((j) => ({ m: j.message, s: j.subscriptionId }))), now)
      .run();
  }

  // --- amending (a withdrawn message's posts are edited to say so) ---

  /**
   * The platforms of `wake` (as for sweep) that may have parked edits to wake: some may be parked there
   * (platform_state.parked_edits, see migration 0012) and the shared token is not the refused one
   * (stillRefused). One query, a row per platform: no parked edit is read.
   */
  async editsToWake(
    wake: readonly { platform: PlatformName; tokenHash: string }[],
  ): Promise<{ platform: PlatformName; tokenHash: string }[]> {
    const { results } = await this.db
      .prepare("SELECT platform, auth_error, token_hash FROM platform_state WHERE parked_edits = 1")
      .all<{ platform: PlatformName; auth_error: string | null; token_hash: string | null }>();
    const parked = new Map(results.map((r) => [r.platform, { authError: r.auth_error, tokenHash: r.token_hash }]));
    return wake.filter((w) => {
      const state = parked.get(w.platform);
      return state !== undefined && !stillRefused(state, w.tokenHash);
    });
  }

  /**
   * Edits parked on a platform whose shared token is no longer the refused one (`wake`, as for sweep;
   * editsToWake says which) are woken: their messages made amending again and their reason cleared, so
   * the next tick's chunk of their message takes them. In the same batch, those platforms are marked as
   * having no edit parked (an edit parked later marks its platform again). One batch, so that an edit is
   * never woken without its message amending. Reads every parked edit (their partial index), so the
   * planner runs it only for platforms editsToWake gives. Returns how many edits woke.
   */
  async wakeAmends(wake: readonly { platform: PlatformName; tokenHash: string }[]): Promise<number> {
    const json = JSON.stringify(wake.map((w) => ({ p: w.platform, h: w.tokenHash })));
    // Driven by the partial index (INDEXED BY fails loudly should it ever not apply); the platform's token
    // is asked about per parked edit only, so with none parked nothing else is read.
    const parked = `SELECT d.rowid AS r, d.message_key FROM deliveries d INDEXED BY deliveries_amend_token
      WHERE d.amend_state IS NULL AND substr(d.amend_error, 1, ${WAITING_FOR_TOKEN.length}) = '${WAITING_FOR_TOKEN}' AND EXISTS (
        SELECT 1 FROM json_each(?1) j
        WHERE json_extract(j.value, '$.p') = (SELECT platform FROM subscriptions WHERE id = d.subscription_id)
          AND NOT EXISTS (SELECT 1 FROM platform_state WHERE platform = json_extract(j.value, '$.p')
            AND auth_error IS NOT NULL AND token_hash IS json_extract(j.value, '$.h')))`;
    const [, woken] = await this.db.batch([
      this.db.prepare(`UPDATE messages SET amending = 1 WHERE key IN (SELECT message_key FROM (${parked}))`).bind(json),
      this.db.prepare(`UPDATE deliveries SET amend_error = NULL WHERE rowid IN (SELECT r FROM (${parked}))`).bind(json),
      // The wake's test of the token, in the same transaction: a platform is marked as having none parked
      // only where the statements above have just woken every one of them.
      this.db
        .prepare(
          `UPDATE platform_state SET parked_edits = 0 FROM json_each(?1) j
           WHERE platform_state.platform = json_extract(j.value, '$.p') AND platform_state.parked_edits = 1
             AND NOT (platform_state.auth_error IS NOT NULL AND platform_state.token_hash IS json_extract(j.value, '$.h'))`,
        )
        .bind(json),
    ]);
    return woken?.meta.changes ?? 0;
  }

  /**
   * The workspace's parked edits are woken, the app being installed there: those parked because it was
   * removed (their reason starts with UNINSTALLED), and those waiting for the refused shared token, since
   * the workspace now has a token of its own. Their messages are amending again, and the next tick queues
   * them. Two statements, in this order; they read only parked edits (their partial indexes).
   */
  wakeWorkspaceAmendsStatements(platform: PlatformName, workspaceId: string): D1PreparedStatement[] {
    const ofWorkspace = "d.subscription_id IN (SELECT id FROM subscriptions WHERE platform = ?1 AND workspace_id = ?2)";
    const parked = `SELECT d.rowid AS r, d.message_key FROM deliveries d INDEXED BY deliveries_amend_uninstalled
        WHERE d.amend_state IS NULL AND substr(d.amend_error, 1, ${UNINSTALLED.length}) = '${UNINSTALLED}' AND ${ofWorkspace}
      UNION ALL
      SELECT d.rowid AS r, d.message_key FROM deliveries d INDEXED BY deliveries_amend_token
        WHERE d.amend_state IS NULL AND substr(d.amend_error, 1, ${WAITING_FOR_TOKEN.length}) = '${WAITING_FOR_TOKEN}' AND ${ofWorkspace}`;
    return [
      this.db
        .prepare(`UPDATE messages SET amending = 1 WHERE key IN (SELECT message_key FROM (${parked}))`)
        .bind(platform, workspaceId),
      this.db
        .prepare(`UPDATE deliveries SET amend_error = NULL WHERE rowid IN (SELECT r FROM (${parked}))`)
        .bind(platform, workspaceId),
    ];
  }

  /**
   * Everything of a workspace that waited for the app to be installed there: its parked deliveries made
   * due (wakeWorkspaceStatement) and its parked edits woken (wakeWorkspaceAmendsStatements). Run in one
   * batch by the install, and again by its wake job a while later.
   */
  wakeWorkspaceStatements(platform: PlatformName, workspaceId: string, now: number): D1PreparedStatement[] {
    return [
      this.wakeWorkspaceStatement(platform, workspaceId, now),
      ...this.wakeWorkspaceAmendsStatements(platform, workspaceId),
    ];
  }

  /**
   * Marks up to `size` sent posts of a message that have not been edited yet as `queued` and returns
   * them as jobs (overlapping planners never take a row twice), reading on from where the last chunk
   * stopped (`amend_from`, migration 0021), so the posts taken before are not read again; from the first
   * post again when none is left after it (an edit handed back or woken behind it). Once none are left,
   * and no post is being made under a live claim (taken at `liveSince` or later: it may still settle
   * `sent`), the message is no longer amending. Two statements, the first reading about `size` rows
   * while posts are left after the cursor.
   */
  async amendChunk(key: string, size: number, liveSince: number, now: number): Promise<AmendJob[]> {
    // A parked edit (amend_error set) waits for the wake, not for the next chunk.
    const unedited = `${POSTED} AND amend_state IS NULL AND amend_error IS NULL`;
    const from = `SELECT CASE WHEN EXISTS (SELECT 1 FROM deliveries WHERE message_key = ?1 AND subscription_id > m.amend_from AND ${unedited})
      THEN m.amend_from ELSE 0 END FROM messages m WHERE m.key = ?1`;
    const { results } = await this.db
      .prepare(
        `UPDATE deliveries SET amend_state = 'queued', amend_error = NULL, amend_queued_at = ?3
         WHERE message_key = ?1
           AND subscription_id IN (SELECT subscription_id FROM deliveries WHERE message_key = ?1
             AND subscription_id > (${from}) AND ${unedited} ORDER BY subscription_id LIMIT ?2)
           AND amend_state IS NULL AND amend_error IS NULL RETURNING subscription_id`,
      )
      .bind(key, size, now)
      .all<{ subscription_id: number }>();
    // A chunk that is not full took the last posts after the cursor: the message is checked then, once,
    // never while a chunk has posts still to read after it. The posts are taken by now: should this write
    // fail, their jobs are queued all the same (the next chunk reads a few rows again, the message stays
    // amending a tick longer) instead of waiting, queued with no job, for the sweep (EDIT_LOST_AFTER_MS).
    await this.db
      .prepare(
        `UPDATE messages SET amend_from = COALESCE(?3, amend_from),
           amending = CASE WHEN ?4 = 0 THEN amending WHEN NOT EXISTS (
             SELECT 1 FROM deliveries WHERE message_key = ?1 AND ((${unedited}) OR (state = 'claimed' AND claimed_at >= ?2)))
           THEN 0 ELSE amending END
         WHERE key = ?1`,
      )
      .bind(
        key,
        liveSince,
        results.length ? Math.max(...results.map((r) => r.subscription_id)) : null,
        results.length < size ? 1 : 0,
      )
      .run()
      .catch((error) => logError("amend.cursor_failed", error, { message: key }));
    return results.map((r) => ({ kind: "amend", message: key, subscriptionId: r.subscription_id }));
  }

  /** Amend jobs that could not be queued: their rows wait for the next tick again (their message amending, by trigger). */
  async unqueueAmends(jobs: readonly AmendJob[]): Promise<void> {
    await this.db
      .prepare(
        `UPDATE deliveries SET amend_state = NULL, amend_error = NULL
         WHERE (message_key, subscription_id) IN (${JOB_ROWS}) AND amend_state = 'queued'`,
      )
      .bind(jobsJson(jobs))
      .run();
  }

  /** Every amend job's post (its id and the frozen replies), subscription, withdrawal and platform state: one statement. */
  async loadAmends(jobs: readonly AmendJob[]): Promise<PendingAmend[]> {
    const { results } = await this.db
      .prepare(
        `SELECT d.message_key, d.subscription_id, d.message_id, d.amend_state, s.*, m.body, m.withdrawn_reason,
           ps.paused_until, ps.pause_reason, ps.auth_error, ps.token_hash
         FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id JOIN messages m ON m.key = d.message_key
           LEFT JOIN platform_state ps ON ps.platform = s.platform
         WHERE (d.message_key, d.subscription_id) IN (${JOB_ROWS}) AND m.withdrawn_at IS NOT NULL`,
      )
      .bind(jobsJson(jobs))
      .all<Record<string, unknown>>();
    return results.map((r) => ({
      message: r.message_key as string,
      subscriptionId: r.subscription_id as number,
      messageId: r.message_id as string | null,
      amendState: r.amend_state as PendingAmend["amendState"],
      subscription: toSubscription(r as unknown as SubscriptionRow),
      replies: (JSON.parse(r.body as string) as { replies: PendingAmend["replies"] }).replies,
      reason: String(r.withdrawn_reason ?? "withdrawn"),
      platformState: {
        pausedUntil: (r.paused_until as number | null) ?? 0,
        pauseReason: (r.pause_reason as string | null) ?? null,
        authError: (r.auth_error as string | null) ?? null,
        tokenHash: (r.token_hash as string | null) ?? null,
      },
    }));
  }

  /**
   * Ends edits `done` or `failed` (from `queued` only), records why one waits, parks one (its state NULL,
   * its reason kept) until the planner wakes it, or hands one back to the planner (its state and reason
   * NULL, its message made amending again by a trigger, migration 0013): one statement, and one per
   * platform state the batch changed (a pause met, a shared token refused), written as a delivery batch
   * writes it.
   */
  async settleAmends(
    ends: readonly AmendEnd[],
    platforms: ReadonlyMap<PlatformName, PlatformChange> = new Map(),
    now = Date.now(),
  ): Promise<void> {
    if (!ends.length && !platforms.size) return;
    const settle = this.db
      .prepare(
        `UPDATE deliveries SET amend_state = CASE WHEN json_extract(j.value, '$.t') IN ('parked', 'unqueued') THEN NULL
             ELSE json_extract(j.value, '$.t') END, amend_error = json_extract(j.value, '$.r'), amend_queued_at = ?2
         FROM json_each(?1) j
         WHERE deliveries.message_key = json_extract(j.value, '$.m') AND deliveries.subscription_id = json_extract(j.value, '$.s')
           AND deliveries.amend_state = 'queued'`,
      )
      .bind(JSON.stringify(ends.map((e) => ({ m: e.job.message, s: e.job.subscriptionId, t: e.to, r: e.reason }))), now);
    await this.db.batch([settle, ...[...platforms].map(([platform, change]) => this.platformStatement(platform, change, now))]);
  }

  /** Per post of a message (see POSTED): the state of its edit and why (tests and tools). */
  async amends(message: string): Promise<{ subscriptionId: number; amendState: string | null; amendError: string | null }[]> {
    const { results } = await this.db
      .prepare(
        `SELECT subscription_id, amend_state, amend_error FROM deliveries WHERE message_key = ? AND (state = 'sent' OR (${POSTED}))
         ORDER BY subscription_id`,
      )
      .bind(message)
      .all<{ subscription_id: number; amend_state: string | null; amend_error: string | null }>();
    return results.map((r) => ({ subscriptionId: r.subscription_id, amendState: r.amend_state, amendError: r.amend_error }));
  }

  // --- delivering ---

  /** Every job's delivery, subscription and frozen message, plus the platform states: one round trip. */
  async load(
    jobs: readonly DeliveryJob[],
    announcementChannel = "",
  ): Promise<{ pending: PendingDelivery[]; platforms: Map<PlatformName, PlatformState> }> {
    const [rows, states] = await this.db.batch<Record<string, unknown>>([
      this.db
        .prepare(
          `SELECT d.message_key, d.subscription_id, d.state, d.claimed_at, d.first_attempt_at, d.attempts, d.unsure, d.look_from, d.look_only,
             s.*, m.body, m.withdrawn_reason, m.withdrawn_at, m.announced_by,
             CASE WHEN s.active = 0 AND s.disabled_reason = ?2 THEN (
               SELECT json_object('state', a.state, 'unsure', a.unsure, 'at', CASE WHEN a.state = 'sent' THEN ${publishedAt("a")} END)
               FROM deliveries a JOIN subscriptions sa ON sa.id = a.subscription_id
               WHERE a.message_key = d.message_key AND sa.platform = 'discord' AND sa.channel_id = ?3 AND sa.topic = s.topic
             ) END AS announced
           FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id LEFT JOIN messages m ON m.key = d.message_key
           WHERE (d.message_key, d.subscription_id) IN (${JOB_ROWS})`,
        )
        .bind(jobsJson(jobs), FOLLOWING, announcementChannel),
      this.db.prepare("SELECT platform, paused_until, pause_reason, auth_error, token_hash FROM platform_state"),
    ]);
    const pending = (rows?.results ?? []).map((r): PendingDelivery => {
      const body = typeof r.body === "string" ? (JSON.parse(r.body) as { replies: PendingDelivery["replies"] }) : null;
      return {
        message: r.message_key as string,
        subscriptionId: r.subscription_id as number,
        state: r.state as DeliveryState,
        claimedAt: r.claimed_at as number | null,
        firstAttemptAt: r.first_attempt_at as number | null,
        attempts: r.attempts as number,
        lookFrom: (r.look_from as string | null) ?? null,
        lookOnly: r.look_only === 1,
        unsure: r.unsure === 1 || r.unsure === 2,
        afterServerError: r.unsure === 2,
        subscription: toSubscription(r as unknown as SubscriptionRow),
        replies: body?.replies ?? null,
        withdrawn: r.withdrawn_at === null || r.withdrawn_at === undefined ? null : String(r.withdrawn_reason ?? "withdrawn"),
        announced: typeof r.announced === "string" ? toAnnounced(r.announced) : null,
        announcedBy: (r.announced_by as number | null | undefined) ?? null,
      };
    });
    const platforms = new Map<PlatformName, PlatformState>();
    for (const s of states?.results ?? [])
      platforms.set(s.platform as PlatformName, {
        pausedUntil: s.paused_until as number,
        pauseReason: s.pause_reason as string | null,
        authError: s.auth_error as string | null,
        tokenHash: s.token_hash as string | null,
      });
    return { pending, platforms };
  }

  /**
   * Takes deliveries for this worker: queued rows, or claims older than the lease (their worker died).
   * Exactly one concurrent caller wins each. A claim marks the row unsure until its outcome is known,
   * and clears where the last look stopped: should this attempt post and never settle, the next look
   * starts again from the newest message (the settle writes it back otherwise).
   */
  async claimMany(
    jobs: readonly DeliveryJob[],
    now: number,
    leaseMs: number,
    dueAt: number,
    claimId: string | null = null,
  ): Promise<Map<string, { attempts: number }>> {
    if (!jobs.length) return new Map();
    const { results } = await this.db
      .prepare(
        `UPDATE deliveries SET state = 'claimed', claimed_at = ?2, attempts = attempts + 1, unsure = 1,
           first_attempt_at = COALESCE(first_attempt_at, ?2), due_at = ?4, look_from = NULL, claim_id = ?5
         WHERE (message_key, subscription_id) IN (${JOB_ROWS})
           AND (state = 'queued' OR (state = 'claimed' AND claimed_at < ?3))
         RETURNING message_key, subscription_id, attempts`,
      )
      .bind(jobsJson(jobs), now, now - leaseMs, dueAt, claimId)
      .all<{ message_key: string; subscription_id: number; attempts: number }>();
    return new Map(results.map((r) => [`${r.message_key}|${r.subscription_id}`, { attempts: r.attempts }]));
  }

  /**
   * Undoes a claim whose answer was lost (D1 may have taken it): the worker posted nothing, so each row
   * that claim `claimId` holds is queued again as the batch loaded it, its doubt, attempts, first attempt
   * and look as they were. A row the claim never took, or that another claim holds, is left as it is.
   */
  async unclaim(rows: readonly PendingDelivery[], claimId: string): Promise<void> {
    if (!rows.length) return;
    await this.db
      .prepare(
        `UPDATE deliveries SET state = 'queued', unsure = json_extract(j.value, '$.u'), attempts = MAX(0, attempts - 1),
           first_attempt_at = json_extract(j.value, '$.f'), look_from = json_extract(j.value, '$.l')
         FROM json_each(?1) j
         WHERE deliveries.message_key = json_extract(j.value, '$.m') AND deliveries.subscription_id = json_extract(j.value, '$.s')
           AND deliveries.state = 'claimed' AND deliveries.claim_id = ?2`,
      )
      .bind(
        JSON.stringify(
          rows.map((r) => ({
            m: r.message,
            s: r.subscriptionId,
            u: r.unsure ? (r.afterServerError ? 2 : 1) : 0,
            f: r.firstAttemptAt,
            l: r.lookFrom,
          })),
        ),
        claimId,
      )
      .run();
  }

  /** One delivery's claim (tests and tools); the consumer claims a batch at once. */
  async claim(job: DeliveryJob, now: number, leaseMs: number, dueAt = now + leaseMs): Promise<Claim> {
    const before = await this.db
      .prepare("SELECT state, claimed_at FROM deliveries WHERE message_key = ? AND subscription_id = ?")
      .bind(job.message, job.subscriptionId)
      .first<{ state: DeliveryState; claimed_at: number | null }>();
    if (!before) return { claimed: false, state: "missing" };
    const won = (await this.claimMany([job], now, leaseMs, dueAt)).values().next().value;
    return won
      ? { claimed: true, attempts: won.attempts, lastAttemptAt: before.claimed_at }
      : { claimed: false, state: before.state };
  }

  /**
   * Writes a batch's outcomes: sent, queued again (from claimed), dropped or failed (from queued or
   * claimed); subscriptions to disable; platform states. `now` is the batch's claim time: a claim is
   * queued again or ended only by the worker holding it (or, ended, once it has expired), so a worker
   * that outlived its lease cannot overwrite what the worker that took over wrote. A post made is
   * recorded whatever became of the row meanwhile, since it is in the channel: a later look would not
   * see it behind where the look stopped, and a withdrawal must edit it (a trigger puts a withdrawn
   * message back to amending when one of its posts is recorded, so the planner queues its edit). At
   * most 8 statements.
   */
  async settle(
    settles: readonly Settle[],
    disables: readonly { id: number; reason: string }[],
    platforms: ReadonlyMap<PlatformName, PlatformChange>,
    now: number,
  ): Promise<void> {
    const statements: D1PreparedStatement[] = [];
    const rows = (to: Settle["to"][]) => settles.filter((s) => to.includes(s.to));
    const sent = rows(["sent"]) as Extract<Settle, { to: "sent" }>[];
    if (sent.length)
      statements.push(
        this.db
          .prepare(
            `UPDATE deliveries SET state = 'sent',
               sent_at = CASE WHEN json_extract(j.value, '$.b') = 1 THEN COALESCE(deliveries.sent_at, json_extract(j.value, '$.t'), ?2)
                 ELSE COALESCE(json_extract(j.value, '$.t'), ?2) END,
               message_id = json_extract(j.value, '$.id'), error = NULL, unsure = 0
             FROM json_each(?1) j
             WHERE deliveries.message_key = json_extract(j.value, '$.m') AND deliveries.subscription_id = json_extract(j.value, '$.s')
               AND deliveries.state != 'sent'`,
          )
          .bind(
            JSON.stringify(
              sent.map((s) => ({ m: s.job.message, s: s.job.subscriptionId, id: s.messageId, t: s.at, b: s.before ? 1 : 0 })),
            ),
            now,
          ),
      );
    // Posted where its message was to be announced, yet not published (the channel is no longer the
    // announcement channel): the follow brings nothing, so its followers are planned, as the trigger of
    // migration 0016 does when that delivery ends without a post.
    const unpublished = sent.filter((s) => s.unpublished);
    if (unpublished.length)
      statements.push(
        this.db
          .prepare(
            `UPDATE messages SET followers_through = 0 FROM json_each(?1) j
             WHERE messages.key = json_extract(j.value, '$.m') AND messages.announced_by = json_extract(j.value, '$.s')
               AND messages.followers_through IS NULL AND messages.withdrawn_at IS NULL`,
          )
          .bind(JSON.stringify(unpublished.map((s) => ({ m: s.job.message, s: s.job.subscriptionId })))),
      );
    const again = rows(["queued"]) as Extract<Settle, { to: "queued" }>[];
    if (again.length)
      statements.push(
        this.db
          .prepare(
            `UPDATE deliveries SET state = 'queued',
               error = json_extract(j.value, '$.r'),
               unsure = CASE WHEN json_extract(j.value, '$.k') = 1 THEN deliveries.unsure ELSE json_extract(j.value, '$.u') END,
               due_at = json_extract(j.value, '$.d'), attempts = MAX(0, attempts - json_extract(j.value, '$.x')),
               look_from = CASE WHEN json_extract(j.value, '$.k') = 1 THEN deliveries.look_from ELSE json_extract(j.value, '$.f') END,
               sent_at = COALESCE(deliveries.sent_at, json_extract(j.value, '$.p')),
               message_id = COALESCE(json_extract(j.value, '$.id'), deliveries.message_id)
             FROM json_each(?1) j
             WHERE deliveries.message_key = json_extract(j.value, '$.m') AND deliveries.subscription_id = json_extract(j.value, '$.s')
               AND CASE WHEN json_extract(j.value, '$.k') = 1 THEN ${STILL_AS_LOADED}
                 ELSE deliveries.state = 'claimed' AND deliveries.claimed_at = ?2 END`,
          )
          .bind(
            JSON.stringify(
              again.map((s) => ({
                ...asLoadedFields(s),
                m: s.job.message,
                s: s.job.subscriptionId,
                r: s.reason,
                u: s.unsure ? (s.afterServerError ? 2 : 1) : 0,
                d: s.dueAt,
                x: s.untried ? 1 : 0,
                f: s.lookFrom ?? null,
                p: s.publishedFrom ?? null,
                id: s.messageId ?? null,
              })),
            ),
            now,
          ),
      );
    const ended = rows(["dropped", "failed"]) as Extract<Settle, { to: "dropped" | "failed" }>[];
    if (ended.length)
      statements.push(
        this.db
          .prepare(
            `UPDATE deliveries SET state = json_extract(j.value, '$.t'), error = json_extract(j.value, '$.r'), unsure = 0,
               message_id = COALESCE(json_extract(j.value, '$.id'), deliveries.message_id)
             FROM json_each(?1) j
             WHERE deliveries.message_key = json_extract(j.value, '$.m') AND deliveries.subscription_id = json_extract(j.value, '$.s')
               AND CASE WHEN json_extract(j.value, '$.k') = 1 THEN ${STILL_AS_LOADED}
                 ELSE deliveries.state = 'queued' OR (deliveries.state = 'claimed' AND (deliveries.claimed_at = ?2 OR deliveries.claimed_at < ?3)) END`,
          )
          .bind(
            JSON.stringify(
              ended.map((s) => ({
                ...asLoadedFields(s),
                m: s.job.message,
                s: s.job.subscriptionId,
                t: s.to,
                r: s.reason,
                id: s.messageId ?? null,
              })),
            ),
            now,
            now - LEASE_MS,
          ),
      );
    if (disables.length) statements.push(...this.disableStatements(disables, now));
    for (const [platform, change] of platforms) statements.push(this.platformStatement(platform, change, now));
    if (statements.length) await this.db.batch(statements);
  }

  /** Per delivery of a message: state, attempts and error, in subscription order. */
  async deliveries(
    message: string,
  ): Promise<{ subscriptionId: number; state: DeliveryState; attempts: number; error: string | null }[]> {
    const { results } = await this.db
      .prepare("SELECT subscription_id, state, attempts, error FROM deliveries WHERE message_key = ? ORDER BY subscription_id")
      .bind(message)
      .all<{ subscription_id: number; state: DeliveryState; attempts: number; error: string | null }>();
    return results.map((r) => ({ subscriptionId: r.subscription_id, state: r.state, attempts: r.attempts, error: r.error }));
  }

  /** Each platform's state, for work outside a batch (the review cards); none for a platform without a row. */
  async platformStates(): Promise<Map<PlatformName, PlatformState>> {
    const { results } = await this.db
      .prepare(`SELECT platform, ${PLATFORM_STATE_COLUMNS} FROM platform_state`)
      .all<PlatformStateRow & { platform: PlatformName }>();
    return new Map(results.map((r) => [r.platform, toPlatformState(r)]));
  }

  async platformState(platform: PlatformName): Promise<PlatformState> {
    const row = await this.db
      .prepare(`SELECT ${PLATFORM_STATE_COLUMNS} FROM platform_state WHERE platform = ?`)
      .bind(platform)
      .first<PlatformStateRow>();
    return toPlatformState(row);
  }

  /**
   * A batch's change to a platform's state, and only that (SQLite reads every column's old value on the
   * right of SET): the later of two pauses, a refusal, or the clearing of a refusal that is still of the
   * token the batch saw refused.
   */
  private platformStatement(platform: PlatformName, change: PlatformChange, now: number): D1PreparedStatement {
    const { pause, refusal, cleared } = change;
    return this.db
      .prepare(
        `INSERT INTO platform_state (platform, paused_until, pause_reason, auth_error, token_hash, updated_at)
         VALUES (?1, COALESCE(?2, 0), ?3, CASE WHEN ?4 = 1 THEN ?5 END, CASE WHEN ?4 = 1 THEN ?6 END, ?7)
         ON CONFLICT (platform) DO UPDATE SET
           paused_until = MAX(paused_until, COALESCE(?2, 0)),
           pause_reason = CASE WHEN ?2 > paused_until THEN ?3 ELSE pause_reason END,
           auth_error = CASE WHEN ?4 = 1 THEN ?5 WHEN ?8 = 1 AND token_hash IS ?9 THEN NULL ELSE auth_error END,
           token_hash = CASE WHEN ?4 = 1 THEN ?6 WHEN ?8 = 1 AND token_hash IS ?9 THEN NULL ELSE token_hash END,
           updated_at = ?7`,
      )
      .bind(
        platform,
        pause?.until ?? null,
        pause?.reason ?? null,
        refusal ? 1 : 0,
        refusal?.reason ?? null,
        refusal?.tokenHash ?? null,
        now,
        cleared ? 1 : 0,
        cleared?.tokenHash ?? null,
      );
  }

  /** The platform's whole state, as given (tests and tools; batches write only what they changed). */
  async setPlatformState(platform: PlatformName, state: PlatformState, now: number): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO platform_state (platform, paused_until, auth_error, token_hash, updated_at, pause_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (platform) DO UPDATE SET paused_until = ?2, auth_error = ?3, token_hash = ?4, updated_at = ?5, pause_reason = ?6`,
      )
      .bind(platform, state.pausedUntil, state.authError, state.tokenHash, now, state.pauseReason ?? null)
      .run();
  }
}
