-- Withdrawing an item edits the posts already made to say so: per delivery the state of that edit,
-- and per message whether edits are still being planned.

-- NULL: not asked for; 'queued': an amend job is on its way; 'done' (amend_error may say why nothing
-- was left to edit, e.g. the post was deleted) or 'failed' (with the last error).
ALTER TABLE deliveries ADD COLUMN amend_state TEXT CHECK (amend_state IN ('queued', 'done', 'failed'));
ALTER TABLE deliveries ADD COLUMN amend_error TEXT;

-- 1 from the withdrawal until every sent post of the message has an amend job.
ALTER TABLE messages ADD COLUMN amending INTEGER NOT NULL DEFAULT 0;
-- The cron tick reads, through one partial index, the messages still being planned and the withdrawn
-- ones whose edits are still being queued: an idle tick reads none.
DROP INDEX messages_planning;
CREATE INDEX messages_pending ON messages (published_at) WHERE planned_through IS NOT NULL OR amending = 1;
