// `npm run bench` runs in Node (tsx), and reads constants from the Worker's own modules (the news round's
// feeds per tick): a module it imports that loads cloudflare:workers, which only workerd has, stops it
// before it measures anything. CI does not run the benchmark; this loads what it loads.
import { describe, expect, it } from "vitest";

describe("the benchmark's modules", () => {
  it.each([
    "../../bench/build",
    "../../bench/coldstart",
    "../../bench/cpu",
    "../../bench/fanout",
    "../../bench/lib",
    "../../bench/mock-discord",
    "../../bench/news",
    "../../bench/workerd",
    "../../src/news/poll",
  ])("load in Node: %s", async (path) => {
    await expect(import(/* @vite-ignore */ path)).resolves.toBeDefined();
  });
});
