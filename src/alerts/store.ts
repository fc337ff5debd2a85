// Every SQL statement the bot runs, against D1 (binding DB). Schema: migrations/0001_alerts.sql.
import type { Locale } from "../i18n/locale";
import type { DeliveryJob } from "./jobs";

export type Platform = "discord" | "slack";

export interface Subscription {
  id: number;
  platform: Platform;
  workspaceId: string;
  channelId: string;
  locale: Locale;
  subscribedBy: string | null;
  subscribedAt: number;
  active: boolean;
  disabledReason: string | null;
  disabledAt: number | null;
}

export interface PlatformState {
  pausedUntil: number;
  authError: string | null;
  tokenHash: string | null;
}

export type SubscribeChange = "created" | "reenabled" | "language" | "unchanged";

export type Claim =
  | { claimed: true; attempts: number; lastAttemptAt: number | null }
  | { claimed: false; state: "queued" | "claimed" | "sent" | "dropped" | "failed" | "missing" };

interface SubscriptionRow {
  id: number;
  platform: Platform;
  workspace_id: string;
  channel_id: string;
  locale: Locale;
  subscribed_by: string | null;
  subscribed_at: number;
  active: number;
  disabled_reason: string | null;
  disabled_at: number | null;
}

const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
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

const toJob = (r: { news_id: string; subscription_id: number }): DeliveryJob => ({
  newsId: r.news_id,
  subscriptionId: r.subscription_id,
});

export class AlertsStore {
  constructor(private readonly db: D1Database) {}

  async subscription(platform: Platform, channelId: string): Promise<Subscription | null> {
    const row = await this.db
      .prepare("SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?")
      .bind(platform, channelId)
      .first<SubscriptionRow>();
    return row ? toSubscription(row) : null;
  }

  async subscriptionById(id: number): Promise<Subscription | null> {
    const row = await this.db.prepare("SELECT * FROM subscriptions WHERE id = ?").bind(id).first<SubscriptionRow>();
    return row ? toSubscription(row) : null;
  }

  private seenStatements(newsIds: readonly string[], now: number): D1PreparedStatement[] {
    return newsIds.map((id) =>
      this.db.prepare("INSERT OR IGNORE INTO news_seen (news_id, first_seen_at) VALUES (?, ?)").bind(id, now),
    );
  }

  /** Records news as seen; items already known keep their first time. */
  async markSeen(newsIds: readonly string[], now: number): Promise<void> {
    if (newsIds.length) await this.db.batch(this.seenStatements(newsIds, now));
  }

  /**
   * Turns alerts on (or keeps them on). The news that exists now is marked as seen in the same
   * transaction, so a new subscriber gets no backlog, only what is published afterwards.
   */
  async subscribe(input: {
    platform: Platform;
    workspaceId: string;
    channelId: string;
    locale: Locale;
    userId?: string;
    newsIds: readonly string[];
    now: number;
  }): Promise<{ subscription: Subscription; change: SubscribeChange }> {
    const before = await this.subscription(input.platform, input.channelId);
    const change: SubscribeChange = !before
      ? "created"
      : !before.active
        ? "reenabled"
        : before.locale !== input.locale
          ? "language"
          : "unchanged";
    const upsert = this.db
      .prepare(
        `INSERT INTO subscriptions (platform, workspace_id, channel_id, locale, subscribed_by, subscribed_at, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)
         ON CONFLICT (platform, channel_id) DO UPDATE SET
           locale = excluded.locale,
           workspace_id = excluded.workspace_id,
           subscribed_by = CASE WHEN subscriptions.active = 1 THEN subscriptions.subscribed_by ELSE excluded.subscribed_by END,
           subscribed_at = CASE WHEN subscriptions.active = 1 THEN subscriptions.subscribed_at ELSE excluded.subscribed_at END,
           active = 1, disabled_reason = NULL, disabled_at = NULL`,
      )
      .bind(input.platform, input.workspaceId, input.channelId, input.locale, input.userId ?? null, input.now);
    await this.db.batch([...this.seenStatements(input.newsIds, input.now), upsert]);
    const subscription = await this.subscription(input.platform, input.channelId);
    if (!subscription) throw new Error("subscription vanished after upsert");
    return { subscription, change };
  }

  /** Turns alerts off; false if they were not on. */
  async unsubscribe(platform: Platform, channelId: string, reason: string, now: number): Promise<boolean> {
    const result = await this.db
      .prepare(
        "UPDATE subscriptions SET active = 0, disabled_reason = ?, disabled_at = ? WHERE platform = ? AND channel_id = ? AND active = 1",
      )
      .bind(reason, now, platform, channelId)
      .run();
    return result.meta.changes > 0;
  }

  async disable(subscriptionId: number, reason: string, now: number): Promise<void> {
    await this.db
      .prepare("UPDATE subscriptions SET active = 0, disabled_reason = ?, disabled_at = ? WHERE id = ?")
      .bind(reason, now, subscriptionId)
      .run();
  }

  /** New ledger rows for every (seen news item, active subscription that predates it); returns the new ones. */
  async planNew(newsIds: readonly string[], now: number): Promise<DeliveryJob[]> {
    const { results } = await this.db
      .prepare(
        `INSERT OR IGNORE INTO deliveries (news_id, subscription_id, state, planned_at)
         SELECT n.news_id, s.id, 'queued', ?1
         FROM news_seen n JOIN subscriptions s ON s.active = 1 AND s.subscribed_at < n.first_seen_at
         WHERE n.news_id IN (SELECT value FROM json_each(?2))
         RETURNING news_id, subscription_id`,
      )
      .bind(now, JSON.stringify(newsIds))
      .all<{ news_id: string; subscription_id: number }>();
    return results.map(toJob);
  }

