// This file runs in its own isolate: nothing has loaded feed polling before it starts.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { wasEvaluated } from "../../src/lazy";
import { seedContent } from "../helpers/content";
import { send, slash, str } from "../helpers/discord";
import { MockApis } from "../helpers/mock-api";

describe("feed polling and the cold start", () => {
  it("answers commands without evaluating feed polling and its XML parser, which the cron then loads", async () => {
    await seedContent();
    new MockApis().install();
    await send(slash("character", [str("name", "baek")]));
    await send(slash("renewal"));
    await worker.fetch(new Request("https://bot.test/"), env, createExecutionContext());
    expect(wasEvaluated("news/poll")).toBe(false);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), { ...env, NEWS_FEEDS: "[]" }, ctx);
    await waitOnExecutionContext(ctx);
    expect(wasEvaluated("news/poll")).toBe(true);
  });
});
