// One workspace without OAuth: the operator removed the app and added it again from its settings page
// (a new SLACK_BOT_TOKEN). The channel's alerts were stopped by the app_uninstalled event; turning them on
// again is all it takes (there is no install link to follow on such a deployment), and the status must
// not say the bot takes no new workspaces and that its Slack app is not set up: it answers right there.
import { beforeEach, describe, expect, it } from "vitest";
import { slackAlerts, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { slackText } from "../helpers/slack";
import { sendEvent } from "../helpers/slack-oauth";

beforeEach(async () => {
  await seedContent();
  new MockApis().install();
});

describe("a channel stopped by app_uninstalled, on a one-workspace deployment", { timeout: 30_000 }, () => {
  it("is told to turn alerts on again, and turning them on works", async () => {
    await slackAlerts("alerts on", "C0ONE");
    await sendEvent({ type: "app_uninstalled" }, "T0001", {});
    expect((await store().subscription("slack", "C0ONE"))?.active).toBe(false);
    const status = slackText((await slackAlerts("alerts status", "C0ONE")) as Parameters<typeof slackText>[0]);
    expect(status).not.toContain("does not take new Slack workspaces");
    await slackAlerts("alerts on", "C0ONE");
    expect((await store().subscription("slack", "C0ONE"))?.active).toBe(true);
  });
});
