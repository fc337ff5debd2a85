// What one invocation hears is the pacer's at once when it changes what others may do now, and every
// invalid answer is counted. A batch that told the pacer only when it ended let other invocations on the
// token post through a global 429 for as long as the batch still ran, each post another invalid request;
// and one answer per route told at the end counted ten 403s as one toward the ban the pacer guards.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { pacerName, reserve } from "../../src/pacing/index";
import { deliveryWorld, publishTo, runQueue } from "../helpers/alerts";
import { holdFirst } from "../helpers/hold";
import { aroundFetch } from "../helpers/mock-api";

const TOKEN = env.DISCORD_BOT_TOKEN ?? "";
const POSTS = { platform: "discord" as const, token: TOKEN, route: "POST /channels/{channel.id}/messages" };

const jobsOf = <J>(byChannel: Map<string, J>, ...channels: string[]) => channels.map((c) => byChannel.get(c)) as J[];

const channelOf = async (subscriptionId: number) =>
  (await env.DB.prepare("SELECT channel_id FROM subscriptions WHERE id = ?").bind(subscriptionId).first<{ channel_id: string }>())
    ?.channel_id;

it("a global 429 one invocation meets stops another invocation on the token while the first still runs", {
  timeout: 60_000,
}, async () => {
  const { api, queue, testEnv } = await deliveryWorld();
  const { jobs } = await publishTo(testEnv, queue, ["9001", "9002", "9003", "9004"]);
  const byChannel = new Map<string, (typeof jobs)[number]>();
  for (const job of jobs) byChannel.set((await channelOf(job.subscriptionId)) ?? "", job);
  const jobsIn = (...channels: string[]) => jobsOf(byChannel, ...channels);
  api.scriptDiscord("9003", {
    status: 429,
    body: { message: "You are being rate limited.", retry_after: 30, global: true },
    headers: { "retry-after": "30", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
  });
  // 9002's post is slow to be answered: invocation A is still running when 9003 meets the limit.
  const held = holdFirst("/channels/9002/messages");
  let limitedAt = 0;
  aroundFetch((url) => {
    if (url.endsWith("/channels/9003/messages") && !limitedAt) limitedAt = Date.now();
    return undefined;
  });
  const a = runQueue(testEnv, jobsIn("9001", "9002", "9003"), 1, undefined, { late: "given back" });
  await held.stalled;
  for (let i = 0; i < 200 && !limitedAt; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(limitedAt, "A's post to 9003 met the global 429").toBeGreaterThan(0);
  await new Promise((resolve) => setTimeout(resolve, 50));

  // Invocation B, meanwhile, on the same token.
  await runQueue(testEnv, jobsIn("9004"), 1, undefined, { late: "given back" });
  const posted = api.discordIn("9004").length;
  held.release();
  await a;
  expect(posted, `B posted ${posted} message(s) ${Date.now() - limitedAt} ms into a 30 s global limit`).toBe(0);
});

it("every 403 a batch meets is counted toward the invalid-request limit", { timeout: 60_000 }, async () => {
  const { api, queue, testEnv } = await deliveryWorld();
  const channels = Array.from({ length: 10 }, (_, i) => String(7100 + i));
  const { jobs } = await publishTo(testEnv, queue, channels);
  // The bot was removed from every one of these channels.
  for (const channel of channels) api.scriptDiscord(channel, { status: 403, body: { code: 50001, message: "Missing Access" } });
  const before = api.invalidRequests;
  await runQueue(testEnv, jobs);
  const invalid = api.invalidRequests - before;
  // What this isolate kept for the pacer goes with its next reservation on the token.
  await reserve(env, POSTS, 1);
  const stub = env.PACER.get(env.PACER.idFromName(await pacerName({ platform: "discord", token: TOKEN })));
  expect(invalid, "Discord answered every post 403").toBe(channels.length);
  expect(await stub.invalidCount("discord"), "invalid answers the pacer counted").toBe(invalid);
});

it("a second 429 on a route already told reaches the pacer by the batch's end", { timeout: 60_000 }, async () => {
  const { api, queue, testEnv } = await deliveryWorld();
  const { jobs } = await publishTo(testEnv, queue, ["9201", "9202", "9203"]);
  const byChannel = new Map<string, (typeof jobs)[number]>();
  for (const job of jobs) byChannel.set((await channelOf(job.subscriptionId)) ?? "", job);
  // 9202 and 9203 are on their way at once: 9203 meets the token's global limit (told at once), then
  // 9202's answer, held until then, is a 429 of its own bucket (kept, and told when the batch ends).
  api.scriptDiscord("9202", {
    status: 429,
    body: { message: "You are being rate limited.", retry_after: 1, global: false },
    headers: { "retry-after": "1", "x-ratelimit-scope": "user", "x-ratelimit-bucket": "b9202" },
  });
  api.scriptDiscord("9203", {
    status: 429,
    body: { message: "You are being rate limited.", retry_after: 30, global: true },
    headers: { "retry-after": "30", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
  });
  const held = holdFirst("/channels/9202/messages");
  let globalAnswered = false;
  aroundFetch(async (url, _init, next) => {
    if (!url.endsWith("/channels/9203/messages")) return undefined;
    const answer = await next();
    globalAnswered = true;
    return answer;
  });
  const run = runQueue(testEnv, jobsOf(byChannel, "9201", "9202", "9203"), 1, undefined, { late: "given back" });
  await held.stalled;
  for (let i = 0; i < 200 && !globalAnswered; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(globalAnswered, "9203 met the global limit while 9202 was on its way").toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 30));
  held.release();
  await run;
  // Another isolate asks the pacer: it carries nothing this isolate kept.
  const stub = env.PACER.get(env.PACER.idFromName(await pacerName({ platform: "discord", token: TOKEN })));
  expect(await stub.invalidCount("discord"), "both 429s counted once the batch is done").toBe(2);
});
