// How sure a retry must be that an earlier attempt did not post. A lost answer (the connection dropped)
// may well mean a post was made: without a way to look, the delivery never posts on a guess. A server
// error's answer rarely follows a post that was made: where the channel's history is closed to the bot,
// the post is made again rather than never.
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { Budget } from "../../src/delivery/budget";
import { findDiscordPost, LOOKUP_PAGE, LOOKUP_PAGES_MAX } from "../../src/discord/api";
import { HISTORY_SEARCH_PAGES } from "../../src/slack/api";
import { newsKey } from "../../src/topics/renewal";
import { deliveryWorldEach, discordAlerts, publishTo, runQueue, store } from "../helpers/alerts";
import { BOT_USER_ID } from "../helpers/mock-api";

const world = deliveryWorldEach();

const row = (id: string) =>
  env.DB.prepare("SELECT state, unsure FROM deliveries WHERE message_key = ?")
    .bind(newsKey(id))
    .first<{ state: string; unsure: number }>();

const ours = (channel: string) => world.api.slackIn(channel).filter((m) => m.body.metadata);

/**
 * The channel's history closed to the bot: refused (403 Missing Permissions), or, as Discord does without
 * Read Message History, listed as no messages at all, without an error.
 */
type Closed = "refused" | "listed empty";
function historyClosed(channel: string, how: Closed = "refused") {
  const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    if ((init?.method ?? "GET") === "GET" && String(input).includes(`/channels/${channel}/messages?`))
      return how === "refused"
        ? Response.json({ code: 50013, message: "Missing Permissions" }, { status: 403 })
        : Response.json([]);
    return inner(input, init);
  });
}
const closedWays: Closed[] = ["refused", "listed empty"];

/** Every attempt so far as long ago as `ms`: Discord has forgotten the first attempt's nonce. */
const longAgo = (id: string, ms: number) =>
  env.DB.prepare("UPDATE deliveries SET first_attempt_at = first_attempt_at - ? WHERE message_key = ?")
    .bind(ms, newsKey(id))
    .run();

describe("a retry where the channel's history cannot be read", { timeout: 30_000 }, () => {
  it.each(closedWays)("(%s) after a Discord 502 page, posts once the nonce has expired, rather than never", async (how) => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-1"]);
    historyClosed("d-1", how);
    world.api.scriptDiscord("d-1", { status: 502, html: true });
    await runQueue(world.testEnv, jobs, 1);
    // People talk in the channel after the first attempt: the bot, unable to read it, cannot tell theirs from its post.
    world.api.discordChatter("d-1", 1);
    expect(await row(item.id)).toEqual({ state: "queued", unsure: 2 });
    await longAgo(item.id, 600_000);
    await runQueue(world.testEnv, jobs, 2);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    expect(world.api.discordIn("d-1")).toHaveLength(1);
  });

  it.each(closedWays)("(%s) after a lost answer, waits instead of risking a second post", async (how) => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-2"]);
    historyClosed("d-2", how);
    // The post lands and the answer is lost; then a 502 page, which must not make the doubt smaller.
    world.api.scriptDiscord("d-2", { status: 200, storeThenDrop: true }, { status: 502, html: true });
    await runQueue(world.testEnv, jobs, 1);
    await runQueue(world.testEnv, jobs, 2);
    expect(await row(item.id)).toEqual({ state: "queued", unsure: 1 });
    await longAgo(item.id, 600_000);
    for (let attempt = 3; attempt <= 5; attempt++) await runQueue(world.testEnv, jobs, attempt);
    expect((await row(item.id))?.state).toBe("queued");
    expect(world.api.discordIn("d-2")).toHaveLength(1);
  });

  it("after a Slack 503, posts when the install lacks the history scope", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-1"]);
    world.api.scriptSlack("S-1", { status: 503 });
    world.api.scriptSlackHistory("S-1", { status: 200, body: { ok: false, error: "missing_scope", needed: "channels:history" } });
    await runQueue(world.testEnv, jobs, 1);
    expect(await row(item.id)).toEqual({ state: "queued", unsure: 2 });
    await runQueue(world.testEnv, jobs, 2);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    expect(world.api.slackIn("S-1")).toHaveLength(1);
  });
});

