// How sure a retry must be that an earlier attempt did not post. A lost answer (the connection dropped)
// may well mean a post was made: without a way to look, the delivery never posts on a guess. A server
// error's answer rarely follows a post that was made: where the channel's history is closed to the bot,
// the post is made again rather than never.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Budget } from "../../src/delivery/budget";
import { findDiscordPost, LOOKUP_PAGE, LOOKUP_PAGES_MAX } from "../../src/discord/api";
import { HISTORY_SEARCH_PAGES } from "../../src/slack/api";
import { newsKey } from "../../src/topics/renewal";
import { deliveryWorld, discordAlerts, publishTo, type RecordingQueue, runQueue } from "../helpers/alerts";
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

/** Discord refuses the bot the channel's history, as it does without Read Message History. */
function historyClosed(channel: string) {
  const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    if ((init?.method ?? "GET") === "GET" && String(input).includes(`/channels/${channel}/messages?`))
      return Response.json({ code: 50001, message: "Missing Access" }, { status: 403 });
    return inner(input, init);
  });
}

/** Every attempt so far as long ago as `ms`: Discord has forgotten the first attempt's nonce. */
const longAgo = (id: string, ms: number) =>
  env.DB.prepare("UPDATE deliveries SET first_attempt_at = first_attempt_at - ? WHERE message_key = ?")
    .bind(ms, newsKey(id))
    .run();

describe("a retry where the channel's history cannot be read", { timeout: 30_000 }, () => {
  it("after a Discord 502 page, posts once the nonce has expired, rather than never", async () => {
    const { item, jobs } = await publishTo(testEnv, queue, ["d-1"]);
    historyClosed("d-1");
    api.scriptDiscord("d-1", { status: 502, html: true });
    await runQueue(testEnv, jobs, 1);
    expect(await row(item.id)).toEqual({ state: "queued", unsure: 2 });
    await longAgo(item.id, 600_000);
    await runQueue(testEnv, jobs, 2);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    expect(api.discordIn("d-1")).toHaveLength(1);
  });

  it("after a lost answer, waits instead of risking a second post", async () => {
    const { item, jobs } = await publishTo(testEnv, queue, ["d-2"]);
    historyClosed("d-2");
    // The post lands and the answer is lost; then a 502 page, which must not make the doubt smaller.
    api.scriptDiscord("d-2", { status: 200, storeThenDrop: true }, { status: 502, html: true });
    await runQueue(testEnv, jobs, 1);
    await runQueue(testEnv, jobs, 2);
    expect(await row(item.id)).toEqual({ state: "queued", unsure: 1 });
    await longAgo(item.id, 600_000);
    for (let attempt = 3; attempt <= 5; attempt++) await runQueue(testEnv, jobs, attempt);
    expect((await row(item.id))?.state).toBe("queued");
    expect(api.discordIn("d-2")).toHaveLength(1);
  });

  it("after a Slack 503, posts when the install lacks the history scope", async () => {
    const { item, jobs } = await publishTo(testEnv, queue, [], ["S-1"]);
    api.scriptSlack("S-1", { status: 503 });
    api.scriptSlackHistory("S-1", { status: 200, body: { ok: false, error: "missing_scope", needed: "channels:history" } });
    await runQueue(testEnv, jobs, 1);
    expect(await row(item.id)).toEqual({ state: "queued", unsure: 2 });
    await runQueue(testEnv, jobs, 2);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    expect(api.slackIn("S-1")).toHaveLength(1);
  });
});

