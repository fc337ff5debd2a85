// A click that replaces its message (type 7, UPDATE_MESSAGE) on a message that was sent with embeds:
// the review messages in the review channel (posted as embeds, like every channel post) and the answers
// sent before answers became Components V2. Discord turns such a message into a Components V2 one only
// when the update resets what the message used: "When the IS_COMPONENTS_V2 flag is set, any of the used
// content, embeds, sticker_ids, or poll fields must have their values reset to empty. For content and
// poll this is null. For embeds and sticker_ids, this is an empty array" (Edit Message, and the same
// for an interaction's UPDATE_MESSAGE), otherwise it fails with 400 and the user sees "This interaction failed".
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { episodeCard } from "../../commands/episode";
import { loadContent } from "../../src/content/store";
import { discordPayload } from "../../src/discord/api";
import { toDiscordAnswer, toDiscordMessage } from "../../src/discord/render";
import { reviewCard } from "../../src/news/review";
import type { Candidate, Source } from "../../src/news/store";
import { seedContent, seedNews } from "../helpers/content";
import { type DiscordReply, send, slash } from "../helpers/discord";

const V2 = 1 << 15;

type Message = { content?: string | null; embeds?: unknown[]; flags?: number; components?: unknown[] };

/**
 * Discord's rule for an update that sets IS_COMPONENTS_V2 on a message: the fields the message used
 * (content, embeds) must be reset in the update itself, else 400. Returns the status Discord would give.
 */
function updateStatus(original: Message, update: Message): 200 | 400 {
  const becomesV2 = ((update.flags ?? 0) & V2) !== 0;
  if (!becomesV2) return ((original.flags ?? 0) & V2) !== 0 ? 400 : 200; // the flag cannot be removed
  const usedEmbeds = (original.embeds ?? []).length > 0;
  const usedContent = typeof original.content === "string" && original.content.length > 0;
  if (usedEmbeds && !(Array.isArray(update.embeds) && update.embeds.length === 0)) return 400;
  if (usedContent && update.content !== null) return 400;
  return 200;
}

/** A click on a button of `message`, as Discord sends it. */
function click(customId: string, message: Message) {
  return {
    ...slash("x"),
    type: 3,
    message: { id: "m1", ...message },
    data: { custom_id: customId, component_type: 2 },
  };
}

const toDiscordAnswerOf = (reply: Parameters<typeof toDiscordAnswer>[0]) =>
  toDiscordAnswer(reply) as { type: number; data: Message };

beforeEach(async () => {
  await seedContent();
  await seedNews();
});

describe("a click that replaces a message sent with embeds", () => {
  it("turns an episode answer sent as embeds (before Components V2) into the next episode", async () => {
    const content = await loadContent(env.CONTENT);
    const old = toDiscordMessage(
      episodeCard(content.episode(3) as NonNullable<ReturnType<typeof content.episode>>, "en", content),
    );
    expect(old.embeds?.length).toBeGreaterThan(0);

    const response = await send(click("ep:4:en", old as Message));
    expect(response.status).toBe(200);
    const reply = (await response.json()) as DiscordReply;
    expect(reply.type).toBe(7);
    expect(updateStatus(old as Message, reply.data as Message)).toBe(200);
  });

  it("replaces a review message, posted to the review channel as embeds, after a reviewer's press", () => {
    const candidate: Candidate = {
      id: "0123456789abcdef",
      title: "The Trauma Code season 2 begins filming",
      url: "https://news.example/a",
      outlet: "news.example",
      language: "en",
      publishedAt: Date.parse("2026-10-01T00:00:00Z"),
      foundAt: Date.parse("2026-10-01T01:00:00Z"),
      key: "season-2-filming",
      state: "new",
      edits: null,
      label: null,
      decidedBy: null,
      decidedAt: null,
      newsId: null,
      reviewPostedMask: 1,
      reviewUnsureMask: 0,
      reviewTriedAt: null,
      reviewLook: {},
      reviewMessages: {},
      reviewRedrawMask: 0,
      sourcesAdded: 0,
    };
    const sources = [
      { url: "https://news.example/a", outlet: "news.example", language: "en" as const, publishedAt: candidate.publishedAt },
    ] as Source[];
    const posted = discordPayload({ reply: reviewCard(candidate, sources), plain: false });
    expect(posted.embeds?.length).toBeGreaterThan(0);

    // What a Publish press answers (src/news/review.ts reviewClick): the card in its new state, in place.
    const published: Candidate = { ...candidate, state: "published", label: "report", decidedBy: "700000000000000001" };
    const update = toDiscordAnswerOf({ ...reviewCard(published, sources), replace: true });
    expect(update.type).toBe(7);
    expect(updateStatus(posted as Message, update.data as Message)).toBe(200);
  });
});

describe("paging the renewal timeline back to its first page", () => {
  it("keeps the channel's alerts button that the first page had", async () => {
    const first = (await (await send(slash("renewal"))).json()) as DiscordReply;
    const ids = (reply: DiscordReply) =>
      JSON.stringify(reply.data)
        .match(/"custom_id":"[^"]+"/g)
        ?.map((m) => m.slice(13, -1)) ?? [];
    expect(ids(first)).toContain("al:on:en");

    const back = (await (await send(click("tl:0:en", {}))).json()) as DiscordReply;
    expect(back.type).toBe(7);
    expect(ids(back)).toContain("tl:1:en");
    expect(ids(back)).toContain("al:on:en");
  });
});
