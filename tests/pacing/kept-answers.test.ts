// An ordinary answer is kept in the isolate for the pacer's next call (pacing's `note`), which may come
// seconds later. What it tells of a channel's bucket is told as of when it was heard: taken as of when it
// reaches the pacer, it named a later reset than the window's, was taken for another window, and its count
// of requests left replaced the pacer's own, though slots had been handed out since to other invocations.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { note, type PaceKey, pacerName, reserve } from "../../src/pacing/index";
import type { Pacer } from "../../src/pacing/pacer";
import { sleep } from "../helpers/alerts";

const ROUTE = "POST /channels/{channel.id}/messages";
const LANE = "POST /channels/700000000000000001/messages";

const answer = (remaining: number, resetAfter: number) =>
  new Headers({
    "x-ratelimit-bucket": "messages",
    "x-ratelimit-limit": "5",
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset-after": resetAfter.toFixed(3),
  });

it("a channel's answer kept for the pacer's next call keeps its window's count", { timeout: 30_000 }, async () => {
  const key: PaceKey = { platform: "discord", token: `token-kept-${crypto.randomUUID()}`, route: ROUTE, lane: LANE };
  const stub = env.PACER.get(env.PACER.idFromName(await pacerName(key))) as unknown as DurableObjectStub<Pacer>;
  // This isolate's first post to the channel opens Discord's 5-second window; its answer rides with the next reservation.
  const start = Date.now();
  await reserve(env, key, 1, 10_000, [LANE]);
  await note(key, 200, answer(4, 5));
  // Its second post: the answer (3 left) is kept for this isolate's next call to the pacer.
  expect((await reserve(env, key, 1, 10_000, [LANE]))[0]).toBeLessThan(100);
  await note(key, 200, answer(3, 4.99));
  // Another invocation, elsewhere, takes the channel's three other requests of the window.
  const elsewhere = await stub.reserve("discord", ROUTE, 3, [], 10_000, [LANE, LANE, LANE]);
  expect(elsewhere.waits.every((w) => w < 1000)).toBe(true);
  // Seconds later this isolate posts there again, its kept answer riding along: the window is still spent.
  await sleep(2_500);
  const [wait = 0] = await reserve(env, key, 1, 10_000, [LANE]);
  // Its slot is at the window's end, as the answers told it (5 s after the first, within a few ms).
  expect(Date.now() + wait, "the sixth post's slot").toBeGreaterThanOrEqual(start + 4_900);
});
