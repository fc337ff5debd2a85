-- Each platform's review card is kept (its channel and message: Discord's message id, Slack's ts), as
-- JSON keyed by platform, so that a decision made on one platform, or from the command line, redraws the
-- other platform's card too. review_redraw: the platforms whose card is behind the candidate (bits as
-- review_posted), edited at the next news round.
ALTER TABLE news_candidates ADD COLUMN review_messages TEXT;
ALTER TABLE news_candidates ADD COLUMN review_redraw INTEGER NOT NULL DEFAULT 0;
-- When a news round last took the candidate's cards to redraw (ms): each round takes those it took longest
-- ago (never first), so cards that cannot be redrawn yet do not keep the others waiting.
ALTER TABLE news_candidates ADD COLUMN review_redraw_at INTEGER;
-- The cards to redraw, read at every news round: only those, not every candidate ever found.
CREATE INDEX news_candidates_redraw ON news_candidates (review_redraw_at, decided_at) WHERE review_redraw != 0;
