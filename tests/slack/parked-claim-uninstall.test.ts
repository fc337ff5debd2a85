// A delivery whose worker died (its claim expired) is met, before any claim of the batch, while Slack's
// shared token is refused: it is parked, and queued again, its doubt kept. Removing the app then drops the
// workspace's pending deliveries; installing it again restores its alerts for what is published from then
// on. Both items were published before the removal: neither is posted after.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import { LEASE_MS, parkedDueAt, STALE_MS } from "../../src/delivery/policy";
import { newsKey } from "../../src/topics/renewal";
import { alertEnv, ledger, publish, recordingQueue, runCron, runQueue, sleep, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slackJson, slashBody } from "../helpers/slack";
import { Browser, oauthEnv, SlackOAuthMock, sendEvent, type Workspace } from "../helpers/slack-oauth";

const HOME: Workspace = { teamId: "T0HOME", name: "The operator's own workspace" };

let apis: MockApis;
let slack: SlackOAuthMock;

beforeEach(async () => {
  apis = new MockApis();
  slack = new SlackOAuthMock(apis).install();
  for (const method of ["log", "error", "warn", "info", "debug"] as const) vi.spyOn(console, method).mockImplementation(() => {});
});

const row = async (id: string) =>
  env.DB.prepare("SELECT state, unsure, due_at FROM deliveries WHERE message_key = ?")
    .bind(newsKey(id))
    .first<{ state: string; unsure: number; due_at: number }>();

describe("a parked delivery whose worker died", { timeout: 60_000 }, () => {
  it("is dropped with its workspace's other pending deliveries when the app is removed, not posted after a reinstall", async () => {
    await seedContent();
    const home = slack.fromSettings(HOME);
    const testEnvOf = (queue: ReturnType<typeof recordingQueue>) => alertEnv(queue, oauthEnv({ SLACK_BOT_TOKEN: home }));
    const body = slashBody("/renewal", "alerts on", { team_id: HOME.teamId, channel_id: "C0HOME", user_name: "minji" });
    expect((await slackJson(await sendSlackRaw(body, { env: oauthEnv({ SLACK_BOT_TOKEN: home }) }))).response_type).toBe(
      "in_channel",
    );
    slack.revoke(HOME.teamId);
    const queue = recordingQueue();
    const stale = testEnvOf(queue);

    // A first item meets the refused shared token: Slack stops, its delivery is parked ('queued').
    await sleep(3);
    const first = await publish("first");
    await runCron(stale);
    await runQueue(
      stale,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect(await row(first.id)).toMatchObject({ state: "queued", due_at: parkedDueAt("slack") });

    // A second item: a worker claims it and dies; its claim expires. The next batch meets it before
    // any claim of its own, with Slack stopped, and parks it: queued, still in doubt.
    await sleep(3);
    const second = await publish("second");
    await runCron(stale);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    if (!job) throw new Error("no job");
    expect((await store().claim(job, Date.now() - 3 * LEASE_MS, LEASE_MS)).claimed).toBe(true);
    await runQueue(stale, jobs);
    expect(await row(second.id)).toMatchObject({ state: "queued", unsure: 1, due_at: parkedDueAt("slack") });

    // The workspace removes the app: its alerts stop, and what was pending for them is dropped.
    const removed = await sendEvent({ type: "app_uninstalled" }, HOME.teamId, oauthEnv({ SLACK_BOT_TOKEN: home }));
    expect(removed.status).toBe(200);

    // Later it installs the app again: its alerts are back for what is published from now on.
    await sleep(3);
    await new Browser().install(slack, HOME, { ...oauthEnv({ SLACK_BOT_TOKEN: home }), ANNOUNCEMENTS: queue });
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
