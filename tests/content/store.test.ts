import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CONTENT_BUNDLE_KEY } from "../../src/content/keys";
import { CACHE_MS, ContentUnavailable, loadContent } from "../../src/content/store";
import { realBundle, seedContent } from "../helpers/content";

describe("content store", () => {
  it("reads KV once and serves the cached copy while it is fresh", async () => {
    const bundle = await seedContent();
    const t0 = Date.now();
    expect((await loadContent(env.CONTENT, t0)).version).toBe(bundle.version);
    await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify({ ...bundle, version: "reseeded" }));
    expect((await loadContent(env.CONTENT, t0 + CACHE_MS - 1)).version).toBe(bundle.version);
  });

  it("shows a re-seed within 30 seconds", async () => {
    const bundle = await seedContent();
    const t0 = Date.now();
    await loadContent(env.CONTENT, t0);
    await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify({ ...bundle, version: "reseeded" }));
    expect(CACHE_MS).toBeLessThanOrEqual(30_000);
    expect((await loadContent(env.CONTENT, t0 + CACHE_MS)).version).toBe("reseeded");
  });

  it("reports missing or corrupt content as unavailable, and recovers once it is fixed", async () => {
    await expect(loadContent(env.CONTENT)).rejects.toBeInstanceOf(ContentUnavailable);
    await env.CONTENT.put(CONTENT_BUNDLE_KEY, "{corrupt");
    await expect(loadContent(env.CONTENT)).rejects.toThrow(/not JSON/);
    await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify({ version: "x", characters: "nope" }));
    await expect(loadContent(env.CONTENT)).rejects.toThrow(/wrong shape/);
    await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify(await realBundle()));
    expect((await loadContent(env.CONTENT)).characters.length).toBeGreaterThan(0);
  });
});
