-- What became of each spent OAuth state, so that a second load of the same callback address (a reload
-- while the first was still exchanging the code) shows the first load's result instead of calling the
-- link used: `outcome` is "installed:<team id>" or "page:<page>:<status>", and `code_mac` the HMAC of the
-- state and code that load was given, which the second load must present too. NULL until the first ends.
ALTER TABLE slack_oauth_states ADD COLUMN outcome TEXT;
ALTER TABLE slack_oauth_states ADD COLUMN code_mac TEXT;
