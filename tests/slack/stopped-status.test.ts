// What `/renewal alerts status` says of a Slack channel whose alerts stopped. Slack's own events stop
// them too (the bot removed from the channel, the app removed from the workspace): no post was refused
// then, and the status must not say that a delivery failed. In a channel two workspaces share (Slack
// Connect), the workspace that asks is told to install the app only if the stop was its own.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliveryWorldEach, slackAlerts } from "../helpers/alerts";
import { sendSlackRaw, slackJson, slackText, slashBody } from "../helpers/slack";
import { Browser, oauthEnv, quietOAuthWorld, sendEvent, type Workspace } from "../helpers/slack-oauth";

deliveryWorldEach();

/** The words each language's status uses for a delivery Slack refused. */
const DELIVERY_FAILED = ["delivery failed", "전송에 실패", "pengiriman gagal", "pumalya ang pag-deliver"];

const left = (channel: string) => ({ type: "channel_left", channel, actor_id: "U0ADMIN", event_ts: "1700000000.000100" });

describe("the status of a Slack channel whose alerts stopped", { timeout: 30_000 }, () => {
  it("says the bot was removed from the channel, in every language, not that a delivery failed", async () => {
    await slackAlerts("alerts on", "C0PUB");
    await env.DB.prepare("UPDATE subscriptions SET subscribed_at = subscribed_at - 600000").run();
    await sendEvent(left("C0PUB"), "T0001", {});
    for (const [i, lang] of ["en", "ko", "id", "tl"].entries()) {
      const status = (await slackAlerts(`alerts status lang:${lang}`, "C0PUB")).text;
      expect(status).toContain("the app was removed from this channel");
      expect(status).not.toContain(DELIVERY_FAILED[i]);
    }
  });

  it("says the app was removed from the workspace, not that a delivery failed", async () => {
    await slackAlerts("alerts on", "C0ONE");
    await env.DB.prepare("UPDATE subscriptions SET subscribed_at = subscribed_at - 600000").run();
    await sendEvent({ type: "app_uninstalled" }, "T0001", {});
    const status = (await slackAlerts("alerts status", "C0ONE")).text;
    expect(status).toContain("the Slack app was removed from this workspace");
    expect(status).not.toContain("delivery failed");
  });
});

describe("the status of a shared channel whose alerts the other workspace's uninstall stopped", { timeout: 30_000 }, () => {
  const HOSPITAL: Workspace = { teamId: "T0HOSP", name: "Hospital" };
  const VENDOR: Workspace = { teamId: "T0VEND", name: "Vendor" };
  const SHARED = "C0SHARED";
  const sendIn = async (workspace: Workspace, text: string) =>
    slackText(
      await slackJson(
        await sendSlackRaw(slashBody("/renewal", text, { team_id: workspace.teamId, channel_id: SHARED, user_name: "minji" }), {
          env: oauthEnv(),
        }),
      ),
    );

  it("does not tell a workspace that has the app to install it, and turning alerts on there works", async () => {
    const { slack } = quietOAuthWorld();
    await new Browser().install(slack, HOSPITAL, oauthEnv());
    await new Browser().install(slack, VENDOR, oauthEnv());
    await sendIn(HOSPITAL, "alerts on");
    await env.DB.prepare("UPDATE subscriptions SET subscribed_at = subscribed_at - 600000").run();
    slack.revoke(HOSPITAL.teamId);
    await sendEvent({ type: "app_uninstalled" }, HOSPITAL.teamId, oauthEnv());

    const status = await sendIn(VENDOR, "alerts status");
    expect(status).toContain("stopped");
    expect(status).not.toContain("/slack/install");
    expect(status).not.toContain("has not installed the bot");
    // Nor that the app was removed from "this workspace": it was the other one's.
    expect(status).not.toContain("removed from this workspace");
    expect(await sendIn(HOSPITAL, "alerts status")).toContain("has not installed the bot");
    await sendIn(VENDOR, "alerts on");
    expect(await sendIn(VENDOR, "alerts status")).toContain("Renewal alerts are on here");
  });
});
