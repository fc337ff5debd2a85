-- An edit of a withdrawn item's post waits, parked (amend_state NULL, its reason in amend_error), for one
-- of two things: a new shared token ('waiting for a new token: ...'), which the planner looks for on every
-- tick, or the app installed again in the post's workspace ('uninstalled: ...'). Each has its own partial
-- index, so a tick's wake never reads the edits that wait for an install; an install reads both kinds of
-- its own workspace. deliveries_amend_parked (0010) stays for the release before this one, whose planner
-- names it, between applying this migration and deploying.
CREATE INDEX deliveries_amend_token ON deliveries (subscription_id)
  WHERE amend_state IS NULL AND substr(amend_error, 1, 24) = 'waiting for a new token:';
CREATE INDEX deliveries_amend_uninstalled ON deliveries (subscription_id)
  WHERE amend_state IS NULL AND substr(amend_error, 1, 12) = 'uninstalled:';
