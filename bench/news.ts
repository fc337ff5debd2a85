// CPU of the news round's feed parsing, in process: a full page of a Google News search feed, generated
// here as Google serves it, read by the Worker's own parseFeed, and what one tick parses at most.
import { parseFeed } from "../src/news/parse";
import { FEEDS_PER_TICK, XML_PER_TICK } from "../src/news/poll";
import { median, percentile } from "./lib";

const cpuUs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return d.user + d.system;
};

/** The same letters every run, so that every run measures the same page. */
function letters(seed: number, length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let x = seed * 2654435761;
  let out = "";
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += alphabet[x >>> 26];
  }
  return out;
}

const OUTLETS = ["Soompi", "Korea JoongAng Daily", "The Korea Times", "Kompas.com", "Rappler", "Netflix Tudum", "allkpop"];

/**
 * A page of a Google News search feed as it is served: each item's link and guid an article token of a
 * few hundred characters, and its description that link and the outlet again, as escaped HTML (every
 * `<`, `>` and `&nbsp;` an entity to decode). 100 items come to about 110 KB.
 */
export function googleNewsPage(items = 100): string {
  const day = Date.UTC(2026, 10, 30);
  const item = (i: number) => {
    const token = `CBMi${letters(i + 1, 160)}`;
    const link = `https://news.google.com/rss/articles/${token}?oc=5`;
    const outlet = OUTLETS[i % OUTLETS.length] as string;
    const title = `The Trauma Code season 2: Ju Ji-hoon returns as Baek Kang-hyuk, filming story ${i} &amp; more`;
    return `<item><title>${title} - ${outlet}</title><link>${link}</link><guid isPermaLink="false">${token}</guid><pubDate>${new Date(day - i * 3_600_000).toUTCString()}</pubDate><description>&lt;a href="${link}" target="_blank"&gt;${title.replace("&amp;", "&amp;amp;")}&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;${outlet}&lt;/font&gt;</description><source url="https://www.${outlet.toLowerCase().replace(/\W+/g, "")}.com">${outlet}</source></item>`;
  };
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>NFE/5.0</generator><title>"Trauma Code" "season 2" - Google News</title><link>https://news.google.com/search?q=%22Trauma+Code%22+%22season+2%22&amp;hl=en-US&amp;gl=US&amp;ceid=US:en</link><language>en-US</language><webMaster>news-webmaster@google.com</webMaster><copyright>2026 Google Inc.</copyright><lastBuildDate>${new Date(day).toUTCString()}</lastBuildDate><description>Google News</description>${Array.from({ length: items }, (_, i) => item(i)).join("")}</channel></rss>`;
}

export interface FeedCpu {
  /** The page's length in characters (its bytes: it is ASCII). */
  chars: number;
  entries: number;
  median: number;
  p99: number;
  /** Pages a tick would parse were each of its FEEDS_PER_TICK feeds read. */
  pagesIfAllRead: number;
  /** Pages' worth a tick parses at most, as the XML_PER_TICK bound lets it. */
  pagesPerTick: number;
}

/**
 * parseFeed on one page, as the Worker reads a feed after decoding it: groups of `group` parses, each
 * group one sample (its CPU / group), the figures the median and p99 over `rounds` groups.
 */
export function measureFeedCpu({ rounds = 30, group = 10, warmup = 50 } = {}): FeedCpu {
  const page = googleNewsPage();
  const url = "https://news.google.com/rss/search?q=%22Trauma+Code%22";
  const run = () => parseFeed(page, "application/xml; charset=utf-8", url).length;
  const entries = run();
  for (let i = 0; i < warmup; i++) run();
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < group; i++) run();
    samples.push(cpuUs(start) / group);
  }
  return {
    chars: page.length,
    entries,
    median: median(samples),
    p99: percentile(samples, 99),
    pagesIfAllRead: FEEDS_PER_TICK,
    // A tick starts another feed only while what it has read is under XML_PER_TICK: at worst it has read
    // just under that, in pages' worth of bytes, and then reads a whole page.
    pagesPerTick: Math.min(FEEDS_PER_TICK, 1 + XML_PER_TICK / page.length),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(measureFeedCpu());