describe("a retry where the channel's history is too long to search", { timeout: 30_000 }, () => {
  /** Messages after the first attempt: more pages than a check after a server error reads in all. */
  function busy(channel: string) {
    world.api.slackChatter(channel, 15 * HISTORY_SEARCH_PAGES + 5);
  }
  /** One Slack history check, then the minute Slack asks between them. */
  async function checks(jobs: Parameters<typeof runQueue>[1], count: number) {
    for (let attempt = 2; attempt < 2 + count; attempt++) {
      await runQueue(world.testEnv, jobs, attempt);
      world.api.clockOffset += 61_000;
    }
  }

  it("after a Slack 503, reads that many pages a minute apart, then posts", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-2"]);
    world.api.scriptSlack("S-2", { status: 503 });
    await runQueue(world.testEnv, jobs, 1);
    busy("S-2");
    await checks(jobs, HISTORY_SEARCH_PAGES - 1);
    expect(await row(item.id)).toEqual({ state: "queued", unsure: 2 });
    expect(world.api.slackIn("S-2").filter((m) => m.body.metadata)).toHaveLength(0);
    await checks(jobs, 1);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    expect(world.api.slackIn("S-2").filter((m) => m.body.metadata)).toHaveLength(1);
    expect(world.api.slackMethods["conversations.history"]).toBe(HISTORY_SEARCH_PAGES);
  });

  it("after a lost answer, reads on page after page, never posting on a guess", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-3"]);
    world.api.scriptSlack("S-3", { status: 200, drop: true });
    await runQueue(world.testEnv, jobs, 1);
    busy("S-3");
    await checks(jobs, HISTORY_SEARCH_PAGES + 1);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    // The last page held nothing of it: every page back to the first attempt was read, so it was never made.
    expect(world.api.slackIn("S-3").filter((m) => m.body.metadata)).toHaveLength(1);
    expect(world.api.slackMethods["conversations.history"]).toBe(HISTORY_SEARCH_PAGES + 1);
  });
});

