-- A post made in the announcement channel whose crosspost Discord refused to the last attempt ends
-- `failed` (or `dropped`) with its message id kept: it is in the channel all the same, and a withdrawal
-- edits it as it edits a sent post. One that ends so after its message was withdrawn puts the message
-- back to amending, whoever ends it (the consumer, the sweep), so the planner edits it.
CREATE TRIGGER deliveries_posted_ended_withdrawn AFTER UPDATE OF state ON deliveries
WHEN NEW.state IN ('failed', 'dropped') AND OLD.state IN ('queued', 'claimed') AND NEW.message_id IS NOT NULL
BEGIN
  UPDATE messages SET amending = 1 WHERE key = NEW.message_key AND withdrawn_at IS NOT NULL AND amending = 0;
END;
