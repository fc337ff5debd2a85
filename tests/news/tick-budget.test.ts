// A cron tick at scale: the planner has two messages to plan for a thousand channels, a sweep to make
// and two withdrawn messages to edit, while the news round polls its feeds and posts reviews. Both run
// in one invocation and together must stay under the free plan's 50 subrequests.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { FEEDS_PER_TICK } from "../../src/news/poll";
import { NewsStore } from "../../src/news/store";
import { alertEnv, recordingQueue, sleep } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { MockFeeds } from "../helpers/mock-feeds";
import rss from "./fixtures/rss.xml?raw";

const FREE_PLAN_SUBREQUESTS = 50;

/** Counts D1 round trips: each statement run on its own, and each batch, is one. */
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
          count.n++;
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

beforeEach(async () => {
  await env.DB.batch(
    ["news_sources", "news_candidates", "feed_state", "deliveries", "messages", "subscriptions"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
  await seedContent();
});

describe("subrequests per cron tick at scale", () => {
  it("stay under 50 for the planner and the news round together", async () => {
    const apis = new MockApis();
    const feeds = new MockFeeds().install(apis);
    const list = Array.from({ length: FEEDS_PER_TICK }, (_, i) => ({
      id: `f${i}`,
      url: `https://h${i}.feeds.test/rss`,
      language: "en",
      kind: "rss",
    }));
    for (const [i, f] of list.entries())
      feeds.serve(f.url, { body: rss.replaceAll("drama-wire.example", `outlet-${i}.example`) });
    const at = Date.now();
    await new NewsStore(env.DB).addFound(
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

    const count = { n: 0 };
    const queue = recordingQueue();
    const counted = {
      ...alertEnv(queue, {
        NEWS_FEEDS: JSON.stringify(list),
        REVIEW_DISCORD_CHANNEL_ID: "900000000000000001",
        REVIEW_SLACK_CHANNEL_ID: "C0REVIEW",
      }),
    } as typeof env;
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
                return call.apply(stub, args);
              };
            },
          });
      },
    });
    const fetches = () => feeds.requests.length + apis.discordCalls + apis.slackCalls;
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: at }), counted, ctx);
    await waitOnExecutionContext(ctx);
    await sleep(1);
    const used = count.n + fetches();
    // README: "Each invocation counts fetches, D1 statements, queue sends and pacing calls together and
    // stays under 49"; the planner counts its own calls against 49 and the news round counts none.
    expect(used, `${count.n} binding calls, ${fetches()} fetches`).toBeLessThanOrEqual(FREE_PLAN_SUBREQUESTS - 1);
  });
});
