// Deliveries parked on a refused SLACK_BOT_TOKEN while the workspace installs or removes the app.
// - Installing wakes the workspace's parked rows at once and, through a delayed wake job, again once every
//   batch that read the old token has written its outcome: a row parked after the first wake still goes
//   out with the workspace's own token.
// - A delivery whose worker died (its claim expired), met before any claim of a batch, is parked queued,
//   its doubt kept: removing the app drops it with the workspace's other pending deliveries, and
//   installing again restores alerts only for what is published from then on.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import { LEASE_MS, parkedDueAt, STALE_MS, WAKE_AGAIN_S } from "../../src/delivery/policy";
import { newsKey } from "../../src/topics/renewal";
import { alertEnv, ledger, publish, recordingQueue, runCron, runQueue, sleep, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { holdFirst, holdingBatch } from "../helpers/hold";
import type { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slackJson, slashBody } from "../helpers/slack";
import { Browser, oauthEnv, quietOAuthWorld, type SlackOAuthMock, sendEvent, type Workspace } from "../helpers/slack-oauth";

const HOME: Workspace = { teamId: "T0HOME", name: "The operator's own workspace" };

let apis: MockApis;
let slack: SlackOAuthMock;

beforeEach(async () => {
  ({ apis, slack } = quietOAuthWorld());
});

const bothEnv = (token: string) => oauthEnv({ SLACK_BOT_TOKEN: token });

const row = async (id: string) =>
  env.DB.prepare("SELECT state, unsure, due_at FROM deliveries WHERE message_key = ?")
    .bind(newsKey(id))
    .first<{ state: string; unsure: number; due_at: number }>();

const dueAt = async (id: string) =>
  (await env.DB.prepare("SELECT due_at FROM deliveries WHERE message_key = ?").bind(newsKey(id)).first<{ due_at: number }>())
    ?.due_at;

/** The install's delayed wake job runs, then ticks every half hour for `hours`, each followed by a queue run of what it queued. */
async function hoursOfTicks(testEnv: typeof env, queue: ReturnType<typeof recordingQueue>, hours: number) {
  const wakes = queue.wakes.splice(0);
  expect(wakes.map((w) => w.delaySeconds)).toEqual([WAKE_AGAIN_S]);
  await runQueue(
    testEnv,
    wakes.map((w) => w.body),
  );
  for (let tick = 1; tick * STALE_MS <= hours * 60 * 60_000; tick++) {
    await planDeliveries(testEnv, Date.now() + tick * STALE_MS + 1);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    if (jobs.length) await runQueue(testEnv, jobs);
  }
}

async function homeSubscribedWithRefusedToken() {
  await seedContent();
  const home = slack.fromSettings(HOME);
  const body = slashBody("/renewal", "alerts on", { team_id: HOME.teamId, channel_id: "C0HOME", user_name: "minji" });
  expect((await slackJson(await sendSlackRaw(body, { env: bothEnv(home) }))).response_type).toBe("in_channel");
  slack.revoke(HOME.teamId);
  return home;
}

/**
 * A first item meets the refused token: Slack is stopped, its delivery parked. A second item is planned:
 * both items, and the second's delivery jobs, not yet run.
 */
async function secondBehindParkedFirst(stale: typeof env, queue: ReturnType<typeof recordingQueue>) {
  await sleep(3);
  const first = await publish("first");
  await runCron(stale);
  await runQueue(
    stale,
    queue.sent.splice(0).map((m) => m.body),
  );
  expect(await dueAt(first.id)).toBe(parkedDueAt("slack"));
  await sleep(3);
  const second = await publish("second");
  await runCron(stale);
  return { first, second, jobs: queue.sent.splice(0).map((m) => m.body) };
}

describe("a workspace installs while its delivery is being parked", { timeout: 60_000 }, () => {
  it("a delivery posting with the refused shared token as its workspace installs goes out with the workspace's own token", async () => {
    const home = await homeSubscribedWithRefusedToken();
    const queue = recordingQueue();
    const stale = alertEnv(queue, bothEnv(home));
    await sleep(3);
    const item = await publish();
    await runCron(stale);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    // The post with SLACK_BOT_TOKEN is on its way (the row claimed) when the admin installs the app.
    const held = holdFirst("chat.postMessage");
    const consumer = runQueue(stale, jobs);
    await held.stalled;
    await new Browser().install(slack, HOME, { ...bothEnv(home), ANNOUNCEMENTS: queue });
    held.release();
    await consumer;
    // Slack refused the shared token: the row is parked, after the install woke what was parked.
    expect(await dueAt(item.id)).toBe(parkedDueAt("slack"));
    // A day of ticks: the workspace has its own token, so its delivery should go out.
    await hoursOfTicks(stale, queue, 24);
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["sent"]);
  });

  it("a delivery turned away before its claim (platform stopped) while its workspace installs goes out too", async () => {
    const home = await homeSubscribedWithRefusedToken();
    const queue = recordingQueue();
    const stale = alertEnv(queue, bothEnv(home));
    const { first, second, jobs } = await secondBehindParkedFirst(stale, queue);
    // The consumer turns the second away before its claim, and its outcome is written just after the
    // workspace installed the app.
    const held = holdingBatch(env.DB, "json_extract(j.value, '$.ls')");
    const consumer = runQueue({ ...stale, DB: held.db } as typeof env, jobs);
    await held.stalled;
    await new Browser().install(slack, HOME, { ...bothEnv(home), ANNOUNCEMENTS: queue });
    held.release();
    await consumer;
    // Its park was written after the install woke the workspace's parked rows.
    expect(await dueAt(second.id)).toBe(parkedDueAt("slack"));
    await hoursOfTicks(stale, queue, 24);
    expect({
      first: (await ledger(first.id)).map((d) => d.state),
      second: (await ledger(second.id)).map((d) => d.state),
    }).toEqual({ first: ["sent"], second: ["sent"] });
  });
});

