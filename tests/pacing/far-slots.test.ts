// Work given back because its slot is further off than the sender waits leaves that slot to others: the
// pacer holds no slot beyond the wait the sender asked for. Held, the slots of every give-back pushed
// the token's line further out, and under load the same work came back to find it deeper still.
import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { PACE_WAIT_MAX_MS } from "../../src/delivery/consumer";
import { reserve } from "../../src/pacing/index";
import { Limiter } from "../../src/pacing/limiter";
import { DISCORD_GLOBAL_PER_SECOND, RESERVE_HORIZON_MS, spacing } from "../../src/pacing/limits";
import { deliveryWorld, publishTo, runQueue } from "../helpers/alerts";

const POSTS = { platform: "discord" as const, token: env.DISCORD_BOT_TOKEN ?? "", route: "POST /channels/{channel.id}/messages" };

it("posts given back for a slot over the longest wait leave no slot held", { timeout: 60_000 }, async () => {
  const { api, queue, testEnv } = await deliveryWorld();
  const { jobs } = await publishTo(testEnv, queue, ["8101", "8102", "8103", "8104", "8105"]);
  const handedOut = vi.spyOn(Limiter.prototype, "reserve");
  /** The pacer's time of the last slot its `i`th reservation held. */
  const lastHeld = (i: number) => {
    const [, , now] = handedOut.mock.calls[i] as [string, number, number];
    const result = handedOut.mock.results[i];
    const waits = result?.type === "return" ? (result.value as number[]).filter((w) => w <= RESERVE_HORIZON_MS) : [];
    return now + Math.max(...waits);
  };
  // Other senders hold the token's next 10 s and more (and will use them).
  let senders = 0;
  do {
    await reserve(env, POSTS, 100);
    senders++;
  } while (lastHeld(senders - 1) - Date.now() <= PACE_WAIT_MAX_MS);
  const lineEnd = lastHeld(senders - 1);

  await runQueue(testEnv, jobs, 1, undefined, { late: "given back" });
  expect(api.discord, "nothing posted: every post given back").toHaveLength(0);

  const calls = handedOut.mock.calls.length;
  await reserve(env, POSTS, 1);
  const heldMeanwhile = Math.round((lastHeld(calls) - lineEnd) / spacing(DISCORD_GLOBAL_PER_SECOND, 1000)) - 1;
  expect(heldMeanwhile, `slots held for the ${jobs.length} posts given back, ahead of the next sender`).toBe(0);
});
