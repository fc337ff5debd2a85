// News candidates as the news round writes them, for tests that start from one already found.
import { env } from "cloudflare:workers";
import { type Candidate, NewsStore } from "../../src/news/store";
import { seedContent } from "./content";
import { MockApis } from "./mock-api";
import { MockFeeds } from "./mock-feeds";

/** One candidate, found in an English feed: "season 2 confirmed", as `id`, dated `at`. */
/** A candidate as the store reads it: an English headline found in a feed, not yet decided (`changes` over it). */
export const foundCandidate = (changes: Partial<Candidate> = {}): Candidate => ({
  id: "c0ffee0000",
  state: "new",
  title: "Season 2 casting confirmed",
  language: "en",
  outlet: "Wire",
  url: "https://news.example/story",
  publishedAt: Date.UTC(2026, 10, 30),
  foundAt: Date.UTC(2026, 10, 30),
  key: "k",
  edits: null,
  label: null,
  decidedBy: null,
  decidedAt: null,
  newsId: null,
  reviewPostedMask: 0,
  reviewUnsureMask: 0,
  reviewTriedAt: null,
  reviewLook: {},
  reviewMessages: {},
  reviewRedrawMask: 0,
  ...changes,
});

export async function addConfirmedCandidate(id: string, at: number): Promise<void> {
  await new NewsStore(env.DB).addFound(
    [
      {
        id,
        title: "The Trauma Code season 2 confirmed",
        language: "en",
        outlet: "Wire",
        url: "https://wire.example/1",
        publishedAt: at,
        foundAt: at,
        key: "#season2 #confirmed",
      },
    ],
    [],
  );
}

/** No candidate, source or news round; the content seeded; Discord and Slack mocked afresh: returns the mocks. */
export async function reviewWorld(): Promise<MockApis> {
  await env.DB.batch(["news_sources", "news_candidates", "news_round"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  await seedContent();
  return new MockApis().install();
}

/** As reviewWorld, with no feed polled yet and the feeds mocked too: returns the mocks. */
export async function pollWorld(): Promise<{ apis: MockApis; feeds: MockFeeds }> {
  const apis = await reviewWorld();
  await env.DB.prepare("DELETE FROM feed_state").run();
  return { apis, feeds: new MockFeeds().install(apis) };
}
