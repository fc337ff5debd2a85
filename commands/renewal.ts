import type { CommandContext, CommandFacts } from "../src/command";
import { commandNameAsShown, componentId, defineCommand, inPlace, language, staleButton } from "../src/command";
import { newestFirst } from "../src/content/published";
import type { NewsItem, NewsLabel } from "../src/content/schema";
import type { Content } from "../src/content/store";
import { formatDate, type Locale, pick } from "../src/i18n/locale";
import { t } from "../src/i18n/strings";
import { type Block, type Control, card, markdownLink, plainInMarkdown, REPLY_TEXT_MAX, type Reply, reply } from "../src/reply";
import { type AlertAction, alertsOption, manageAlerts, RENEWAL_NAMES } from "./alerts";
import { sourcesOf } from "./present";

const LABEL_MARKS: Record<NewsLabel, string> = {
  official: "✅",
  "author statement": "✍️",
  report: "📰",
  rumor: "❓",
};

/** "✍️ author statement", translated. Every timeline entry carries one. */
export const labelText = (label: NewsLabel, locale: Locale): string => `${LABEL_MARKS[label]} ${t(locale, `label.${label}`)}`;

/** An item's date as the reader writes it, "around" it where the date is only known to within a few days. */
const newsDate = (item: NewsItem, locale: Locale): string => {
  const date = formatDate(item.date, locale);
  return item.approximateDate ? t(locale, "renewal.around", { date }) : date;
};

/** One timeline line: date, label, title linked to its source. */
export const timelineLine = (item: NewsItem, locale: Locale): string =>
  `**${newsDate(item, locale)}** · _${labelText(item.label, locale)}_ · ${markdownLink(plainInMarkdown(pick(item.title, locale)), item.url)}`;

/**
 * A single news item as a card: used for alert posts, so a post looks like the timeline entry it came from.
 * Its first line names the show, since a post lands in a channel among others' with no command above it
 * (and the plain text sent for a refused post, and Slack's notification, keep that line).
 */
export function newsCard(item: NewsItem, locale: Locale): Reply {
  return card({
    title: pick(item.title, locale),
    url: item.url,
    text: `_${labelText(item.label, locale)}_ · ${newsDate(item, locale)} · ${t(locale, "renewal.show")}\n\n${pick(item.summary, locale)}`,
    sources: sourcesOf(item.sources, locale),
    note: t(locale, "renewal.legend"),
  });
}

/**
 * `src:<lang>`: every timeline source, privately (on answers sent before each entry showed its sources);
 * `al:on|off:<lang>`: turn the channel's alerts on or off; `tl:<page>:<lang>`: a page of the timeline in place.
 */
const SOURCES_PREFIX = "src";
const ALERTS_PREFIX = "al";
const TIMELINE_PREFIX = "tl";

/** In a channel, an alerts toggle showing what a click would do. */
async function renewalControls(locale: Locale, facts: CommandFacts, ctx: CommandContext): Promise<Control[]> {
  if (facts.inDM || !facts.channelId || facts.appInServer === false) return [];
  const subscribed = await ctx.alerts.subscription(facts.platform, facts.channelId).then(
    (sub) => sub?.active === true,
    () => false,
  );
  return [
    {
      kind: "button",
      label: t(locale, subscribed ? "button.alertsOff" : "button.alertsOn"),
      id: componentId(ALERTS_PREFIX, locale, subscribed ? "off" : "on"),
    },
  ];
}

/**
 * Every timeline entry with all of its sources, for the "Sources" button of answers sent before the
 * timeline showed each entry's sources itself. Each carries its label, as in the timeline: a rumor's
 * headline never stands alone. The entries are the newest that fit whole in one answer (links' addresses
 * counted), oldest first; what they leave out is counted at the top, with where to read it (/renewal as
 * the asker types it), since a list cut by the renderer would lose the newest entries and end inside a link.
 */
export function renewalSources(
  news: readonly NewsItem[],
  locale: Locale,
  facts: Pick<CommandFacts, "platform" | "clientLocale">,
): Reply {
  const entries = newestFirst(news).map(
    (item) =>
      `**${newsDate(item, locale)}** · _${labelText(item.label, locale)}_ · ${plainInMarkdown(pick(item.title, locale))}\n${sourceLinks(item.sources, locale)}`,
  );
  const renewal = commandNameAsShown({ ...RENEWAL_NAMES, options: {} }, facts);
  // One entry is spoken of as one ("One older entry ... shows it").
  const olderText = (count: number) => t(locale, count === 1 ? "sources.olderOne" : "sources.older", { count, renewal });
  const room = PAGE_TEXT_MAX - t(locale, "sources.all").length - olderText(entries.length).length;
  const shown: string[] = [];
  let size = 0;
  for (const entry of entries) {
    if (shown.length && size + entry.length + 2 > room) break;
    shown.push(entry);
    size += entry.length + 2;
  }
  const older = entries.length - shown.length;
  const lines = [...(older ? [`_${olderText(older)}_`] : []), ...shown.reverse()];
  return { ...card({ title: t(locale, "sources.all"), text: lines.join("\n\n") }), visibility: "ephemeral" };
}

