// Slack's missing_scope on the shared token (SLACK_BOT_TOKEN) where it serves every workspace pauses Slack
// and tries the same token again half an hour later, since a scope granted later is added to it. Nothing
// was posted: waiting for the operator must not spend the delivery's attempts (it would end `failed`, lost,
// after 20 pauses). Beside OAuth installations, which never use that token, it must hold none of them back.
import { beforeEach, describe, expect, it } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import { MAX_DELIVERY_ATTEMPTS, STALE_MS } from "../../src/delivery/policy";
import {
  alertEnv,
  deliveryWorld,
  ledger,
  pacersAhead,
  publish,
  publishTo,
  type RecordingQueue,
  recordingQueue,
  runCron,
  runQueue,
  sleep,
  store,
} from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slackJson, slashBody } from "../helpers/slack";
import { Browser, oauthEnv, SlackOAuthMock, type Workspace } from "../helpers/slack-oauth";

const missingScope = { status: 200, body: { ok: false, error: "missing_scope", needed: "chat:write", provided: "commands" } };

describe("missing_scope on the shared token, for longer than twenty half hours", { timeout: 60_000 }, () => {
  it("keeps the delivery waiting for the scope instead of giving up on it", async () => {
    const { api, queue, testEnv } = await deliveryWorld();
    const { item, jobs } = await publishTo(testEnv, queue, [], ["S-scope"]);
    for (let i = 0; i <= MAX_DELIVERY_ATTEMPTS; i++) api.scriptSlack("S-scope", missingScope);
    await runQueue(testEnv, jobs);
    // Each half hour the pause is over, the sweep queues the delivery again, and Slack still refuses.
    let now = Date.now();
    for (let window = 1; window <= MAX_DELIVERY_ATTEMPTS; window++) {
      const state = await store().platformState("slack");
      await store().setPlatformState("slack", { ...state, pausedUntil: 0 }, Date.now());
      now += STALE_MS + 60_000;
      await pacersAhead(STALE_MS + 60_000);
      await planDeliveries(testEnv, now);
      await runQueue(
        testEnv,
        queue.sent.splice(0).map((m) => m.body),
      );
    }
    expect(api.slackIn("S-scope")).toHaveLength(0);
    // The scope was never granted: the item has not reached the channel, and it must still be able to.
    expect((await ledger(item.id))[0]?.state).toBe("queued");
  });
});

describe("missing_scope on the shared token, beside a workspace with its own installation", { timeout: 60_000 }, () => {
  const HOME: Workspace = { teamId: "T0HOME", name: "The operator's own workspace" };
  const CLINIC: Workspace = { teamId: "T0CLINIC", name: "Night Shift Clinic" };
  let apis: MockApis;
  let slack: SlackOAuthMock;
  let queue: RecordingQueue;

  beforeEach(async () => {
    await seedContent();
    apis = new MockApis();
    slack = new SlackOAuthMock(apis).install();
    queue = recordingQueue();
  });

  it("does not hold back a workspace with its own token, and stops the shared one until it changes", async () => {
    const home = slack.fromSettings(HOME);
    const both = oauthEnv({ SLACK_BOT_TOKEN: home });
    const testEnv = alertEnv(queue, both);
    await new Browser().install(slack, CLINIC, both);
    for (const [workspace, channel] of [
      [HOME, "C0HOME"],
      [CLINIC, "C0CLINIC"],
    ] as const) {
      const body = slashBody("/renewal", "alerts on", { team_id: workspace.teamId, channel_id: channel, user_name: "minji" });
      expect((await slackJson(await sendSlackRaw(body, { env: both }))).response_type).toBe("in_channel");
    }
    // The operator's token lacks a scope; the clinic's installation has every scope.
    apis.scriptSlack("C0HOME", missingScope);
    await sleep(3);
    const item = await publish();
    await runCron(testEnv);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    const sub = async (channel: string) => (await store().subscription("slack", channel))?.id;
    const homeId = await sub("C0HOME");
    const clinicId = await sub("C0CLINIC");
    await runQueue(
      testEnv,
      jobs.filter((j) => "subscriptionId" in j && j.subscriptionId === homeId),
    );
    await runQueue(
      testEnv,
      jobs.filter((j) => "subscriptionId" in j && j.subscriptionId === clinicId),
    );
    // The clinic's own token works: its item goes out now, not after the operator's half hour.
    expect(apis.slackIn("C0CLINIC")).toHaveLength(1);
    expect((await ledger(item.id)).find((d) => d.subscriptionId === clinicId)?.state).toBe("sent");
    const state = await store().platformState("slack");
    expect(state).toMatchObject({ pausedUntil: 0, authError: expect.stringContaining("chat:write") });
  });
});

