-- An edit of a withdrawn item's post that met the platform's refused shared token waits, parked, for a new
-- one: amend_state NULL with its reason in amend_error. Only parked edits are in this index, so the
-- planner's wake finds them on every tick without reading the other posts.
CREATE INDEX deliveries_amend_parked ON deliveries (subscription_id) WHERE amend_state IS NULL AND amend_error IS NOT NULL;
