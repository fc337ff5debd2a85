-- One news round at a time. A round that polls while another is still grouping what it found would
-- read the candidates before the other's are written, and the same story, found in two feeds, would
-- become two candidates. A round holds this row from leasing its feeds to writing what it found; its
-- writes take effect only while it still holds it.
CREATE TABLE news_round (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  holder TEXT NOT NULL,                -- the round's own random id
  until INTEGER NOT NULL               -- ms; after this another round may take over
);
