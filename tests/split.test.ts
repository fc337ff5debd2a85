// The bot deployed as two Workers (npm run deploy): the front answers Discord itself and hands everything
// else to the back through its BACK service binding; here BACK is the back Worker's own
// fetch, over real local KV and D1.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { NewsStore } from "../src/news/store";
import back from "../src/workers/back";
import front, { type FrontEnv } from "../src/workers/front";
import { seedContent } from "./helpers/content";
import {
  click,
  DISCORD_PUBLIC_KEY,
  type DiscordReply,
  isPrivate,
  now,
  signDiscord,
  slash,
  str,
  textOf,
  titleOf,
} from "./helpers/discord";
import { addConfirmedCandidate, REVIEW_DISCORD, reviewWorld } from "./helpers/news";
import { SLACK_SIGNING_SECRET, signSlack, slashBody } from "./helpers/slack";

/** What reached the back, in order. */
let forwarded: string[] = [];

const REVIEWER = "500000000000000077";
/** A candidate id, as discovery makes them. */
const CANDIDATE = "0123456789";

const backEnv = {
  ...env,
  DISCORD_PUBLIC_KEY,
  SLACK_SIGNING_SECRET,
  REVIEWER_IDS: REVIEWER,
  REVIEW_DISCORD_CHANNEL_ID: REVIEW_DISCORD,
};
const frontEnv: FrontEnv = {
  ...backEnv,
  BACK: {
    async fetch(input: RequestInfo | URL, init?: RequestInit) {
      const request = new Request(input, init);
      forwarded.push(`${request.method} ${new URL(request.url).pathname}`);
      const ctx = createExecutionContext();
      const response = await back.fetch(request as Parameters<typeof back.fetch>[0], backEnv, ctx);
      await waitOnExecutionContext(ctx);
      return response;
    },
  } as Fetcher,
};

async function toFront(request: Request, withEnv: FrontEnv = frontEnv): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await front.fetch(request as Parameters<typeof front.fetch>[0], withEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** A POST to the front, signed with the headers `sign` makes from the timestamp and the body. */
async function signedPost(
  path: string,
  contentType: string,
  body: string,
  sign: (timestamp: string) => Promise<Record<string, string>>,
): Promise<Request> {
  const timestamp = now();
  const headers = { "content-type": contentType, ...(await sign(timestamp)) };
  return new Request(`https://bot.test${path}`, { method: "POST", headers, body });
}

const discordRequest = (interaction: unknown) => {
  const body = JSON.stringify(interaction);
  return signedPost("/discord/interactions", "application/json", body, async (timestamp) => ({
    "x-signature-timestamp": timestamp,
    "x-signature-ed25519": await signDiscord(body, timestamp),
  }));
};

const slackRequest = (body: string) =>
  signedPost("/slack/events", "application/x-www-form-urlencoded", body, async (timestamp) => ({
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": await signSlack(body, timestamp),
  }));

beforeEach(async () => {
  forwarded = [];
  await seedContent();
});

describe("the front Worker", () => {
  it("answers a Discord command itself", async () => {
    const response = await toFront(await discordRequest(slash("character", [str("name", "baek")])));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as DiscordReply;
    expect(answer.type).toBe(4);
    expect(titleOf(answer)).toBe("Baek Kang-hyuk (백강혁)");
    expect(forwarded).toEqual([]);
  });

  it("refuses a bad Discord signature itself, with 401", async () => {
    const request = await discordRequest(slash("episode", [str("number", 3)]));
    const tampered = new Request(request, { body: JSON.stringify(slash("episode", [str("number", 4)])) });
    expect((await toFront(tampered)).status).toBe(401);
    expect(forwarded).toEqual([]);
  });

  it("hands the pages to the back", async () => {
    for (const path of ["/", "/privacy", "/terms"]) {
      const response = await toFront(new Request(`https://bot.test${path}`));
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/html");
    }
    expect(forwarded).toEqual(["GET /", "GET /privacy", "GET /terms"]);
  });

  it("hands a Slack command to the back, body and signature intact, and returns the back's answer", async () => {
    const response = await toFront(await slackRequest(slashBody("/episode", "3")));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { blocks?: unknown[] };
    expect(answer.blocks?.length).toBeGreaterThan(0);
    expect(forwarded).toEqual(["POST /slack/events"]);
  });

  it("hands a Slack request with a bad signature to the back, which refuses it with 401", async () => {
    const request = await slackRequest(slashBody("/episode", "3"));
    const tampered = new Request(request, { body: slashBody("/episode", "4") });
    expect((await toFront(tampered)).status).toBe(401);
    expect(forwarded).toEqual(["POST /slack/events"]);
  });

  it("hands /health, the Slack install and unknown paths to the back", async () => {
    const health = await toFront(new Request("https://bot.test/health"));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ content: { available: true } });
    await toFront(new Request("https://bot.test/slack/install"));
    const unknown = await toFront(new Request("https://bot.test/nope"));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "not found" });
    expect(forwarded).toEqual(["GET /health", "GET /slack/install", "GET /nope"]);
  });

  it("answers 502 with a JSON body when the back cannot be reached, and still answers Discord", async () => {
    const down = { fetch: () => Promise.reject(new Error("Network connection lost.")) } as unknown as Fetcher;
    const ctx = createExecutionContext();
    const incoming = (request: Request) => request as Parameters<typeof front.fetch>[0];
    const health = await front.fetch(incoming(new Request("https://bot.test/health")), { ...frontEnv, BACK: down }, ctx);
    expect(health.status).toBe(502);
    expect(await health.json()).toEqual({ error: "temporarily unavailable" });
    const answer = await front.fetch(incoming(await discordRequest(slash("about"))), { ...frontEnv, BACK: down }, ctx);
    await waitOnExecutionContext(ctx);
    expect(answer.status).toBe(200);
  });

  it("has no cron or queue handler: those run on the back", () => {
    expect(Object.keys(front)).toEqual(["fetch"]);
    expect(typeof back.scheduled).toBe("function");
    expect(typeof back.queue).toBe("function");
  });
});

