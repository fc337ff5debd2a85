// A stand-in for the news feeds on the web, inside workerd: the Worker's fetch calls to *.feeds.test
// land here, beside the Discord and Slack mocks. Like a real server it honours If-None-Match and
// If-Modified-Since with 304, sends HTML error pages, can be slow (until the caller's signal fires) or
// never end its body, and can redirect (a fetch that follows redirects makes one request per hop, up to
// 20, for the statuses workerd follows, as its fetch does). It
// counts requests in flight per host, so tests can check that a host gets one request at a time.
import { vi } from "vitest";
import type { MockApis } from "./mock-api";

export interface Served {
  /** Text is sent as UTF-8; bytes as they are (a feed in another encoding). */
  body: string | Uint8Array;
  status?: number;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** Send the first bytes, then nothing more (the connection stays open). */
  stall?: boolean;
  /** Send bytes forever. */
  endless?: boolean;
  /** Wait this long before answering (headers included). */
  delayMs?: number;
  /** Fail the connection instead of answering. */
  networkError?: boolean;
  /** Answer 301 (or `redirectStatus`) to this address, relative or absolute. */
  redirectTo?: string;
  redirectStatus?: number;
  /** More headers of the answer (Retry-After). */
  headers?: Record<string, string>;
}

/** How many redirects fetch follows before it fails (the Fetch standard's limit, which workerd keeps). */
const FOLLOWED_REDIRECTS_MAX = 20;
/** The statuses fetch follows. */
const FOLLOWED = new Set([301, 302, 303, 307, 308]);

export interface FeedRequest {
  url: string;
  headers: Record<string, string>;
  status: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects with the signal's reason once it fires; never settles without one. */
const aborted = (signal?: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener("abort", () => reject(signal.reason));
  });

export class MockFeeds {
  requests: FeedRequest[] = [];
  maxInFlightPerHost = 0;
  private inFlight = new Map<string, number>();
  private routes = new Map<string, Served>();

  serve(url: string, served: Served) {
    this.routes.set(url, served);
    return this;
  }

  to(url: string) {
    return this.requests.filter((r) => r.url === url);
  }

  async handle(url: URL, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    const host = url.host;
    const now = (this.inFlight.get(host) ?? 0) + 1;
    this.inFlight.set(host, now);
    this.maxInFlightPerHost = Math.max(this.maxInFlightPerHost, now);
    try {
      const served = this.routes.get(url.toString());
      // The caller's signal ends the wait, as it ends a real fetch.
      if (served?.delayMs) await Promise.race([sleep(served.delayMs), aborted(signal)]);
      if (served?.networkError) {
        this.requests.push({ url: url.toString(), headers, status: 0 });
        throw new TypeError("Network connection lost.");
      }
      const response = this.answer(served, headers);
      this.requests.push({ url: url.toString(), headers, status: response.status });
      return response;
    } finally {
      // Counted until the headers are sent; a stalled body does not hold the slot in these tests.
      this.inFlight.set(host, (this.inFlight.get(host) ?? 1) - 1);
    }
  }

