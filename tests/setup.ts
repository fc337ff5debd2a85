import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach } from "vitest";
import { CONTENT_BUNDLE_KEY } from "../src/content/keys";
import { clearContentCache } from "../src/content/store";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Every test starts with nothing seeded and no alert state; tests that need content call seedContent().
beforeEach(async () => {
  await env.CONTENT.delete(CONTENT_BUNDLE_KEY);
  await env.DB.batch(
    ["deliveries", "subscriptions", "news_seen", "platform_state", "slack_installations", "slack_oauth_states"].map((table) =>
      env.DB.prepare(`DELETE FROM ${table}`),
    ),
  );
  clearContentCache();
});
