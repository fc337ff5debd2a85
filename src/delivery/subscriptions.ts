// The subscriptions a channel's alerts command reads and changes: on, off, following the announcement
// channel, and what its posts wait for. DeliveryStore (src/delivery/store.ts) is these and every other
// statement of the delivery core; the commands reach only these, so that a fan's cold start at the front
// Worker compiles nothing of planning, claiming or settling deliveries.
import type { Locale } from "../i18n/locale";
import { DISCORD_EPOCH_MS, type PlatformName } from "../platform-name";
import { INSTALL_PARKED_DUE_AT, parkedDueAt } from "./policy";

export type Topic = "renewal";

/** The reason recorded on a channel that follows the bot's announcement channel instead of being posted to. */
export const FOLLOWING = "following the announcement channel";

export interface Subscription {
  id: number;
  topic: Topic;
  platform: PlatformName;
  workspaceId: string;
  channelId: string;
  locale: Locale;
  subscribedBy: string | null;
  subscribedAt: number;
  active: boolean;
  disabledReason: string | null;
  disabledAt: number | null;
}

/** Why an edit is parked until the platform's shared token is another one (the planner's wake). */
export const WAITING_FOR_TOKEN = "waiting for a new token:";
/** How a delivery waiting for the app to be installed again in its workspace (its token lacks a scope) begins its error. */
export const WAITING_FOR_INSTALL = "waiting for the app to be installed again:";

/**
 * How long a press of `/renewal alerts:follow` holds its channel's follow lease (migrations/0027_follow_leases.sql).
 * Its calls to Discord end within FOLLOW_WAIT_MS (2 s, src/discord/api.ts) of the claim, and the follow is
 * recorded just after: a press alive holds the lease well within this. One that died (its isolate gone
 * between the claim and the release) keeps another press in the channel from following for this long, and
 * so does one whose follow's answer was lost (Discord may make that follow a moment later, after another
 * press's listing of the channel's webhooks would have missed it).
 */
export const FOLLOW_LEASE_MS = 10_000;

export type SubscribeChange = "created" | "reenabled" | "language" | "unchanged";

export interface SubscriptionRow {
  id: number;
  topic: Topic;
  platform: PlatformName;
  workspace_id: string;
  channel_id: string;
  locale: Locale;
  subscribed_by: string | null;
  subscribed_at: number;
  active: number;
  disabled_reason: string | null;
  disabled_at: number | null;
}

export const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  topic: r.topic,
  platform: r.platform,
  workspaceId: r.workspace_id,
  channelId: r.channel_id,
  locale: r.locale,
  subscribedBy: r.subscribed_by,
  subscribedAt: r.subscribed_at,
  active: r.active === 1,
  disabledReason: r.disabled_reason,
  disabledAt: r.disabled_at,
});

export const PENDING = "('queued', 'claimed')";

/** For pendingOf: the subscription of one channel and topic, bound as ?1 platform, ?2 channel, ?3 topic. */
const CHANNEL_SUBSCRIPTION = "= (SELECT id FROM subscriptions WHERE platform = ?1 AND channel_id = ?2 AND topic = ?3)";

/**
 * SQL: the pending deliveries of the subscriptions `ids` (SQL: `= <one id>` or `IN (<subquery>)`). They
 * are found by the ledger's key, one lookup per published message (migration 0023): no index of pending
 * rows is kept, since each delivery would write it twice.
 */
export const pendingOf = (ids: string) =>
  `deliveries.message_key IN (SELECT key FROM messages) AND deliveries.subscription_id ${ids} AND deliveries.state IN ${PENDING}`;

/**
 * The earliest an announcement-channel delivery `d` (once sent) can have been published to followers:
 * its `sent_at`, never before its post (the message id tells when that was made).
 */
export const publishedAt = (d: string) =>
  `MAX(COALESCE((CAST(${d}.message_id AS INTEGER) >> 22) + ${DISCORD_EPOCH_MS}, ${d}.sent_at), ${d}.sent_at)`;

