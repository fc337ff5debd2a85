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
        ["roster", roster(content, locale)],
        ["guide", episodeGuide(content, locale)],
        ["about", aboutCard(content, locale)],
        // Every page: a page holds at least one entry (and a page past the last is the last again).
        ...Array.from({ length: content.news.length }, (_, page): [string, Reply] => [
          `renewal page ${page}`,
          renewalTimeline(content, news, locale, { page }),
        ]),
        ["sources", renewalSources(news, locale)],
        ["inspirations", inspirationList(content, locale)],
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
