-- Each claim of a delivery carries an id of its own, written with its claim time. D1 can take a claim and
-- lose the answer to it: the worker, which posted nothing, undoes that claim by its id, and only that one
-- (two workers can claim in the same millisecond; only one of them holds the row). No index: the row is
-- found by its key.
ALTER TABLE deliveries ADD COLUMN claim_id TEXT;