export class Subscriptions {
  constructor(protected readonly db: D1Database) {}

  async subscription(platform: PlatformName, channelId: string, topic: Topic = "renewal"): Promise<Subscription | null> {
    const row = await this.subscriptionStatement(platform, channelId, topic).first<SubscriptionRow>();
    return row ? toSubscription(row) : null;
  }

  /** The channel's subscription to `topic`, as a statement (subscribe reads it in its own batch). */
  private subscriptionStatement(platform: PlatformName, channelId: string, topic: Topic): D1PreparedStatement {
    return this.db
      .prepare("SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ? AND topic = ?")
      .bind(platform, channelId, topic);
  }

  /**
   * What posts to a channel whose alerts are on wait for, parked, as the newest such delivery's error says:
   * a new token (`install` false) or the app installed again (true). Null when none waits. Reads the
   * subscription's pending rows through their index.
   */
  async parked(sub: Pick<Subscription, "id" | "platform">): Promise<{ reason: string; install: boolean } | null> {
    // `+due_at` keeps SQLite from the due-time index, which holds every parked row of every channel.
    const row = await this.db
      .prepare(
        `SELECT error, due_at FROM deliveries WHERE ${pendingOf("= ?1")} AND +due_at IN (?2, ?3)
         ORDER BY planned_at DESC LIMIT 1`,
      )
      .bind(sub.id, parkedDueAt(sub.platform), INSTALL_PARKED_DUE_AT)
      .first<{ error: string | null; due_at: number }>();
    if (!row) return null;
    const install = row.due_at === INSTALL_PARKED_DUE_AT;
    const reason = (row.error ?? "").replace(install ? WAITING_FOR_INSTALL : WAITING_FOR_TOKEN, "").trim();
    return { reason, install };
  }

  async subscriptionById(id: number): Promise<Subscription | null> {
    const row = await this.db.prepare("SELECT * FROM subscriptions WHERE id = ?").bind(id).first<SubscriptionRow>();
    return row ? toSubscription(row) : null;
  }

  /**
   * Turns a topic on for a channel (or keeps it on). Only messages published afterwards are delivered:
   * a new or re-enabled subscription gets no backlog. Alerts already on stay with the workspace that turned
   * them on: in a channel two workspaces share (Slack Connect), the other one asking again must not take
   * them over, or its removing the app would stop them.
   */
  async subscribe(input: {
    topic?: Topic;
    platform: PlatformName;
    workspaceId: string;
    channelId: string;
    locale: Locale;
    userId?: string;
    now: number;
  }): Promise<{ subscription: Subscription; change: SubscribeChange }> {
    const topic = input.topic ?? "renewal";
    // What was there before is read in the same batch (one transaction) as the write: two presses at once
    // (two moderators, in two languages) each learn what their own press changed: only one is told alerts
    // were turned on (on Slack, in the channel), and the later one that the posts change to its language.
    const [prior, upserted] = await this.db.batch<SubscriptionRow>([
      this.subscriptionStatement(input.platform, input.channelId, topic),
      this.db
        .prepare(
          `INSERT INTO subscriptions (topic, platform, workspace_id, channel_id, locale, subscribed_by, subscribed_at, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)
         ON CONFLICT (platform, channel_id, topic) DO UPDATE SET
           locale = excluded.locale,
           workspace_id = CASE WHEN subscriptions.active = 1 THEN subscriptions.workspace_id ELSE excluded.workspace_id END,
           subscribed_by = CASE WHEN subscriptions.active = 1 THEN subscriptions.subscribed_by ELSE excluded.subscribed_by END,
           subscribed_at = CASE WHEN subscriptions.active = 1 THEN subscriptions.subscribed_at ELSE excluded.subscribed_at END,
           active = 1, disabled_reason = NULL, disabled_at = NULL
         RETURNING *`,
        )
        .bind(topic, input.platform, input.workspaceId, input.channelId, input.locale, input.userId ?? null, input.now),
    ]);
    const row = upserted?.results[0];
    if (!row) throw new Error("subscription upsert returned nothing");
    const before = prior?.results[0];
    const change: SubscribeChange = !before
      ? "created"
      : before.active !== 1
        ? "reenabled"
        : before.locale !== input.locale
          ? "language"
          : "unchanged";
    return { subscription: toSubscription(row), change };
  }

