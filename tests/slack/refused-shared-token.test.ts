// The shared token (SLACK_BOT_TOKEN) refused by Slack: README says it "is used as before OAuth: its
// refusal stops the shared token, shown in /health, until a new one is set, and no workspace is counted
// as gone for it". A channel of that workspace turning alerts on meanwhile is not a workspace that
// removed the app: its deliveries would wait for the new token like every other channel's, so it must
// neither be refused nor told that it has not installed the bot.
import { beforeEach, describe, expect, it } from "vitest";
import { store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slackJson, slackText, slashBody } from "../helpers/slack";
import { oauthEnv, SlackOAuthMock, type Workspace } from "../helpers/slack-oauth";

const HOME: Workspace = { teamId: "T0HOME", name: "The operator's own workspace" };

let slack: SlackOAuthMock;

beforeEach(async () => {
  await seedContent();
  slack = new SlackOAuthMock(new MockApis()).install();
});

describe("turning alerts on while the shared token is refused", { timeout: 30_000 }, () => {
  it.each([
    ["one workspace, without OAuth", { SLACK_BOT_TOKEN: "xoxb-replaced-on-the-settings-page", SLACK_TOKEN_KEY: undefined }],
    ["SLACK_BOT_TOKEN beside OAuth", oauthEnv({ SLACK_BOT_TOKEN: "xoxb-replaced-on-the-settings-page" })],
  ])("%s: turns them on, and does not say the workspace has not installed the bot", async (_setup, setup) => {
    const body = slashBody("/renewal", "alerts on", { team_id: HOME.teamId, channel_id: "C0HOME", user_name: "minji" });
    const reply = await slackJson(await sendSlackRaw(body, { env: setup }));
    expect(slack.calls.map((c) => c.method)).toContain("conversations.join");
    expect(slackText(reply)).not.toContain("has not installed the bot");
    expect((await store().subscription("slack", "C0HOME"))?.active).toBe(true);
  });
});
