import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CONTENT_BUNDLE_KEY } from "../../src/content/keys";
import { CACHE_MS, ContentUnavailable, clearContentCache, loadContent, readyContent } from "../../src/content/store";
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

  it("gives the content without a promise only once it is read, and only while it is fresh", async () => {
    const bundle = await seedContent();
    const t0 = Date.now();
    const loading = loadContent(env.CONTENT, t0);
    expect(readyContent(env.CONTENT, t0)).toBeUndefined();
    await loading;
    expect(readyContent(env.CONTENT, t0 + CACHE_MS - 1)?.version).toBe(bundle.version);
    expect(readyContent(env.CONTENT, t0 + CACHE_MS)).toBeUndefined();
    await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify({ ...bundle, version: "reseeded" }));
    await loadContent(env.CONTENT, t0 + CACHE_MS);
    expect(readyContent(env.CONTENT, t0 + CACHE_MS)?.version).toBe("reseeded");
  });

  it("keeps serving the copy it has while KV cannot be read, asking KV again once per interval", async () => {
    const bundle = await seedContent();
    let failing = false;
    let reads = 0;
    // The binding as it fails in an outage: its get rejects.
    const kv = {
      get: (...args: Parameters<KVNamespace["get"]>) => {
        reads++;
        return failing ? Promise.reject(new Error("KV GET failed: 503 Service Unavailable")) : env.CONTENT.get(...args);
      },
    } as unknown as KVNamespace;
    const t0 = Date.now();
    expect((await loadContent(kv, t0)).version).toBe(bundle.version);
    await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify({ ...bundle, version: "reseeded" }));
    failing = true;
    expect((await loadContent(kv, t0 + CACHE_MS)).version).toBe(bundle.version);
    expect(readyContent(kv, t0 + CACHE_MS)?.version).toBe(bundle.version);
    expect((await loadContent(kv, t0 + 2 * CACHE_MS - 1)).version).toBe(bundle.version);
    expect(reads).toBe(2);
    failing = false;
    expect((await loadContent(kv, t0 + 2 * CACHE_MS)).version).toBe("reseeded");
    // With no copy yet, a failed read is the caller's to answer.
    clearContentCache();
    failing = true;
    await expect(loadContent(kv, t0)).rejects.toThrow(/503/);
  });

  it("keeps nothing ready after a failed read", async () => {
    await expect(loadContent(env.CONTENT)).rejects.toBeInstanceOf(ContentUnavailable);
    expect(readyContent(env.CONTENT)).toBeUndefined();
  });
});
