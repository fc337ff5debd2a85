-- Renewal alerts: who subscribed, which news the bot has seen, and what reached which channel.

-- One row per channel that turned alerts on (re-enabling reuses the row).
CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  platform TEXT NOT NULL CHECK (platform IN ('discord', 'slack')),
  workspace_id TEXT NOT NULL,          -- Discord guild id or Slack team id
  channel_id TEXT NOT NULL,
  locale TEXT NOT NULL,                -- en, ko, id or tl: the language posts are written in
  subscribed_by TEXT,                  -- user id of whoever turned alerts on
  subscribed_at INTEGER NOT NULL,      -- ms; news first seen after this is delivered
  active INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT,
  disabled_at INTEGER,
  UNIQUE (platform, channel_id)
);

-- When the bot first saw each news item (cron tick or a subscription, whichever came first).
CREATE TABLE news_seen (
  news_id TEXT PRIMARY KEY,
  first_seen_at INTEGER NOT NULL
);

-- The delivery ledger: at most one row per (news item, subscription), claimed before posting and
-- confirmed after, so retries and duplicate messages never post twice.
CREATE TABLE deliveries (
  news_id TEXT NOT NULL,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
  state TEXT NOT NULL CHECK (state IN ('queued', 'claimed', 'sent', 'dropped', 'failed')),
  planned_at INTEGER NOT NULL,
  claimed_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  sent_at INTEGER,
  message_id TEXT,
  error TEXT,
  PRIMARY KEY (news_id, subscription_id)
);
CREATE INDEX deliveries_pending ON deliveries (state, planned_at);

-- Per platform: a pause after a Cloudflare-level 429, or a stop after the token was refused.
CREATE TABLE platform_state (
  platform TEXT PRIMARY KEY CHECK (platform IN ('discord', 'slack')),
  paused_until INTEGER NOT NULL DEFAULT 0,
  auth_error TEXT,
  token_hash TEXT,                     -- hash of the refused token: a new token resumes sending
  updated_at INTEGER NOT NULL
);
