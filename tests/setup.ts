import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach } from "vitest";
import { CONTENT_BUNDLE_KEY } from "../src/content/keys";
import { clearContentCache } from "../src/content/store";
import { resetPacers } from "./helpers/alerts";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Every test starts with nothing seeded and no alert state; tests that need content call seedContent().
beforeEach(async () => {
  await env.CONTENT.delete(CONTENT_BUNDLE_KEY);
  await env.DB.batch(
    [
      "deliveries",
      "subscriptions",
      "news_seen",
      "platform_state",
      "messages",
      "news",
      "slack_installations",
      "slack_oauth_states",
      "follow_leases",
    ].map((table) => env.DB.prepare(`DELETE FROM ${table}`)),
  );
  clearContentCache();
  // The shared pacer remembers, per token, what the platforms said (holds after a 401 or a 429): each
  // test starts from a pacer that heard nothing.
  await resetPacers();
});
