// A cron tick does the delivery planning and the news round in one invocation: together they must
// stay under the free plan's 50 subrequests, where D1 queries, KV reads, queue sends and fetches all
// count. The bindings here count every call that leaves the Worker.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { FEEDS_PER_TICK } from "../../src/news/poll";
import { NewsStore } from "../../src/news/store";
import { alertEnv, discordAlerts, recordingQueue, sleep } from "../helpers/alerts";
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
  await env.DB.batch(["news_sources", "news_candidates", "feed_state"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  await seedContent();
});

describe("subrequests per cron tick", () => {
  it("stays under the free plan's 50 with every feed due, new candidates to review and deliveries to plan", async () => {
    const apis = new MockApis();
    const feeds = new MockFeeds().install(apis);
    // More feeds than one tick polls, each with distinct stories, on distinct hosts.
    const list = Array.from({ length: FEEDS_PER_TICK + 3 }, (_, i) => ({
      id: `f${i}`,
      url: `https://h${i}.feeds.test/rss`,
      language: "en",
      kind: "rss",
    }));
    for (const [i, f] of list.entries())
      feeds.serve(f.url, { body: rss.replaceAll("drama-wire.example", `outlet-${i}.example`) });
    // A backlog of candidates waiting for their review message.
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
    for (const channel of ["d-1", "d-2", "d-3"]) await discordAlerts("on", channel);
    await sleep(3);

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

    const fetches = () => feeds.requests.length + apis.discordCalls + apis.slackCalls;
    for (const tick of [0, 1, 2]) {
      count.n = 0;
      const before = fetches();
      const ctx = createExecutionContext();
      await worker.scheduled(
        createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() + tick * 60_000 }),
        counted,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      const used = count.n + fetches() - before;
      expect(used, `tick ${tick}: ${count.n} binding calls, ${fetches() - before} fetches`).toBeLessThan(FREE_PLAN_SUBREQUESTS);
    }
    expect(feeds.requests.length).toBe(list.length);
    // The counters saw the work: every feed polled, and review messages posted on both platforms.
    expect(apis.discordIn("900000000000000001").length).toBeGreaterThan(0);
    expect(apis.slackIn("C0REVIEW").length).toBeGreaterThan(0);
  });
});
