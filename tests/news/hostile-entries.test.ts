// Feed entries are written by strangers: a headline or an outlet name may carry markdown that makes a
// link of its own, and a link may pass for http(s) without being a URL. The review card a reviewer
// checks the story by must link only to the story's sources, and one bad entry must not keep every
// later candidate from being posted for review.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { toDiscordMessage, toDiscordResponse } from "../../src/discord/render";
import worker from "../../src/index";
import { NEWS_CRON } from "../../src/jobs";
import { reviewCard } from "../../src/news/review";
import { postPendingReviews } from "../../src/news/review-post";
import type { Candidate, Source } from "../../src/news/store";
import { NewsStore } from "../../src/news/store";
import { alertEnv, recordingQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";
import type { MockFeeds } from "../helpers/mock-feeds";
import { pollWorld } from "../helpers/news";

const at = Date.parse("2026-11-10T00:00:00Z");
const candidate: Candidate = {
  id: "abcdef0123",
  state: "dismissed",
  title: "The Trauma Code season 2 filming](https://evil.example/phish) begins",
  language: "en",
  outlet: "Wire](https://evil.example/outlet) [x",
  url: "https://drama.example/a",
  publishedAt: at,
  foundAt: at,
  key: "",
  edits: null,
  label: null,
  decidedBy: "700000000000000001",
  decidedAt: at,
  newsId: null,
  reviewPostedMask: 1,
  reviewUnsureMask: 0,
  reviewTriedAt: null,
  reviewLook: {},
  reviewMessages: {},
  reviewRedrawMask: 0,
  sourcesAdded: 0,
};
const sources: Source[] = [
  {
    url: "https://drama.example/a",
    candidateId: candidate.id,
    title: candidate.title,
    outlet: "Wire](https://evil.example/source) [x",
    language: "en",
    publishedAt: at,
  },
];

/**
 * The host of every markdown link in a rendered message's texts: a `](` that no backslash escapes. An
 * embed's title is plain text to Discord, never markdown, so it links nowhere.
 */
function linkTargets(message: unknown): string[] {
  const texts: string[] = [];
  JSON.stringify(message, (key, value) => {
    if (typeof value === "string" && key !== "title") texts.push(value);
    return value;
  });
  return texts.flatMap((text) =>
    [...text.matchAll(/(?<!\\)\]\((https?:\/\/[^)\s]+)\)/g)].map((m) => new URL(m[1] as string).host),
  );
}

describe("the review card of a hostile entry", () => {
  it("links only to the story's sources when a press replaces it (Components V2)", () => {
    const answer = toDiscordResponse({ ...reviewCard(candidate, sources), replace: true });
    expect(linkTargets(answer)).toContain("drama.example");
    expect(linkTargets(answer)).not.toContain("evil.example");
  });

  it("links only to the story's sources in the posted review message (embeds)", () => {
    const message = toDiscordMessage(reviewCard(candidate, sources));
    expect(linkTargets(message)).toContain("drama.example");
    expect(linkTargets(message)).not.toContain("evil.example");
  });
});

describe("an entry whose link is not a URL", () => {
  const REVIEW_SLACK = "C0REVIEW";
  const FEED = { id: "wire", url: "https://a.feeds.test/rss", language: "en", kind: "rss" };
  const item = (title: string, link: string, date: string) =>
    `<item><title>${title}</title><link>${link}</link><pubDate>${date}</pubDate></item>`;
  const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${[
    item("The Trauma Code season 2 casting news", "https://drama wire.example/1", "Mon, 09 Nov 2026 08:00:00 GMT"),
    item("Netflix sets The Trauma Code season 2 filming for October", "https://drama.example/2", "Tue, 10 Nov 2026 08:00:00 GMT"),
  ].join("")}</channel></rss>`;
  let apis: MockApis;

  beforeEach(async () => {
    let feeds: MockFeeds;
    ({ apis, feeds } = await pollWorld());
    feeds.serve(FEED.url, { body });
  });

  it("does not keep the next candidate out of the Slack review channel", async () => {
    const testEnv = alertEnv(recordingQueue(), {
      NEWS_FEEDS: JSON.stringify([FEED]),
      REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK,
    }) as typeof env;
    const now = Date.now();
    for (let tick = 0; tick < 3; tick++) {
      const ctx = createExecutionContext();
      const controller = createScheduledController({ cron: NEWS_CRON, scheduledTime: now + tick * 2 * 60_000 });
      await worker.scheduled(controller, testEnv, ctx);
      await waitOnExecutionContext(ctx);
    }
    const posted = JSON.stringify(apis.slackIn(REVIEW_SLACK).map((p) => p.body));
    expect(posted).toContain("October");
  });

  it("a candidate already stored with such a link keeps no other from the Slack review channel", async () => {
    const found = (id: string, url: string, title: string, publishedAt: number) => ({
      id,
      title,
      language: "en" as const,
      outlet: "Wire",
      url,
      publishedAt,
      foundAt: publishedAt,
      key: "",
    });
    await new NewsStore(env.DB).addFound(
      [
        found("0000000001", "https://drama wire.example/1", "The Trauma Code season 2 casting news", at),
        found("0000000002", "https://drama.example/2", "Netflix sets The Trauma Code season 2 filming for October", at + 1),
      ],
      [],
    );
    await postPendingReviews(alertEnv(recordingQueue(), { REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK }) as typeof env);
    expect(JSON.stringify(apis.slackIn(REVIEW_SLACK).map((p) => p.body))).toContain("October");
  });
});
