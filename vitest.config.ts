import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { parse as parseToml } from "smol-toml";
import { defineConfig } from "vitest/config";
import SummaryReporter from "./tests/summary-reporter";

/** The module aliases in wrangler.toml, so tests run the same slimmed Bolt as the deployed Worker. */
function wranglerAliases(): Record<string, string> {
  const config = parseToml(readFileSync("./wrangler.toml", "utf8")) as { alias?: Record<string, string> };
  const entries = Object.entries(config.alias ?? {}).map(([name, path]) => [name, resolve(path)]);
  if (!entries.length) throw new Error("wrangler.toml has no [alias] table");
  return Object.fromEntries(entries);
}

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  const workerd = cloudflareTest({
    wrangler: { configPath: "./wrangler.toml" },
    miniflare: {
      bindings: {
        TEST_MIGRATIONS: migrations,
        DISCORD_APPLICATION_ID: "100000000000000001",
        DISCORD_API_BASE: "https://discord.mock/api/v10",
        SLACK_API_BASE: "https://slack.mock/api",
        DISCORD_BOT_TOKEN: "discord-test-token",
        SLACK_BOT_TOKEN: "xoxb-test-token",
        // FC_SEED=<seed> npm test replays a failing property-based run.
        FC_SEED: process.env.FC_SEED ?? "",
      },
    },
  });
  return {
    // At the root, where the workerd module loader reads it; the browser project undoes it.
    resolve: { alias: wranglerAliases() },
    test: {
      reporters: ["default", new SummaryReporter()],
      // Interaction logs are shown for failing tests only.
      silent: "passed-only" as const,
      projects: [
        {
          // Inside workerd, through the plugin and the aliases above.
          extends: true,
          plugins: [workerd],
          test: {
            name: "workers",
            include: ["tests/**/*.test.ts"],
            exclude: ["tests/browser/**", "tests/build/**"],
            setupFiles: ["./tests/setup.ts"],
          },
        },
        {
          // The pages in a real headless Chromium, against the Worker served by wrangler dev: Node side,
          // where node:crypto, node:http and node:fs are the real ones, not the Worker's stubs above.
          resolve: { alias: Object.keys(wranglerAliases()).map((name) => ({ find: name, replacement: name })) },
          test: {
            name: "browser",
            include: ["tests/browser/**/*.test.ts"],
            environment: "node",
            testTimeout: 120_000,
            hookTimeout: 120_000,
          },
        },
        {
          // The two deployed Workers as \`wrangler deploy\` builds them (npm run deploy): Node side.
          resolve: { alias: Object.keys(wranglerAliases()).map((name) => ({ find: name, replacement: name })) },
          test: {
            name: "build",
            include: ["tests/build/**/*.test.ts"],
            environment: "node",
            testTimeout: 120_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
