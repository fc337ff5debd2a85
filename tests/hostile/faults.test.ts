import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DeliveryJob } from "../../src/delivery/jobs";
import { planDeliveries, STALE_MS } from "../../src/delivery/planner";
import {
  alertEnv,
  discordAlerts,
  health,
  ledger,
  pacerForgets,
  publish,
  recordingQueue,
  runQueue,
  slackAlerts,
  sleep,
  store,
} from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { send, slash, str } from "../helpers/discord";
import { MockApis, type Scripted } from "../helpers/mock-api";
import { SLACK_SIGNING_SECRET } from "../helpers/slack";

type Expect = "delivered" | "disabled" | "stopped";

const DISCORD_FAULTS: [string, Scripted[], Expect][] = [
  ["400 bad payload (plain fallback)", [{ status: 400, body: { code: 50035, message: "Invalid Form Body" } }], "delivered"],
  ["401", [{ status: 401, body: { code: 0, message: "401: Unauthorized" } }], "stopped"],
  ["403", [{ status: 403, body: { code: 50013, message: "Missing Permissions" } }], "disabled"],
  ["404", [{ status: 404, body: { code: 10003, message: "Unknown Channel" } }], "disabled"],
  [
    "429 user",
    [{ status: 429, body: { retry_after: 1.2, global: false }, headers: { "retry-after": "2", "x-ratelimit-scope": "user" } }],
    "delivered",
  ],
  [
    "429 global",
    [
      {
        status: 429,
        body: { retry_after: 3, global: true },
        headers: { "retry-after": "3", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
      },
    ],
    "delivered",
  ],
  [
    "429 shared",
    [{ status: 429, body: { retry_after: 5, global: false }, headers: { "retry-after": "5", "x-ratelimit-scope": "shared" } }],
    "delivered",
  ],
  ["429 without rate-limit headers", [{ status: 429, body: { message: "banned" } }], "delivered"],
  ["500", [{ status: 500 }], "delivered"],
  ["502 twice", [{ status: 502 }, { status: 502 }], "delivered"],
  ["timeout after Discord stored the message", [{ status: 200, storeThenDrop: true }], "delivered"],
  ["502 page after Discord stored the message", [{ status: 502, html: true, storeThenAnswer: true }], "delivered"],
  ["200 whose body breaks off", [{ status: 200, cutBody: true }], "delivered"],
];

const SLACK_FAULTS: [string, Scripted[], Expect][] = [
  ...(["channel_not_found", "not_in_channel", "is_archived"] as const).map((error): [string, Scripted[], Expect] => [
    error,
    [{ status: 200, body: { ok: false, error } }],
    "disabled",
  ]),
  ["ratelimited", [{ status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "4" } }], "delivered"],
  ...(["invalid_auth", "token_revoked"] as const).map((error): [string, Scripted[], Expect] => [
    error,
    [{ status: 200, body: { ok: false, error } }],
    "stopped",
  ]),
  ["msg_too_long (plain fallback)", [{ status: 200, body: { ok: false, error: "msg_too_long" } }], "delivered"],
  ["internal_error", [{ status: 200, body: { ok: false, error: "internal_error" } }], "delivered"],
  ["timeout after Slack stored the message", [{ status: 200, storeThenDrop: true }], "delivered"],
  ["502 page after Slack stored the message", [{ status: 502, html: true, storeThenAnswer: true }], "delivered"],
  ...(["internal_error", "fatal_error"] as const).map((error): [string, Scripted[], Expect] => [
    `${error} after Slack stored the message`,
    [{ status: 200, body: { ok: false, error }, storeThenAnswer: true }],
    "delivered",
  ]),
  ["200 whose body breaks off", [{ status: 200, cutBody: true }], "delivered"],
];

let api: MockApis;

beforeEach(async () => {
  await seedContent();
  api = new MockApis().install();
});

/**
 * Runs the queue until nothing is retried (ignoring delays, like a patient queue: each round comes after
 * the pause and the pacer's hold are over), each message at most `rounds` times.
 */
async function drain(testEnv: typeof env, jobs: DeliveryJob[], rounds = 8) {
  let pending = jobs;
  for (let attempt = 1; pending.length && attempt <= rounds; attempt++) {
    await env.DB.prepare("UPDATE platform_state SET paused_until = 0").run();
    if (attempt > 1) await pacerForgets();
    const result = await runQueue(testEnv, pending, attempt);
    pending = result.retried.map((r) => r.job);
  }
  return pending;
}

