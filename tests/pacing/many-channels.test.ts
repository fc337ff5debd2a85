// A fan-out reaches tens of thousands of channels, each with a bucket of its own at Discord. The pacer
// keeps a channel's bucket while its window runs; once the window is over, a channel's next post is
// paced as one not heard from (a bucket like its route's others, full), so what it kept of the channel
// may go. Kept for every channel ever posted to, the pacer's memory would grow with the fan-out.
import { expect, it } from "vitest";
import { Limiter, type Observation } from "../../src/pacing/limiter";
import { busiestWindow } from "./windows";

const ROUTE = "POST /channels/{channel.id}/messages";
const lane = (channel: number) => `POST /channels/9${String(channel).padStart(17, "0")}/messages`;
const LIMIT = 5;
const WINDOW_MS = 5_000;

/** Discord's per-channel message bucket: its window opens at the first request, LIMIT requests in it. */
class Discord {
  private readonly windows = new Map<number, { start: number; used: number }>();
  answer(channel: number, at: number): Observation {
    let window = this.windows.get(channel);
    if (!window || at >= window.start + WINDOW_MS) {
      window = { start: at, used: 0 };
      this.windows.set(channel, window);
    }
    const resetAfter = ((window.start + WINDOW_MS - at) / 1000).toFixed(3);
    const bucket = {
      "x-ratelimit-bucket": "messages",
      "x-ratelimit-limit": String(LIMIT),
      "x-ratelimit-reset-after": resetAfter,
    };
    if (window.used >= LIMIT)
      return {
        route: ROUTE,
        lane: lane(channel),
        status: 429,
        headers: { ...bucket, "x-ratelimit-remaining": "0", "retry-after": resetAfter, "x-ratelimit-scope": "user" },
      };
    window.used++;
    return {
      route: ROUTE,
      lane: lane(channel),
      status: 200,
      headers: { ...bucket, "x-ratelimit-remaining": String(LIMIT - window.used) },
    };
  }
}

it("keeps what it knows of channels bounded over a long fan-out, pacing each channel as before", () => {
  const limiter = new Limiter("discord");
  const kept = limiter as unknown as { buckets: Map<string, unknown>; routeBuckets: Map<string, string> };
  const discord = new Discord();
  const sent = new Map<number, number[]>();
  const statuses: number[] = [];
  let heard: { channel: number; at: number }[] = [];
  let now = 1_000_000;
  let next = 0;
  let most = 0;
  const BATCHES = 400;
  for (let b = 0; b < BATCHES; b++) {
    // The answers heard by now ride along with this reservation, each as of when it was heard.
    for (const { channel, at } of heard.filter(({ at }) => at <= now)) {
      const answer = discord.answer(channel, at);
      statuses.push(answer.status);
      limiter.observe({ ...answer, age: now - at }, now);
    }
    heard = heard.filter(({ at }) => at > now);
    // New channels, then five more posts to one the last batch opened a window in (four left in it), and
    // now and then six to one whose window ended long ago.
    const channels = Array.from({ length: 89 }, () => next++);
    if (b > 0) channels.push(...Array(5).fill(next - 89 - 1));
    if (b > 50 && b % 10 === 0) channels.push(...Array(6).fill((b - 50) * 89));
    const waits = limiter.reserve(ROUTE, channels.length, now, 60_000, channels.map(lane));
    const slots = channels.map((channel, i) => ({ channel, at: now + (waits[i] as number) }));
    heard = [...heard, ...slots].sort((x, y) => x.at - y.at);
    for (const { channel, at } of slots) sent.set(channel, [...(sent.get(channel) ?? []), at]);
    most = Math.max(most, kept.buckets.size, kept.routeBuckets.size);
    now += 2_200;
  }
  for (const { channel, at } of heard) statuses.push(discord.answer(channel, at).status);
  expect(next, "channels posted to").toBeGreaterThan(30_000);
  // What runs in a window of the last few seconds, and no more: ~100 channels a batch, a window of 5 s.
  expect(most, "channel buckets and routes kept at most").toBeLessThan(1_000);
  expect(
    statuses.filter((s) => s === 429),
    "429s Discord answered",
  ).toHaveLength(0);
  // Discord tells a window's reset to the millisecond, and slots fall between milliseconds.
  const worst = Math.max(...[...sent.values()].map((times) => busiestWindow(times, WINDOW_MS - 1)));
  expect(worst, "one channel's posts in any 5 s").toBeLessThanOrEqual(LIMIT);
  expect(busiestWindow([...sent.values()].flat()), "posts in any second").toBeLessThanOrEqual(50);
});
