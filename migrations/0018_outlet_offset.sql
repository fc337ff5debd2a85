-- A story is dated by the day its outlet had when it came out: at its feed's `utcOffset` when the feed
-- gives one (a Manila outlet writing in English is at +08:00, not at English's UTC), else at its
-- language's market's offset.

-- Minutes from UTC of the feed the candidate's first source came from; NULL: its language's market's
-- (rows found before this column, and feeds without a `utcOffset`).
ALTER TABLE news_candidates ADD COLUMN offset_minutes INTEGER;
-- The same, for each source.
ALTER TABLE news_sources ADD COLUMN offset_minutes INTEGER;
