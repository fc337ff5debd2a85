// An alert post of a story with many long links (news search links run to hundreds of characters, and a
// published story cites up to ten) keeps every link it shows whole, on both platforms, in every language.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { NewsItem } from "../../src/content/schema";
import { ITEM_SOURCES_MAX } from "../../src/news/publish";
import { publishNews } from "../../src/topics/renewal";
import { deliveryWorldEach, discordAlerts, runCron, runQueueUntilDone, slackAlerts, sleep } from "../helpers/alerts";
import { realBundle, seedContent } from "../helpers/content";
import { assertDiscordLimits, assertSlackLimits } from "../helpers/limits";

const world = deliveryWorldEach();

const LANGUAGES = ["en", "ko", "id", "tl"];
/** A news search link as Google News gives one, some 330 characters long. */
const searchLink = (n: number) => `https://news.google.com/rss/articles/CBMi${"y".repeat(280)}${n}?oc=5`;

async function publishLongSourced(): Promise<NewsItem> {
  const bundle = await realBundle();
  const text = (words: string) => Object.fromEntries(LANGUAGES.map((l) => [l, words])) as NewsItem["title"];
  const item: NewsItem = {
    id: "long-sourced",
    date: "2026-11-20",
    label: "report",
    title: text("Season 2 filming reported"),
    // As long as the review's Edit form lets a summary be.
    summary: text("Filming is reported to have begun. ".repeat(28).trim()),
    url: searchLink(99),
    sources: Array.from({ length: ITEM_SOURCES_MAX }, (_, n) => searchLink(n)),
  };
  await seedContent({ ...bundle, version: "with-long-sourced", news: [...bundle.news, item] });
  await publishNews(env, item, Date.now());
  return item;
}

describe("an alert post citing many long links", () => {
  it("shows each link whole or not at all on Discord, and every one on Slack", async () => {
    const { api, queue, testEnv } = world;
    for (const [n, language] of LANGUAGES.entries()) {
      await discordAlerts("on", `70${n}`, {}, language);
      await slackAlerts(`alerts on lang:${language}`, `C70${n}`);
    }
    await sleep(3);
    await publishLongSourced();
    await runCron(testEnv);
    await runQueueUntilDone(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect(api.discord).toHaveLength(LANGUAGES.length);
    expect(api.slack).toHaveLength(LANGUAGES.length);
    for (const post of api.discord) {
      assertDiscordLimits(post.body as never);
      const description = (post.body.embeds as { description: string }[])[0]?.description ?? "";
      // Every link begun is ended: a cut one would show its address as text.
      const begun = description.match(/\[news\.google\.com/g) ?? [];
      const whole = description.match(/\[news\.google\.com[^\]]*\]\(https:\/\/news\.google\.com\/[^)\s]+\?oc=5\)/g) ?? [];
      expect(begun.length, post.channelId).toBeGreaterThan(0);
      expect(whole.length, post.channelId).toBe(begun.length);
    }
    for (const post of api.slack) {
      assertSlackLimits(post.body as never);
      const blocks = JSON.stringify(post.body.blocks);
      for (let n = 0; n < ITEM_SOURCES_MAX; n++) expect(blocks, `${post.channel} source ${n}`).toContain(`<${searchLink(n)}|`);
    }
  });

  it("cuts no address in the plain text it falls back to when a platform refuses the card", async () => {
    const { api, queue, testEnv } = world;
    await discordAlerts("on", "710");
    await slackAlerts("alerts on", "C710");
    api.scriptDiscord("710", { status: 400, body: { message: "Invalid Form Body", code: 50035 } });
    api.scriptSlack("C710", { status: 200, body: { ok: false, error: "invalid_blocks" } });
    await sleep(3);
    const item = await publishLongSourced();
    await runCron(testEnv);
    await runQueueUntilDone(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    const links = new Set([item.url, ...item.sources]);
    const texts = [...api.discord.map((p) => String(p.body.content)), ...api.slack.map((p) => String(p.body.text))];
    expect(texts).toHaveLength(2);
    for (const text of texts) {
      const shown = text.match(/https:\/\/[^\s)|>]+/g) ?? [];
      expect(shown.length).toBeGreaterThan(0);
      for (const url of shown) expect(links, url.slice(-20)).toContain(url);
    }
  });
});
