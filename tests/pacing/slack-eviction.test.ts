// Slack's paces (per method, per channel) survive the pacer being evicted, as Discord's global one does:
// restarted empty, the object handed out a minute's chat.postMessage slots again over the ones it had
// handed out before, and the workspace met Slack's 429s the pacer exists to avoid.
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { type PaceKey, pacerName, reserve } from "../../src/pacing/index";
import { RESERVE_HORIZON_MS, SLACK_CHANNEL_INTERVAL_MS, SLACK_METHOD_PER_MINUTE, spacing } from "../../src/pacing/limits";

it.each([
  ["chat.postMessage", "chat.postMessage"],
  ["chat.postMessage in one channel", "chat.postMessage C0EVICT"],
])("%s keeps its pace across an eviction", async (_name, route) => {
  const key: PaceKey = { platform: "slack", token: `xoxb-evict-${crypto.randomUUID()}`, route };
  const stub = env.PACER.get(env.PACER.idFromName(await pacerName(key)));
  const start = Date.now();
  const slots: number[] = [];
  // The longest a reservation's answer took: two slots of different reservations are known to that much.
  let answerMs = 0;
  const take = async (n: number) => {
    const before = Date.now();
    const waits = await reserve(env, key, n);
    answerMs = Math.max(answerMs, Date.now() - before);
    for (const wait of waits) if (wait <= RESERVE_HORIZON_MS) slots.push(before + wait);
  };
  await take(100);
  await take(100);
  await evictDurableObject(stub);
  await take(100);
  await take(100);
  const perMinute = SLACK_METHOD_PER_MINUTE["chat.postMessage"] ?? 0;
  const inOneMinute = slots.filter((t) => t < start + 60_000).length;
  expect(inOneMinute, `slots within one minute across an eviction (Slack allows ${perMinute})`).toBeLessThanOrEqual(perMinute);
  const sorted = [...slots].sort((a, b) => a - b);
  const closest = Math.min(...sorted.slice(1).map((t, i) => t - (sorted[i] as number)));
  const pace = spacing(perMinute, 60_000);
  // Each reservation's waits are moved back by the time its answer took, which a loaded machine stretches:
  // slots of two reservations are compared to within the longest answer (5 ms at least).
  expect(closest, "no two slots closer than the pace allows").toBeGreaterThanOrEqual(
    (route.includes(" ") ? Math.max(pace, SLACK_CHANNEL_INTERVAL_MS) : pace) - Math.max(5, answerMs),
  );
});