describe("a lost answer in a Discord channel busier than one check reads", { timeout: 60_000 }, () => {
  /** People's messages: more than one check reads. */
  const MORE = LOOKUP_PAGE * LOOKUP_PAGES_MAX + 50;
  const ledgerRow = (id: string) =>
    env.DB.prepare("SELECT state, attempts, message_id AS messageId FROM deliveries WHERE message_key = ?")
      .bind(newsKey(id))
      .first<{ state: string; attempts: number; messageId: string | null }>();
  /** Time passes for the bot and for Discord: the first attempt lies `ms` back, and Discord's nonce memory with it. */
  const later = async (id: string, ms: number) => {
    await longAgo(id, ms);
    world.api.clockOffset += ms;
  };

  /**
   * A first attempt answered by a 502 page, people talk, a post lands and its answer is lost, people talk
   * on: the post is in neither the newest page nor the first one after the first attempt.
   */
  async function landedBetweenChatter(channel: string) {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [channel]);
    world.api.scriptDiscord(channel, { status: 502, html: true }, { status: 200, storeThenDrop: true });
    await runQueue(world.testEnv, jobs, 1);
    world.api.discordChatter(channel, MORE);
    await runQueue(world.testEnv, jobs, 2);
    expect(world.api.discordIn(channel)).toHaveLength(1);
    world.api.discordChatter(channel, LOOKUP_PAGE + 50);
    // Discord has forgotten the nonce: only the history can tell whether it landed.
    await later(item.id, 600_000);
    return { item, jobs, landed: world.api.discordIn(channel)[0]?.id };
  }

  it("reads on from where the last check stopped, finds the post and records it, the reading on not an attempt", async () => {
    const { item, jobs, landed } = await landedBetweenChatter("d-7");
    const before = (await ledgerRow(item.id))?.attempts ?? Number.NaN;
    await runQueue(world.testEnv, jobs, 3);
    expect(await ledgerRow(item.id)).toMatchObject({ state: "queued", attempts: before });
    await runQueue(world.testEnv, jobs, 4);
    // Only the check that found it counts.
    expect(await ledgerRow(item.id)).toEqual({ state: "sent", attempts: before + 1, messageId: landed });
    expect(world.api.discordIn("d-7")).toHaveLength(1);
  });

  it("finds and records such a post when alerts were turned off meanwhile, so a withdrawal can edit it", async () => {
    const { item, jobs, landed } = await landedBetweenChatter("d-8");
    await discordAlerts("off", "d-8");
    for (let check = 3; check <= 4; check++) await runQueue(world.testEnv, jobs, check);
    expect(await ledgerRow(item.id)).toMatchObject({ state: "sent", messageId: landed });
    expect(world.api.discordIn("d-8")).toHaveLength(1);
  });

  it("after server errors only, one of which posted, reads on instead of posting a second time", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-12"]);
    // A 502 page with nothing posted; later one in front of a post that landed.
    world.api.scriptDiscord("d-12", { status: 502, html: true }, { status: 502, html: true, storeThenAnswer: true });
    await runQueue(world.testEnv, jobs, 1);
    world.api.discordChatter("d-12", MORE);
    await later(item.id, 600_000);
    for (let check = 2; check <= 4 && world.api.discordIn("d-12").length === 0; check++)
      await runQueue(world.testEnv, jobs, check);
    expect(world.api.discordIn("d-12")).toHaveLength(1);
    expect(await row(item.id)).toEqual({ state: "queued", unsure: 2 });
    world.api.discordChatter("d-12", MORE);
    await later(item.id, 600_000);
    for (let check = 5; check <= 8; check++) await runQueue(world.testEnv, jobs, check);
    expect(world.api.discordIn("d-12")).toHaveLength(1);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
  });

  it("finds a lost post after the channel's language changed, instead of posting it again", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-10"]);
    world.api.scriptDiscord("d-10", { status: 200, storeThenDrop: true });
    await runQueue(world.testEnv, jobs, 1);
    expect(world.api.discordIn("d-10")).toHaveLength(1);
    await discordAlerts("on", "d-10", { locale: "ko" });
    await later(item.id, 600_000);
    await runQueue(world.testEnv, jobs, 2);
    expect(world.api.discordIn("d-10")).toHaveLength(1);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
  });

  it("ends in a channel that talks faster than checks read: the look reads only up to when it began", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-11"]);
    // The answer is lost; the post did not land. Only the history can tell.
    world.api.scriptDiscord("d-11", { status: 200, drop: true });
    await runQueue(world.testEnv, jobs, 1);
    await later(item.id, 600_000);
    // Every half hour (a queue message's retries, then the sweep) more is said than the checks read.
    let checks = 0;
    for (let cycle = 0; cycle < 4 && (await row(item.id))?.state === "queued"; cycle++) {
      world.api.discordChatter("d-11", 2_000);
      for (let retry = 1; retry <= 8; retry++, checks++) {
        const run = await runQueue(world.testEnv, jobs, retry);
        // The queue brings the message back after the delay it asked for: Discord's clock moves on too.
        world.api.clockOffset += Math.max(0, ...run.retried.map((r) => (r.delaySeconds ?? 0) * 1000));
      }
      world.api.clockOffset += 30 * 60_000;
    }
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    expect(world.api.discordIn("d-11")).toHaveLength(1);
    expect(checks).toBeLessThanOrEqual(16);
  });

  it("waits out Discord's rate limit on reading the history, without spending its attempts", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-13"]);
    // The answer is lost; the post did not land.
    world.api.scriptDiscord("d-13", { status: 200, drop: true });
    await runQueue(world.testEnv, jobs, 1);
    await later(item.id, 600_000);
    const before = (await ledgerRow(item.id))?.attempts ?? Number.NaN;
    // Discord refuses the listings for its per-route limit, more times than a delivery has attempts.
    const refusals = 25;
    let refused = 0;
    const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      if ((init?.method ?? "GET") === "GET" && String(input).includes("/channels/d-13/messages?") && refused < refusals) {
        refused++;
        return Response.json(
          { message: "You are being rate limited.", retry_after: 0.5, global: false },
          { status: 429, headers: { "retry-after": "1", "x-ratelimit-scope": "user", "x-ratelimit-bucket": "messages" } },
        );
      }
      return inner(input, init);
    });
    for (let check = 0; check < refusals; check++) await runQueue(world.testEnv, jobs, 2);
    expect(await ledgerRow(item.id)).toMatchObject({ state: "queued", attempts: before });
    await runQueue(world.testEnv, jobs, 2);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    expect(world.api.discordIn("d-13")).toHaveLength(1);
  });

  it.each([
    {
      name: "Cloudflare's 429 page, without Discord's headers",
      answer: () =>
        new Response("<!DOCTYPE html><html><body>rate limited</body></html>", {
          status: 429,
          headers: { "content-type": "text/html" },
        }),
    },
    {
      name: "Discord's global limit",
      answer: () =>
        Response.json(
          { message: "You are being rate limited.", retry_after: 30, global: true },
          { status: 429, headers: { "retry-after": "30", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" } },
        ),
    },
  ])("pauses Discord when a look meets $name, as a post would, and waits untried", async ({ answer }) => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-14"]);
    world.api.scriptDiscord("d-14", { status: 200, drop: true });
    await runQueue(world.testEnv, jobs, 1);
    await later(item.id, 600_000);
    const before = (await ledgerRow(item.id))?.attempts ?? Number.NaN;
    // Another channel's item rides in the same batch, behind the look.
    const next = await publishTo(world.testEnv, world.queue, ["d-15"], [], "season-3-report");
    const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) =>
      (init?.method ?? "GET") === "GET" && String(input).includes("/channels/d-14/messages?") ? answer() : inner(input, init),
    );
    await runQueue(world.testEnv, [...jobs, ...next.jobs], 2);
    expect(await ledgerRow(item.id)).toMatchObject({ state: "queued", attempts: before });
    expect((await store().platformState("discord")).pausedUntil).toBeGreaterThan(Date.now());
    expect(world.api.discordIn("d-15")).toHaveLength(0);
  });

  it("keeps its place when out of budget, and reads on from there", async () => {
    world.api.discordChatter("d-9", LOOKUP_PAGE + 10);
    const lookup = {
      channel: { workspaceId: "g-1", channelId: "d-9" },
      reply: { visibility: "public" as const, blocks: [{ kind: "text" as const, markdown: "News" }] },
      key: "renewal:x",
      since: Date.now() - 600_000,
      token: "bot-token",
    };
    // No budget at all: nothing read, nothing to go on from.
    expect(await findDiscordPost(world.testEnv, lookup, new Budget(0))).toBeUndefined();
    // Budget for one page: the newest, which does not reach back to the first attempt; the rest waits.
    const first = await findDiscordPost(world.testEnv, lookup, new Budget(1));
    expect(first).toMatchObject({ waitSeconds: 1 });
    const from = (first as { from: string }).from;
    // The next check reads the oldest page and stops where it ran out of budget.
    const second = await findDiscordPost(world.testEnv, { ...lookup, from }, new Budget(1));
    const lastOfOldest = world.api.discordOthers[LOOKUP_PAGE - 1]?.id as string;
    expect(second).toEqual({ waitSeconds: 1, from: from.replace(/^\d+/, lastOfOldest) });
    expect(await findDiscordPost(world.testEnv, { ...lookup, from }, new Budget(0))).toBeUndefined();
    // Then the rest, up to the newest: surely not posted.
    expect(
      await findDiscordPost(world.testEnv, { ...lookup, from: (second as { from: string }).from }, new Budget(1)),
    ).toBeNull();
  });
});

