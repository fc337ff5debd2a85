-- A workspace's subscriptions, found by its id: the app removed from a workspace stops them, installed again
-- turns them back on, and D1 counts every row a query reads, so neither reads every other workspace's.
CREATE INDEX subscriptions_workspace ON subscriptions (platform, workspace_id);
