// Slack delivers app_uninstalled late (it retries for minutes), and the copy can arrive while the workspace
// is installing the app again: between the event deleting the old installation and stopping the
// workspace's alerts, the new installation is stored. The workspace must not be left installed with its
// alerts stopped for having removed the app.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { alertEnv, deliverNew, recordingQueue, sleep, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { holdingBatch } from "../helpers/hold";
import type { MockApis } from "../helpers/mock-api";
import {
  Browser,
  installWithAlerts,
  oauthEnv,
  quietOAuthWorld,
  type SlackOAuthMock,
  sendEvent,
  type Workspace,
} from "../helpers/slack-oauth";

const CLINIC: Workspace = { teamId: "T0CLINIC", name: "Clinic" };
const CHANNEL = "C0CLINIC";

let apis: MockApis;
let slack: SlackOAuthMock;

beforeEach(async () => {
  await seedContent();
  ({ apis, slack } = quietOAuthWorld());
});

describe("an uninstall event that arrives while the app is being installed again", { timeout: 30_000 }, () => {
  it("does not stop the alerts of the installation stored while it was being handled", async () => {
    await installWithAlerts(slack, CLINIC, [CHANNEL]);
    // The app is removed; Slack's event about it is being handled (the old installation deleted) as the
    // installer's return from Slack, a moment later, stores the new installation.
    slack.revoke(CLINIC.teamId);
    const removedAt = Math.floor(Date.now() / 1000);
    const held = holdingBatch(env.DB, "SET active = 0, disabled_reason");
    const event = sendEvent({ type: "app_uninstalled" }, CLINIC.teamId, oauthEnv({ DB: held.db }), { event_time: removedAt });
    await held.stalled;
    // Slack dates events to the second: the new installation comes after the event's second.
    await sleep(removedAt * 1000 + 1000 - Date.now());
    expect((await new Browser().install(slack, CLINIC, oauthEnv())).status).toBe(200);
    held.release();
    expect((await event).status).toBe(200);

    const installed = await env.DB.prepare("SELECT team_id FROM slack_installations").all();
    const sub = await store().subscription("slack", CHANNEL);
    const queue = recordingQueue();
    await deliverNew(alertEnv(queue, oauthEnv()) as typeof env, queue);
    expect({
      installed: installed.results.map((r) => r.team_id),
      active: sub?.active,
      reason: sub?.disabledReason ?? null,
      posted: apis.slackIn(CHANNEL).length,
    }).toEqual({ installed: [CLINIC.teamId], active: true, reason: null, posted: 1 });
  });
});
