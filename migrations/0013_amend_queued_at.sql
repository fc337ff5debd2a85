-- When an edit was last queued, or last heard of from its queue message (a retry it settled): an edit
-- still `queued` long after that has lost its message (dropped by the dead-letter queue after its own
-- retries, D1 unreachable meanwhile), and the planner's sweep hands it back to be queued again. Only
-- queued edits are in the index, so a sweep with none stale reads nothing. Edits already queued count
-- from now.
ALTER TABLE deliveries ADD COLUMN amend_queued_at INTEGER;
UPDATE deliveries SET amend_queued_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 WHERE amend_state = 'queued';
CREATE INDEX deliveries_amend_queued ON deliveries (amend_queued_at) WHERE amend_state = 'queued';

-- An edit handed back to the planner (queued, then neither ended nor parked: its state and reason
-- empty) makes its message amending again in the same statement, whoever hands it back: the consumer
-- at the queue's last retry or on the dead-letter queue, the planner when the queue refused the
-- chunk, the sweep. The planner's next tick queues it.
CREATE TRIGGER deliveries_amend_handed_back AFTER UPDATE OF amend_state ON deliveries
WHEN OLD.amend_state = 'queued' AND NEW.amend_state IS NULL AND NEW.amend_error IS NULL
BEGIN
  UPDATE messages SET amending = 1 WHERE key = NEW.message_key AND amending = 0;
END;
