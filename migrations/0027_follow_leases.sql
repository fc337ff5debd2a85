-- One follow of the announcement channel at a time in a channel. Each follow Discord makes is a webhook
-- of its own: two presses of `/renewal alerts:follow` at once (two admins, or one pressing twice) would
-- both find none and both make one, and every item would reach the channel twice. A press holds its
-- channel's row from before it lists the channel's webhooks until the follow is recorded; another press
-- meanwhile makes none. The row is deleted then; one a press that died left runs out at `until`.
CREATE TABLE follow_leases (
  platform TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  holder TEXT NOT NULL,                -- the press's own random id
  until INTEGER NOT NULL,              -- ms; after this another press may take over
  PRIMARY KEY (platform, channel_id)
) WITHOUT ROWID;                       -- the key is the table: a claim writes one row, not a row and its index's
