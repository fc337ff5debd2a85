// This file runs in its own isolate: nothing has loaded the modules kept out of the cold start before it starts.
import { createExecutionContext, createMessageBatch, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { QueueJob } from "../../src/delivery/jobs";
import worker from "../../src/index";
import { NEWS_CRON, PLAN_CRON } from "../../src/jobs";
import { wasEvaluated } from "../../src/lazy";
import { seedContent } from "../helpers/content";
import { autocomplete, click, send, slash, str } from "../helpers/discord";
import { MockApis } from "../helpers/mock-api";

/** A button click as Discord sends it. */
/** What an interaction's cold start never evaluates, and what first needs each. */
const LAZY = ["news/poll", "news/review", "web/pages", "slack/install", "delivery/planner", "delivery/consumer"];

describe("what the cold start of an interaction leaves unevaluated", () => {
  it("answers commands, autocomplete and clicks without evaluating the modules only pages, reviews, the cron and the queue need", async () => {
    await seedContent();
    new MockApis().install();
    await send(slash("character", [str("name", "baek")]));
    await send(slash("renewal"));
    await send(autocomplete("character", [str("name", "ba", true)]));
    expect((await send(click("ep:4:en"))).status).toBe(200);
    for (const name of LAZY) expect(wasEvaluated(name), name).toBe(false);

    // A review button loads the review, and a stranger's press is refused there.
    await send(click("nr-dismiss:0123456789abcdef:en"));
    expect(wasEvaluated("news/review")).toBe(true);

    await worker.fetch(new Request("https://bot.test/"), env, createExecutionContext());
    expect(wasEvaluated("web/pages")).toBe(true);
    await worker.fetch(new Request("https://bot.test/slack/install"), env, createExecutionContext());
    expect(wasEvaluated("slack/install")).toBe(true);

    for (const [cron, module] of [
      [PLAN_CRON, "delivery/planner"],
      [NEWS_CRON, "news/poll"],
    ]) {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron }), { ...env, NEWS_FEEDS: "[]" }, ctx);
      await waitOnExecutionContext(ctx);
      expect(wasEvaluated(module as string), cron).toBe(true);
    }

    await worker.queue(createMessageBatch<QueueJob>("trauma-code-announcements", []), env, createExecutionContext());
    expect(wasEvaluated("delivery/consumer")).toBe(true);
  });
});
