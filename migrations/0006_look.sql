-- Looking for a post whose answer was lost.

-- Where the last look stopped: a platform's position in the channel's history (Slack: pages read and
-- the oldest message's ts read so far). The next look reads on from there, since Slack lets an app
-- outside its Marketplace read one page of history a minute. NULL: from the newest.
ALTER TABLE deliveries ADD COLUMN look_from TEXT;

-- 1: alerts were turned off while this delivery may have posted; it is only looked for, never posted,
-- whatever the channel's alerts are later, and recorded when found so that a withdrawal edits it.
ALTER TABLE deliveries ADD COLUMN look_only INTEGER NOT NULL DEFAULT 0;

-- A post recorded as made puts its message back to amending when the message was withdrawn, whoever
-- records it and whenever (a worker that outlived its lease included), so the planner edits it.
CREATE TRIGGER deliveries_sent_withdrawn AFTER UPDATE OF state ON deliveries
WHEN NEW.state = 'sent' AND OLD.state != 'sent'
BEGIN
  UPDATE messages SET amending = 1 WHERE key = NEW.message_key AND withdrawn_at IS NOT NULL AND amending = 0;
END;
