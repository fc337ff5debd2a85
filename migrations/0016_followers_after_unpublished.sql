-- An item planned while the announcement channel's alerts were on leaves its followers to the crosspost.
-- Should that channel's delivery of it end without one (dropped: the channel gone, closed to the bot, its
-- alerts turned off; or failed), the follow brings nothing: its followers are planned then, a chunk at a
-- time from followers_through, and the bot posts to them itself. announced_by is the announcement
-- channel's subscription, recorded when its delivery of the message is planned.
ALTER TABLE messages ADD COLUMN announced_by INTEGER;
ALTER TABLE messages ADD COLUMN followers_through INTEGER;
DROP INDEX messages_pending;
CREATE INDEX messages_pending ON messages (published_at)
  WHERE planned_through IS NOT NULL OR amending = 1 OR followers_through IS NOT NULL;
CREATE TRIGGER deliveries_announcement_unpublished AFTER UPDATE OF state ON deliveries
WHEN NEW.state IN ('dropped', 'failed') AND OLD.state IN ('queued', 'claimed')
BEGIN
  UPDATE messages SET followers_through = 0
  WHERE key = NEW.message_key AND announced_by = NEW.subscription_id AND followers_through IS NULL AND withdrawn_at IS NULL;
END;
