// A route whose X-RateLimit-Bucket changes keeps counting the slots it handed out in the window: the
// answer with the new name counts only the requests that had reached Discord when it was made.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { observe, type PaceKey, reserve } from "../../src/pacing/index";
import { bucketHeaders } from "./windows";

const told = (bucket: string, remaining: number, resetAfter: string) => bucketHeaders(remaining, resetAfter, bucket);

it("keeps a window's count when the route's bucket hash changes", async () => {
  const key: PaceKey = {
    platform: "discord",
    token: `token-rename-${crypto.randomUUID()}`,
    route: "POST /channels/4242/messages",
  };
  const heardAt = Date.now();
  await observe(env, key, 200, told("old", 4, "5"));
  const first = await reserve(env, key, 4);
  expect(Math.max(...first), "four slots left in the window").toBeLessThan(1000);
  // The first of them is answered under a new bucket name: it has seen only itself.
  await observe(env, key, 200, told("new", 3, "4.9"));
  const before = Date.now();
  const [next = 0] = await reserve(env, key, 1);
  expect(before + next, "the window's sixth request waits for its reset").toBeGreaterThanOrEqual(heardAt + 4800);
});