// Discord shows the bot's posts with its user id as their author: a look tells them from people's by it.
// A bot's user id is written, base64, in the first part of its token, so it is known whatever
// DISCORD_APPLICATION_ID says (unset, as it may be where commands are registered from the command line).
describe("a lost Discord answer where DISCORD_APPLICATION_ID is not set", { timeout: 30_000 }, () => {
  it("finds the post by the author its token names, instead of posting it a second time", async () => {
    const token = `${btoa(BOT_USER_ID).replace(/=+$/, "")}.GhIjKl.not-a-real-signature`;
    const testEnv = { ...world.testEnv, DISCORD_APPLICATION_ID: "", DISCORD_BOT_TOKEN: token } as typeof env;
    const { item, jobs } = await publishTo(testEnv, world.queue, ["d-16"]);
    world.api.scriptDiscord("d-16", { status: 200, storeThenDrop: true });
    await runQueue(testEnv, jobs, 1);
    // Discord has forgotten the nonce: only the history can tell whether it landed.
    await longAgo(item.id, 600_000);
    world.api.clockOffset += 600_000;
    await runQueue(testEnv, jobs, 2);
    expect(world.api.discordIn("d-16")).toHaveLength(1);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
  });
});

// Slack answers that say the post was made, though they cannot be read in full: a retry must treat them
// as a lost answer (the post is surely there), never as a server error after which a history closed to
// the bot or too long to search lets the post be made again.
describe("a Slack post whose 200 answer breaks off", { timeout: 30_000 }, () => {
  it("is not posted again where the install cannot read the channel's history", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-cut"]);
    // Slack stores the post and answers 200; the body breaks off after its first bytes.
    world.api.scriptSlack("S-cut", { status: 200, cutBody: true });
    world.api.scriptSlackHistory("S-cut", {
      status: 200,
      body: { ok: false, error: "missing_scope", needed: "channels:history" },
    });
    await runQueue(world.testEnv, jobs, 1);
    expect(ours("S-cut")).toHaveLength(1);
    const doubt = await row(item.id);
    await runQueue(world.testEnv, jobs, 2);
    expect(ours("S-cut")).toHaveLength(1);
    // A 200 is a post made: the doubt is a lost answer's (1), not a server error's (2).
    expect(doubt).toEqual({ state: "queued", unsure: 1 });
  });
});

