-- Edits parked for a new shared token ('waiting for a new token: ...') are all in one partial index
-- (deliveries_amend_token, 0011), every platform's together: a wake that looks for one platform's reads
-- the others' too. platform_state.parked_edits says which platforms may have some, so the planner's tick
-- runs its wake only for a platform that may, and whose token is no longer the refused one: while the
-- token is still refused, the tick reads no parked edit.
-- 1 from when an edit of the platform is parked (the trigger below, whichever release parks it) until a
-- wake of the platform's parked edits, which sets it to 0 in the same batch. A row starts at 1, those
-- already here too: edits may be parked already, or be parked in the batch that writes the row (the one
-- recording a refusal writes the edits first).
ALTER TABLE platform_state ADD COLUMN parked_edits INTEGER NOT NULL DEFAULT 1;

CREATE TRIGGER deliveries_amend_token_parked AFTER UPDATE OF amend_state, amend_error ON deliveries
WHEN NEW.amend_state IS NULL AND substr(NEW.amend_error, 1, 24) = 'waiting for a new token:'
BEGIN
  UPDATE platform_state SET parked_edits = 1
  WHERE platform = (SELECT platform FROM subscriptions WHERE id = NEW.subscription_id) AND parked_edits = 0;
END;
