// The local mock APIs behind `npm start -- --mock-apis` must behave like Discord and Slack, or a local
// run would show alerts arriving that the real services would refuse or limit.
// A failing property prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import {
  createMockApis,
  DISCORD_MOCK_PATH,
  type MockApis,
  SLACK_FAILING_CHANNELS,
  SLACK_MOCK_PATH,
} from "../../src/cli/mock-apis";

let clock: number;
let mock: MockApis;
let printed: string[];

beforeEach(() => {
  clock = Date.UTC(2026, 0, 1);
  printed = [];
  mock = createMockApis({ log: (line: string) => printed.push(line), now: () => clock });
});

const discordPost = (channel: string, body: Record<string, unknown>, token: string | null = "Bot t") =>
  mock.fetch(
    new Request(`http://mock${DISCORD_MOCK_PATH}/channels/${channel}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
      body: JSON.stringify(body),
    }),
  );

const slackCall = (method: string, args: Record<string, unknown>, token: string | null = "xoxb-t") =>
  mock.fetch(
    new Request(`http://mock${SLACK_MOCK_PATH}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
    }),
  );

const embed = (title: string) => ({ embeds: [{ title }] });

describe("mock Discord", () => {
  it("accepts a post, prints it, and answers with the message and rate-limit headers", async () => {
    const response = await discordPost("42", embed("Season 2 confirmed"));
    expect(response.status).toBe(200);
    const message = (await response.json()) as { id: string; channel_id: string };
    expect(message.channel_id).toBe("42");
    expect(message.id).toMatch(/^\d+$/);
    expect(response.headers.get("x-ratelimit-limit")).toBe("5");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("4");
    expect(printed).toEqual(["[mock discord] channel 42 received: Season 2 confirmed"]);
  });

  it("refuses a post without a bot token, an empty message and an unknown route", async () => {
    expect((await discordPost("42", embed("x"), null)).status).toBe(401);
    expect((await discordPost("42", {})).status).toBe(400);
    const unknown = await mock.fetch(
      new Request(`http://mock${DISCORD_MOCK_PATH}/guilds/1`, { headers: { authorization: "Bot t" } }),
    );
    expect(unknown.status).toBe(404);
    expect(mock.messages).toHaveLength(0);
  });

  it("limits a channel to 5 posts per 5 seconds with a 429 that says how long to wait", async () => {
    for (let i = 0; i < 5; i++) expect((await discordPost("42", embed(`n${i}`))).status).toBe(200);
    const limited = await discordPost("42", embed("one too many"));
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as { retry_after: number; global: boolean };
    expect(body.global).toBe(false);
    expect(body.retry_after).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(body.retry_after);
    expect((await discordPost("43", embed("another channel"))).status).toBe(200);
    clock += body.retry_after * 1000;
    expect((await discordPost("42", embed("after waiting"))).status).toBe(200);
    expect(mock.messages.map((m) => m.title)).not.toContain("one too many");
  });

  it("returns the first message for a repeated enforced nonce, but only for a few minutes", async () => {
    const post = { ...embed("once"), nonce: "n-1", enforce_nonce: true };
    const first = (await (await discordPost("42", post)).json()) as { id: string };
    const again = (await (await discordPost("42", post)).json()) as { id: string };
    expect(again.id).toBe(first.id);
    expect(mock.messages).toHaveLength(1);
    clock += 10 * 60_000;
    const later = (await (await discordPost("42", post)).json()) as { id: string };
    expect(later.id).not.toBe(first.id);
    expect(mock.messages).toHaveLength(2);
  });
});