  /**
   * Turns alerts off; false if they were not on. What was planned for the channel and not delivered is
   * dropped with reason "unsubscribed", so turning alerts on again never revives it. A delivery another
   * worker holds right now finishes as it would have. One an earlier attempt may have posted (unsure,
   * or held now) is marked `look_only` and stays: it is only looked for, never posted again, even once
   * alerts are on again, and recorded when found, so that a later withdrawal edits that post (the
   * consumer drops it otherwise).
   */
  async unsubscribe(platform: PlatformName, channelId: string, reason: string, now: number, topic: Topic = "renewal") {
    const [off] = await this.db.batch([
      this.db
        .prepare(
          `UPDATE subscriptions SET active = 0, disabled_reason = ?1, disabled_at = ?2
           WHERE platform = ?3 AND channel_id = ?4 AND topic = ?5 AND active = 1 RETURNING id`,
        )
        .bind(reason, now, platform, channelId, topic),
      this.db
        .prepare(
          `UPDATE deliveries SET state = 'dropped', error = 'unsubscribed'
           WHERE ${pendingOf(CHANNEL_SUBSCRIPTION)} AND state = 'queued' AND unsure = 0`,
        )
        .bind(platform, channelId, topic),
      this.db
        .prepare(`UPDATE deliveries SET look_only = 1 WHERE ${pendingOf(CHANNEL_SUBSCRIPTION)} AND unsure > 0`)
        .bind(platform, channelId, topic),
    ]);
    return (off?.results.length ?? 0) > 0;
  }

  /**
   * Claims the channel's follow lease for one press of `/renewal alerts:follow`, until `now` +
   * FOLLOW_LEASE_MS: the press's own random id, or null when another press holds it. Leases run out by then
   * are deleted first, in the same transaction (a press that died leaves its row; there are no others).
   */
  async claimFollow(platform: PlatformName, channelId: string, now: number): Promise<string | null> {
    const holder = crypto.randomUUID();
    const [, claimed] = await this.db.batch<{ holder: string }>([
      this.db.prepare("DELETE FROM follow_leases WHERE until <= ?").bind(now),
      this.db
        .prepare(
          `INSERT INTO follow_leases (platform, channel_id, holder, until) VALUES (?1, ?2, ?3, ?4)
           ON CONFLICT (platform, channel_id) DO NOTHING RETURNING holder`,
        )
        .bind(platform, channelId, holder, now + FOLLOW_LEASE_MS),
    ]);
    return claimed?.results[0]?.holder === holder ? holder : null;
  }

  /** Gives up the channel's follow lease, if `holder` holds it (follow, below, does so with its record). */
  async releaseFollow(platform: PlatformName, channelId: string, holder: string): Promise<void> {
    await this.releaseStatement(platform, channelId, holder).run();
  }

  private releaseStatement(platform: PlatformName, channelId: string, holder: string): D1PreparedStatement {
    return this.db
      .prepare("DELETE FROM follow_leases WHERE platform = ? AND channel_id = ? AND holder = ?")
      .bind(platform, channelId, holder);
  }

