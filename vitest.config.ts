import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import SummaryReporter from "./tests/summary-reporter";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            DISCORD_APPLICATION_ID: "100000000000000001",
            DISCORD_API_BASE: "https://discord.mock/api/v10",
            SLACK_API_BASE: "https://slack.mock/api",
          },
        },
      }),
    ],
    test: {
      include: ["tests/**/*.test.ts"],
      setupFiles: ["./tests/setup.ts"],
      reporters: ["default", new SummaryReporter()],
      // Interaction logs are shown for failing tests only.
      silent: "passed-only",
    },
  };
});
