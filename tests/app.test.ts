import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CONTENT_BUNDLE_KEY } from "../src/content/keys";
import worker from "../src/index";
import { seedContent } from "./helpers/content";

const get = (path: string) => worker.fetch(new Request(`https://bot.test${path}`), env, createExecutionContext());

describe("GET /health", () => {
  it("reports ok and the content version once seeded", async () => {
    const bundle = await seedContent();
    const response = await get("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", content: { version: bundle.version, available: true } });
  });

  it("reports degraded, with HTTP 503 for uptime checks, when content is unreadable", async () => {
    await env.CONTENT.put(CONTENT_BUNDLE_KEY, "garbage");
    const response = await get("/health");
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "degraded", content: { available: false } });
  });
  it("reports degraded when the feeds setting cannot be read, since no news would ever be found", async () => {
    await seedContent();
    const response = await worker.fetch(
      new Request("https://bot.test/health"),
      { ...env, NEWS_FEEDS: "[{" },
      createExecutionContext(),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "degraded", news: { error: expect.any(String) } });
  });
});

describe("other paths", () => {
  it("answers an unknown path with 404 JSON", async () => {
    const response = await get("/nope");
    expect(response.status).toBe(404);
  });
});
