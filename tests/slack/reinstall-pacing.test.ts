// Slack limits an app per workspace, whichever token it issued there: a reinstall's new token must be
// paced with what the old one just posted, not start afresh and meet the channel's one-a-second limit.
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { newsKey } from "../../src/topics/renewal";
import { alertEnv, publish, recordingQueue, resetPacers, runCron, runQueue } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { Browser, installWithAlerts, oauthEnv, quietOAuthWorld, type Workspace } from "../helpers/slack-oauth";

const FANS: Workspace = { teamId: "T0FANS", name: "Fans" };
const CHANNEL = "C0FANS";

beforeEach(async () => {
  await resetPacers();
  await seedContent();
});

it("paces a reinstalled workspace's posts with those its old token made in the same channel", async () => {
  const { apis, slack } = quietOAuthWorld();
  const queue = recordingQueue();
  const testEnv = alertEnv(queue, oauthEnv());
  await installWithAlerts(slack, FANS, [CHANNEL]);
  const deliver = async (id: string) => {
    await publish(id);
    await runCron(testEnv);
    const run = await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    return run.acked;
  };
  // Three posts in a row: the burst the channel takes, paced by the first token's pacer.
  for (const id of ["reinstall-1", "reinstall-2", "reinstall-3"]) expect(await deliver(id), id).toBe(1);
  // The app is installed again: Slack issues the workspace a new token.
  expect((await new Browser().install(slack, FANS, oauthEnv())).status).toBe(200);
  expect(await deliver("reinstall-4"), "the fourth post, with the new token, went in the same run").toBe(1);

  const posts = apis.slackIn(CHANNEL);
  const tokens = new Set(posts.map((p) => p.headers.authorization));
  expect(tokens.size, "posts made with the old token and the new").toBe(2);
  expect(apis.routeLimited, "Slack's 429s for the channel's limit").toBe(0);
  const keys = posts.map((m) => (m.body.metadata as { event_payload: { key: string } }).event_payload.key);
  expect(keys).toEqual(["reinstall-1", "reinstall-2", "reinstall-3", "reinstall-4"].map(newsKey));
  const rows = await env.DB.prepare("SELECT state FROM deliveries").all<{ state: string }>();
  expect(rows.results.map((r) => r.state)).toEqual(["sent", "sent", "sent", "sent"]);
});
