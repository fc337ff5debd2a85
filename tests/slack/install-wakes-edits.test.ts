// The operator's own workspace runs on SLACK_BOT_TOKEN beside OAuth, and Slack refuses that token: an
// edit of a withdrawn item's post there waits, parked, for a new token. Installing the app through the
// install link gives the workspace a token of its own, and wakes the edit as it wakes its deliveries,
// rather than leaving it to wait for SLACK_BOT_TOKEN to change.
import { beforeEach, expect, it } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import { newsKey, withdrawNews } from "../../src/topics/renewal";
import { alertEnv, deliverNew, queuedEdits, recordingQueue, runCron, runQueueUntilDone, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import type { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slackJson, slashBody } from "../helpers/slack";
import { Browser, oauthEnv, quietOAuthWorld, type SlackOAuthMock, type Workspace } from "../helpers/slack-oauth";

const HOME: Workspace = { teamId: "T0HOME", name: "Home" };
let apis: MockApis;
let slack: SlackOAuthMock;

beforeEach(() => {
  ({ apis, slack } = quietOAuthWorld());
});

it("an edit parked on the refused shared token is made once its workspace installs the app", { timeout: 60_000 }, async () => {
  await seedContent();
  const home = slack.fromSettings(HOME);
  const both = oauthEnv({ SLACK_BOT_TOKEN: home });
  const queue = recordingQueue();
  const testEnv = alertEnv(queue, both);
  const on = slashBody("/renewal", "alerts on", { team_id: HOME.teamId, channel_id: "C0HOME" });
  expect((await slackJson(await sendSlackRaw(on, { env: both }))).response_type).toBe("in_channel");
  const item = await deliverNew(testEnv, queue, "season-2-filming");
  expect(apis.slackIn("C0HOME")).toHaveLength(1);

  slack.revoke(HOME.teamId);
  expect(await withdrawNews(testEnv, item.id, "reported in error")).toBe(true);
  await runCron(testEnv);
  await runQueueUntilDone(testEnv, queuedEdits(queue));
  expect((await store().amends(newsKey(item.id)))[0]).toMatchObject({
    amendState: null,
    amendError: expect.stringMatching(/^waiting for a new token: /),
  });

  // SLACK_BOT_TOKEN is left as it is: the install alone wakes the edit, and the next tick queues it.
  await new Browser().install(slack, HOME, { ...both, ANNOUNCEMENTS: queue });
  await planDeliveries(testEnv, Date.now());
  const woken = queuedEdits(queue);
  const sub = (await store().subscription("slack", "C0HOME"))?.id;
  expect(woken.map((j) => j.subscriptionId)).toEqual([sub]);
  await runQueueUntilDone(testEnv, woken);
  expect(apis.slackIn("C0HOME").map((m) => m.edits ?? 0)).toEqual([1]);
  expect((await store().amends(newsKey(item.id)))[0]?.amendState).toBe("done");
});
