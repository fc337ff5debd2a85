// Withdrawing an item whose post sits in a workspace the app was removed from: the edit that adds the
// withdrawal notice cannot be made there, and waits, parked, for the workspace to install the app again,
// instead of spending the queue's retries and ending failed (or ending with the notice never shown).
// The install wakes it, the next tick queues it, and the post is edited once, with the new token.
import { beforeEach, describe, expect, it } from "vitest";
import type { AmendJob } from "../../src/delivery/jobs";
import { planDeliveries } from "../../src/delivery/planner";
import { QUEUE_LAST_ATTEMPT } from "../../src/delivery/policy";
import { newsKey, withdrawNews } from "../../src/topics/renewal";
import {
  type alertEnv,
  deliverNew,
  oauthAlertsWorld,
  queuedEdits,
  type RecordingQueue,
  runCron,
  runQueue,
  runQueueUntilDone,
  store,
} from "../helpers/alerts";
import { aroundFetch, type MockApis } from "../helpers/mock-api";
import { Browser, oauthEnv, type SlackOAuthMock, sendEvent, type Workspace } from "../helpers/slack-oauth";

const FANS: Workspace = { teamId: "T0FANS", name: "Fans" };
const CLINIC: Workspace = { teamId: "T0CLINIC", name: "Clinic" };
const channelOf = (w: Workspace) => `C0${w.teamId.slice(2)}`;

let apis: MockApis;
let slack: SlackOAuthMock;
let queue: RecordingQueue;
let testEnv: ReturnType<typeof alertEnv>;

beforeEach(async () => {
  ({ apis, slack, queue, testEnv } = await oauthAlertsWorld(new Map([FANS, CLINIC].map((w) => [w, [channelOf(w)]]))));
});

const edited = (w: Workspace) => apis.slackIn(channelOf(w)).map((m) => m.edits ?? 0);

/** The next tick queues edits for exactly these subscriptions, and they are made. */
async function editsOfNextTick(subscriptions: (number | undefined)[]) {
  await planDeliveries(testEnv, Date.now());
  const woken = queuedEdits(queue);
  expect(woken.map((j) => j.subscriptionId)).toEqual(subscriptions);
  await runQueueUntilDone(testEnv, woken);
}

describe("a withdrawal in a workspace the app was removed from", { timeout: 60_000 }, () => {
  it.each([
    ["removed, and Slack said so (app_uninstalled)", true],
    ["its token refused, before Slack says anything", false],
  ] as const)("%s: the edit waits for the app to be installed again, and is made once then", async (_, told) => {
    const item = await deliverNew(testEnv, queue, "season-2-filming");
    expect(edited(FANS)).toEqual([0]);
    expect(edited(CLINIC)).toEqual([0]);

    slack.revoke(CLINIC.teamId);
    if (told) expect((await sendEvent({ type: "app_uninstalled" }, CLINIC.teamId, oauthEnv())).status).toBe(200);
    expect(await withdrawNews(testEnv, item.id, "reported in error")).toBe(true);
    await runCron(testEnv);
    const edits = queuedEdits(queue);
    expect(edits).toHaveLength(2);
    // The queue brings an edit back as often as it retries it; ticks come and go meanwhile.
    for (let attempt = 1; attempt <= QUEUE_LAST_ATTEMPT && edits.length; attempt++) {
      const { retried } = await runQueue(testEnv, edits, attempt);
      edits.splice(0, edits.length, ...retried.map((r) => r.job as unknown as AmendJob));
      await runCron(testEnv);
      expect(queue.amends.splice(0)).toEqual([]);
    }
    expect(edits).toEqual([]);
    expect(edited(FANS)).toEqual([1]);
    expect(edited(CLINIC)).toEqual([0]);
    const amends = await store().amends(newsKey(item.id));
    const clinic = (await store().subscription("slack", channelOf(CLINIC)))?.id;
    expect(amends.find((a) => a.subscriptionId === clinic)).toMatchObject({
      amendState: null,
      amendError: expect.stringMatching(/^uninstalled: /),
    });
    // The other workspace, and the platform, are untouched: nothing waits for a new shared token.
    expect(await store().platformState("slack")).toMatchObject({ authError: null });

    // The clinic installs the app again: the edit is woken, queued at the next tick, and made once.
    await new Browser().install(slack, CLINIC, oauthEnv());
    await editsOfNextTick([clinic]);
    expect(edited(CLINIC)).toEqual([1]);
    expect(edited(FANS)).toEqual([1]);
    expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(["done", "done"]);
    const update = apis.slack.filter((m) => m.channel === channelOf(CLINIC));
    expect(update).toHaveLength(1);
    await planDeliveries(testEnv, Date.now());
    expect(queue.amends).toEqual([]);
  });

  it("an edit refused while the workspace installs the app again is woken by the install's later wake", async () => {
    const item = await deliverNew(testEnv, queue, "season-2-filming");
    slack.revoke(CLINIC.teamId);
    expect(await withdrawNews(testEnv, item.id, "reported in error")).toBe(true);
    await runCron(testEnv);
    const edits = queuedEdits(queue);
    const clinic = (await store().subscription("slack", channelOf(CLINIC)))?.id;

    // The clinic's edit goes out with the token its batch looked up, and is refused while the clinic
    // installs the app again: the install, and its wake, are done before the batch writes the edit parked.
    let installed = false;
    aroundFetch(async (url, init, next) => {
      if (installed || !url.endsWith("/chat.update") || !String(init?.body).includes(channelOf(CLINIC))) return undefined;
      installed = true;
      await new Browser().install(slack, CLINIC, { ...oauthEnv(), ANNOUNCEMENTS: queue });
      return next();
    });
    await runQueue(testEnv, edits, 1);
    expect(installed).toBe(true);
    expect((await store().amends(newsKey(item.id))).find((a) => a.subscriptionId === clinic)).toMatchObject({
      amendState: null,
      amendError: expect.stringMatching(/^uninstalled: /),
    });

    // The install's delayed wake job catches such a batch: the next tick queues the edit, made once.
    const wakes = queue.wakes.splice(0).map((w) => w.body);
    expect(wakes).toHaveLength(1);
    await runQueue(testEnv, wakes);
    await editsOfNextTick([clinic]);
    expect(edited(CLINIC)).toEqual([1]);
    expect(edited(FANS)).toEqual([1]);
  });
});
