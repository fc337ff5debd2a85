// A timeline entry names each source by its site, as the address's host gives it. A host may hold `_` or
// `*` (the URL parser keeps both), or be an IPv6 address in brackets: set into markdown as written, the
// name would open italics or bold, or end its link's label early. Each shows as written, and links whole.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { realBundle, seedContent, seedNews } from "../helpers/content";
import { ask, slash, textOf } from "../helpers/discord";
import { MockApis } from "../helpers/mock-api";
import { sendSlash, slackJson, slackText } from "../helpers/slack";

const SOURCES = ["https://fan_club.example/a", "https://[2001:db8::1]/b", "https://k*drama.example/c"];

beforeEach(async () => {
  await seedContent();
  new MockApis().install();
  const [item] = (await realBundle()).news;
  if (!item) throw new Error("no news in the bundle");
  await seedNews([{ ...item, id: "found-odd-hosts", date: "2099-01-01", sources: SOURCES }]);
});

describe("a timeline source whose site name holds markdown's characters", () => {
  it("is named as written and linked whole on Discord", async () => {
    const text = textOf(await ask(slash("renewal")));
    expect(text).toContain("[fan\\_club.example](https://fan_club.example/a)");
    expect(text).toContain("[\\[2001:db8::1\\]](https://[2001:db8::1]/b)");
    expect(text).toContain("[k\\*drama.example](https://k*drama.example/c)");
  });

  it("is named as written and linked whole on Slack", async () => {
    const text = slackText(await slackJson(await sendSlash("/renewal")));
    // Slack's mrkdwn has no escapes: `_` and `*` are shown as their look-alikes, which format nothing.
    expect(text).toContain("<https://fan_club.example/a|fanˍclub.example>");
    expect(text).toContain("<https://[2001:db8::1]/b|[2001:db8::1]>");
    expect(text).toContain("<https://k*drama.example/c|k∗drama.example>");
  });

  it("is named as written and linked whole on the home page", async () => {
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request("https://bot.test/?lang=en"), env, ctx);
    await waitOnExecutionContext(ctx);
    const page = await response.text();
    for (const [url, site] of [
      [SOURCES[0], "fan_club.example"],
      [SOURCES[1], "[2001:db8::1]"],
      [SOURCES[2], "k*drama.example"],
    ])
      expect(page).toContain(`<a href="${url}" rel="noopener noreferrer">${site}</a>`);
  });
});