  private answer(served: Served | undefined, headers: Record<string, string>): Response {
    if (!served)
      return new Response("<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>", {
        status: 404,
        headers: { "content-type": "text/html" },
      });
    if (served.redirectTo)
      return new Response(null, { status: served.redirectStatus ?? 301, headers: { location: served.redirectTo } });
    const validators: Record<string, string> = {};
    if (served.etag) validators.etag = served.etag;
    if (served.lastModified) validators["last-modified"] = served.lastModified;
    const fresh =
      (served.etag && headers["if-none-match"] === served.etag) ||
      (!served.etag && served.lastModified && headers["if-modified-since"] === served.lastModified);
    if (fresh) return new Response(null, { status: 304, headers: validators });
    const responseHeaders = {
      "content-type": served.contentType ?? "application/rss+xml; charset=utf-8",
      ...validators,
      ...served.headers,
    };
    const bytes = typeof served.body === "string" ? new TextEncoder().encode(served.body) : served.body;
    if (served.stall || served.endless) {
      const filler = new TextEncoder().encode("<!-- filler -->".repeat(1000));
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(bytes.slice(0, 64));
            return;
          }
          if (served.endless) controller.enqueue(filler);
          else await new Promise(() => {}); // never resolves: a body that stops coming
        },
      });
      return new Response(body, { status: served.status ?? 200, headers: responseHeaders });
    }
    return new Response(bytes, { status: served.status ?? 200, headers: responseHeaders });
  }

  /**
   * A feed host's answer as workerd's fetch gives it: 301, 302, 303, 307 and 308 followed (up to 20)
   * unless the caller said `manual`, any other status as it is; `error` refused before any request.
   */
  private async fetchFeed(url: URL, headers: Record<string, string>, init: RequestInit): Promise<Response> {
    if (init.redirect === "error") throw new TypeError('Invalid redirect value, must be one of "follow" or "manual".');
    let at = url;
    for (let hops = 0; ; hops++) {
      const response = await this.handle(at, headers, init.signal ?? undefined);
      const location = response.headers.get("location");
      if (init.redirect === "manual" || !location || !FOLLOWED.has(response.status)) return response;
      if (hops >= FOLLOWED_REDIRECTS_MAX) throw new TypeError("Too many redirects.");
      at = new URL(location, at);
    }
  }

  /** Routes feed hosts here and everything else to the Discord and Slack mocks. */
  install(apis: MockApis) {
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : undefined;
      const url = new URL(request ? request.url : String(input));
      const options: RequestInit = init ?? { method: request?.method, body: request ? await request.text() : undefined };
      const headers = Object.fromEntries(new Headers(options.headers ?? request?.headers).entries());
      if (url.hostname.endsWith(".feeds.test")) return this.fetchFeed(url, headers, options);
      if (url.hostname === "discord.mock") return apis.handleDiscord(url, options, headers);
      if (url.hostname === "slack.mock") return apis.handleSlack(url, options, headers);
      throw new Error(`unexpected outbound request to ${url}`);
    });
    return this;
  }
}

/** A story a search page lists. */
export interface SearchStory {
  title: string;
  url: string;
  outlet: string;
  /** An RFC 822 date, as RSS writes it. */
  pubDate: string;
}

/**
 * A full page of a news search feed as Google News serves it: `items` items (the stories given, then
 * headlines about other things), each with an article token of a few hundred characters as its guid and
 * in its description, which is the link and the outlet again as escaped HTML. 100 come to about 110 KB.
 */
export function searchPage(stories: readonly SearchStory[], items = 100): string {
  const others = Array.from({ length: Math.max(0, items - stories.length) }, (_, i) => ({
    title: `Seoul weather: rain and wind expected on the coast, report ${i}`,
    url: `https://weather-desk.example/forecast/${i}`,
    outlet: "Weather Desk",
    pubDate: "Tue, 10 Nov 2026 06:00:00 GMT",
  }));
  const item = (story: SearchStory, i: number) => {
    const token = `CBMi${String(i).padStart(3, "0")}${"AU_yqLN3kR8vTq2xWb7".repeat(8)}`;
    const title = story.title.replaceAll("&", "&amp;");
    return `<item><title>${title} - ${story.outlet}</title><link>${story.url}</link><guid isPermaLink="false">${token}</guid><pubDate>${story.pubDate}</pubDate><description>&lt;a href="https://news.google.com/rss/articles/${token}?oc=5" target="_blank"&gt;${title.replaceAll("&amp;", "&amp;amp;")}&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;${story.outlet}&lt;/font&gt;</description><source url="https://${new URL(story.url).host}">${story.outlet}</source></item>`;
  };
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>NFE/5.0</generator><title>"Trauma Code" - Google News</title><link>https://news.google.com/search?q=%22Trauma+Code%22&amp;hl=en-US</link><language>en-US</language><description>Google News</description>${[...stories, ...others].map(item).join("")}</channel></rss>`;
}