  /** Deliveries queued or claimed long ago whose queue message may be gone: planned again now. */
  async replanStale(now: number, staleMs: number, maxAttempts: number, limit = 5000): Promise<DeliveryJob[]> {
    const { results } = await this.db
      .prepare(
        `UPDATE deliveries SET planned_at = ?1
         WHERE rowid IN (
           SELECT d.rowid FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id AND s.active = 1
           WHERE d.state IN ('queued', 'claimed') AND d.planned_at < ?2 AND (d.claimed_at IS NULL OR d.claimed_at < ?2)
             AND d.attempts < ?4
           LIMIT ?3)
         RETURNING news_id, subscription_id`,
      )
      .bind(now, now - staleMs, limit, maxAttempts)
      .all<{ news_id: string; subscription_id: number }>();
    return results.map(toJob);
  }

  /**
   * Takes the delivery for this worker: a queued row, or a claim older than the lease (its worker died).
   * Exactly one concurrent caller wins.
   */
  async claim(job: DeliveryJob, now: number, leaseMs: number): Promise<Claim> {
    const before = await this.db
      .prepare("SELECT state, claimed_at FROM deliveries WHERE news_id = ? AND subscription_id = ?")
      .bind(job.newsId, job.subscriptionId)
      .first<{ state: Extract<Claim, { claimed: false }>["state"]; claimed_at: number | null }>();
    if (!before) return { claimed: false, state: "missing" };
    const row = await this.db
      .prepare(
        `UPDATE deliveries SET state = 'claimed', claimed_at = ?1, attempts = attempts + 1
         WHERE news_id = ?2 AND subscription_id = ?3
           AND (state = 'queued' OR (state = 'claimed' AND claimed_at < ?4))
         RETURNING attempts`,
      )
      .bind(now, job.newsId, job.subscriptionId, now - leaseMs)
      .first<{ attempts: number }>();
    if (!row) return { claimed: false, state: before.state };
    return { claimed: true, attempts: row.attempts, lastAttemptAt: before.claimed_at };
  }

  async confirm(job: DeliveryJob, messageId: string | null, now: number): Promise<void> {
    await this.db
      .prepare(
        "UPDATE deliveries SET state = 'sent', sent_at = ?, message_id = ?, error = NULL WHERE news_id = ? AND subscription_id = ?",
      )
      .bind(now, messageId, job.newsId, job.subscriptionId)
      .run();
  }

  /** Gives a claimed delivery back so a later attempt can take it; claimed_at keeps when this one tried. */
  async release(job: DeliveryJob, error: string): Promise<void> {
    await this.db
      .prepare(
        "UPDATE deliveries SET state = 'queued', error = ? WHERE news_id = ? AND subscription_id = ? AND state = 'claimed'",
      )
      .bind(error, job.newsId, job.subscriptionId)
      .run();
  }

  /** Ends a delivery without posting: dropped (channel gone, item withdrawn) or failed (refused for good). */
  async finish(job: DeliveryJob, state: "dropped" | "failed", error: string): Promise<void> {
    await this.db
      .prepare("UPDATE deliveries SET state = ?, error = ? WHERE news_id = ? AND subscription_id = ?")
      .bind(state, error, job.newsId, job.subscriptionId)
      .run();
  }

  async deliveries(newsId: string): Promise<{ subscriptionId: number; state: string; attempts: number; error: string | null }[]> {
    const { results } = await this.db
      .prepare("SELECT subscription_id, state, attempts, error FROM deliveries WHERE news_id = ? ORDER BY subscription_id")
      .bind(newsId)
      .all<{ subscription_id: number; state: string; attempts: number; error: string | null }>();
    return results.map((r) => ({ subscriptionId: r.subscription_id, state: r.state, attempts: r.attempts, error: r.error }));
  }

  /** Stops every active subscription of a workspace (the app was uninstalled there); returns how many. */
  async stopWorkspace(platform: Platform, workspaceId: string, reason: string, now: number): Promise<number> {
    const result = await this.db
      .prepare(
        "UPDATE subscriptions SET active = 0, disabled_reason = ?, disabled_at = ? WHERE platform = ? AND workspace_id = ? AND active = 1",
      )
      .bind(reason, now, platform, workspaceId)
      .run();
    return result.meta.changes;
  }

  /**
   * Turns back on the subscriptions stopWorkspace stopped with a reason starting with `prefix` (the
   * app was installed again); like turning alerts on again, they get what is published from now on.
   */
  async restoreWorkspace(platform: Platform, workspaceId: string, prefix: string, now: number): Promise<number> {
    const result = await this.db
      .prepare(
        `UPDATE subscriptions SET active = 1, disabled_reason = NULL, disabled_at = NULL, subscribed_at = ?
         WHERE platform = ? AND workspace_id = ? AND active = 0 AND substr(disabled_reason, 1, ?) = ?`,
      )
      .bind(now, platform, workspaceId, prefix.length, prefix)
      .run();
    return result.meta.changes;
  }

  async platformState(platform: Platform): Promise<PlatformState> {
    const row = await this.db
      .prepare("SELECT paused_until, auth_error, token_hash FROM platform_state WHERE platform = ?")
      .bind(platform)
      .first<{ paused_until: number; auth_error: string | null; token_hash: string | null }>();
    return { pausedUntil: row?.paused_until ?? 0, authError: row?.auth_error ?? null, tokenHash: row?.token_hash ?? null };
  }

  async setPlatformState(platform: Platform, state: PlatformState, now: number): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO platform_state (platform, paused_until, auth_error, token_hash, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (platform) DO UPDATE SET paused_until = ?2, auth_error = ?3, token_hash = ?4, updated_at = ?5`,
      )
      .bind(platform, state.pausedUntil, state.authError, state.tokenHash, now)
      .run();
  }
}