/** A press on a review card in the review channel, by `userId`. */
const reviewPress = (verb: string, userId = REVIEWER) =>
  click(`nr-${verb}:${CANDIDATE}:en`, undefined, {
    channel_id: REVIEW_DISCORD,
    member: { user: { id: userId, username: "reviewer" }, permissions: "0" },
  });

describe("a review card's press, at the front", () => {
  beforeEach(async () => {
    await reviewWorld();
    await addConfirmedCandidate(CANDIDATE, Date.now());
  });

  const state = async () => (await new NewsStore(env.DB).candidate(CANDIDATE))?.state;

  it("is handed to the back, which holds the review, and the reviewer's decision is made there", async () => {
    const response = await toFront(await discordRequest(reviewPress("dismiss")));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as DiscordReply;
    expect(answer.type, "the card updated in place").toBe(7);
    expect(textOf(answer)).toContain("Dismissed");
    expect(forwarded).toEqual(["POST /discord/interactions"]);
    expect(await state()).toBe("dismissed");
  });

  it("from someone who is not a reviewer, is refused by the back, privately", async () => {
    const response = await toFront(await discordRequest(reviewPress("dismiss", "500000000000000099")));
    const answer = (await response.json()) as DiscordReply;
    expect(isPrivate(answer)).toBe(true);
    expect(textOf(answer)).toContain("Only reviewers");
    expect(forwarded).toEqual(["POST /discord/interactions"]);
    expect(await state()).toBe("new");
  });

  it("with a bad signature, is refused by the front with 401, and nothing reaches the back", async () => {
    const request = await discordRequest(reviewPress("dismiss"));
    const tampered = new Request(request, { body: JSON.stringify(reviewPress("official")) });
    expect((await toFront(tampered)).status).toBe(401);
    expect(forwarded).toEqual([]);
    expect(await state()).toBe("new");
  });

  /** A dismiss pressed at the front, with `BACK` as the back: the reviewer's answer is a private "try again", with 200. */
  async function triedAgain(BACK: Fetcher, why: string) {
    const response = await toFront(await discordRequest(reviewPress("dismiss")), { ...frontEnv, BACK });
    expect(response.status, why).toBe(200);
    const answer = (await response.json()) as DiscordReply;
    expect(isPrivate(answer), why).toBe(true);
    expect(textOf(answer), why).toContain("Something went wrong");
  }

  it("tells the reviewer privately, with 200, when the back cannot be reached or fails", async () => {
    await triedAgain({ fetch: () => Promise.reject(new Error("Network connection lost.")) } as unknown as Fetcher, "unreachable");
    await triedAgain(
      { fetch: async () => new Response("<html>Worker threw exception</html>", { status: 500 }) } as unknown as Fetcher,
      "500",
    );
    expect(await state()).toBe("new");
  });

  it("tells the reviewer privately, with 200, when the back refuses the press it was handed (a 4xx)", async () => {
    for (const status of [400, 401, 404])
      await triedAgain(
        { fetch: async () => Response.json({ error: "refused" }, { status }) } as unknown as Fetcher,
        String(status),
      );
  });

  it("hands the review's edit form, submitted, to the back, which saves the wording", async () => {
    const press = reviewPress("edit");
    const submitted = {
      ...press,
      type: 5,
      data: {
        custom_id: press.data.custom_id,
        components: ["title_en", "summary_en", "ko", "id", "tl"].map((id, i) => ({
          type: 1,
          components: [
            { type: 4, custom_id: id, value: ["Season 2: filming confirmed", "Netflix said so.", "시즌 2 촬영 확정", "", ""][i] },
          ],
        })),
      },
    };
    const response = await toFront(await discordRequest(submitted));
    expect(response.status).toBe(200);
    expect(forwarded).toEqual(["POST /discord/interactions"]);
    const { edits } = (await new NewsStore(env.DB).candidate(CANDIDATE)) ?? {};
    expect(edits?.title).toMatchObject({ en: "Season 2: filming confirmed", ko: "시즌 2 촬영 확정" });
  });

  it("is the only click the front hands over: a command's button is answered at the front", async () => {
    const response = await toFront(await discordRequest(click("ep:4:en")));
    expect(response.status).toBe(200);
    expect(forwarded).toEqual([]);
  });
});
