-- A review message whose answer was lost may be in the review channel already: it is looked for before
-- it is posted again (Slack keeps no nonce to drop a second one).

-- Platforms whose last review post may have landed without an answer (bits as review_posted).
ALTER TABLE news_candidates ADD COLUMN review_unsure INTEGER NOT NULL DEFAULT 0;
-- ms: the first review post that may have landed; a look reads the channel back to it.
ALTER TABLE news_candidates ADD COLUMN review_tried_at INTEGER;
-- JSON: per platform, where the last look stopped (as deliveries.look_from); absent: from the newest.
ALTER TABLE news_candidates ADD COLUMN review_look TEXT;
