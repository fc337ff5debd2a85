// Slack's limit on conversations.history, answered with a 429 whose body is not Slack's JSON (an edge's
// HTML page, or an empty body): the history check waits the Retry-After it names and is not counted as
// an attempt, as with Slack's own JSON answer.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newsKey } from "../../src/topics/renewal";
import { deliveryWorldEach, ledger, publishTo, runQueue } from "../helpers/alerts";
import { aroundFetch } from "../helpers/mock-api";

const world = deliveryWorldEach();

const attemptsOf = async (id: string) =>
  (
    await env.DB.prepare("SELECT attempts FROM deliveries WHERE message_key = ?").bind(newsKey(id)).all<{ attempts: number }>()
  ).results.map((r) => r.attempts);

describe("a history check refused with a 429 that carries no JSON", () => {
  it.each([
    ["an HTML page", { status: 429, html: true, headers: { "retry-after": "30" } }],
    ["an empty body", { status: 429, headers: { "retry-after": "30" } }],
  ])("with %s waits the Retry-After and spends no attempt, as with Slack's JSON one", async (_what, answer) => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-1"]);
    world.api.scriptSlack("S-1", { status: 200, storeThenDrop: true });
    await runQueue(world.testEnv, jobs);
    expect(await attemptsOf(item.id)).toEqual([1]);
    world.api.scriptSlackHistory("S-1", answer);
    const limited = await runQueue(world.testEnv, jobs, 2);
    expect({ attempts: await attemptsOf(item.id), delay: limited.retried[0]?.delaySeconds }).toEqual({
      attempts: [1],
      delay: expect.any(Number),
    });
    expect(limited.retried[0]?.delaySeconds).toBeGreaterThanOrEqual(30);
  });
});

// Slack lets an app outside its Marketplace read a workspace's history once a minute. Several deliveries
// of one workspace in doubt (a Slack outage met every post) each wait for their turn at it, one a minute,
// instead of all reading at once, every read but the first refused with a 429, and again when they come back.
describe("several deliveries of one workspace that must each check the history", () => {
  it("read it one at a time as Slack's limit allows, never refused for it, and each finds its post", {
    timeout: 60_000,
  }, async () => {
    const channels = ["S-1", "S-2", "S-3", "S-4"];
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], channels);
    for (const channel of channels) {
      world.api.scriptSlack(channel, { status: 200, storeThenDrop: true });
      world.api.joined.add(channel);
    }
    await runQueue(world.testEnv, jobs);
    let refused = 0;
    aroundFetch(async (url, _init, next) => {
      if (!url.endsWith("/conversations.history")) return undefined;
      const answer = await next();
      if (answer.status === 429) refused++;
      return answer;
    });
    let left = jobs;
    for (let round = 2; round < 2 + 2 * channels.length && left.length; round++) {
      const run = await runQueue(world.testEnv, left, round);
      left = run.retried.map((r) => r.job);
      // The queue brings them back after the delay they asked for: Slack's minute passes meanwhile too.
      world.api.clockOffset += Math.max(0, ...run.retried.map((r) => (r.delaySeconds ?? 0) * 1000));
    }
    expect(refused, "history reads Slack refused for its limit").toBe(0);
    // The post, and the look that found it: waiting for a turn counts for nothing.
    expect(await attemptsOf(item.id)).toEqual(channels.map(() => 2));
    for (const channel of channels) expect(world.api.slackIn(channel)).toHaveLength(1);
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(channels.map(() => "sent"));
  });
});