/** Timeline entries per page at most: the answer stays this short however many items there are. */
export const TIMELINE_PAGE_SIZE = 5;
/**
 * The characters a page's entries may take together, within what a reply shows whole (REPLY_TEXT_MAX, links'
 * addresses counted): found stories' links (news search links run past 250 characters) would otherwise be
 * cut by the renderer, or their entries dropped, which no page would then show. A page takes fewer entries
 * instead. The first page has less room: what its status sentence, its sources, its headings and the
 * legend leave of PAGE_TEXT_MAX.
 */
export const TIMELINE_PAGE_CHARS = 3_000;
/** A page's text in all, less what the headings' markup and the separator may take. */
const PAGE_TEXT_MAX = REPLY_TEXT_MAX - 100;
/** Sources a timeline entry links at most, then how many more; the item's alert (newsCard) lists every one. */
export const TIMELINE_SOURCES_MAX = 3;

/**
 * Sources as one line of links, each named by its site; past `max`, how many more there are. A site's name
 * is plain text (a host may hold `_` or `*`, or be an IPv6 address in brackets), escaped into the markdown.
 */
const sourceLinks = (sources: readonly string[], locale: Locale, max = Number.POSITIVE_INFINITY): string => {
  const { links } = sourcesOf(sources, locale);
  const shown = links
    .slice(0, max)
    .map((l) => (l.url ? markdownLink(plainInMarkdown(l.label), l.url) : plainInMarkdown(l.label)));
  if (links.length > shown.length) shown.push(t(locale, "sources.more", { count: links.length - shown.length }));
  return shown.join(" · ");
};

/** A line citing `sources`, under what they back. */
const citing = (sources: readonly string[], locale: Locale, max?: number): string =>
  `_${t(locale, "sources")}: ${sourceLinks(sources, locale, max)}_`;

/**
 * One entry with its label, its title linked to the article, and its first sources: fewer, down to none
 * but their count, when their links would pass the page's `room` (links of 1,000 characters), where the
 * renderers would cut the entry mid-link.
 */
function timelineEntry(item: NewsItem, locale: Locale, room: number): string {
  for (let max = TIMELINE_SOURCES_MAX; ; max--) {
    const entry = `${timelineLine(item, locale)}\n${citing(item.sources, locale, max)}`;
    if (entry.length <= room || max === 0) return entry;
  }
}

/**
 * The entries newest first, in pages of at most TIMELINE_PAGE_SIZE whose text stays within their room
 * (`firstRoom` for the first page, TIMELINE_PAGE_CHARS for the others; an entry longer than that alone
 * has a page of its own). The same items give the same pages, so a page's button finds the entries it
 * promised.
 */
function timelinePages(ordered: readonly NewsItem[], locale: Locale, firstRoom: number): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let size = 0;
  const room = () => (pages.length === 0 ? firstRoom : TIMELINE_PAGE_CHARS);
  for (const item of ordered) {
    let entry = timelineEntry(item, locale, room());
    if (page.length && (page.length === TIMELINE_PAGE_SIZE || size + entry.length > room())) {
      pages.push(page);
      page = [];
      size = 0;
      entry = timelineEntry(item, locale, room());
    }
    page.push(entry);
    size += entry.length;
  }
  pages.push(page);
  return pages;
}

/**
 * Page 0: the one-sentence status and the newest entries, with a "Full timeline" button when there are
 * more. Later pages: older entries, newest first, with buttons to page back and forth. `news` is what
 * was published (D1), so the timeline shows exactly what alerts deliver.
 */
