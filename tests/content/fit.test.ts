// The real answers fit Discord's and Slack's limits without being cut: truncation exists for safety,
// but no fan should ever see the show's own content end in "…".

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { aboutCard } from "../../commands/about";
import { characterCard, characterSpoilers, roster } from "../../commands/character";
import { episodeCard, episodeGuide } from "../../commands/episode";
import { inspirationCard, inspirationList } from "../../commands/inspiration";
import { newsCard, renewalSources, renewalTimeline } from "../../commands/renewal";
import { loadContent } from "../../src/content/store";
import { toDiscordMessage, toDiscordV2Message } from "../../src/discord/render";
import { LOCALES } from "../../src/i18n/locale";
import type { Reply } from "../../src/reply";
import { toSlackMessage } from "../../src/slack/render";
import { seedContent } from "../helpers/content";

describe("every real answer", () => {
  it("renders in full on both platforms, in every language", async () => {
    await seedContent();
    const content = await loadContent(env.CONTENT);
    // The seed publishes data/news.json, so the timeline shows exactly these items.
    const { news } = content;
    for (const locale of LOCALES) {
      const replies: [string, Reply][] = [
        ["roster", roster(content, locale, { platform: "discord" })],
        ["guide", episodeGuide(content, locale)],
        ["about", aboutCard(content, locale)],
        // Every page: a page holds at least one entry (and a page past the last is the last again).
        ...Array.from({ length: content.news.length }, (_, page): [string, Reply] => [
          `renewal page ${page}`,
          renewalTimeline(content, news, locale, { page }),
        ]),
        ["sources", renewalSources(news, locale, { platform: "discord" })],
        ["inspirations", inspirationList(content, locale, { platform: "discord" })],
        ...content.characters.map((c): [string, Reply] => [c.id, characterCard(c, locale, content)]),
        ...content.characters.map((c): [string, Reply] => [`${c.id} spoilers`, characterSpoilers(c, locale)]),
        ...content.episodes.map((e): [string, Reply] => [`episode ${e.number}`, episodeCard(e, locale, content)]),
        ...content.inspirations.map((i): [string, Reply] => [i.id, inspirationCard(i, locale)]),
        ...content.news.map((n): [string, Reply] => [n.id, newsCard(n, locale)]),
      ];
      for (const [name, reply] of replies) {
        const discord = JSON.stringify([toDiscordMessage(reply), toDiscordV2Message(reply)]);
        const slack = JSON.stringify(toSlackMessage(reply).blocks);
        expect(discord.includes("…"), `${locale} ${name} on Discord`).toBe(false);
        expect(slack.includes("…"), `${locale} ${name} on Slack`).toBe(false);
      }
    }
  });
});

describe("the renewal timeline's first page", () => {
  it("leaves room for a longer status sentence, so long-linked entries are never cut", async () => {
    await seedContent();
    const real = await loadContent(env.CONTENT);
    const status = real.show.renewalStatus;
    // The status sentence some 400 characters longer, and one story whose links alone nearly fill a page, in every language, as an update of it may make it.
    const longer = Object.fromEntries(
      Object.entries(status.text).map(([l, text]) => [l, `${text} ${"Lorem ipsum. ".repeat(30)}`]),
    );
    const content = { ...real, show: { ...real.show, renewalStatus: { ...status, text: longer } } } as typeof real;
    const link = (n: number) => `https://news.google.com/rss/articles/CBMi${"y".repeat(1370)}${n}?oc=5`;
    const found = Array.from({ length: 8 }, (_, n) => ({
      ...real.news[0]!,
      id: `found-${n}`,
      date: `2099-02-${String(n + 1).padStart(2, "0")}`,
      title: { ...real.news[0]!.title, en: `Found story ${n}` },
      url: link(n),
      sources: [link(n)],
    }));
    for (const locale of LOCALES) {
      const seen = new Set<string>();
      for (let page = 0; page < found.length; page++) {
        const reply = renewalTimeline(content, found, locale, { page });
        const discord = JSON.stringify([toDiscordMessage(reply), toDiscordV2Message(reply)]);
        expect(discord.includes("…"), `${locale} page ${page} on Discord`).toBe(false);
        expect(JSON.stringify(toSlackMessage(reply).blocks).includes("…"), `${locale} page ${page} on Slack`).toBe(false);
        for (const m of JSON.stringify(toDiscordV2Message(reply)).matchAll(/CBMiy+(\d)\?/g)) seen.add(m[1] ?? "");
      }
      expect(seen.size, `${locale}: every story on some page`).toBe(found.length);
    }
  });
});
