// Migrations are applied before the deploy (README, Deploying), so for a while the Worker of the release
// before runs against the migrated schema. A query that names an index (INDEXED BY) fails outright once
// that index is gone or no longer covers it: the release before's planner query must still run.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";

it("the planner's wake of parked edits from before migration 0011 still runs against the migrated schema", async () => {
  const before0011 = `UPDATE deliveries SET amend_error = NULL WHERE rowid IN (
     SELECT d.rowid FROM deliveries d INDEXED BY deliveries_amend_parked
     WHERE d.amend_state IS NULL AND d.amend_error IS NOT NULL AND EXISTS (
       SELECT 1 FROM json_each(?1) j
       WHERE json_extract(j.value, '$.p') = (SELECT platform FROM subscriptions WHERE id = d.subscription_id)
         AND NOT EXISTS (SELECT 1 FROM platform_state WHERE platform = json_extract(j.value, '$.p')
           AND auth_error IS NOT NULL AND token_hash IS json_extract(j.value, '$.h'))))
   RETURNING message_key`;
  const wake = JSON.stringify([{ p: "slack", h: "0000000000000000" }]);
  await expect(env.DB.prepare(before0011).bind(wake).all()).resolves.toMatchObject({ success: true });
});