export function renewalTimeline(
  content: Content,
  news: readonly NewsItem[],
  locale: Locale,
  { page = 0, controls = [] }: { page?: number; controls?: Control[] } = {},
): Reply {
  const status = content.show.renewalStatus;
  const asOf = t(locale, "renewal.asOf", { date: formatDate(status.asOf, locale) });
  // The sentence cites its own sources: the entries below are only the newest, and may cite others.
  const statusText = `${pick(status.text, locale)} _(${asOf})_\n${citing(status.sources, locale)}`;
  // What the first page's entries may take: what its other text leaves (the count heading at its longest).
  const framing = [
    t(locale, "renewal.title"),
    t(locale, "renewal.newest", { count: TIMELINE_PAGE_SIZE }),
    t(locale, "renewal.legend"),
  ];
  const firstRoom = Math.min(TIMELINE_PAGE_CHARS, PAGE_TEXT_MAX - statusText.length - framing.join("").length);
  const all = timelinePages(newestFirst(news), locale, firstRoom);
  const pages = all.length;
  const at = Math.min(Math.max(0, page), pages - 1);
  const entries = all[at] ?? [];
  const blocks: Block[] = [{ kind: "heading", text: t(locale, at === 0 ? "renewal.title" : "renewal.fullTimeline") }];
  if (at === 0) blocks.push({ kind: "text", markdown: statusText }, { kind: "separator" });
  // The first page holds a single entry when its links leave room for no other (TIMELINE_PAGE_CHARS).
  const newest = entries.length === 1 ? t(locale, "renewal.newestOne") : t(locale, "renewal.newest", { count: entries.length });
  const heading = at === 0 ? newest : t(locale, "renewal.page", { page: at + 1, pages });
  // Nothing published (every item withdrawn): no count heads an empty list ("The 0 newest entries").
  if (entries.length) blocks.push({ kind: "text", markdown: `**${heading}**` });
  for (const entry of entries) blocks.push({ kind: "text", markdown: entry });
  blocks.push({ kind: "note", text: t(locale, "renewal.legend") });
  const paging: Control[] =
    at === 0
      ? pages > 1
        ? [
            {
              kind: "button",
              label: t(locale, "button.fullTimeline"),
              id: componentId(TIMELINE_PREFIX, locale, 1),
              style: "primary",
            },
          ]
        : []
      : [
          { kind: "button", label: t(locale, "button.newer"), id: componentId(TIMELINE_PREFIX, locale, at - 1) },
          {
            kind: "button",
            label: t(locale, "button.older"),
            id: componentId(TIMELINE_PREFIX, locale, at + 1),
            disabled: at >= pages - 1,
          },
        ];
  if (paging.length || controls.length) blocks.push({ kind: "actions", controls: [...paging, ...controls] });
  return reply(blocks);
}

export const renewal = defineCommand({
  ...RENEWAL_NAMES,
  description: {
    en: "Seasons 2 and 3: what is official, what is reported, what is rumor",
    ko: "시즌 2·3: 공식 발표, 보도, 루머를 구분해서",
    id: "Musim 2 dan 3: mana yang resmi, laporan, atau rumor",
    tl: "Ikalawa at ikatlong season: alin ang opisyal, ulat, o tsismis",
  },
  // Slack's (the usage line is shown there only), where a channel cannot follow: `follow` is left out.
  usage: "/renewal [alerts on|off|status] [lang:en|ko|id|tl]",
  examples: { discord: { language: "ko" }, slack: "/renewal lang:ko" },
  options: {
    alerts: alertsOption,
    language: language(),
  },
  async run({ options, locale, facts }, ctx) {
    if (options.alerts) return manageAlerts(options.alerts as AlertAction, locale, facts, ctx);
    const [content, news, controls] = await Promise.all([ctx.content(), ctx.news(), renewalControls(locale, facts, ctx)]);
    return renewalTimeline(content, news, locale, { controls });
  },
  components: [
    {
      prefix: SOURCES_PREFIX,
      run: async ({ arg, locale, facts }, ctx) =>
        arg === undefined ? renewalSources(await ctx.news(), locale, facts) : staleButton(),
    },
    {
      prefix: TIMELINE_PREFIX,
      // The page replaces the answer in place, so it keeps the answer's alerts button.
      run: async ({ arg, locale, facts }, ctx) => {
        if (!/^\d{1,4}$/.test(arg ?? "")) return staleButton();
        const [content, news, controls] = await Promise.all([ctx.content(), ctx.news(), renewalControls(locale, facts, ctx)]);
        return inPlace(renewalTimeline(content, news, locale, { page: Number(arg), controls }));
      },
    },
    {
      prefix: ALERTS_PREFIX,
      // The same permission rules as the command.
      run: ({ arg, locale, facts }, ctx) =>
        arg === "on" || arg === "off" ? manageAlerts(arg, locale, facts, ctx) : staleButton(),
    },
  ],
});