describe("editing a posted message", () => {
  it("Discord replaces the message's fields on PATCH and answers Unknown Message for one it never posted", async () => {
    const posted = (await (await discordPost("123", { embeds: [{ title: "News" }] })).json()) as { id: string };
    const edit = (id: string) =>
      mock.fetch(
        new Request(`http://mock${DISCORD_MOCK_PATH}/channels/123/messages/${id}`, {
          method: "PATCH",
          headers: { "content-type": "application/json", authorization: "Bot t" },
          body: JSON.stringify({ content: "", embeds: [{ description: "**Withdrawn**" }, { title: "News" }] }),
        }),
      );
    expect((await edit(posted.id)).status).toBe(200);
    expect(mock.messages[0]?.body.embeds).toEqual([{ description: "**Withdrawn**" }, { title: "News" }]);
    expect(printed.at(-1)).toContain("edited: **Withdrawn**");
    const unknown = await edit("999");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 10008 });
  });

  it("Slack replaces text and blocks on chat.update and answers message_not_found for an unknown ts", async () => {
    const { ts } = (await (await slackCall("chat.postMessage", { channel: "C1", text: "News" })).json()) as { ts: string };
    const update = await slackCall("chat.update", {
      channel: "C1",
      ts,
      text: "Withdrawn",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*Withdrawn*" } }],
    });
    expect(await update.json()).toMatchObject({ ok: true, ts });
    expect(mock.messages[0]?.body.text).toBe("Withdrawn");
    expect(await (await slackCall("chat.update", { channel: "C1", ts: "1.000001", text: "x" })).json()).toEqual({
      ok: false,
      error: "message_not_found",
    });
  });
});

describe("mock Slack", () => {
  it("accepts chat.postMessage, prints it, and keeps its metadata for conversations.history", async () => {
    const metadata = { event_type: "renewal_news", event_payload: { news_id: "x" } };
    const posted = (await (await slackCall("chat.postMessage", { channel: "C1", text: "Season 2", metadata })).json()) as {
      ok: boolean;
      ts: string;
    };
    expect(posted.ok).toBe(true);
    expect(printed).toEqual(["[mock slack] channel C1 received: Season 2"]);
    const history = (await (await slackCall("conversations.history", { channel: "C1", include_all_metadata: true })).json()) as {
      messages: { ts: string; metadata?: unknown }[];
    };
    expect(history.messages).toEqual([{ type: "message", ts: posted.ts, text: "Season 2", metadata }]);
  });

  it("answers errors as HTTP 200 with ok:false, the way Slack does", async () => {
    for (const [call, error] of [
      [slackCall("chat.postMessage", { channel: "C1", text: "x" }, null), "not_authed"],
      [slackCall("chat.postMessage", { channel: "C1", text: "x" }, "nonsense"), "invalid_auth"],
      [slackCall("chat.postMessage", { text: "x" }), "channel_not_found"],
      [slackCall("chat.postMessage", { channel: "C1" }), "no_text"],
      [slackCall("no.such.method", {}), "unknown_method"],
    ] as const) {
      const response = await call;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: false, error });
    }
    expect(mock.messages).toHaveLength(0);
  });

  it("answers conversations.join, which the bot calls whenever Slack alerts are turned on", async () => {
    const joined = await slackCall("conversations.join", { channel: "C0LOCAL" });
    expect(joined.status).toBe(200);
    expect(await joined.json()).toMatchObject({ ok: true, channel: { id: "C0LOCAL" } });
    for (const [channel, error] of [
      ["C0GONE", "channel_not_found"],
      ["C0ARCHIVED", "is_archived"],
    ] as const)
      expect(await (await slackCall("conversations.join", { channel })).json()).toEqual({ ok: false, error });
  });

  it("allows a short burst per channel, then answers 429 with Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await slackCall("chat.postMessage", { channel: "C1", text: `n${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await slackCall("chat.postMessage", { channel: "C1", text: "again" });
    expect(await limited.json()).toEqual({ ok: false, error: "ratelimited" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    clock += Number(limited.headers.get("retry-after")) * 1000;
    expect((await slackCall("chat.postMessage", { channel: "C1", text: "later" })).status).toBe(200);
  });

  it("pages conversations.history newest first with a cursor, at most 15 a page", async () => {
    for (let i = 0; i < 20; i++) {
      clock += 1000;
      expect((await slackCall("chat.postMessage", { channel: "C1", text: `n${i}` })).status).toBe(200);
    }
    const seen: string[] = [];
    let cursor = "";
    let pages = 0;
    do {
      const page = (await (await slackCall("conversations.history", { channel: "C1", limit: 100, cursor })).json()) as {
        messages: { text: string }[];
        has_more: boolean;
        response_metadata: { next_cursor: string };
      };
      expect(page.messages.length).toBeLessThanOrEqual(15);
      seen.push(...page.messages.map((m) => m.text));
      cursor = page.response_metadata.next_cursor;
      expect(page.has_more).toBe(cursor !== "");
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `n${19 - i}`));
  });
});

