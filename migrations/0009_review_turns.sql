-- Review cards take turns: one that could not be posted or found in its channel waits before the next
-- try, longer each time, so that it never keeps newer candidates from review.

-- ms: not tried again before then; NULL: never tried, first in line.
ALTER TABLE news_candidates ADD COLUMN review_next_at INTEGER;
-- Tries in a row that made no headway (the wait doubles with each).
ALTER TABLE news_candidates ADD COLUMN review_stalls INTEGER NOT NULL DEFAULT 0;
