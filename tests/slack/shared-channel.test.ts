// A Slack Connect channel is one channel (one id) shared by two workspaces, and the app can be
// installed in both. A command in it carries the team of whoever typed it. One workspace's uninstall
// must not stop the alerts the other workspace turned on and still has the app for.
import type { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { alertEnv, deliverNew, recordingQueue, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import type { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slackJson, slashBody } from "../helpers/slack";
import { Browser, oauthEnv, quietOAuthWorld, type SlackOAuthMock, sendEvent, type Workspace } from "../helpers/slack-oauth";

const HOSPITAL: Workspace = { teamId: "T0HOSP", name: "Hospital" };
const VENDOR: Workspace = { teamId: "T0VEND", name: "Vendor" };
/** The shared channel: the same id in both workspaces. */
const SHARED = "C0SHARED";

let apis: MockApis;
let slack: SlackOAuthMock;

beforeEach(async () => {
  await seedContent();
  ({ apis, slack } = quietOAuthWorld());
});

const sendIn = (workspace: Workspace, text: string) =>
  sendSlackRaw(slashBody("/renewal", text, { team_id: workspace.teamId, channel_id: SHARED, user_name: "minji" }), {
    env: oauthEnv(),
  });

describe("alerts in a channel shared by two workspaces that both installed the app", { timeout: 30_000 }, () => {
  it("keep going when the workspace that did not turn them on removes the app", async () => {
    await new Browser().install(slack, HOSPITAL, oauthEnv());
    await new Browser().install(slack, VENDOR, oauthEnv());
    expect((await slackJson(await sendIn(HOSPITAL, "alerts on"))).response_type).toBe("in_channel");
    // Someone from the other workspace asks in the same channel; they are told alerts are on already.
    await sendIn(VENDOR, "alerts on");
    // The other workspace removes the app.
    slack.revoke(VENDOR.teamId);
    await sendEvent({ type: "app_uninstalled" }, VENDOR.teamId, oauthEnv());

    const sub = await store().subscription("slack", SHARED);
    const queue = recordingQueue();
    await deliverNew(alertEnv(queue, oauthEnv()) as typeof env, queue);
    expect({ active: sub?.active, reason: sub?.disabledReason ?? null, posted: apis.slackIn(SHARED).length }).toEqual({
      active: true,
      reason: null,
      posted: 1,
    });
  });
});
