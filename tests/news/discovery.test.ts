// News discovery end to end inside workerd: the cron polls mock feeds, keeps and groups what is about
// the renewal, posts candidates to the review channels; a reviewer's signed click publishes, and every
// subscribed channel gets the item exactly once.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { NEWS_CRON, PLAN_CRON } from "../../src/jobs";
import { feedEvery } from "../../src/news/feeds";
import { feedEncoding } from "../../src/news/fetch-feed";
import { editForm } from "../../src/news/modal";
import { pollFeeds } from "../../src/news/poll";
import { updateRenewalStatus } from "../../src/news/publish";
import { applyReview, editsFrom } from "../../src/news/review";
import { NewsStore } from "../../src/news/store";
import { publishedNews } from "../../src/topics/renewal";
import {
  alertEnv,
  discordAlerts,
  pacersAhead,
  type RecordingQueue,
  recordingQueue,
  runQueue,
  slackAlerts,
  sleep,
} from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { type DiscordReply, send, slash, textOf, v2Components } from "../helpers/discord";
import { MockApis } from "../helpers/mock-api";
import { MockFeeds } from "../helpers/mock-feeds";
import { reviewClickBody } from "../helpers/news";
import { sendSlackRaw } from "../helpers/slack";
import atom from "./fixtures/atom.xml?raw";
import malformed from "./fixtures/malformed.xml?raw";
import rss from "./fixtures/rss.xml?raw";
import search from "./fixtures/search.xml?raw";

const REVIEW_CHANNEL = "900000000000000001";
const REVIEW_SLACK = "C0REVIEW";
const REVIEWER = "700000000000000001";
const SECOND_REVIEWER = "700000000000000002";
const FAN = "500000000000000009";

const FEEDS = {
  rss: { id: "wire", url: "https://a.feeds.test/rss", language: "en", kind: "rss" },
  atom: { id: "ko-news", url: "https://b.feeds.test/atom.xml", language: "ko", kind: "atom" },
  search: { id: "search-id", url: "https://c.feeds.test/search?q=trauma", language: "id", kind: "search" },
} as const;

let apis: MockApis;
let feeds: MockFeeds;
let queue: RecordingQueue;
let testEnv: typeof env;

const newsEnv = (feedList: readonly object[], extra: Record<string, unknown> = {}) =>
  alertEnv(queue, {
    NEWS_FEEDS: JSON.stringify(feedList),
    REVIEW_DISCORD_CHANNEL_ID: REVIEW_CHANNEL,
    REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK,
    REVIEWER_IDS: `${REVIEWER}, ${SECOND_REVIEWER}`,
    ...extra,
  });

const newsStore = () => new NewsStore(env.DB);

/** A minute on which both triggers fire: the news round's, then the planner's. */
async function cron(at = Date.now()) {
  for (const trigger of [NEWS_CRON, PLAN_CRON]) {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: trigger, scheduledTime: at }), testEnv, ctx);
    await waitOnExecutionContext(ctx);
  }
}

/** A button press in the review channel, signed like Discord's. */
async function press(customId: string, userId: string, extra: Record<string, unknown> = {}) {
  const interaction = {
    ...slash("x", [], {
      channel_id: REVIEW_CHANNEL,
      member: { user: { id: userId, username: "reviewer" }, permissions: "0" },
      ...extra,
    }),
    type: 3,
    message: { id: "review-message", content: "" },
    data: { custom_id: customId, component_type: 2 },
  };
  const response = await send(interaction, { env: testEnv as unknown as Record<string, unknown> });
  expect(response.status).toBe(200);
  return (await response.json()) as DiscordReply;
}

/** The custom ids of every button, in action rows (embed posts) or nested in a Components V2 container. */
const buttonIds = (body: Record<string, unknown>): string[] =>
  v2Components(body as { components?: unknown[] })
    .filter((c) => c.type === 2 && typeof c.custom_id === "string")
    .map((c) => c.custom_id as string);

/** The candidate telling the casting story, with its sources. */
async function castingStory() {
  const store = newsStore();
  for (const story of await store.list()) {
    const sources = await store.sources(story.id);
    if (sources.some((s) => s.url.includes("kabar-contoh"))) return { story, sources };
  }
  throw new Error("no casting story");
}

