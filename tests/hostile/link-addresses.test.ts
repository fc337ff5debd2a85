// A published item's links come from feeds: an article's address and its sources' addresses, as the feed
// wrote them. The URL parser keeps `(`, `)`, `[` and `]` in a path, so an address may hold them, and the
// timeline sets each into our markdown as a link's target: there it must stay one whole link, neither end
// early (a Wikipedia address, `…_(TV_series)`) nor close its link and open one of its own.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { realBundle, seedContent, seedNews } from "../helpers/content";
import { ask, slash, textOf } from "../helpers/discord";
import { MockApis } from "../helpers/mock-api";
import { sendSlash, slackJson, slackText } from "../helpers/slack";

const ARTICLE = "https://en.wikipedia.org/wiki/The_Trauma_Code_(TV_series)";
/** A source's address that, set into markdown as written, would end its link and draw a second one, labelled as Netflix's. */
const FORGED = "https://evil.example/a)·[Netflix](https://phish.example/b";

beforeEach(async () => {
  await seedContent();
  new MockApis().install();
  const [item] = (await realBundle()).news;
  if (!item) throw new Error("no news in the bundle");
  await seedNews([{ ...item, id: "found-parens", date: "2099-01-01", url: ARTICLE, sources: [FORGED] }]);
});

describe("a timeline entry whose links hold brackets", () => {
  it("links the whole address, and no other, on Discord", async () => {
    const text = textOf(await ask(slash("renewal")));
    expect(text).toContain("](https://en.wikipedia.org/wiki/The_Trauma_Code_%28TV_series%29)");
    expect(text).not.toContain("](https://phish.example");
  });

  it("links the whole address, and no other, on Slack", async () => {
    const text = slackText(await slackJson(await sendSlash("/renewal")));
    expect(text).toContain("<https://en.wikipedia.org/wiki/The_Trauma_Code_%28TV_series%29|");
    expect(text).not.toContain("<https://phish.example");
  });

  it("links the whole address, and no other, on the home page", async () => {
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request("https://bot.test/?lang=en"), env, ctx);
    await waitOnExecutionContext(ctx);
    const page = await response.text();
    expect(page).toContain('href="https://en.wikipedia.org/wiki/The_Trauma_Code_%28TV_series%29"');
    expect(page).not.toContain('href="https://phish.example');
  });
});
