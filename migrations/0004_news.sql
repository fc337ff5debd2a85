-- News discovery: the state of each polled feed, and the candidates found in them awaiting review.

-- One row per feed URL (data/feeds.json): what the last poll returned and when to poll next.
CREATE TABLE feed_state (
  url TEXT PRIMARY KEY,
  etag TEXT,                           -- sent back as If-None-Match
  last_modified TEXT,                  -- sent back as If-Modified-Since
  next_poll_at INTEGER NOT NULL DEFAULT 0,
  last_polled_at INTEGER,
  last_ok_at INTEGER,
  failures INTEGER NOT NULL DEFAULT 0, -- consecutive; drives the backoff
  last_error TEXT,
  polling_until INTEGER NOT NULL DEFAULT 0 -- a lease, so overlapping ticks do not poll a feed twice
);

-- One row per story: the same story from many outlets is one candidate with many sources.
CREATE TABLE news_candidates (
  id TEXT PRIMARY KEY,                 -- short, stable, derived from the first source's normalized URL
  state TEXT NOT NULL CHECK (state IN ('new', 'published', 'dismissed', 'withdrawn')),
  title TEXT NOT NULL,                 -- the headline as found (untrusted text)
  language TEXT NOT NULL,              -- en, ko, id or tl: the feed's language
  outlet TEXT NOT NULL,
  url TEXT NOT NULL,                   -- the first source, normalized
  published_at INTEGER NOT NULL,       -- ms, the earliest source's date
  found_at INTEGER NOT NULL,
  key TEXT NOT NULL,                   -- the title's comparison key (see src/news/group.ts)
  edits TEXT,                          -- JSON: a reviewer's title and summary per language
  label TEXT,                          -- chosen when published
  decided_by TEXT,                     -- user id of the reviewer (or "cli")
  decided_at INTEGER,
  news_id TEXT,                        -- the published item's id
  review_posted INTEGER NOT NULL DEFAULT 0 -- platforms the review message reached: 1 Discord, 2 Slack
);
CREATE INDEX news_candidates_recent ON news_candidates (published_at);

-- Every source link of a candidate, unique across candidates: a link seen again is the same story.
CREATE TABLE news_sources (
  url TEXT PRIMARY KEY,                -- normalized
  candidate_id TEXT NOT NULL REFERENCES news_candidates (id),
  title TEXT NOT NULL,
  outlet TEXT NOT NULL,
  language TEXT NOT NULL,
  published_at INTEGER NOT NULL
);
CREATE INDEX news_sources_candidate ON news_sources (candidate_id);
