// A Slack answer names a site in three places: under a card's heading, in the card's sources and in the
// timeline's lines. A host may hold what mrkdwn reads as formatting (`_`, `*`, `~`, a backtick), an `&`
// (and so what Slack reads as an entity), be an IPv6 address or a name in another script (which the URL
// parser gives in punycode). Wherever it stands, a site is named the same, as its address writes it.
import { beforeEach, describe, expect, it } from "vitest";
import { newsCard } from "../../commands/renewal";
import type { ContentBundle } from "../../src/content/bundle";
import type { NewsItem } from "../../src/content/schema";
import { card } from "../../src/reply";
import { toSlackMessage } from "../../src/slack/render";
import { realBundle, seedContent, seedNews } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { type SlackReply, sendSlash, slackJson } from "../helpers/slack";

/** Each address and the name Slack shows for its site: formatting characters as look-alikes, `&` as an entity. */
const SITES: [url: string, shown: string][] = [
  ["https://my_fan_site.example/a", "myˍfanˍsite.example"],
  ["https://www.k*drama*.example/b", "k∗drama∗.example"],
  ["https://~wire~.example/c", "∼wire∼.example"],
  ["https://`desk`.example/d", "ˋdeskˋ.example"],
  ["https://x&lt;y.example/e", "x&amp;lt;y.example"],
  ["https://[2001:db8::1]/f", "[2001:db8::1]"],
  ["https://한국.example/g", "xn--3e0b707e.example"],
  ["https://prod-appfeeds.fan_wire.example/h", "fanˍwire.example"],
];
const URLS = SITES.map(([url]) => url);
const SHOWN = new Map(SITES);
/** A story on the first site. */
const STORY = "https://my_fan_site.example/story";

/** Every Slack link `<url|label>` of a message, in its blocks and its notification text. */
function linksOf(reply: Pick<SlackReply, "text" | "blocks">): [url: string, label: string][] {
  const texts = [
    reply.text,
    ...reply.blocks.flatMap((b) => [
      b.text?.text ?? "",
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => e.text ?? ""),
    ]),
  ];
  // An action's element has a text object, not mrkdwn: only strings are read.
  const links = (text: unknown) => (typeof text === "string" ? [...text.matchAll(/<([^|<>]+)\|([^<>]*)>/g)] : []);
  return texts.flatMap((text) => links(text).map(([, url = "", label = ""]): [string, string] => [url, label]));
}

/** The links of `reply` to the odd sites, each with the name it shows. */
function siteLinks(reply: Pick<SlackReply, "text" | "blocks">): [url: string, label: string][] {
  return linksOf(reply).filter(([url]) => SHOWN.has(url));
}

const item = (bundle: ContentBundle): NewsItem => {
  const [first] = bundle.news;
  if (!first) throw new Error("no news in the bundle");
  // Its own link is the timeline's title (labelled with the headline), and its alert's heading names its site.
  return { ...first, id: "found-odd-sites", date: "2099-01-01", url: STORY, sources: URLS };
};

let news: NewsItem;

beforeEach(async () => {
  new MockApis().install();
  const bundle = await realBundle();
  bundle.show.watchUrl = URLS[1];
  bundle.show.sources = URLS;
  for (const c of bundle.characters) c.sources = URLS;
  for (const e of bundle.episodes) e.sources = URLS;
  for (const i of bundle.inspirations) Object.assign(i, { url: URLS[7], sources: URLS });
  news = item(bundle);
  await seedContent(bundle);
  await seedNews([news]);
});

describe("a site whose host holds what Slack reads as markup", () => {
  const answers: [string, () => Promise<Pick<SlackReply, "text" | "blocks">>][] = [
    ["/about", async () => slackJson(await sendSlash("/about"))],
    ["/character", async () => slackJson(await sendSlash("/character", "baek"))],
    ["/episode", async () => slackJson(await sendSlash("/episode", "1"))],
    ["/inspiration", async () => slackJson(await sendSlash("/inspiration", "lee kook-jong"))],
    ["/renewal", async () => slackJson(await sendSlash("/renewal"))],
    ["a renewal alert's post", async () => toSlackMessage(newsCard(news, "en"))],
  ];

  it.each(answers)("is named as its address writes it, the same everywhere in %s", async (_name, answer) => {
    const links = siteLinks(await answer());
    expect(links.length).toBeGreaterThan(0);
    for (const [url, label] of links) expect(label, url).toBe(SHOWN.get(url));
  });

  it("is named under a card's heading as in the card's sources", async () => {
    // The alert's heading links the story, and its sources list every site.
    const post = toSlackMessage(newsCard(news, "en"));
    const context = post.blocks.find((b) => b.type === "context");
    expect(context?.type === "context" && context.elements[0]?.text).toBe(`<${STORY}|myˍfanˍsite.example>`);
    expect(new Set(siteLinks(post).map(([url]) => url))).toEqual(new Set(URLS));
  });
});

it("sends a heading whose link no URL parser reads without a site under it, rather than failing the answer", () => {
  const post = toSlackMessage(card({ title: "Odd link", url: "https://exa mple_site/a", text: "Body" }));
  expect(post.blocks.map((b) => b.type)).toEqual(["header", "section"]);
});
