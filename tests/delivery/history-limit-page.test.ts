// Slack's limit on conversations.history, answered with a 429 whose body is not Slack's JSON (an edge's
// HTML page, or an empty body): the history check waits the Retry-After it names and is not counted as
// an attempt, as with Slack's own JSON answer.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newsKey } from "../../src/topics/renewal";
import { deliveryWorldEach, publishTo, runQueue } from "../helpers/alerts";

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