describe.each([
  ["discord", DISCORD_FAULTS],
  ["slack", SLACK_FAULTS],
] as const)("%s delivery faults", (platform, faults) => {
  it.each(faults)("%s", async (_name, script, expected) => {
    const queue = recordingQueue();
    const testEnv = alertEnv(queue);
    const [faulty, healthy] = platform === "discord" ? ["d-faulty", "d-healthy"] : ["S-FAULTY", "S-HEALTHY"];
    for (const channel of [faulty, healthy]) {
      if (platform === "discord") await discordAlerts("on", channel);
      else await slackAlerts("alerts on", channel);
    }
    await sleep(3);
    const item = await publish();
    if (platform === "discord") api.scriptDiscord(faulty, ...script);
    else api.scriptSlack(faulty, ...script);
    // Overlapping cron ticks, and every message delivered twice.
    const now = Date.now();
    await Promise.all([planDeliveries(testEnv, now), planDeliveries(testEnv, now)]);
    const jobs = queue.sent.map((m) => m.body);
    expect(jobs).toHaveLength(2);
    expect(await drain(testEnv, [...jobs, ...jobs])).toEqual([]);

    const posts = (channel: string) => (platform === "discord" ? api.discordIn(channel) : api.slackIn(channel));
    const sub = await store().subscription(platform, faulty);
    if (expected === "delivered") {
      expect(posts(faulty)).toHaveLength(1);
      expect(posts(healthy)).toHaveLength(1);
      expect(sub?.active).toBe(true);
    }
    if (expected === "disabled") {
      expect(posts(faulty)).toHaveLength(0);
      expect(posts(healthy)).toHaveLength(1);
      expect(sub?.active).toBe(false);
      expect(sub?.disabledReason).toBeTruthy();
    }
    if (expected === "stopped") {
      const h = await health(testEnv);
      expect(h.status).toBe("degraded");
      expect(h.alerts[platform]?.delivering).toBe(false);
      // A new token resumes: the waiting deliveries go out, each once.
      const fixed = alertEnv(
        queue,
        platform === "discord" ? { DISCORD_BOT_TOKEN: "rotated" } : { SLACK_BOT_TOKEN: "xoxb-rotated" },
      );
      queue.sent.length = 0;
      await planDeliveries(fixed, Date.now() + STALE_MS + 1);
      expect(
        await drain(
          fixed,
          queue.sent.map((m) => m.body),
        ),
      ).toEqual([]);
      expect(posts(faulty)).toHaveLength(1);
      expect(posts(healthy)).toHaveLength(1);
      expect((await health(fixed)).alerts[platform]?.delivering).toBe(true);
    }
    const states = (await ledger(item.id)).map((d) => d.state).sort();
    expect(states).toEqual(expected === "disabled" ? ["dropped", "sent"] : ["sent", "sent"]);
  });
});

describe("D1 failing while subscribing", () => {
  it("answers with an ephemeral error and leaves no half-written state", async () => {
    // The real database, with a statement that fails appended to every batch.
    const db = env.DB;
    const failing = new Proxy(db, {
      get(target, prop) {
        if (prop === "batch")
          return (statements: D1PreparedStatement[]) =>
            target.batch([...statements, target.prepare("INSERT INTO no_such_table VALUES (1)")]);
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const response = await send(
      slash("renewal", [str("alerts", "on")], { channel_id: "d-broken", member: { user: { id: "1" }, permissions: "8" } }),
      { env: { DB: failing } },
    );
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { data: { flags: number; content: string } };
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("Something went wrong");
    expect(await store().subscription("discord", "d-broken")).toBeNull();
    const seen = await env.DB.prepare("SELECT COUNT(*) AS n FROM news_seen").first<{ n: number }>();
    expect(seen?.n).toBe(0);
  });
});

describe("logs", () => {
  it("write one JSON line per interaction and per delivery, and never a secret", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    vi.spyOn(console, "log").mockImplementation(capture);
    vi.spyOn(console, "error").mockImplementation(capture);
    const queue = recordingQueue();
    const testEnv = alertEnv(queue);
    await send(slash("character", [str("name", "baek")]));
    await discordAlerts("on", "d-log");
    await slackAlerts("alerts on", "S-LOG");
    await sleep(3);
    await publish();
    api.scriptDiscord("d-log", { status: 401, body: { message: "401: Unauthorized" } });
    await planDeliveries(testEnv);
    await runQueue(
      testEnv,
      queue.sent.map((m) => m.body),
    );
    vi.restoreAllMocks();

    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const interactions = events.filter((e) => e.event === "interaction");
    expect(interactions.length).toBeGreaterThanOrEqual(3);
    for (const e of interactions) {
      expect(e).toMatchObject({
        platform: expect.stringMatching(/discord|slack/),
        outcome: expect.any(String),
        ms: expect.any(Number),
      });
      expect(e.command).toBeTruthy();
    }
    const deliveries = events.filter((e) => e.event === "delivery");
    expect(deliveries.map((e) => [e.platform, e.outcome]).sort()).toEqual([
      ["discord", "stop"],
      ["slack", "done"],
    ]);
    for (const e of deliveries) expect(e).toMatchObject({ item: expect.any(String), ms: expect.any(Number) });
    const everything = lines.join("\n");
    for (const secret of ["discord-test-token", "xoxb-test-token", SLACK_SIGNING_SECRET])
      expect(everything).not.toContain(secret);
    expect(JSON.stringify(await health(testEnv))).not.toContain("discord-test-token");
  });
});
