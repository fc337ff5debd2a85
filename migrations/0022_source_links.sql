-- A story is known by its links normalized (https, no www., no port: see src/news/group.ts), but that form
-- may lead nowhere: an outlet served over http only, a site whose name needs its www., one on another port.
-- The link a reader follows, on the review cards and in the published item, is the outlet's as given
-- (tracking parameters dropped); `url` stays the key every lookup goes by.

-- The first source's link as its outlet gave it; NULL: `url` (rows found before this column).
ALTER TABLE news_candidates ADD COLUMN link TEXT;
-- The same, for each source.
ALTER TABLE news_sources ADD COLUMN link TEXT;
