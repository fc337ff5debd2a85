// Slack answers that say the post was made, though they cannot be read in full: a retry must treat them
// as a lost answer (the post is surely there), never as a server error after which a history closed to
// the bot or too long to search lets the post be made again.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { newsKey } from "../../src/topics/renewal";
import { deliveryWorld, publishTo, type RecordingQueue, runQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";

let api: MockApis;
let queue: RecordingQueue;
let testEnv: typeof env;

beforeEach(async () => {
  ({ api, queue, testEnv } = await deliveryWorld());
});

const row = (id: string) =>
  env.DB.prepare("SELECT state, unsure FROM deliveries WHERE message_key = ?")
    .bind(newsKey(id))
    .first<{ state: string; unsure: number }>();

const ours = (channel: string) => api.slackIn(channel).filter((m) => m.body.metadata);

describe("a Slack post whose 200 answer breaks off", { timeout: 30_000 }, () => {
  it("is not posted again where the install cannot read the channel's history", async () => {
    const { item, jobs } = await publishTo(testEnv, queue, [], ["S-cut"]);
    // Slack stores the post and answers 200; the body breaks off after its first bytes.
    api.scriptSlack("S-cut", { status: 200, cutBody: true });
    api.scriptSlackHistory("S-cut", { status: 200, body: { ok: false, error: "missing_scope", needed: "channels:history" } });
    await runQueue(testEnv, jobs, 1);
    expect(ours("S-cut")).toHaveLength(1);
    const doubt = await row(item.id);
    await runQueue(testEnv, jobs, 2);
    expect(ours("S-cut")).toHaveLength(1);
    // A 200 is a post made: the doubt is a lost answer's (1), not a server error's (2).
    expect(doubt).toEqual({ state: "queued", unsure: 1 });
  });
});

describe("a Slack post answered internal_error", { timeout: 30_000 }, () => {
  // Slack documents internal_error as "some aspect of the operation may have succeeded": the post may be there.
  it("is not posted again where the install cannot read the channel's history", async () => {
    const { jobs } = await publishTo(testEnv, queue, [], ["S-internal"]);
    api.scriptSlack("S-internal", { status: 200, body: { ok: false, error: "internal_error" }, storeThenAnswer: true });
    api.scriptSlackHistory("S-internal", {
      status: 200,
      body: { ok: false, error: "missing_scope", needed: "channels:history" },
    });
    await runQueue(testEnv, jobs, 1);
    expect(ours("S-internal")).toHaveLength(1);
    await runQueue(testEnv, jobs, 2);
    expect(ours("S-internal")).toHaveLength(1);
  });
});

describe("a lost Slack answer where the channel's history can never be read", { timeout: 60_000 }, () => {
  // The look never posts on a guess, and each look that cannot tell counts: the delivery ends, failed, with the post made once.
  for (const [name, answer] of [
    ["a 200 whose body breaks off", { status: 200, cutBody: true }],
    ["internal_error", { status: 200, body: { ok: false, error: "internal_error" }, storeThenAnswer: true }],
    ["fatal_error", { status: 200, body: { ok: false, error: "fatal_error" }, storeThenAnswer: true }],
  ] as const)
    it(`ends failed after its attempts, posted once, after ${name}`, async () => {
      const { item, jobs } = await publishTo(testEnv, queue, [], ["S-closed"]);
      api.scriptSlack("S-closed", answer);
      await runQueue(testEnv, jobs, 1);
      for (let n = 0; n < 25; n++) {
        api.scriptSlackHistory("S-closed", {
          status: 200,
          body: { ok: false, error: "missing_scope", needed: "channels:history" },
        });
        await runQueue(testEnv, jobs, 1);
        if ((await row(item.id))?.state !== "queued") break;
      }
      expect(ours("S-closed")).toHaveLength(1);
      expect(await row(item.id)).toEqual({ state: "failed", unsure: 0 });
    });
});
