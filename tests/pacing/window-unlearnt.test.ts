// The window a route's answers told is learnt again from each channel's own answers: one odd answer
// (a day-long Reset-After) must not become every channel's window for good, five posts a day.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { observe, type PaceKey, reserve } from "../../src/pacing/index";
import { bucketHeaders } from "./windows";

const ROUTE = "POST /channels/{channel.id}/messages";
const told = (remaining: number, resetAfter: string) => bucketHeaders(remaining, resetAfter);

it("forgets an odd window once other channels' answers tell the usual one", async () => {
  const token = `token-window-${crypto.randomUUID()}`;
  const key = (channel: number): PaceKey => ({
    platform: "discord",
    token,
    route: ROUTE,
    lane: `POST /channels/${channel}/messages`,
  });
  await observe(env, key(1), 200, told(4, "86400"));
  // Channels 2 to 4 each post once and hear Discord's usual five-second window.
  for (const channel of [2, 3, 4]) {
    await reserve(env, key(channel), 1, undefined, [key(channel).lane]);
    await observe(env, key(channel), 200, told(4, "5"));
  }
  const fresh = key(5);
  const waits = await reserve(env, fresh, 6, undefined, Array(6).fill(fresh.lane));
  expect(Math.max(...waits), "a new channel's sixth post").toBeLessThanOrEqual(5000 + 2000);
});
