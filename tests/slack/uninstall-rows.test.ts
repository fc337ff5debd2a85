// Removing the app from a workspace stops that workspace's alerts. D1's Free plan counts every row a query
// reads: the stop reads that workspace's subscriptions and their deliveries, not every channel of every other
// workspace, nor what was delivered there.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { slackAlerts, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { countingEnv, otherChannels } from "../helpers/counting-db";
import { MockApis } from "../helpers/mock-api";
import { sendEvent } from "../helpers/slack-oauth";

beforeEach(async () => {
  await seedContent();
  new MockApis().install();
});

describe("app_uninstalled", { timeout: 30_000 }, () => {
  it("reads the same rows however many channels other workspaces subscribed", async () => {
    const reads: number[] = [];
    for (const others of [10, 300]) {
      await env.DB.batch(
        ["DELETE FROM deliveries", "DELETE FROM subscriptions", "DELETE FROM messages"].map((s) => env.DB.prepare(s)),
      );
      await slackAlerts("alerts on", "C0MINE");
      await env.DB.prepare("UPDATE subscriptions SET subscribed_at = subscribed_at - 600000").run();
      // Each with an item delivered long ago: the ledger every item adds to.
      await otherChannels(env.DB, others, {
        platform: "slack",
        workspace: "T0OTHER",
        channel: "C0OTHER",
        workspaceEach: true,
        delivered: "renewal:old",
      });
      const { counter, db } = countingEnv(env);
      await sendEvent({ type: "app_uninstalled" }, "T0001", { DB: db });
      expect((await store().subscription("slack", "C0MINE"))?.active).toBe(false);
      reads.push(counter.rowsRead);
    }
    expect(reads[1]).toBe(reads[0]);
  });
});