describe("missing_scope on a workspace's own token (the app installed again without a scope)", { timeout: 60_000 }, () => {
  const CLINIC: Workspace = { teamId: "T0CLINIC", name: "Night Shift Clinic" };

  it("keeps the channel's alerts on and its items waiting, sends nothing meanwhile, and delivers each once the app is installed again", async () => {
    await seedContent();
    const apis = new MockApis();
    const slack = new SlackOAuthMock(apis).install();
    const queue = recordingQueue();
    const testEnv = alertEnv(queue, oauthEnv());
    await new Browser().install(slack, CLINIC, oauthEnv());
    const on = slashBody("/renewal", "alerts on", { team_id: CLINIC.teamId, channel_id: "C0CLINIC", user_name: "minji" });
    expect((await slackJson(await sendSlackRaw(on, { env: oauthEnv() }))).response_type).toBe("in_channel");
    await sleep(3);

    // Two items come while the installation lacks chat:write: each meets missing_scope once.
    const items = [];
    for (const id of ["season-2-filming", "season-2-premiere"]) {
      apis.scriptSlack("C0CLINIC", missingScope);
      items.push(await publish(id));
      await runCron(testEnv);
      await runQueue(
        testEnv,
        queue.sent.splice(0).map((m) => m.body),
      );
      await sleep(3);
    }
    const posts = () => apis.slackMethods["chat.postMessage"] ?? 0;
    expect(posts()).toBe(2);
    expect(apis.slackIn("C0CLINIC")).toHaveLength(0);
    // Ticks and sweeps come and go, days later too: nothing is sent, nothing given up, alerts stay on.
    for (const later of [0, STALE_MS + 60_000, 3 * 24 * 3600_000]) {
      await planDeliveries(testEnv, Date.now() + later);
      await runQueue(
        testEnv,
        queue.sent.splice(0).map((m) => m.body),
      );
    }
    expect(posts()).toBe(2);
    for (const item of items)
      expect(await ledger(item.id)).toMatchObject([
        { state: "queued", attempts: 0, error: expect.stringContaining("missing_scope") },
      ]);
    expect(await store().subscription("slack", "C0CLINIC")).toMatchObject({ active: true });
    expect(await store().platformState("slack")).toMatchObject({ authError: null, pausedUntil: 0 });

    // The workspace installs the app again, with the scopes it asks for: both items go out, once each.
    await new Browser().install(slack, CLINIC, oauthEnv());
    await planDeliveries(testEnv, Date.now());
    await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    // With the token the new install issued.
    const issued = [...slack.issued].filter(([, w]) => w.teamId === CLINIC.teamId).map(([token]) => `Bearer ${token}`);
    expect(issued).toHaveLength(2);
    expect(apis.slackIn("C0CLINIC").map((m) => m.headers.authorization)).toEqual([issued[1], issued[1]]);
    for (const item of items) expect((await ledger(item.id))[0]?.state).toBe("sent");
    await planDeliveries(testEnv, Date.now() + STALE_MS + 60_000);
    expect(queue.sent).toEqual([]);
  });
});
