// A slot reserved on its own (a post's plain-text version after its form was refused, a review card's
// post or redraw) keeps its channel's limit as a batch's slots do: a channel whose window a batch has just
// spent gets no request from it until the window allows one. Without its lane, the slot kept only the
// route's limits, and the channel's next request met a 429.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { note, type PaceKey, reserve } from "../../src/pacing/index";
import { oneMoreSlot } from "../../src/pacing/send";

const always = () => true;

it("on Slack, one more post to a channel waits for the channel's second", { timeout: 30_000 }, async () => {
  const channel = "C0ONEMORE";
  const key: PaceKey = {
    platform: "slack",
    token: `xoxb-one-more-${crypto.randomUUID()}`,
    route: "chat.postMessage",
    lane: `chat.postMessage ${channel}`,
  };
  // A batch's post to the channel, at once.
  const [first = 0] = await reserve(env, key, 1, 10_000, [key.lane]);
  expect(first).toBeLessThan(100);
  const start = Date.now();
  // No slot within 600 ms: Slack takes one message a second in a channel (the workspace's own pace of
  // chat.postMessage, a few a second, would allow one).
  expect(await oneMoreSlot(env, key, always, 600), "a slot granted inside the channel's second").toBe(false);
  // Another channel of the workspace is not held back by it.
  const other = { ...key, lane: "chat.postMessage C0ELSEWHERE" };
  expect(await oneMoreSlot(env, other, always, 600), "another channel's slot").toBe(true);
  // Waited for, the slot comes a second after the batch's post.
  expect(await oneMoreSlot(env, key, always, 5_000)).toBe(true);
  expect(Date.now() - start, "ms from the batch's post to the one more").toBeGreaterThanOrEqual(900);
});

it("on Discord, one more post to a channel whose window a batch spent waits for its reset", { timeout: 30_000 }, async () => {
  const route = "POST /channels/{channel.id}/messages";
  const lane = "POST /channels/700000000000000077/messages";
  const key: PaceKey = { platform: "discord", token: `token-one-more-${crypto.randomUUID()}`, route, lane };
  const bucket = (remaining: number, resetAfter: number) =>
    new Headers({
      "x-ratelimit-bucket": "messages-one-more",
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset-after": resetAfter.toFixed(3),
    });
  // The channel's first post tells its bucket: 5 a window of 5 seconds.
  const start = Date.now();
  await reserve(env, key, 1, 10_000, [lane]);
  await note(key, 200, bucket(4, 5));
  // A batch spends the rest of the window.
  const waits = await reserve(env, key, 4, 10_000, [lane, lane, lane, lane]);
  expect(waits.every((wait) => wait < 1_000)).toBe(true);
  // One more slot on its own is not granted while the window is spent...
  expect(await oneMoreSlot(env, key, always, 1_000), "a sixth slot inside the window").toBe(false);
  // ...but is at its end.
  expect(await oneMoreSlot(env, key, always, 10_000)).toBe(true);
  expect(Date.now() - start, "ms from the window's first post to the sixth").toBeGreaterThanOrEqual(4_900);
});