describe("a parked delivery whose worker died", { timeout: 60_000 }, () => {
  it("is dropped with its workspace's other pending deliveries when the app is removed, not posted after a reinstall", async () => {
    const home = await homeSubscribedWithRefusedToken();
    const queue = recordingQueue();
    const stale = alertEnv(queue, bothEnv(home));
    const { first, second, jobs } = await secondBehindParkedFirst(stale, queue);
    // A worker claims the second and dies; its claim expires. The next batch meets it before any claim
    // of its own, with Slack stopped, and parks it: queued, still in doubt.
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    if (!job) throw new Error("no job");
    expect((await store().claim(job, Date.now() - 3 * LEASE_MS, LEASE_MS)).claimed).toBe(true);
    await runQueue(stale, jobs);
    expect(await row(second.id)).toMatchObject({ state: "queued", unsure: 1, due_at: parkedDueAt("slack") });

    // The workspace removes the app: its alerts stop, and what was pending for them is dropped.
    const removed = await sendEvent({ type: "app_uninstalled" }, HOME.teamId, bothEnv(home));
    expect(removed.status).toBe(200);

    // Later it installs the app again: its alerts are back for what is published from now on.
    await sleep(3);
    await new Browser().install(slack, HOME, { ...bothEnv(home), ANNOUNCEMENTS: queue });
    await runQueue(
      stale,
      queue.wakes.splice(0).map((w) => w.body),
    );
    for (let tick = 1; tick <= 4; tick++) {
      await planDeliveries(stale, Date.now() + tick * STALE_MS + 1);
      const due = queue.sent.splice(0).map((m) => m.body);
      if (due.length) await runQueue(stale, due);
    }
    const posted = apis.slackIn("C0HOME").map((m) => JSON.stringify(m.body));
    expect({
      first: (await ledger(first.id)).map((d) => d.state),
      second: (await ledger(second.id)).map((d) => d.state),
      postedAfterReinstall: posted.filter((p) => p.includes("second") || p.includes("first")).length,
    }).toEqual({ first: ["dropped"], second: ["dropped"], postedAfterReinstall: 0 });
  });
});
