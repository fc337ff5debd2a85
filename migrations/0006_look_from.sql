-- Where the last look for a post whose answer was lost stopped: a platform's position in the channel's
-- history (Slack: the oldest message's ts read so far). The next look reads on from there, since Slack
-- lets an app outside its Marketplace read one page of history a minute. NULL: from the newest.
ALTER TABLE deliveries ADD COLUMN look_from TEXT;
