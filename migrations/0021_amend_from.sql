-- Where the next chunk of a withdrawn message's edits is taken from: the last subscription whose post a
-- chunk took. A chunk reads on from there instead of reading again every post already taken, so queueing
-- the edits of a message delivered to n channels reads about n rows, not n²/200. A chunk that finds none
-- left after it starts again from the first post (an edit handed back or woken behind the cursor).
ALTER TABLE messages ADD COLUMN amend_from INTEGER NOT NULL DEFAULT 0;
