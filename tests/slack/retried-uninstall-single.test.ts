// One workspace without OAuth (SLACK_BOT_TOKEN). Slack retries an event it thinks was missed (after 1
// and 5 minutes). Without OAuth no installation row dates the event; the alerts' own time does, so a
// late copy of app_uninstalled leaves alone the alerts turned on again after the app was added back.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliverNew, deliveryWorldEach, slackAlerts, store } from "../helpers/alerts";
import { sendEvent } from "../helpers/slack-oauth";

const world = deliveryWorldEach();

describe("app_uninstalled delivered again on a one-workspace deployment", { timeout: 30_000 }, () => {
  it("does not stop alerts turned on again after the app was added back", async () => {
    await slackAlerts("alerts on", "C0ONE");
    // Alerts were on for a while before the app was removed.
    await env.DB.prepare("UPDATE subscriptions SET subscribed_at = subscribed_at - 600000 WHERE channel_id = 'C0ONE'").run();
    // Removed two minutes ago; the first delivery of the event was answered too slowly, so Slack retries it.
    const event = { event_id: "Ev0REMOVED", event_time: Math.floor(Date.now() / 1000) - 120 };
    await sendEvent({ type: "app_uninstalled" }, "T0001", {}, event);
    expect((await store().subscription("slack", "C0ONE"))?.active).toBe(false);
    // The operator added the app back from its settings page; the channel turns alerts on again.
    await slackAlerts("alerts on", "C0ONE");
    expect((await store().subscription("slack", "C0ONE"))?.active).toBe(true);

    expect((await sendEvent({ type: "app_uninstalled" }, "T0001", {}, event)).status).toBe(200);
    const after = await store().subscription("slack", "C0ONE");
    const item = await deliverNew(world.testEnv, world.queue);
    expect({ active: after?.active, reason: after?.disabledReason, posted: world.api.slackIn("C0ONE").length }).toEqual({
      active: true,
      reason: null,
      posted: 1,
    });
    expect(item.id).toBeTruthy();
  });
});
