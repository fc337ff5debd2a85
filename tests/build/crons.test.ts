// The scheduled handler tells the planner's tick from the news round's by the trigger that fired, so
// wrangler.toml must name exactly those two: a schedule changed on one side only would leave the news
// round (or the planner) never running.
import { describe, expect, it } from "vitest";
import { projectConfig, splitConfigs } from "../../src/cli/split";
import { QUEUE_RETRIES_MAX } from "../../src/delivery/policy";
import { NEWS_CRON, PLAN_CRON } from "../../src/jobs";

describe("the cron triggers", () => {
  it("are the planner's and the news round's, each its own invocation", () => {
    expect(projectConfig().triggers).toEqual({ crons: [PLAN_CRON, NEWS_CRON] });
    expect(NEWS_CRON).not.toBe(PLAN_CRON);
  });

  it("fire at the back Worker when deployed as two", () => {
    expect(splitConfigs().back.triggers).toEqual({ crons: [PLAN_CRON, NEWS_CRON] });
  });
});

describe("the queue consumers", () => {
  it("retry a message as often as the consumer counts on, on one Worker and on two", () => {
    type Consumers = { queues?: { consumers?: { queue: string; max_retries?: number }[] } };
    for (const config of [projectConfig(), splitConfigs().back] as Consumers[]) {
      const consumers = config.queues?.consumers ?? [];
      expect(consumers.length).toBeGreaterThan(0);
      for (const consumer of consumers)
        expect([consumer.queue, consumer.max_retries]).toEqual([consumer.queue, QUEUE_RETRIES_MAX]);
    }
  });
});
