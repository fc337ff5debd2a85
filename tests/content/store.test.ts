import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { CONTENT_BUNDLE_KEY } from "../../src/content/keys";
import { CACHE_MS, ContentUnavailable, clearContentCache, KV_WAIT_MS, loadContent, readyContent } from "../../src/content/store";
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

  it("answers from the copy it has when KV is slow to answer a reload, and takes KV's answer once it comes (property)", {
    timeout: 60_000,
  }, async () => {
    const bundle = await seedContent();
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // What KV does with the read due after CACHE_MS: answers the content seeded since, or fails as in an
    // outage, at once, a little later, later than answers may wait, or never.
    const reload = fc.record({
      answer: fc.constantFrom("reseeded", "fails"),
      after: fc.constantFrom(0, 50, 2 * KV_WAIT_MS, Number.POSITIVE_INFINITY),
    });
    const silent = vi.spyOn(console, "error").mockImplementation(() => {});
    const quiet = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await fc.assert(
        fc.asyncProperty(reload, async ({ answer, after }) => {
          clearContentCache();
          await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify(bundle));
          let landed: Promise<unknown> = Promise.resolve();
          let reloading = false;
          const kv = {
            get: (...args: Parameters<KVNamespace["get"]>) => {
              if (!reloading) return env.CONTENT.get(...args);
              const read = Number.isFinite(after) ? sleep(after) : new Promise(() => {});
              const got = read.then(() =>
                answer === "fails" ? Promise.reject(new Error("KV GET failed: 503")) : env.CONTENT.get(...args),
              );
              landed = got.then(
                () => sleep(0),
                () => sleep(0),
              );
              return got;
            },
          } as unknown as KVNamespace;
          const t0 = Date.now();
          await loadContent(kv, t0);
          await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify({ ...bundle, version: "reseeded" }));
          reloading = true;
          const started = Date.now();
          const { version } = await loadContent(kv, t0 + CACHE_MS);
          expect(Date.now() - started).toBeLessThanOrEqual(KV_WAIT_MS + 500);
          const inTime = after <= KV_WAIT_MS && answer === "reseeded";
          expect(version).toBe(inTime ? "reseeded" : bundle.version);
          // A slow read that does answer replaces the copy as soon as it lands, without waiting for the next interval.
          if (Number.isFinite(after)) await landed;
          const expected = Number.isFinite(after) && answer === "reseeded" ? "reseeded" : bundle.version;
          expect(readyContent(kv, t0 + CACHE_MS)?.version).toBe(expected);
          expect((await loadContent(kv, t0 + CACHE_MS)).version).toBe(expected);
        }),
        { numRuns: 16, seed: Number(env.FC_SEED || 2026_12_06) },
      );
    } finally {
      silent.mockRestore();
      quiet.mockRestore();
    }
  });

  it("takes KV's late answer also when the request that asked was answered from the copy and has ended", {
    timeout: 30_000,
  }, async () => {
    const bundle = await seedContent();
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const health = async () =>
      ((await (await SELF.fetch("http://bot.example/health")).json()) as { content: { version?: string } }).content;
    expect((await health()).version).toBe(bundle.version);
    await env.CONTENT.put(CONTENT_BUNDLE_KEY, JSON.stringify({ ...bundle, version: "reseeded" }));
    // The reload, made by a request of its own (as every request is in production), meets a KV that answers
    // after the request has had its answer from the copy; its pending I/O ends with it unless kept going.
    const kv = Object.getPrototypeOf(env.CONTENT) as KVNamespace;
    const get = kv.get;
    const slow = vi.spyOn(kv, "get").mockImplementation(function (this: KVNamespace, ...args: Parameters<KVNamespace["get"]>) {
      return sleep(KV_WAIT_MS + 500).then(() => (get as (...a: unknown[]) => Promise<unknown>).apply(this, args)) as never;
    });
    const now = Date.now;
    const later = vi.spyOn(Date, "now").mockImplementation(() => now() + CACHE_MS);
    const quiet = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect((await health()).version).toBe(bundle.version);
      expect(slow).toHaveBeenCalledTimes(1);
      await sleep(KV_WAIT_MS + 1_000);
      expect(readyContent(env.CONTENT)?.version).toBe("reseeded");
    } finally {
      slow.mockRestore();
      later.mockRestore();
      quiet.mockRestore();
    }
  });

  it("keeps nothing ready after a failed read", async () => {
    await expect(loadContent(env.CONTENT)).rejects.toBeInstanceOf(ContentUnavailable);
    expect(readyContent(env.CONTENT)).toBeUndefined();
  });
});
