// A batch with calls on several tokens (Discord's, Slack's) while the pacer is slow to reach. Each token's
// first call has its slot from its own reservation's answer: waiting for every other token's answer before
// sending would let it pass, and the token's calls would all come back unsent.
import { expect, it } from "vitest";
import { newsKey } from "../../src/topics/renewal";
import { deliveryWorldEach, publishTo, runQueue, store } from "../helpers/alerts";
import { slowPacer } from "../helpers/hold";

const world = deliveryWorldEach();

it("every token's calls leave at their slots when each reservation takes 50 ms to reach the pacer", {
  timeout: 60_000,
}, async () => {
  const discord = ["D-1", "D-2", "D-3"];
  const slack = ["S-1", "S-2", "S-3"];
  const { item, jobs } = await publishTo(world.testEnv, world.queue, discord, slack);
  const result = await runQueue({ ...world.testEnv, PACER: slowPacer(world.testEnv.PACER, { requestMs: 50 }) }, jobs);
  expect(
    result.retried.map((r) => r.job.subscriptionId),
    "given back unsent",
  ).toEqual([]);
  for (const channel of discord) expect(world.api.discordIn(channel)).toHaveLength(1);
  for (const channel of slack) expect(world.api.slackIn(channel)).toHaveLength(1);
  expect((await store().deliveries(newsKey(item.id))).map((d) => d.state)).toEqual([...discord, ...slack].map(() => "sent"));
});
