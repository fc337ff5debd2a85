// Withdrawing an item while the shared token is refused (the app reinstalled, the secret not yet
// updated): the edits that put the withdrawal notice on posts already made wait, parked, for a new token,
// as deliveries do, instead of spending the queue's retries against the refused one and ending failed.
// The planner's wake takes them up once the token is another, and each post is edited once.
import { describe, expect, it } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import { QUEUE_LAST_ATTEMPT } from "../../src/delivery/policy";
import { newsKey, withdrawNews } from "../../src/topics/renewal";
import {
  alertEnv,
  deliverNew,
  deliveryWorldEach,
  publishTo,
  queuedEdits,
  runCron,
  runQueue,
  runQueueUntilDone,
  store,
} from "../helpers/alerts";
import { refuseSharedToken } from "../helpers/mock-api";

const world = deliveryWorldEach();

describe("a withdrawal while the shared token is refused", { timeout: 120_000 }, () => {
  it.each([
    ["discord", ["D-1", "D-2", "D-3"]],
    ["slack", ["S-1", "S-2", "S-3"]],
  ] as const)("on %s parks the edits, and makes each once a new token is set", async (platform, channels) => {
    const { item, jobs } = await publishTo(
      world.testEnv,
      world.queue,
      platform === "discord" ? [...channels] : [],
      platform === "slack" ? [...channels] : [],
    );
    await runQueueUntilDone(world.testEnv, jobs);
    const posts = (channel: string) => (platform === "discord" ? world.api.discordIn(channel) : world.api.slackIn(channel));
    for (const channel of channels) expect(posts(channel)).toHaveLength(1);
    // A second item, withdrawn later while the token is still refused.
    const later = await deliverNew(world.testEnv, world.queue, "season-2-premiere");
    for (const channel of channels) expect(posts(channel)).toHaveLength(2);

    const refused = refuseSharedToken(platform);
    expect(await withdrawNews(world.testEnv, item.id, "reported in error")).toBe(true);
    await runCron(world.testEnv);
    const edits = queuedEdits(world.queue);
    expect(edits).toHaveLength(channels.length);
    // The queue brings an edit back as often as it retries it; ticks come and go meanwhile.
    for (let attempt = 1; attempt <= QUEUE_LAST_ATTEMPT; attempt++) {
      await runQueue(world.testEnv, edits, attempt);
      await runCron(world.testEnv);
      expect(world.queue.amends.splice(0)).toEqual([]);
    }
    const whileRefused = await store().amends(newsKey(item.id));
    expect(whileRefused.map((a) => [a.amendState, a.amendError])).toEqual(
      channels.map(() => [null, expect.stringMatching(/^waiting for a new token: /)]),
    );
    // One refused call in all: the edit sent first meets the refusal, the others of its batch park
    // without a call, and a parked edit is not tried again with the same token.
    expect(refused.calls).toBe(1);
    expect((await store().platformState(platform)).authError).toBeTruthy();

    // The second withdrawal's edits find the refusal recorded: they park without any call.
    expect(await withdrawNews(world.testEnv, later.id, "reported in error")).toBe(true);
    await runCron(world.testEnv);
    await runQueue(world.testEnv, queuedEdits(world.queue));
    expect(refused.calls).toBe(1);
    expect((await store().amends(newsKey(later.id))).map((a) => a.amendError)).toEqual(
      channels.map(() => expect.stringMatching(/^waiting for a new token: /)),
    );

    // The new token is set: a tick wakes the edits, and the next one queues them; each post is edited once.
    const fixed = alertEnv(
      world.queue,
      platform === "discord" ? { DISCORD_BOT_TOKEN: "discord-new-token" } : { SLACK_BOT_TOKEN: "xoxb-new-token" },
    );
    await planDeliveries(fixed, Date.now());
    await planDeliveries(fixed, Date.now());
    const woken = queuedEdits(world.queue);
    expect(woken).toHaveLength(2 * channels.length);
    await runQueueUntilDone(fixed, woken);
    for (const withdrawn of [item, later])
      expect((await store().amends(newsKey(withdrawn.id))).map((a) => a.amendState)).toEqual(channels.map(() => "done"));
    for (const channel of channels) expect(posts(channel).map((p) => p.edits)).toEqual([1, 1]);
  });
});
