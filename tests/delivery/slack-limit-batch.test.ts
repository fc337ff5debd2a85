// Slack's limit on chat.postMessage holds per app, workspace and method: once a post of a batch is
// refused for it, the workspace's other posts in that batch wait out its Retry-After instead of being sent
// into the same limit. A post refused for the limit did nothing, so it spends no attempt: waiting out a
// limit never ends a delivery failed. Once the limit allows, each channel gets the item once.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_DELIVERY_ATTEMPTS } from "../../src/delivery/policy";
import { type PaceKey, reserve } from "../../src/pacing/index";
import { callKey, paceKey } from "../../src/platform";
import { PLATFORMS } from "../../src/platforms";
import { newsKey } from "../../src/topics/renewal";
import { deliverThenWithdraw, deliveryWorldEach, ledger, pacerForgets, publishTo, runQueue } from "../helpers/alerts";

const world = deliveryWorldEach();

const LIMITED = { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "30" } };

/** Another invocation's pacing key for the workspace of Slack channel `channelId`, on `route`. */
async function workspacePace(channelId: string, route: string): Promise<PaceKey> {
  const row = await env.DB.prepare("SELECT workspace_id FROM subscriptions WHERE platform = 'slack' AND channel_id = ?")
    .bind(channelId)
    .first<{ workspace_id: string }>();
  const channel = { workspaceId: row?.workspace_id ?? "", channelId };
  return callKey(paceKey(PLATFORMS.slack, channel, env.SLACK_BOT_TOKEN ?? "", "post"), route);
}

const attemptsOf = async (id: string) =>
  (
    await env.DB.prepare("SELECT attempts FROM deliveries WHERE message_key = ? ORDER BY subscription_id")
      .bind(newsKey(id))
      .all<{ attempts: number }>()
  ).results.map((r) => r.attempts);

describe("one workspace's posts in a batch whose first is refused for Slack's limit", { timeout: 60_000 }, () => {
  it("hold the rest back for the Retry-After, spend no attempt, and all arrive once after it", async () => {
    const channels = ["S-a", "S-b", "S-c", "S-d", "S-e"];
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], channels);
    for (const channel of channels) world.api.scriptSlack(channel, LIMITED);
    const first = await runQueue(world.testEnv, jobs);
    expect(world.api.slackMethods["chat.postMessage"]).toBe(1);
    expect(await attemptsOf(item.id)).toEqual(channels.map(() => 0));
    for (const retried of first.retried) expect(retried.delaySeconds).toBeGreaterThanOrEqual(29);

    // The limit is met again and again, more often than a delivery's attempts: no delivery gives up.
    for (let round = 0; round < MAX_DELIVERY_ATTEMPTS + 1; round++) {
      world.api.unscript();
      for (const channel of channels) world.api.scriptSlack(channel, LIMITED);
      world.api.clockOffset += 31_000;
      await pacerForgets();
      await runQueue(world.testEnv, jobs, round + 2);
    }
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(channels.map(() => "queued"));

    // The limit allows again: each channel gets the item once.
    world.api.unscript();
    world.api.clockOffset += 31_000;
    await pacerForgets();
    await runQueue(world.testEnv, jobs, MAX_DELIVERY_ATTEMPTS + 3);
    for (const channel of channels) expect(world.api.slackIn(channel)).toHaveLength(1);
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(channels.map(() => "sent"));
  });
});

// Slack may tell its limit in the body of an HTTP 200 (`ratelimited`, or chat.postMessage's own
// `rate_limited`), not only with a 429: the limit holds for the workspace and method all the same, so
// every other sender on the token (another invocation, the next batch) is held back until it passes.
describe.each(["ratelimited", "rate_limited"])("Slack's limit answered as HTTP 200 %s", (error) => {
  it("holds the workspace's other senders back, as a 429 does", { timeout: 60_000 }, async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-a"]);
    world.api.scriptSlack("S-a", { status: 200, body: { ok: false, error }, headers: { "retry-after": "30" } });
    const first = await runQueue(world.testEnv, jobs);
    expect(first.retried[0]?.delaySeconds).toBeGreaterThanOrEqual(29);
    expect(await attemptsOf(item.id)).toEqual([0]);
    // Another invocation asks for a slot on the workspace's posts at once.
    const [wait] = await reserve(env, await workspacePace("S-a", "chat.postMessage"), 1);
    expect(wait, "ms until the next post may leave").toBeGreaterThanOrEqual(29_000);
  });

  it("on an edit holds the workspace's other edits back", { timeout: 60_000 }, async () => {
    const { edits } = await deliverThenWithdraw(world.testEnv, world.queue, [], ["S-a"]);
    world.api.scriptSlack("S-a", { status: 200, body: { ok: false, error }, headers: { "retry-after": "30" } });
    const first = await runQueue(world.testEnv, edits);
    expect(first.retried[0]?.delaySeconds).toBeGreaterThanOrEqual(29);
    const [wait] = await reserve(env, await workspacePace("S-a", "chat.update"), 1);
    expect(wait, "ms until the next edit may leave").toBeGreaterThanOrEqual(29_000);
  });
});