describe("a Slack post answered internal_error", { timeout: 30_000 }, () => {
  // Slack documents internal_error as "some aspect of the operation may have succeeded": the post may be there.
  it("is not posted again where the install cannot read the channel's history", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, [], ["S-internal"]);
    world.api.scriptSlack("S-internal", { status: 200, body: { ok: false, error: "internal_error" }, storeThenAnswer: true });
    world.api.scriptSlackHistory("S-internal", {
      status: 200,
      body: { ok: false, error: "missing_scope", needed: "channels:history" },
    });
    await runQueue(world.testEnv, jobs, 1);
    expect(ours("S-internal")).toHaveLength(1);
    await runQueue(world.testEnv, jobs, 2);
    expect(ours("S-internal")).toHaveLength(1);
  });
});

describe("a lost Slack answer where the install lacks the history scope", { timeout: 60_000 }, () => {
  // The look never posts on a guess, and a look refused for a scope the token lacks does not count: the
  // delivery waits for the scope, longer than its attempts would last, with the platform's posts not held
  // back; once the scope is granted, the look finds the post, made once.
  for (const [name, answer] of [
    ["a 200 whose body breaks off", { status: 200, cutBody: true }],
    ["internal_error", { status: 200, body: { ok: false, error: "internal_error" }, storeThenAnswer: true }],
    ["fatal_error", { status: 200, body: { ok: false, error: "fatal_error" }, storeThenAnswer: true }],
  ] as const)
    it(`waits for the scope, posted once, after ${name}, then finds the post`, async () => {
      const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-closed"]);
      world.api.scriptSlack("S-closed", answer);
      await runQueue(world.testEnv, jobs, 1);
      for (let n = 0; n < 25; n++) {
        world.api.scriptSlackHistory("S-closed", {
          status: 200,
          body: { ok: false, error: "missing_scope", needed: "channels:history" },
        });
        await runQueue(world.testEnv, jobs, 1);
      }
      expect(ours("S-closed")).toHaveLength(1);
      expect(await store().deliveries(newsKey(item.id))).toMatchObject([
        { state: "queued", attempts: 1, error: "Slack missing_scope (needed: channels:history)" },
      ]);
      expect(await store().platformState("slack")).toMatchObject({ pausedUntil: 0, authError: null });
      // The scope granted to the same token: the next look reads the channel.
      await runQueue(world.testEnv, jobs, 1);
      expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
      expect(ours("S-closed")).toHaveLength(1);
    });
});

// D1 takes a claim and the answer to it is lost: the worker, taking the claim for failed, posts nothing.
// Left so, the row would say an attempt may have posted, and where the channel's history is closed to the
// bot, no look could ever tell: the item would never reach the channel. The worker undoes what of its
// claim took effect (found by the claim's own id), so the next attempt posts, once.
describe("a claim whose answer was lost", { timeout: 30_000 }, () => {
  /** D1 whose first claim takes effect and whose answer is lost. */
  function claimAnswerLost(db: D1Database): D1Database {
    let lost = false;
    return new Proxy(db, {
      get(target, prop) {
        if (prop === "prepare")
          return (sql: string) => {
            const statement = target.prepare(sql);
            if (lost || !sql.includes("SET state = 'claimed'")) return statement;
            return {
              bind: (...values: unknown[]) => {
                const bound = statement.bind(...values);
                return {
                  all: async () => {
                    lost = true;
                    await bound.all();
                    throw new Error("D1_ERROR: Network connection lost.");
                  },
                };
              },
            };
          };
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }
  /** The claim, and every time of the row, lie `ms` back: its lease has run out, Discord's nonce memory too. */
  const claimedLongAgo = (id: string, ms: number) =>
    env.DB.prepare(
      `UPDATE deliveries SET claimed_at = claimed_at - ?1, first_attempt_at = first_attempt_at - ?1, due_at = due_at - ?1
       WHERE message_key = ?2`,
    )
      .bind(ms, newsKey(id))
      .run();

  it.each(closedWays)("(%s) nothing was posted: the next attempt posts, once, though the history cannot be read", async (how) => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-claim"]);
    historyClosed("d-claim", how);
    await runQueue({ ...world.testEnv, DB: claimAnswerLost(env.DB) }, jobs, 1);
    expect(world.api.discordIn("d-claim")).toHaveLength(0);
    expect(await row(item.id)).toEqual({ state: "queued", unsure: 0 });
    // People talk; the next attempt comes well after the claim.
    world.api.discordChatter("d-claim", 1);
    await claimedLongAgo(item.id, 600_000);
    for (let attempt = 2; attempt <= 4; attempt++) await runQueue(world.testEnv, jobs, attempt);
    expect(await row(item.id)).toEqual({ state: "sent", unsure: 0 });
    expect(world.api.discordIn("d-claim").filter((m) => m.body.nonce)).toHaveLength(1);
  });
});