beforeEach(async () => {
  await env.DB.batch(["news_sources", "news_candidates", "feed_state"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  await seedContent();
  apis = new MockApis();
  feeds = new MockFeeds().install(apis);
  queue = recordingQueue();
  feeds.serve(FEEDS.rss.url, { body: rss, etag: '"rss-1"' });
  feeds.serve(FEEDS.atom.url, { body: atom, contentType: "application/atom+xml", lastModified: "Tue, 10 Nov 2026 12:00:00 GMT" });
  feeds.serve(FEEDS.search.url, { body: search });
  testEnv = newsEnv(Object.values(FEEDS));
});

describe("finding news", () => {
  it("keeps the renewal news, groups one story from three outlets in three languages, and drops the rest", async () => {
    await cron();
    const candidates = await newsStore().list();
    // The earliest source heads the story: here the Korean one.
    expect(candidates.map((c) => c.title).sort()).toEqual([
      "Netflix: “The Trauma Code” season 2 not confirmed yet",
      "중증외상센터 시즌2, 캐스팅 변경 … 10월 촬영 시작",
    ]);
    const { sources } = await castingStory();
    expect(sources.map((s) => [s.language, s.url]).sort()).toEqual([
      ["en", "https://drama-wire.example/news/trauma-code-season-2-casting"],
      ["id", "https://kabar-contoh.example/hiburan/trauma-code-musim-2"],
      ["ko", "https://news-ko.example/article/123"],
    ]);
    // Each is linked as its outlet gave it, without the tracking parameters: the first feed's link to a page.
    expect(sources.map((s) => s.link).sort()).toEqual([
      "https://kabar-contoh.example/hiburan/trauma-code-musim-2",
      "https://m.news-ko.example/article/123",
      "https://www.drama-wire.example/news/trauma-code-season-2-casting/",
    ]);
  });

  it("posts each candidate once to the review channels with the review buttons", async () => {
    await cron();
    // What the poll leaves a tick may not hold every card's turn on both platforms: the next tick posts the rest.
    await cron(Date.now() + 60_000);
    const { story } = await castingStory();
    const posts = apis.discordIn(REVIEW_CHANNEL);
    expect(posts).toHaveLength(2);
    const post = posts.find((p) => buttonIds(p.body).some((id) => id.endsWith(`:${story.id}:en`)));
    expect(buttonIds(post?.body ?? {})).toEqual(
      ["official", "author", "report", "rumor", "edit", "dismiss"].map((verb) => `nr-${verb}:${story.id}:en`),
    );
    const text = JSON.stringify(post?.body);
    for (const expected of ["Outlet", "Language", "English", "kabar-contoh.example", "news-ko.example"])
      expect(text).toContain(expected);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(2);
    await cron(Date.now() + 2 * 60_000);
    expect(apis.discordIn(REVIEW_CHANNEL)).toHaveLength(2);
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(2);
  });

  it.each([
    ["landed", { status: 200, storeThenDrop: true }, 1],
    ["never landed", { status: 200, drop: true }, 0],
  ] as const)("a review post whose answer was lost (%s) is looked for, then in the channel once", async (_case, lost, landed) => {
    // Slack keeps no nonce: without the look, the card that landed would be posted a second time.
    apis.scriptSlack(REVIEW_SLACK, lost);
    await cron();
    const inDoubt = (await newsStore().list()).filter((c) => c.reviewUnsureMask === 2);
    expect(inDoubt).toHaveLength(1);
    const keyOf = (m: { body: Record<string, unknown> }) =>
      (m.body.metadata as { event_payload?: { key?: string } }).event_payload?.key;
    expect(apis.slackIn(REVIEW_SLACK).filter((m) => keyOf(m) === `review:${inDoubt[0]?.id}`)).toHaveLength(landed);
    // The next ticks read the channel's history before posting: the bot joins the channel first (it posted
    // as a non-member), and Slack lets it read once a minute.
    for (let minute = 1; minute <= 3; minute++) {
      apis.clockOffset += 61_000;
      await pacersAhead(61_000);
      await cron(Date.now() + minute * 61_000);
    }
    expect(apis.slackIn(REVIEW_SLACK)).toHaveLength(2);
    const keys = apis.slackIn(REVIEW_SLACK).map(keyOf);
    expect(new Set(keys).size).toBe(2);
    expect((await newsStore().list()).map((c) => [c.reviewPostedMask, c.reviewUnsureMask])).toEqual([
      [3, 0],
      [3, 0],
    ]);
  });

  it("polls each feed on its own schedule, with If-None-Match / If-Modified-Since, and a 304 changes nothing", async () => {
    const start = Date.now();
    await cron(start);
    expect(feeds.requests).toHaveLength(3);
    await cron(start + 60_000);
    expect(feeds.requests).toHaveLength(3);
    await cron(start + feedEvery(FEEDS.rss) + 1);
    expect(feeds.to(FEEDS.rss.url)[1]).toMatchObject({ status: 304, headers: { "if-none-match": '"rss-1"' } });
    expect(feeds.to(FEEDS.atom.url)[1]).toMatchObject({
      status: 304,
      headers: { "if-modified-since": "Tue, 10 Nov 2026 12:00:00 GMT" },
    });
    expect(await newsStore().list()).toHaveLength(2);
    const states = await newsStore().feedStates();
    expect([...states.values()].every((s) => s.failures === 0)).toBe(true);
  });

  it("asks one host for one feed at a time", async () => {
    const sameHost = ["x", "y", "z"].map((name) => ({
      id: name,
      url: `https://d.feeds.test/${name}`,
      language: "en",
      kind: "rss",
    }));
    for (const f of sameHost) feeds.serve(f.url, { body: rss, delayMs: 30 });
    testEnv = newsEnv(sameHost);
    await cron();
    expect(feeds.requests).toHaveLength(3);
    expect(feeds.maxInFlightPerHost).toBe(1);
  });

  it("skips a malformed, HTML, endless or stalled feed with a log line, backs it off and shows it in /health; the others go on", async () => {
    const bad = [
      { id: "broken", url: "https://e.feeds.test/broken", served: { body: malformed } },
      {
        id: "html",
        url: "https://f.feeds.test/down",
        served: { body: "<!DOCTYPE html><h1>503</h1>", status: 503, contentType: "text/html" },
      },
      {
        id: "html-200",
        url: "https://g.feeds.test/page",
        served: { body: "<!DOCTYPE html><p>moved</p>", contentType: "text/html" },
      },
      { id: "endless", url: "https://h.feeds.test/endless", served: { body: rss, endless: true } },
      { id: "stalled", url: "https://i.feeds.test/stalled", served: { body: rss, stall: true } },
    ];
    for (const b of bad) feeds.serve(b.url, b.served);
    testEnv = newsEnv([FEEDS.rss, ...bad.map(({ id, url }) => ({ id, url, language: "en", kind: "rss" }))]);
    const now = Date.now();
    const result = await pollFeeds(testEnv, now, { timeoutMs: 300 });
    expect(result.polled).toBe(4);
    expect((await newsStore().list()).length).toBe(2);
    const states = await newsStore().feedStates();
    const errors = Object.fromEntries(bad.slice(0, 3).map((b) => [b.id, states.get(b.url)?.lastError]));
    expect(errors.broken).toMatch(/^malformed XML/);
    expect(errors.html).toBe("HTTP 503");
    expect(errors["html-200"]).toBe("HTML, not a feed");
    for (const b of bad.slice(0, 3)) expect(states.get(b.url)?.nextPollAt).toBeGreaterThan(now + feedEvery(FEEDS.rss));

    // The fifth feed waited for the next tick (FEEDS_PER_TICK); the endless and stalled ones are cut off.
    await pollFeeds(testEnv, now + 1, { timeoutMs: 300 });
    const after = await newsStore().feedStates();
    expect(after.get("https://h.feeds.test/endless")?.lastError).toMatch(/larger than|timed out/);
    expect(after.get("https://i.feeds.test/stalled")?.lastError).toBe("timed out reading the body");

    const health = (await (
      await worker.fetch(new Request("https://bot.test/health"), testEnv, createExecutionContext())
    ).json()) as {
      news: { feeds: number; failing: { id: string }[] };
    };
    expect(health.news.feeds).toBe(6);
    expect(health.news.failing.map((f) => f.id).sort()).toEqual(["broken", "endless", "html", "html-200", "stalled"]);

    // Backed off: a tick a minute later does not ask the failing feeds again.
    const asked = feeds.requests.length;
    await pollFeeds(testEnv, now + 60_000, { timeoutMs: 300 });
    expect(feeds.requests.length).toBe(asked);
  });
});

describe("feeds in other encodings", () => {
  /** An RSS feed written in EUC-KR, as Korean outlets still serve theirs (its XML declaration says so). */
  const EUC_KR = Uint8Array.from(
    atob(
      "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iRVVDLUtSIj8+Cjxyc3MgdmVyc2lvbj0iMi4wIj48Y2hhbm5lbD48dGl0bGU+v7m9wyC0ur26PC90aXRsZT48bGluaz5odHRwczovL2tyLmV4YW1wbGUvPC9saW5rPgo8aXRlbT48dGl0bGU+wd/B9b/cu/O8vsXNIL3DwfAyIMSzvbrGwyDIrsGkLCAxML/5IMPUv7UgvcPA2zwvdGl0bGU+PGxpbms+aHR0cHM6Ly9rci5leGFtcGxlL2FydGljbGUvNzc3PC9saW5rPjxwdWJEYXRlPlR1ZSwgMTAgTm92IDIwMjYgMTE6MDA6MDAgKzA5MDA8L3B1YkRhdGU+PC9pdGVtPgo8L2NoYW5uZWw+PC9yc3M+Cg==",
    ),
    (c) => c.charCodeAt(0),
  );
  const HEADLINE = "중증외상센터 시즌2 캐스팅 확정, 10월 촬영 시작";
  const ARTICLE = "https://kr.example/article/777";

  it("holds the headline in EUC-KR bytes, not readable as UTF-8", () => {
    expect(new TextDecoder("euc-kr").decode(EUC_KR)).toContain(HEADLINE);
    expect(new TextDecoder().decode(EUC_KR)).not.toContain(HEADLINE);
  });

  it.each([
    ["its Content-Type's charset", "application/rss+xml; charset=EUC-KR"],
    ["its XML declaration", "application/rss+xml"],
  ])("reads a Korean feed in the encoding %s names, headline intact", async (_how, contentType) => {
    feeds.serve("https://k.feeds.test/rss", { body: EUC_KR, contentType });
    testEnv = newsEnv([{ id: "kr", url: "https://k.feeds.test/rss", language: "ko", kind: "rss" }]);
    await pollFeeds(testEnv, Date.parse("2026-11-11T00:00:00Z"));
    const sources = (await Promise.all((await newsStore().list()).map((c) => newsStore().sources(c.id)))).flat();
    expect(sources.map((s) => [s.url, s.title])).toEqual([[ARTICLE, HEADLINE]]);
  });

  it("reads a Korean feed whose XML declaration comes after a blank line, as PHP pages send it", async () => {
    feeds.serve("https://k.feeds.test/rss", { body: Uint8Array.of(0x0d, 0x0a, 0x20, ...EUC_KR), contentType: "text/xml" });
    testEnv = newsEnv([{ id: "kr", url: "https://k.feeds.test/rss", language: "ko", kind: "rss" }]);
    await pollFeeds(testEnv, Date.parse("2026-11-11T00:00:00Z"));
    const sources = (await Promise.all((await newsStore().list()).map((c) => newsStore().sources(c.id)))).flat();
    expect(sources.map((s) => [s.url, s.title])).toEqual([[ARTICLE, HEADLINE]]);
    expect((await newsStore().feedStates()).get("https://k.feeds.test/rss")?.failures).toBe(0);
  });

  it.each([
    ["MS949", "text/xml; charset=MS949"],
    ["cp949", "application/rss+xml"],
    ["x-windows-949", "text/xml;charset=x-windows-949"],
  ])("reads a Korean feed whose server names the encoding %s, as Java and Windows servers do", async (name, contentType) => {
    const text = String.fromCharCode(...EUC_KR).replace('encoding="EUC-KR"', `encoding="${name}"`);
    feeds.serve("https://k.feeds.test/rss", { body: Uint8Array.from(text, (c) => c.charCodeAt(0)), contentType });
    testEnv = newsEnv([{ id: "kr", url: "https://k.feeds.test/rss", language: "ko", kind: "rss" }]);
    await pollFeeds(testEnv, Date.parse("2026-11-11T00:00:00Z"));
    const sources = (await Promise.all((await newsStore().list()).map((c) => newsStore().sources(c.id)))).flat();
    expect(sources.map((s) => [s.url, s.title])).toEqual([[ARTICLE, HEADLINE]]);
  });

  it("takes the byte order mark over the header, and the header over the declaration", () => {
    const declared = new TextEncoder().encode('<?xml version="1.0" encoding="EUC-KR"?><rss/>');
    expect(feedEncoding(declared, "application/rss+xml")).toBe("EUC-KR");
    expect(feedEncoding(declared, 'text/xml; charset="utf-8"')).toBe("utf-8");
    expect(feedEncoding(declared, "text/xml; charset='utf-8'")).toBe("utf-8");
    expect(feedEncoding(declared, "text/xml;charset=UTF-8; format=flowed")).toBe("UTF-8");
    expect(feedEncoding(Uint8Array.of(0xef, 0xbb, 0xbf, ...declared), "text/xml; charset=euc-kr")).toBe("utf-8");
    expect(feedEncoding(new TextEncoder().encode("<rss/>"), "application/rss+xml")).toBe("utf-8");
  });

  it("goes by the XML declaration when the header names a charset there is no such thing as", async () => {
    feeds.serve("https://k.feeds.test/rss", { body: EUC_KR, contentType: "application/rss+xml; charset=x-typo" });
    testEnv = newsEnv([{ id: "kr", url: "https://k.feeds.test/rss", language: "ko", kind: "rss" }]);
    await pollFeeds(testEnv, Date.parse("2026-11-11T00:00:00Z"));
    const sources = (await Promise.all((await newsStore().list()).map((c) => newsStore().sources(c.id)))).flat();
    expect(sources.map((s) => [s.url, s.title])).toEqual([[ARTICLE, HEADLINE]]);
  });

  it("goes by the XML declaration when the header's charset is one the bytes are not written in (a server's utf-8 for every file)", async () => {
    feeds.serve("https://k.feeds.test/rss", { body: EUC_KR, contentType: "text/xml; charset=utf-8" });
    testEnv = newsEnv([{ id: "kr", url: "https://k.feeds.test/rss", language: "ko", kind: "rss" }]);
    await pollFeeds(testEnv, Date.parse("2026-11-11T00:00:00Z"));
    const sources = (await Promise.all((await newsStore().list()).map((c) => newsStore().sources(c.id)))).flat();
    expect(sources.map((s) => [s.url, s.title])).toEqual([[ARTICLE, HEADLINE]]);
  });

  it.each(["text/xml; charset=ISO-8859-1", "application/rss+xml; charset=windows-1252"])(
    "goes by the XML declaration when the header names a charset any bytes read in (%s, a Java server's default)",
    async (contentType) => {
      feeds.serve("https://k.feeds.test/rss", { body: EUC_KR, contentType });
      testEnv = newsEnv([{ id: "kr", url: "https://k.feeds.test/rss", language: "ko", kind: "rss" }]);
      await pollFeeds(testEnv, Date.parse("2026-11-11T00:00:00Z"));
      const sources = (await Promise.all((await newsStore().list()).map((c) => newsStore().sources(c.id)))).flat();
      expect(sources.map((s) => [s.url, s.title])).toEqual([[ARTICLE, HEADLINE]]);
    },
  );

  it("reads a Latin-1 feed its header says is Latin-1 in Latin-1, though its declaration says UTF-8", async () => {
    const text =
      '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title><item><title>The Trauma Code season 2: Netflix confirme la suite, tournage à Séoul</title><link>https://x.example/1</link></item></channel></rss>';
    feeds.serve("https://k.feeds.test/latin", {
      body: Uint8Array.from(text, (c) => c.charCodeAt(0)),
      contentType: "text/xml; charset=ISO-8859-1",
    });
    testEnv = newsEnv([{ id: "latin", url: "https://k.feeds.test/latin", language: "en", kind: "rss" }]);
    await pollFeeds(testEnv, Date.now());
    expect((await newsStore().list()).map((c) => c.title)).toEqual([
      "The Trauma Code season 2: Netflix confirme la suite, tournage à Séoul",
    ]);
  });

  it("still reads a UTF-8 feed with a stray byte that is no UTF-8, in UTF-8", async () => {
    const [before, after] = [
      '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title><item><title>The Trauma Code season 2 confirmed ',
      "</title><link>https://x.example/1</link></item></channel></rss>",
    ].map((text) => new TextEncoder().encode(text));
    const body = Uint8Array.of(...(before ?? []), 0xff, ...(after ?? []));
    feeds.serve("https://k.feeds.test/utf8", { body, contentType: "application/rss+xml; charset=utf-8" });
    testEnv = newsEnv([{ id: "utf8", url: "https://k.feeds.test/utf8", language: "en", kind: "rss" }]);
    await pollFeeds(testEnv, Date.now());
    expect((await newsStore().list()).map((c) => c.title)).toEqual(["The Trauma Code season 2 confirmed \uFFFD"]);
  });

  it("refuses a feed in an encoding it cannot read, and says which, instead of reading it wrong", async () => {
    const body = new TextEncoder().encode('<?xml version="1.0" encoding="x-no-such-encoding"?><rss/>');
    feeds.serve("https://k.feeds.test/odd", { body, contentType: "application/rss+xml" });
    testEnv = newsEnv([{ id: "odd", url: "https://k.feeds.test/odd", language: "ko", kind: "rss" }]);
    await pollFeeds(testEnv, Date.now());
    const state = (await newsStore().feedStates()).get("https://k.feeds.test/odd");
    expect(state?.lastError).toBe('unknown encoding "x-no-such-encoding"');
  });
});

describe("review", () => {
  beforeEach(async () => {
    await discordAlerts("on", "d-1");
    await slackAlerts("alerts on", "S-1");
    await sleep(3);
    await cron();
  });

  it("a reviewer's signed click publishes: /renewal shows it at once and every subscribed channel gets it exactly once", async () => {
    const { story } = await castingStory();
    const reply = await press(`nr-report:${story.id}:en`, REVIEWER);
    expect(reply.type).toBe(7);
    expect(textOf(reply)).toContain("Published as **report**");
    expect(buttonIds(reply.data as Record<string, unknown>)).toEqual([`nr-withdraw:${story.id}:en`]);

    const renewal = textOf((await (await send(slash("renewal"))).json()) as DiscordReply);
    expect(renewal).toContain("Season 2 Confirms Casting");

    // Delivery starts with the click: a plan job is queued, with no wait for the next cron tick.
    const published = await newsStore().candidate(story.id);
    expect(queue.plans.map((p) => p.body)).toEqual([{ kind: "plan", message: `renewal:${published?.newsId}` }]);
    await runQueue(
      testEnv,
      queue.plans.map((p) => p.body),
    );
    const jobs = queue.sent.map((m) => m.body);
    expect(jobs).toHaveLength(2);
    await runQueue(testEnv, jobs);
    await runQueue(testEnv, jobs); // a duplicate delivery of every message
    expect(apis.discordIn("d-1")).toHaveLength(1);
    expect(apis.slackIn("S-1")).toHaveLength(1);
    expect(JSON.stringify(apis.discordIn("d-1")[0]?.body)).toContain("Season 2 Confirms Casting");
  });

  it("refuses a click from someone who is not a reviewer, privately, and changes nothing", async () => {
    const { story } = await castingStory();
    const reply = await press(`nr-official:${story.id}:en`, FAN);
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(textOf(reply)).toContain("Only reviewers");
    expect((await newsStore().candidate(story.id))?.state).toBe("new");
    expect(queue.sent).toEqual([]);
  });

  it("lets a member with Manage Server review in the review channel only", async () => {
    const { story } = await castingStory();
    const manager = { member: { user: { id: FAN, username: "mod" }, permissions: String(1 << 5) } };
    const elsewhere = await press(`nr-dismiss:${story.id}:en`, FAN, { ...manager, channel_id: "400000000000000001" });
    expect(elsewhere.data.flags).toBe(64);
    const here = await press(`nr-dismiss:${story.id}:en`, FAN, manager);
    expect(here.type).toBe(7);
    expect((await newsStore().candidate(story.id))?.state).toBe("dismissed");
  });

  it("publishes once when two reviewers press Publish at the same time", async () => {
    const { story } = await castingStory();
    const replies = await Promise.all([
      press(`nr-report:${story.id}:en`, REVIEWER),
      press(`nr-official:${story.id}:en`, SECOND_REVIEWER),
    ]);
    // Both cards are redrawn as the candidate stands: published once, under the first press's label.
    expect(replies.map((r) => r.type)).toEqual([7, 7]);
    const published = (await newsStore().candidate(story.id))?.label;
    for (const reply of replies) expect(textOf(reply)).toContain(`Published as **${published}**`);
    expect((await publishedNews(env)).filter((n) => n.id === `found-${story.id}`)).toHaveLength(1);
    await cron();
    expect(queue.sent.map((m) => m.body.subscriptionId).sort()).toHaveLength(2);
  });

  it("never publishes other wording than the card shows when an edit is saved while another reviewer presses Publish", async () => {
    const { story } = await castingStory();
    const wording = ["Report: edited while being published", "Saved by the second reviewer.", "", "", ""];
    // The edit lands after the publisher read the candidate and before its state change, as two requests can.
    let interleaved = false;
    const db = new Proxy(env.DB, {
      get(target, prop) {
        if (prop !== "prepare") {
          const value = Reflect.get(target, prop, target);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (interleaved || !sql.includes("UPDATE news_candidates SET state")) return statement;
          interleaved = true;
          return {
            bind: (...args: unknown[]) => {
              const bound = statement.bind(...args);
              return {
                first: async () => {
                  expect((await applyReview(testEnv, "edit", story.id, SECOND_REVIEWER, { values: wording })).ok).toBe(true);
                  return bound.first();
                },
              };
            },
          };
        };
      },
    });
    const pressed = await applyReview({ ...testEnv, DB: db }, "report", story.id, REVIEWER);
    expect(interleaved).toBe(true);
    const now = await newsStore().candidate(story.id);
    const item = (await publishedNews(env)).find((n) => n.id === `found-${story.id}`);
    if (now?.state === "published") expect(item?.title.en).toBe(now.edits?.title.en ?? story.title);
    else {
      // Refused: nothing published, and the reviewer is told to look at the new wording.
      expect(pressed.ok).toBe(false);
      expect(pressed.message).toContain("edited");
      expect(item).toBeUndefined();
      expect(now?.state).toBe("new");
      // Pressed again, it publishes the wording the card shows.
      expect((await applyReview(testEnv, "report", story.id, REVIEWER)).ok).toBe(true);
      const again = (await publishedNews(env)).find((n) => n.id === `found-${story.id}`);
      expect(again?.title.en).toBe(wording[0]);
    }
  });

  it("asks for English wording before publishing a headline with no English source, then uses it", async () => {
    const store = newsStore();
    const id = "abcdef0123";
    const at = Date.now();
    await store.addFound(
      [
        {
          id,
          title: "중증외상센터 시즌2 제작 확정",
          language: "ko",
          outlet: "예시",
          url: "https://ko.example/1",
          publishedAt: at,
          foundAt: at,
          key: "",
        },
      ],
      [
        {
          url: "https://ko.example/1",
          candidateId: id,
          title: "중증외상센터 시즌2 제작 확정",
          outlet: "예시",
          language: "ko",
          publishedAt: at,
        },
      ],
    );
    const refused = await press(`nr-report:${id}:en`, REVIEWER);
    expect(refused.data.flags).toBe(64);
    expect(textOf(refused)).toContain("Edit");
    expect((await store.candidate(id))?.state).toBe("new");

    const edited = await applyReview(testEnv, "edit", id, REVIEWER, {
      values: ["Report: season 2 production decided", "A Korean outlet reports it; Netflix has not confirmed.", "", "", ""],
    });
    expect(edited.ok).toBe(true);
    expect(textOf(await press(`nr-report:${id}:en`, REVIEWER))).toContain("Published as **report**");
    const item = (await publishedNews(env)).find((n) => n.id === `found-${id}`);
    // Korean readers get the Korean press's headline; the languages no outlet wrote in, the English wording.
    expect(item?.title).toEqual({
      en: "Report: season 2 production decided",
      ko: "중증외상센터 시즌2 제작 확정",
      id: "Report: season 2 production decided",
      tl: "Report: season 2 production decided",
    });
    expect(item?.label).toBe("report");
  });

  it("opens the Edit form on Discord, saves the submitted wording, and publishes with it", async () => {
    const { story } = await castingStory();
    const form = await press(`nr-edit:${story.id}:en`, REVIEWER);
    expect(form.type).toBe(9);
    const inputs = (
      form.data as unknown as { components: { components: { custom_id: string; required: boolean }[] }[] }
    ).components.map((row) => row.components[0]);
    expect(inputs.map((i) => [i?.custom_id, i?.required])).toEqual([
      ["title_en", true],
      ["summary_en", true],
      ["ko", false],
      ["id", false],
      ["tl", false],
    ]);

    const submit = (userId: string, values: string[]) =>
      send(
        {
          ...slash("x", [], { channel_id: REVIEW_CHANNEL, member: { user: { id: userId, username: "r" }, permissions: "0" } }),
          type: 5,
          message: { id: "review-message", content: "" },
          data: {
            custom_id: `nr-edit:${story.id}:en`,
            components: ["title_en", "summary_en", "ko", "id", "tl"].map((custom_id, i) => ({
              type: 1,
              components: [{ type: 4, custom_id, value: values[i] ?? "" }],
            })),
          },
        },
        { env: testEnv as unknown as Record<string, unknown> },
      ).then((r) => r.json() as Promise<DiscordReply>);

    expect((await submit(FAN, ["Hijacked", "Hijacked", "", "", ""])).data.flags).toBe(64);
    const saved = await submit(REVIEWER, [
      "Report: season 2 cast changes, filming from October",
      "Several outlets report it; Netflix has not confirmed.",
      "보도: 시즌2 캐스팅 변경\n넷플릭스는 확인하지 않았어요.",
      "",
      "",
    ]);
    expect(saved.type).toBe(7);
    expect(textOf(saved)).toContain("Report: season 2 cast changes");
    await press(`nr-report:${story.id}:en`, REVIEWER);
    const item = (await publishedNews(env)).find((n) => n.id === `found-${story.id}`);
    expect(item?.title.en).toBe("Report: season 2 cast changes, filming from October");
    expect(item?.title.ko).toBe("보도: 시즌2 캐스팅 변경");
    expect(item?.summary.ko).toBe("넷플릭스는 확인하지 않았어요.");
    expect(item?.title.tl).toBe(item?.title.en);
  });

  it("redraws a card behind a decision made elsewhere when its Edit is pressed, instead of offering wording that cannot be saved", async () => {
    const { story } = await castingStory();
    expect((await applyReview(testEnv, "dismiss", story.id, SECOND_REVIEWER)).ok).toBe(true);
    const answer = await press(`nr-edit:${story.id}:en`, REVIEWER);
    expect(answer.type).toBe(7);
    expect(textOf(answer)).toContain("Dismissed");
    expect(buttonIds(answer.data as Record<string, unknown>)).toEqual([]);
  });

  it("keeps a language's summary given without a title as its summary, the outlet's headline staying its title", async () => {
    const { story } = await castingStory();
    // An empty first line in the form's box, or `--ko "|…"` on the command line: no Korean title of the reviewer's.
    const korean = "\n넷플릭스는 확인하지 않았어요.";
    const saved = await applyReview(testEnv, "edit", story.id, "cli", {
      values: ["Report: cast changes", "Not confirmed.", korean],
    });
    expect(saved.ok).toBe(true);
    // The form opened again holds the wording as saved: sent back unchanged, it saves the same.
    const reopened = editForm(saved.candidate!, `nr-edit:${story.id}:en`).inputs.map((i) => i.value ?? "");
    expect(editsFrom(reopened)).toEqual(saved.candidate?.edits);
    await applyReview(testEnv, "report", story.id, "cli");
    const item = (await publishedNews(env)).find((n) => n.id === `found-${story.id}`);
    expect(item?.summary.ko).toBe("넷플릭스는 확인하지 않았어요.");
    expect(item?.title.ko).toBe("중증외상센터 시즌2, 캐스팅 변경 … 10월 촬영 시작");
  });

  it("takes a Slack reviewer's signed click too, replacing the review message; a Slack non-reviewer is refused", async () => {
    const { story } = await castingStory();
    const slackClick = async (userId: string, actionId: string) => {
      const body = reviewClickBody({ userId, actionId, channelId: REVIEW_SLACK, messageTs: "1.2" });
      const before = apis.responses.length;
      expect((await sendSlackRaw(body, { env: testEnv as unknown as Record<string, unknown> })).status).toBe(200);
      return apis.responses.slice(before)[0]?.body as { replace_original: boolean; response_type: string; text: string };
    };
    // The Slack app is built once per isolate with the env of its first request (keyed by token and API
    // base); a distinct base gives this test an app that sees its reviewers.
    testEnv = newsEnv(Object.values(FEEDS), { REVIEWER_IDS: "U0REVIEWER", SLACK_API_BASE: "https://slack.mock/api/" });
    const refused = await slackClick("U0FAN", `nr-rumor:${story.id}:en`);
    expect(refused.response_type).toBe("ephemeral");
    expect(refused.text).toContain("Only reviewers");
    // Slack cannot open a form in reply to a click: Edit answers with the command line to use.
    const edit = await slackClick("U0REVIEWER", `nr-edit:${story.id}:en`);
    expect(edit.response_type).toBe("ephemeral");
    expect(edit.text).toContain(`npm run news -- edit ${story.id}`);
    const published = await slackClick("U0REVIEWER", `nr-rumor:${story.id}:en`);
    expect(published.replace_original).toBe(true);
    expect(published.text).toContain("Published as");
    expect((await newsStore().candidate(story.id))?.label).toBe("rumor");
  });

  it("updates the one-sentence answer of /renewal at once", async () => {
    await updateRenewalStatus(testEnv, {
      asOf: "2026-11-30",
      text: {
        en: "Still not confirmed by Netflix.",
        ko: "넷플릭스는 아직 확정하지 않았어요.",
        id: "Belum dikonfirmasi.",
        tl: "Hindi pa kumpirmado.",
      },
      sources: ["https://example.org/status"],
    });
    expect(textOf((await (await send(slash("renewal"))).json()) as DiscordReply)).toContain("Still not confirmed by Netflix.");
  });

  it("dismisses, and withdraws a published item from /renewal", async () => {
    const { story } = await castingStory();
    await press(`nr-rumor:${story.id}:en`, REVIEWER);
    expect(textOf((await (await send(slash("renewal"))).json()) as DiscordReply)).toContain("Season 2 Confirms Casting");
    await cron(); // its deliveries are planned and queued
    expect(queue.sent.length).toBeGreaterThan(0);
    const withdrawn = await press(`nr-withdraw:${story.id}:en`, REVIEWER);
    expect(textOf(withdrawn)).toContain("Withdrawn");
    expect(textOf((await (await send(slash("renewal"))).json()) as DiscordReply)).not.toContain("Season 2 Confirms Casting");
    // Deliveries not yet made are dropped, not posted.
    await runQueue(
      testEnv,
      queue.sent.map((m) => m.body),
    );
    expect(apis.discordIn("d-1")).toHaveLength(0);
  });
});
