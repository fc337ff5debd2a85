-- Channels that follow the bot's announcement channel are planned while its own alerts are off (stopped,
-- turned off, or no announcement channel set): nothing is crossposted then, so the follow brings nothing
-- and the bot posts to them itself. Planning reads them through this index, and no other inactive row.
CREATE INDEX subscriptions_following ON subscriptions (topic, id) WHERE disabled_reason = 'following the announcement channel';
