-- D1 counts a row written for every index a write touches, and its Free plan allows 100,000 rows written
-- a day. deliveries_by_subscription held every pending delivery: each delivery entered it when planned and
-- left it when it ended, two of the rows it wrote. A channel's pending deliveries are found instead by the
-- ledger's own key (message_key, subscription_id), one lookup per published message, so stopping a
-- channel's alerts reads about as many rows as there are messages, still never the rest of the ledger.
DROP INDEX deliveries_by_subscription;
