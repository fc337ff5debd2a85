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
