// The cron's two triggers, the planner's and the news round's, are invocations of their own: each must
// stay under the free plan's 50 subrequests, where D1 queries, KV reads, queue sends, pacer calls and
// fetches all count. The bindings here count every call that leaves the Worker.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { NEWS_CRON, PLAN_CRON } from "../../src/jobs";
import { FEEDS_PER_TICK } from "../../src/news/poll";
import { NewsStore } from "../../src/news/store";
import { D1InstallationStore } from "../../src/slack/install-store";
import { alertEnv, pacersAhead, recordingQueue, sleep } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { aroundFetch, MockApis } from "../helpers/mock-api";
import { MockFeeds } from "../helpers/mock-feeds";
import { TOKEN_KEY } from "../helpers/slack-oauth";
import rss from "./fixtures/rss.xml?raw";

const FREE_PLAN_SUBREQUESTS = 50;

/** Counts D1 queries: each statement run on its own, and each statement of a batch, is one. */
function countingD1(db: D1Database, count: { n: number }): D1Database {
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key === "bind") return (...args: unknown[]) => wrap(value.apply(target, args));
        if (key === "first" || key === "all" || key === "run" || key === "raw")
          return (...args: unknown[]) => {
            count.n++;
            return value.apply(target, args);
          };
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === "prepare") return (sql: string) => wrap(target.prepare(sql));
      if (key === "batch")
        return (statements: D1PreparedStatement[]) => {
          // Each statement of a batch is one of the invocation's D1 queries.
          count.n += statements.length;
          // Statements were wrapped; batch needs the originals, which the proxies forward to.
          return target.batch(statements);
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function countingKV(kv: KVNamespace, count: { n: number }): KVNamespace {
  return new Proxy(kv, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        count.n++;
        return value.apply(target, args);
      };
    },
  });
}

/** A counting Worker env (every binding call and fetch counts) and one cron tick's subrequests under it. */
function countedWorld(extra: Record<string, unknown>) {
  const apis = new MockApis();
  const feeds = new MockFeeds().install(apis);
  const count = { n: 0 };
  const queue = recordingQueue();
  const counted = { ...alertEnv(queue, extra) } as typeof env & { NEWS_FEEDS?: string };
  counted.DB = countingD1(env.DB, count);
  counted.CONTENT = countingKV(env.CONTENT, count);
  const sendBatch = queue.sendBatch.bind(queue);
  queue.sendBatch = async (messages) => {
    count.n++;
    return sendBatch(messages);
  };
  // A call to the pacer's Durable Object leaves the invocation too.
  const pacer = env.PACER;
  counted.PACER = new Proxy(pacer, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key !== "get") return typeof value === "function" ? value.bind(target) : value;
      return (id: DurableObjectId) =>
        new Proxy(target.get(id), {
          get(stub, method) {
            const call = Reflect.get(stub, method, stub);
            if (typeof call !== "function") return call;
            return (...args: unknown[]) => {
              count.n++;
              // An RPC stub's method answers any property as another method: `call.apply` would be one.
              return Reflect.apply(call, stub, args);
            };
          },
        });
    },
  });
  const fetches = () => feeds.requests.length + apis.discordCalls + apis.slackCalls;
  /** One tick of `cron`: its binding calls and fetches, and how many there were. */
  const tick = async (cron: string, scheduledTime: number) => {
    count.n = 0;
    const before = fetches();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron, scheduledTime }), counted, ctx);
    await waitOnExecutionContext(ctx);
    await sleep(1);
    const used = { calls: count.n, fetches: fetches() - before };
    return { ...used, total: used.calls + used.fetches, what: `${used.calls} binding calls, ${used.fetches} fetches` };
  };
  return { apis, feeds, queue, tick, env: counted };
}

/** Feeds on distinct hosts, each with stories of its own. */
function serveFeeds(feeds: MockFeeds, n: number) {
  const list = Array.from({ length: n }, (_, i) => ({
    id: `f${i}`,
    url: `https://h${i}.feeds.test/rss`,
    language: "en",
    kind: "rss",
  }));
  for (const [i, f] of list.entries()) feeds.serve(f.url, { body: rss.replaceAll("drama-wire.example", `outlet-${i}.example`) });
  return list;
}

