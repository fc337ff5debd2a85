// A workspace's own token that Slack refuses during delivery (revoked, the tokens_revoked event lost or
// not yet arrived) stops that workspace's channel with "uninstalled: Slack token_revoked". Installing the
// app again is what fixes it: the channel's status says so, and turning alerts on with the refused token
// says so too instead of answering that they are on (every post would be refused, and the first would
// stop the channel again).
import { beforeEach, describe, expect, it } from "vitest";
import { alertEnv, publish, recordingQueue, runCron, runQueue, sleep, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slackJson, slackText, slashBody } from "../helpers/slack";
import { Browser, oauthEnv, SlackOAuthMock, type Workspace } from "../helpers/slack-oauth";

const CLINIC: Workspace = { teamId: "T0CLINIC", name: "Night Shift Clinic" };

let apis: MockApis;
let slack: SlackOAuthMock;

beforeEach(async () => {
  apis = new MockApis();
  slack = new SlackOAuthMock(apis).install();
});

const sendIn = (command: string, text: string) =>
  sendSlackRaw(slashBody(command, text, { team_id: CLINIC.teamId, channel_id: "C0CLINIC", user_name: "minji" }), {
    env: oauthEnv(),
  });

/** The clinic's channel, its alerts stopped by a delivery that met the workspace's revoked token. */
async function stoppedByRevokedToken() {
  await seedContent();
  const queue = recordingQueue();
  const testEnv = alertEnv(queue, oauthEnv());
  await new Browser().install(slack, CLINIC, oauthEnv());
  expect((await slackJson(await sendIn("/renewal", "alerts on"))).response_type).toBe("in_channel");
  // The admin revokes the token; Slack's tokens_revoked event has not reached the bot.
  slack.revoke(CLINIC.teamId);
  await sleep(3);
  await publish("season-2-filming");
  await runCron(testEnv);
  await runQueue(
    testEnv,
    queue.sent.splice(0).map((m) => m.body),
  );
  expect(await store().subscription("slack", "C0CLINIC")).toMatchObject({ active: false });
}

describe("a workspace token refused during delivery", { timeout: 30_000 }, () => {
  it("leaves a status that says to install the app again", async () => {
    await stoppedByRevokedToken();
    const status = slackText(await slackJson(await sendIn("/renewal", "alerts status")));
    expect(status).toContain("/slack/install");
  });

  it("is not answered 'alerts are on' by turning them on again with the refused token", async () => {
    await stoppedByRevokedToken();
    await sendIn("/renewal", "alerts on");
    expect((await store().subscription("slack", "C0CLINIC"))?.active).toBe(false);
  });
});
