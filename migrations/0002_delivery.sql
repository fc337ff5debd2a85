-- The delivery core: subscriptions to a topic, frozen messages, and a ledger of (message, subscription).
-- Rows of 0001 are carried over: a delivery of news item X becomes one of message 'renewal:X'.

-- A channel subscribes to a topic ('renewal' today). Same ids as before, so the ledger keeps pointing
-- at the right rows.
CREATE TABLE subscriptions_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  topic TEXT NOT NULL DEFAULT 'renewal',
  platform TEXT NOT NULL,
  workspace_id TEXT NOT NULL,          -- Discord guild id or Slack team id
  channel_id TEXT NOT NULL,
  locale TEXT NOT NULL,                -- en, ko, id or tl: the language posts are written in
  subscribed_by TEXT,
  subscribed_at INTEGER NOT NULL,      -- ms; messages published after this are delivered
  active INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT,
  disabled_at INTEGER,
  UNIQUE (platform, channel_id, topic)
);
INSERT INTO subscriptions_v2 (id, topic, platform, workspace_id, channel_id, locale, subscribed_by, subscribed_at, active, disabled_reason, disabled_at)
  SELECT id, 'renewal', platform, workspace_id, channel_id, locale, subscribed_by, subscribed_at, active, disabled_reason, disabled_at
  FROM subscriptions;
-- Planning walks a topic's active subscriptions in id order, a chunk at a time.
CREATE INDEX subscriptions_planning ON subscriptions_v2 (topic, active, id);

-- What is delivered, frozen when it is published: the rendered platform-neutral Reply per locale.
-- A delivery never depends on content caches; withdrawing is an explicit, recorded act.
CREATE TABLE messages (
  key TEXT PRIMARY KEY,                -- '<topic>:<event id>', e.g. 'renewal:netflix-confirms-season-2'
  topic TEXT NOT NULL,
  body TEXT NOT NULL,                  -- JSON: { "replies": { "<locale>": Reply } }
  published_at INTEGER NOT NULL,       -- ms; subscriptions older than this receive it
  planned_through INTEGER,             -- last subscription id planned; NULL once planning is complete
  withdrawn_at INTEGER,
  withdrawn_reason TEXT
);
-- An idle cron tick reads only messages still being planned.
CREATE INDEX messages_planning ON messages (planned_through) WHERE planned_through IS NOT NULL;

-- Renewal news as published (by the seed from data/news.json, or by a reviewer): the item itself.
CREATE TABLE news (
  id TEXT PRIMARY KEY,
  item TEXT NOT NULL,                  -- JSON NewsItem, as validated by the content schema
  published_at INTEGER NOT NULL,
  withdrawn_at INTEGER,
  withdrawn_reason TEXT
);

-- The ledger: at most one row per (message, subscription). Every state change names the state it
-- comes from, so a late or duplicate worker can never overwrite a final state.
CREATE TABLE deliveries_v2 (
  message_key TEXT NOT NULL,
  subscription_id INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'claimed', 'sent', 'dropped', 'failed')),
  planned_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,             -- ms; a pending row past this is queued again by the sweep
  claimed_at INTEGER,
  first_attempt_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  unsure INTEGER NOT NULL DEFAULT 0,   -- 1: an attempt may have posted without hearing back
  sent_at INTEGER,
  message_id TEXT,
  error TEXT,
  PRIMARY KEY (message_key, subscription_id)
);
INSERT INTO deliveries_v2 (message_key, subscription_id, state, planned_at, due_at, claimed_at, first_attempt_at, attempts, unsure, sent_at, message_id, error)
  SELECT 'renewal:' || news_id, subscription_id, state, planned_at, planned_at, claimed_at, claimed_at, attempts,
         CASE WHEN claimed_at IS NULL THEN 0 ELSE 1 END, sent_at, message_id, error
  FROM deliveries;
-- The stale sweep reads pending rows that are due, through this index only.
CREATE INDEX deliveries_due ON deliveries_v2 (due_at) WHERE state IN ('queued', 'claimed');
CREATE INDEX deliveries_by_subscription ON deliveries_v2 (subscription_id) WHERE state IN ('queued', 'claimed');

DROP TABLE deliveries;
DROP TABLE subscriptions;
ALTER TABLE subscriptions_v2 RENAME TO subscriptions;
ALTER TABLE deliveries_v2 RENAME TO deliveries;

-- Per platform: a pause (and why, shown in /health), or a stop after the token was refused. Rebuilt
-- without the list of platform names, which src/platforms.ts now owns.
CREATE TABLE platform_state_v2 (
  platform TEXT PRIMARY KEY,
  paused_until INTEGER NOT NULL DEFAULT 0,
  pause_reason TEXT,
  auth_error TEXT,
  token_hash TEXT,
  updated_at INTEGER NOT NULL
);
INSERT INTO platform_state_v2 (platform, paused_until, auth_error, token_hash, updated_at)
  SELECT platform, paused_until, auth_error, token_hash, updated_at FROM platform_state;
DROP TABLE platform_state;
ALTER TABLE platform_state_v2 RENAME TO platform_state;