/** A backlog of candidates waiting for their review message. */
const candidatesToReview = (at: number) =>
  new NewsStore(env.DB).addFound(
    Array.from({ length: 12 }, (_, i) => ({
      id: `${i}`.padStart(10, "0"),
      title: `The Trauma Code season 2 story ${i}`,
      language: "en" as const,
      outlet: "Outlet",
      url: `https://outlet.example/${i}`,
      publishedAt: at,
      foundAt: at,
      key: `#season2 story${i}`,
    })),
    [],
  );

const REVIEWS = { REVIEW_DISCORD_CHANNEL_ID: "900000000000000001", REVIEW_SLACK_CHANNEL_ID: "C0REVIEW" };

beforeEach(async () => {
  await env.DB.batch(
    ["news_sources", "news_candidates", "news_round", "feed_state", "deliveries", "messages", "subscriptions"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
  await seedContent();
});

describe("subrequests per cron tick", () => {
  it("stay under 50 in the news round with every feed due and candidates waiting for review", async () => {
    const { apis, feeds, tick, env: counted } = countedWorld(REVIEWS);
    // More feeds than one tick polls.
    const list = serveFeeds(feeds, FEEDS_PER_TICK + 3);
    counted.NEWS_FEEDS = JSON.stringify(list);
    await candidatesToReview(Date.now());
    // Each review post's answer was lost, on both platforms: each is looked for before it is posted again.
    await env.DB.prepare("UPDATE news_candidates SET review_unsure = 3, review_tried_at = ?1")
      .bind(Date.now() - 60 * 60_000)
      .run();
    // Ticks two minutes apart for the platforms and their pacers too, at least until every feed was polled,
    // and until cards are in both review channels: what a poll leaves a tick may hold few cards' turns, and
    // a Slack look joins the channel first, then reads its history at the workspace's next turn.
    for (
      let n = 0;
      n < 8 && (feeds.requests.length < list.length || !apis.slackIn(REVIEWS.REVIEW_SLACK_CHANNEL_ID).length);
      n++
    ) {
      const used = await tick(NEWS_CRON, Date.now() + n * 2 * 60_000);
      expect(used.total, `tick ${n}: ${used.what}`).toBeLessThanOrEqual(FREE_PLAN_SUBREQUESTS - 1);
      apis.clockOffset += 2 * 60_000;
      await pacersAhead(2 * 60_000);
    }
    // The counters saw the work: every feed polled, and review messages posted on both platforms.
    expect(feeds.requests.length).toBe(list.length);
    expect(apis.discordIn(REVIEWS.REVIEW_DISCORD_CHANNEL_ID).length).toBeGreaterThan(0);
    expect(apis.slackIn(REVIEWS.REVIEW_SLACK_CHANNEL_ID).length).toBeGreaterThan(0);
  });

  it("stay under 50 in the news round however many stories its feeds bring at once", async () => {
    const { feeds, tick, env: counted } = countedWorld({});
    // Every feed a tick polls brings many renewal stories, each on its own link.
    const items = (feed: number) =>
      Array.from(
        { length: 40 },
        (_, i) => `<item><title>The Trauma Code season 2 casting news ${feed}-${i}</title>
          <link>https://outlet-${feed}.example/story-${i}</link><pubDate>Tue, 10 Nov 2026 09:00:00 +0000</pubDate></item>`,
      ).join("");
    const list = Array.from({ length: FEEDS_PER_TICK }, (_, i) => ({
      id: `busy${i}`,
      url: `https://busy${i}.feeds.test/rss`,
      language: "en",
      kind: "rss",
    }));
    for (const [i, f] of list.entries())
      feeds.serve(f.url, {
        body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Busy</title>${items(i)}</channel></rss>`,
      });
    counted.NEWS_FEEDS = JSON.stringify(list);
    const used = await tick(NEWS_CRON, Date.now());
    const { results } = await env.DB.prepare("SELECT COUNT(*) AS n FROM news_sources").all<{ n: number }>();
    // The tick kept what it found: more sources than the invocation has queries.
    expect(results[0]?.n).toBeGreaterThan(FREE_PLAN_SUBREQUESTS);
    expect(used.total, used.what).toBeLessThanOrEqual(FREE_PLAN_SUBREQUESTS - 1);
  });

  it("stay under 50 in the news round when feeds redirect: each hop is a request", async () => {
    const { feeds, tick, env: counted } = countedWorld({});
    // One feed moved once (it is read at its new address); the others redirect in a loop.
    const moved = { id: "moved", url: "https://moved.feeds.test/rss", language: "en", kind: "rss" };
    feeds.serve(moved.url, { body: "", redirectTo: "/feed.xml" });
    feeds.serve("https://moved.feeds.test/feed.xml", { body: rss });
    const loops = Array.from({ length: FEEDS_PER_TICK - 1 }, (_, i) => ({
      id: `loop${i}`,
      url: `https://loop${i}.feeds.test/a`,
      language: "en",
      kind: "rss",
    }));
    for (const f of loops) {
      feeds.serve(f.url, { body: "", redirectTo: "/b", redirectStatus: 302 });
      feeds.serve(f.url.replace(/a$/, "b"), { body: "", redirectTo: f.url, redirectStatus: 307 });
    }
    counted.NEWS_FEEDS = JSON.stringify([moved, ...loops]);
    const used = await tick(NEWS_CRON, Date.now());
    expect(used.total, used.what).toBeLessThanOrEqual(FREE_PLAN_SUBREQUESTS - 1);
    const states = await new NewsStore(env.DB).feedStates();
    expect(states.get(moved.url)?.failures, "the feed that moved once is read").toBe(0);
    expect((await new NewsStore(env.DB).recentCandidates(0)).length).toBeGreaterThan(0);
    for (const f of loops) expect(states.get(f.url)?.lastError, f.id).toMatch(/redirect/);
  });

  it("stay under 50 in the planner's tick with deliveries to plan, to sweep and to edit, and poll no feed", async () => {
    const at = Date.now();
    // A thousand subscribed channels, two items just published, 500 deliveries past due, two
    // withdrawn items whose posts are still to be edited.
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
       INSERT INTO subscriptions (topic, platform, workspace_id, channel_id, locale, subscribed_at) SELECT 'renewal', 'discord', 'g', 'c' || i, 'en', 1 FROM n`,
    ).run();
    const body = JSON.stringify({ replies: {} });
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO messages (key, topic, body, published_at, planned_through) VALUES ('renewal:m1', 'renewal', ?1, ?2, 0), ('renewal:m2', 'renewal', ?1, ?2, 0)",
      ).bind(body, at - 1000),
      env.DB.prepare(
        "INSERT INTO messages (key, topic, body, published_at, planned_through, withdrawn_at, withdrawn_reason, amending) VALUES ('renewal:w1', 'renewal', ?1, 10, NULL, ?2, 'x', 1), ('renewal:w2', 'renewal', ?1, 10, NULL, ?2, 'x', 1)",
      ).bind(body, at - 2000),
      env.DB.prepare(
        "INSERT INTO deliveries (message_key, subscription_id, state, planned_at, due_at, message_id) SELECT 'renewal:w' || (1 + id % 2), id, 'sent', 1, 1, 'msg' || id FROM subscriptions WHERE id % 4 < 2",
      ),
      env.DB.prepare(
        "INSERT INTO deliveries (message_key, subscription_id, state, planned_at, due_at) SELECT 'renewal:m0', id, 'queued', 1, 1 FROM subscriptions LIMIT 500",
      ),
    ]);

    const { apis, feeds, queue, tick, env: counted } = countedWorld(REVIEWS);
    counted.NEWS_FEEDS = JSON.stringify(serveFeeds(feeds, 1));
    await candidatesToReview(at);
    const used = await tick(PLAN_CRON, at);
    expect(used.total, used.what).toBeLessThanOrEqual(FREE_PLAN_SUBREQUESTS - 1);
    // It planned, swept and queued edits; the news round is another trigger's.
    expect(queue.sent.length).toBeGreaterThan(0);
    expect(queue.amends.length).toBeGreaterThan(0);
    expect(feeds.requests).toEqual([]);
    expect(apis.discordCalls + apis.slackCalls).toBe(0);
  });
});

/**
 * Both platforms refuse the review cards as rendered (Discord 400, Slack invalid_blocks), in full and in
 * brief; their plain text is stored and its answer lost (the connection breaks after the post landed).
 */
function refuseRenderedLosePlain() {
  aroundFetch(async (url, init, next) => {
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    const isDiscordPost = url.startsWith("https://discord.mock/") && /\/messages$/.test(url) && init?.method === "POST";
    const isSlackPost = url.startsWith("https://slack.mock/") && url.endsWith("/chat.postMessage");
    if (isDiscordPost || isSlackPost) {
      const body = JSON.parse(String(init?.body)) as { embeds?: unknown[]; blocks?: unknown };
      if (isDiscordPost && body.embeds?.length) {
        (apisRef as MockApis).discordCalls++;
        return json(400, { code: 50035, message: "Invalid Form Body" });
      }
      if (isSlackPost && body.blocks !== undefined) {
        (apisRef as MockApis).slackCalls++;
        return json(200, { ok: false, error: "invalid_blocks" });
      }
      // The plain text lands; its answer is lost.
      await next();
      throw new TypeError("Network connection lost.");
    }
    return undefined;
  });
}
let apisRef: MockApis | undefined;

describe("subrequests of the news round's tick with review cards refused as rendered", () => {
  it("stay under 50 with every feed due and cards in doubt on both platforms, the Slack review workspace installed by OAuth", async () => {
    const {
      apis,
      feeds,
      tick,
      env: counted,
    } = countedWorld({
      ...REVIEWS,
      SLACK_TOKEN_KEY: TOKEN_KEY,
      REVIEW_SLACK_TEAM_ID: "T0REVIEW",
    });
    apisRef = apis;
    // The operator's own workspace installed the app (OAuth): the review channel's token is its installation's.
    await new D1InstallationStore(counted).storeInstallation({
      team: { id: "T0REVIEW", name: "Review" },
      enterprise: undefined,
      isEnterpriseInstall: false,
      appId: "A0",
      bot: { token: "xoxb-review", id: "B0", userId: "U0BOT", scopes: ["chat:write", "channels:history"] },
      user: { id: "U0ADMIN", token: undefined, scopes: undefined },
    } as never);
    const list = serveFeeds(feeds, FEEDS_PER_TICK + 3);
    counted.NEWS_FEEDS = JSON.stringify(list);
    apis.joined.add(REVIEWS.REVIEW_SLACK_CHANNEL_ID);
    // A first tick polls the feeds (the stories they bring become candidates) and posts review cards.
    await tick(NEWS_CRON, Date.now());
    await candidatesToReview(Date.now());
    // Two minutes on, the feeds are due again (the same stories: no new candidate), the cards of the
    // feeds' stories are in the review channels, and the last tick's posts of the waiting cards lost their
    // answers: on Discord (within its nonce's trust, so the look is the nonce), and the oldest card's on Slack too.
    apis.clockOffset += 2 * 60_000;
    await env.DB.batch([
      env.DB.prepare("UPDATE feed_state SET next_poll_at = 0, polling_until = 0"),
      env.DB.prepare("UPDATE news_candidates SET review_posted = 3, review_unsure = 0 WHERE id NOT LIKE '000000%'"),
      env.DB.prepare(
        `UPDATE news_candidates SET review_posted = 0, review_unsure = CASE WHEN id = '0000000000' THEN 3 ELSE 1 END,
           review_tried_at = ?1, review_look = NULL, review_next_at = ?2, review_stalls = 1 WHERE id LIKE '000000%'`,
      ).bind(Date.now() - 30_000, Date.now()),
    ]);
    const before = { discord: apis.discord.length, slack: apis.slack.length };
    refuseRenderedLosePlain();
    const used = await tick(NEWS_CRON, Date.now() + 2 * 60_000);
    expect(feeds.requests.length, "feeds polled in both ticks").toBe(2 * FEEDS_PER_TICK);
    expect(used.total, used.what).toBeLessThanOrEqual(FREE_PLAN_SUBREQUESTS - 1);
    // What the poll left may hold one card's turn on one platform only: the other's comes at a later tick,
    // the feeds still due polled first.
    const postedOnBoth = () => apis.discord.length > before.discord && apis.slack.length > before.slack;
    for (let n = 2; n < 8 && !postedOnBoth(); n++) {
      apis.clockOffset += 2 * 60_000;
      await pacersAhead(2 * 60_000);
      const next = await tick(NEWS_CRON, Date.now() + n * 2 * 60_000);
      expect(next.total, `tick ${n}: ${next.what}`).toBeLessThanOrEqual(FREE_PLAN_SUBREQUESTS - 1);
    }
    expect(apis.discord.length - before.discord, "plain review cards posted on Discord").toBeGreaterThan(0);
    expect(apis.slack.length - before.slack, "plain review cards posted on Slack").toBeGreaterThan(0);
  });
});
