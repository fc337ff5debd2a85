// Slack shows the user operation_timeout when a command's answer takes more than 3 seconds. A lookup
// before the listener runs can take longer: here auth.test, asked once per isolate for SLACK_BOT_TOKEN
// beside OAuth. The request is answered in time with an empty 200, and the answer, once there, goes to
// the command's response_url.
import { beforeEach, expect, it, vi } from "vitest";
import { ACK_WAIT_MS } from "../../src/slack/bolt";
import { sleep } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import type { MockApis } from "../helpers/mock-api";
import { type SlackReply, sendSlackTimed, slackText, slashBody } from "../helpers/slack";
import { oauthEnv, quietOAuthWorld, type SlackOAuthMock } from "../helpers/slack-oauth";

const SLACK_ACK_MS = 3000;
const AUTH_TEST_MS = 4000;
let apis: MockApis;
let slack: SlackOAuthMock;
let home = "";
let authTests = 0;

beforeEach(async () => {
  await seedContent();
  ({ apis, slack } = quietOAuthWorld());
  home = slack.fromSettings({ teamId: "T0HOME", name: "Home" });
  authTests = 0;
  const mocked = vi.mocked(globalThis.fetch);
  const slackApi = mocked.getMockImplementation() as typeof fetch;
  // Slack's auth.test takes 4 s, as it does now and then, and honours the caller's abort.
  mocked.mockImplementation(async (input, init) => {
    if (String(input instanceof Request ? input.url : input).endsWith("/auth.test")) {
      authTests++;
      await new Promise((resolve, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason));
        void sleep(AUTH_TEST_MS).then(resolve);
      });
    }
    return slackApi(input, init);
  });
});

const command = (team: string, n: number) =>
  slashBody("/episode", "3", { team_id: team, channel_id: `C0${team}`, response_url: `https://slack.mock/respond/${team}/${n}` });
const send = (team: string, n: number) => sendSlackTimed(command(team, n), { env: oauthEnv({ SLACK_BOT_TOKEN: home }) });

it("acknowledges within Slack's 3 seconds while auth.test is slow, and sends the answer to the response_url", async () => {
  expect(ACK_WAIT_MS).toBeLessThan(SLACK_ACK_MS);
  const { response, ms } = await send("T0HOME", 1);
  expect(response.status).toBe(200);
  expect(ms).toBeLessThan(SLACK_ACK_MS);
  expect(await response.text()).toBe("");
  // The answer came once the lookup did: the episode card, in the channel, to this command's address.
  expect(apis.responses.map((r) => r.url)).toEqual(["https://slack.mock/respond/T0HOME/1"]);
  const late = apis.responses[0]?.body as unknown as SlackReply;
  expect(late.response_type).toBe("in_channel");
  expect(slackText(late)).toMatch(/3/);

  // The lookup finished in the background and is kept: the next command is answered directly.
  const next = await send("T0HOME", 2);
  expect(next.ms).toBeLessThan(ACK_WAIT_MS);
  expect(((await next.response.json()) as SlackReply).response_type).toBe("in_channel");
  expect(apis.responses).toHaveLength(1);
  expect(authTests).toBe(1);
}, 20_000);

it("tells another workspace, late, that the app is not installed there; its next command directly", async () => {
  const { response, ms } = await send("T0OTHER", 1);
  expect(ms).toBeLessThan(SLACK_ACK_MS);
  expect(await response.text()).toBe("");
  const late = apis.responses[0]?.body as unknown as SlackReply;
  expect(late.response_type).toBe("ephemeral");
  expect(slackText(late)).toMatch(/install/i);

  const next = await send("T0OTHER", 2);
  expect(next.ms).toBeLessThan(ACK_WAIT_MS);
  expect(slackText((await next.response.json()) as SlackReply)).toMatch(/install/i);
  expect(apis.responses).toHaveLength(1);
}, 20_000);