describe("mock Discord under any schedule of posts", () => {
  const params = { numRuns: 100, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };
  const step = fc.record({
    channel: fc.constantFrom("1", "2"),
    // Mostly bursts, sometimes a pause long enough for a window to pass.
    waitMs: fc.oneof(
      { arbitrary: fc.constant(0), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 1_500 }), weight: 2 },
      { arbitrary: fc.integer({ min: 0, max: 6_000 }), weight: 1 },
    ),
    // Mostly posts without a nonce; a few repeat one of three.
    nonce: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.constantFrom("a", "b", "c"), weight: 1 }),
  });

  it("never accepts more than 5 posts per channel in 5 seconds, nor a repeated nonce within minutes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), async (steps) => {
        clock = Date.UTC(2026, 0, 1);
        mock = createMockApis({ log: () => {}, now: () => clock });
        const accepted: { channel: string; at: number }[] = [];
        const firstIds = new Map<string, { id: string; at: number }>();
        for (const s of steps) {
          clock += s.waitMs;
          const body = s.nonce ? { ...embed("x"), nonce: s.nonce, enforce_nonce: true } : embed("x");
          const before = mock.messages.length;
          const response = await discordPost(s.channel, body);
          const answer = (await response.json()) as { id?: string; retry_after?: number };
          if (response.status === 429) {
            expect(answer.retry_after).toBeGreaterThan(0);
            expect(mock.messages.length).toBe(before);
            continue;
          }
          expect(response.status).toBe(200);
          const key = `${s.channel}:${s.nonce}`;
          const first = s.nonce ? firstIds.get(key) : undefined;
          if (first && clock - first.at <= 5 * 60_000) {
            // Deduplicated: the first message again, nothing new in the channel.
            expect(answer.id).toBe(first.id);
            expect(mock.messages.length).toBe(before);
            continue;
          }
          expect(mock.messages.length).toBe(before + 1);
          accepted.push({ channel: s.channel, at: clock });
          if (s.nonce) firstIds.set(key, { id: answer.id as string, at: clock });
        }
        for (const post of accepted) {
          const inWindow = accepted.filter((p) => p.channel === post.channel && p.at >= post.at && p.at - post.at < 5_000);
          expect(inWindow.length).toBeLessThanOrEqual(5);
        }
      }),
      params,
    );
  });
});

describe("mock channels that fail", () => {
  it("answers Discord's failing channels as Discord does: gone, no access, a proxy's HTML page", async () => {
    const gone = await discordPost("404", embed("x"));
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ message: "Unknown Channel", code: 10003 });
    const denied = await discordPost("403", embed("x"));
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { code: number }).code).toBe(50001);
    const proxy = await discordPost("502", embed("x"));
    expect(proxy.status).toBe(502);
    expect(proxy.headers.get("content-type")).toBe("text/html");
    expect(await proxy.text()).toContain("502 Bad Gateway");
    expect(mock.messages).toHaveLength(0);
  });

  it.each(Object.entries(SLACK_FAILING_CHANNELS))(
    "answers a post to Slack channel %s with ok:false %s",
    async (channel, error) => {
      const response = await slackCall("chat.postMessage", { channel, text: "x" });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: false, error });
      expect(mock.messages).toHaveLength(0);
    },
  );
});
