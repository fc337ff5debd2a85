-- Slack workspaces that installed the app through OAuth (one row per team, or per enterprise for an
-- org-wide Grid install), and the OAuth states already used.

CREATE TABLE slack_installations (
  install_key TEXT PRIMARY KEY,        -- 'T:<team id>' for a workspace install, 'E:<enterprise id>' for an org-wide one
  team_id TEXT,
  enterprise_id TEXT,
  is_enterprise_install INTEGER NOT NULL DEFAULT 0,
  app_id TEXT,
  bot_user_id TEXT,
  bot_scopes TEXT,                     -- comma-separated, as Slack grants them
  installed_by TEXT,                   -- user id of whoever installed
  installation TEXT NOT NULL,          -- AES-GCM ciphertext (key: secret SLACK_TOKEN_KEY) of the Installation JSON, tokens included
  installed_at INTEGER NOT NULL,       -- ms
  updated_at INTEGER NOT NULL
);

-- OAuth `state` values that completed a callback, so each works once; kept until they expire.
CREATE TABLE slack_oauth_states (
  nonce TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
