// A delivery batch that starts with little of the invocation's budget left: wake jobs before it in the
// same queue batch spent the rest, down to what handleQueue keeps for deliveries. Setting the closing
// write's statements aside must not fail the batch: a delivery already made is acked, not sent back.
import { expect, it, vi } from "vitest";
import type { QueueJob } from "../../src/delivery/jobs";
import { deliveryWorldEach, publishTo, runQueue } from "../helpers/alerts";

const world = deliveryWorldEach();

it("a delivery batch after wake jobs that left it 10 calls still settles and acks", { timeout: 60_000 }, async () => {
  const { jobs } = await publishTo(world.testEnv, world.queue, ["D-1"]);
  expect((await runQueue(world.testEnv, jobs)).retried).toEqual([]);
  expect(world.api.discordIn("D-1")).toHaveLength(1);
  // 13 wake jobs of 3 statements each: 49 - 39 = 10 calls left, what handleQueue keeps for deliveries.
  const wakes: QueueJob[] = Array.from({ length: 13 }, (_, i) => ({ kind: "wake", platform: "discord", workspaceId: `G${i}` }));
  const errors: unknown[][] = [];
  vi.spyOn(console, "error").mockImplementation((...args) => errors.push(args));
  const again = await runQueue(world.testEnv, [...wakes, ...jobs]);
  expect(JSON.stringify(errors).match(/delivery\.failed[^"]*/)?.[0] ?? "no failure").toBe("no failure");
  expect(again.retried).toEqual([]);
  expect(again.acked).toBe(wakes.length + jobs.length);
  expect(world.api.discordIn("D-1")).toHaveLength(1);
});
