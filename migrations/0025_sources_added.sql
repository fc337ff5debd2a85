-- A review card lists its candidate's sources and, in a language with no title typed, titles the story by a
-- source's headline. A card is known to be up to date by comparing what it was drawn from with the candidate
-- once it is posted or redrawn (see NewsStore.redrawn); a source found meanwhile changed nothing that
-- comparison read, so the card could stay a source behind. Each round that adds sources to a candidate
-- counts it here, and the comparison reads the count too.
ALTER TABLE news_candidates ADD COLUMN sources_added INTEGER NOT NULL DEFAULT 0;