describe("a retry where the channel's history is too long to search", { timeout: 30_000 }, () => {
  /** Messages after the first attempt: more pages than a check after a server error reads in all. */
  function busy(channel: string) {
    api.slackChatter(channel, 15 * HISTORY_SEARCH_PAGES + 5);
  }
  /** One Slack history check, then the minute Slack asks between them. */
  async function checks(jobs: Parameters<typeof runQueue>[1], count: number) {
    for (let attempt = 2; attempt < 2 + count; attempt++) {
      await runQueue(testEnv, jobs, attempt);
      api.clockOffset += 61_000;
    }
  }

  it("after a Slack 503, reads that many pages a minute apart, then posts", async () => {
    const { item, jobs } = await publishTo(testEnv, queue, [], ["S-2"]);
    api.scriptSlack("S-2", { status: 503 });
    await runQueue(testEnv, jobs, 1);
    busy("S-2");
    await checks(jobs, HISTORY_SEARCH_PAGES - 1);
    expect(await row(item.id)).toEqual({ state: "queued", unsure: 2 });
    expect(api.slackIn("S-2").filter((m) => m.body.metadata)).toHaveLength(0);
    await checks(jobs, 1);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    expect(api.slackIn("S-2").filter((m) => m.body.metadata)).toHaveLength(1);
    expect(api.slackMethods["conversations.history"]).toBe(HISTORY_SEARCH_PAGES);
  });

  it("after a lost answer, reads on page after page, never posting on a guess", async () => {
    const { item, jobs } = await publishTo(testEnv, queue, [], ["S-3"]);
    api.scriptSlack("S-3", { status: 200, drop: true });
    await runQueue(testEnv, jobs, 1);
    busy("S-3");
    await checks(jobs, HISTORY_SEARCH_PAGES + 1);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    // The last page held nothing of it: every page back to the first attempt was read, so it was never made.
    expect(api.slackIn("S-3").filter((m) => m.body.metadata)).toHaveLength(1);
    expect(api.slackMethods["conversations.history"]).toBe(HISTORY_SEARCH_PAGES + 1);
  });
});

describe("a lost answer in a Discord channel busier than one check reads", { timeout: 30_000 }, () => {
  /** People's messages between the first attempt and the post that landed: more than one check's pages. */
  const MORE = LOOKUP_PAGE * LOOKUP_PAGES_MAX + 50;
  const ledgerRow = (id: string) =>
    env.DB.prepare("SELECT state, attempts, message_id AS messageId FROM deliveries WHERE message_key = ?")
      .bind(newsKey(id))
      .first<{ state: string; attempts: number; messageId: string | null }>();

  /** A first attempt answered by a 502 page, then people talk, then a post that lands and whose answer is lost. */
  async function landedBehindChatter(channel: string) {
    const { item, jobs } = await publishTo(testEnv, queue, [channel]);
    api.scriptDiscord(channel, { status: 502, html: true }, { status: 200, storeThenDrop: true });
    await runQueue(testEnv, jobs, 1);
    api.discordChatter(channel, MORE);
    await runQueue(testEnv, jobs, 2);
    expect(api.discordIn(channel)).toHaveLength(1);
    // Discord has forgotten the nonce: only the history can tell whether it landed.
    await longAgo(item.id, 600_000);
    return { item, jobs, landed: api.discordIn(channel)[0]?.id };
  }

  it("reads on from where the last check stopped, finds the post and records it, the reading on not an attempt", async () => {
    const { item, jobs, landed } = await landedBehindChatter("d-7");
    const before = (await ledgerRow(item.id))?.attempts ?? Number.NaN;
    for (let check = 3; check <= 4; check++) await runQueue(testEnv, jobs, check);
    // Only the check that found it counts.
    expect(await ledgerRow(item.id)).toEqual({ state: "sent", attempts: before + 1, messageId: landed });
    expect(api.discordIn("d-7")).toHaveLength(1);
  });

  it("keeps what a check out of budget has read, for the next one to read on from", async () => {
    api.discordChatter("d-9", LOOKUP_PAGE + 10);
    const lookup = {
      channel: { workspaceId: "g-1", channelId: "d-9" },
      reply: { visibility: "public" as const, blocks: [{ kind: "text" as const, markdown: "News" }] },
      key: "renewal:x",
      since: Date.now() - 600_000,
      token: "bot-token",
    };
    const lastOfFirstPage = api.discordOthers[LOOKUP_PAGE - 1]?.id;
    // Budget for one page: the check reads it, and gives back where it stopped.
    expect(await findDiscordPost(testEnv, lookup, new Budget(1))).toEqual({ waitSeconds: 1, from: lastOfFirstPage });
    // No budget at all: nothing read, nothing to go on from.
    expect(await findDiscordPost(testEnv, lookup, new Budget(0))).toBeUndefined();
    // The next check reads the rest from there and reaches the newest: surely not posted.
    expect(await findDiscordPost(testEnv, { ...lookup, from: lastOfFirstPage }, new Budget(1))).toBeNull();
  });

  it("finds and records such a post when alerts were turned off meanwhile, so a withdrawal can edit it", async () => {
    const { item, jobs, landed } = await landedBehindChatter("d-8");
    await discordAlerts("off", "d-8");
    for (let check = 3; check <= 4; check++) await runQueue(testEnv, jobs, check);
    expect(await ledgerRow(item.id)).toMatchObject({ state: "sent", messageId: landed });
    expect(api.discordIn("d-8")).toHaveLength(1);
  });
});