  /**
   * Records that the channel follows the bot's announcement channel (`source`) since `since` (now, unless
   * the follow was made before, in Discord's menu): Discord delivers there what `source` publishes from
   * then on, so the channel's own subscription is stopped and its pending deliveries of items `source`
   * published since then are dropped: nothing arrives twice. One an earlier attempt may have posted, or
   * that a worker holds now, is marked `look_only` instead: looked for, never posted, recorded `sent` if
   * found (its post landed before the follow brought the item). Items `source` published before stay
   * pending and are still posted, since the follow brings only later ones; so do those `source` has yet
   * to publish (or not): the consumer decides each once `source`'s delivery of it has ended (see
   * broughtByFollow there). True when per-channel alerts were on before. `lease`: the press's hold on the
   * channel's follow lease (claimFollow), given up in the same batch.
   */
  async follow(input: {
    topic?: Topic;
    platform: PlatformName;
    workspaceId: string;
    channelId: string;
    source: string;
    locale: Locale;
    userId?: string;
    now: number;
    since?: number;
    lease?: string;
  }): Promise<boolean> {
    const topic = input.topic ?? "renewal";
    // Discord does not say when a crosspost was made. `sent_at` of the announcement channel's row is the
    // earliest it can have been: when the crosspost request left, or, found published already, when the
    // post was made (its message id tells; a crosspost refused at first is made by a later batch). An item
    // published no earlier than `since` is brought by the follow; one before is kept for posting, unless
    // its crosspost request left, in the instant of its round trip, just before the follow began.
    const since = Math.min(input.since ?? input.now, input.now);
    const before = await this.subscription(input.platform, input.channelId, topic);
    // The channel's pending deliveries, and the announcement channel's delivery of the same item, by the
    // ledger's key: neither reads the rest of the ledger.
    const pending = pendingOf(CHANNEL_SUBSCRIPTION);
    const announced = (where: string) =>
      `EXISTS (SELECT 1 FROM deliveries d WHERE d.message_key = deliveries.message_key
        AND d.subscription_id = (SELECT id FROM subscriptions WHERE platform = ?1 AND channel_id = ?5 AND topic = ?3) AND (${where}))`;
    const bound = [input.platform, input.channelId, topic, FOLLOWING, input.source, since];
    await this.db.batch([
      // A channel whose alerts were off (or stopped) gets, as a follower, what is published from now on,
      // as turning them on again would: its old subscribed_at would have it posted an item published while
      // they were off, should the announcement channel's delivery of it end without a crosspost. One whose
      // alerts were on, or that followed already, keeps its time: nothing published since is lost to it.
      this.db
        .prepare(
          `INSERT INTO subscriptions (topic, platform, workspace_id, channel_id, locale, subscribed_by, subscribed_at, active, disabled_reason, disabled_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9)
           ON CONFLICT (platform, channel_id, topic) DO UPDATE SET
             workspace_id = excluded.workspace_id, locale = excluded.locale, subscribed_by = excluded.subscribed_by,
             subscribed_at = CASE WHEN subscriptions.active = 1 OR subscriptions.disabled_reason = ?8
               THEN subscriptions.subscribed_at ELSE excluded.subscribed_at END,
             active = 0, disabled_reason = excluded.disabled_reason, disabled_at = excluded.disabled_at`,
        )
        .bind(
          topic,
          input.platform,
          input.workspaceId,
          input.channelId,
          input.locale,
          input.userId ?? null,
          input.now,
          FOLLOWING,
          since,
        ),
      // One the follow brings that an earlier attempt may have posted (a worker may hold it now) is only
      // looked for from now on, and recorded if found, as when alerts are turned off: a post that landed
      // must be recorded, so that a withdrawal edits it.
      this.db
        .prepare(
          `UPDATE deliveries SET look_only = 1
           WHERE ${pending} AND unsure > 0 AND ${announced(`d.state = 'sent' AND ${publishedAt("d")} >= ?6`)}`,
        )
        .bind(...bound),
      // Published from `since` on: the follow brings it. One published before is kept for posting; one the
      // announcement channel has yet to publish (or not) is kept too, and decided once its delivery ends
      // (the consumer asks each time the row comes up).
      this.db
        .prepare(
          `UPDATE deliveries SET state = 'dropped', error = ?4
           WHERE ${pending} AND unsure = 0 AND ${announced(`d.state = 'sent' AND ${publishedAt("d")} >= ?6`)}`,
        )
        .bind(...bound),
      ...(input.lease ? [this.releaseStatement(input.platform, input.channelId, input.lease)] : []),
    ]);
    return before?.active === true;
  }
}
