// A withdrawal while no shared token is configured (DISCORD_BOT_TOKEN unset, or SLACK_BOT_TOKEN where no
// workspace has a token of its own). Deliveries wait, parked, for a token; so do the edits that put the
// withdrawal notice on posts already made, instead of spending the queue's retries and ending failed. The
// planner's wake takes both up once a token is configured, and each post is edited once.
import { describe, expect, it } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import { parkedDueAt, QUEUE_LAST_ATTEMPT } from "../../src/delivery/policy";
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

const world = deliveryWorldEach();

describe("a withdrawal while no shared token is configured", { timeout: 120_000 }, () => {
  it.each([
    ["discord", "DISCORD_BOT_TOKEN", ["D-1", "D-2"]],
    ["slack", "SLACK_BOT_TOKEN", ["S-1", "S-2"]],
  ] as const)(
    "on %s parks the edits without a call, and makes each once a token is configured",
    async (platform, secret, channels) => {
      const discord = platform === "discord" ? [...channels] : [];
      const { item, jobs } = await publishTo(world.testEnv, world.queue, discord, platform === "slack" ? [...channels] : []);
      await runQueueUntilDone(world.testEnv, jobs);
      const posts = (channel: string) => (platform === "discord" ? world.api.discordIn(channel) : world.api.slackIn(channel));
      for (const channel of channels) expect(posts(channel)).toHaveLength(1);

      // The token is taken out of the deployment; an item withdrawn then, another published.
      const none = alertEnv(world.queue, { [secret]: undefined });
      const calls = () => (platform === "discord" ? world.api.discordCalls : world.api.slackCalls);
      const before = calls();
      expect(await withdrawNews(none, item.id, "reported in error")).toBe(true);
      const later = await deliverNew(none, world.queue, "season-2-premiere");
      await runCron(none);
      const edits = queuedEdits(world.queue);
      expect(edits).toHaveLength(channels.length);
      // The queue brings an edit back as often as it retries it; ticks come and go meanwhile.
      for (let attempt = 1; attempt <= QUEUE_LAST_ATTEMPT; attempt++) {
        await runQueue(none, edits, attempt);
        await runCron(none);
        expect(world.queue.amends.splice(0)).toEqual([]);
      }
      expect(calls() - before, "calls without a token").toBe(0);
      expect((await store().amends(newsKey(item.id))).map((a) => [a.amendState, a.amendError])).toEqual(
        channels.map(() => [null, `waiting for a new token: no ${platform} bot token configured`]),
      );
      // The deliveries of the item published meanwhile wait, parked, the same way.
      const parked = await world.testEnv.DB.prepare("SELECT due_at FROM deliveries WHERE message_key = ? AND state = 'queued'")
        .bind(newsKey(later.id))
        .all<{ due_at: number }>();
      expect(parked.results.map((r) => r.due_at)).toEqual(channels.map(() => parkedDueAt(platform)));

      // A token is configured: a tick wakes the edits and the deliveries, the next queues the edits.
      const configured = alertEnv(world.queue, { [secret]: platform === "discord" ? "discord-new-token" : "xoxb-new-token" });
      await planDeliveries(configured, Date.now());
      await planDeliveries(configured, Date.now());
      const woken = queuedEdits(world.queue);
      expect(woken).toHaveLength(channels.length);
      await runQueueUntilDone(configured, [...woken, ...world.queue.sent.splice(0).map((m) => m.body)]);
      expect((await store().amends(newsKey(item.id))).map((a) => a.amendState)).toEqual(channels.map(() => "done"));
      for (const channel of channels) expect(posts(channel).map((p) => p.edits ?? 0)).toEqual([1, 0]);
    },
  );
});
