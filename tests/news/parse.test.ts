import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Locale } from "../../src/i18n/locale";
import { compact, isAboutRenewal, relevant } from "../../src/news/filter";
import { FeedError, MAX_ENTRIES, parseFeed, plainText, unwrapRedirect } from "../../src/news/parse";
import atom from "./fixtures/atom.xml?raw";
import malformed from "./fixtures/malformed.xml?raw";
import rss from "./fixtures/rss.xml?raw";
import search from "./fixtures/search.xml?raw";

describe("parsing feeds inside workerd", () => {
  it("reads RSS 2.0 with CDATA, entities and numeric character references", () => {
    const entries = parseFeed(rss, "application/rss+xml");
    expect(entries.map((e) => e.title)).toEqual([
      "“The Trauma Code” Season 2 Confirms Casting & Filming Start In October",
      "Netflix: “The Trauma Code” season 2 not confirmed yet",
      "Ju Ji-hoon & Choo Young-woo attend an awards show",
      "Netflix announces a new thriller",
      "Will The Trauma Code get a season 2?",
    ]);
    expect(entries[0]).toMatchObject({
      url: "https://www.drama-wire.example/news/trauma-code-season-2-casting/?utm_source=rss&utm_medium=feed",
      publishedAt: Date.parse("2026-11-10T09:00:00Z"),
      outlet: "drama-wire.example",
    });
  });

  it("reads Atom: the alternate link, escaped HTML titles, published before updated, the feed's title as outlet", () => {
    const [first, second] = parseFeed(atom);
    expect(first).toEqual({
      title: "중증외상센터 시즌2, 캐스팅 변경 … 10월 촬영 시작",
      url: "https://m.news-ko.example/article/123?ref=feed",
      publishedAt: Date.parse("2026-11-10T02:00:00Z"),
      outlet: "예시 연예뉴스",
    });
    expect(second?.publishedAt).toBe(Date.parse("2026-11-11T12:00:00Z"));
  });

  it("reads an Atom title given as XHTML (a div around marked-up text) in its own order, the feed's as outlet too", () => {
    const feed = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Drama <i>Desk</i></div></title>
      <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Netflix: <b>The Trauma Code</b> season 2 &amp; <em>&lt;중증외상센터&gt;</em> cast</div></title>
        <link href="https://desk.example/s2"/><published>2026-11-10T09:00:00Z</published></entry>
    </feed>`;
    expect(parseFeed(feed)).toEqual([
      {
        title: "Netflix: The Trauma Code season 2 & <중증외상센터> cast",
        url: "https://desk.example/s2",
        publishedAt: Date.parse("2026-11-10T09:00:00Z"),
        outlet: "Drama Desk",
      },
    ]);
  });

  it("reads an XHTML title whose tags name their namespace by a prefix, as Atom allows", () => {
    const feed = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:xh="http://www.w3.org/1999/xhtml">
      <title>Desk</title>
      <entry><title type="xhtml"><xh:div>The <xh:b>Trauma Code</xh:b> season 2<xh:br/> confirmed</xh:div></title>
        <link href="https://desk.example/s2"/></entry>
    </feed>`;
    expect(parseFeed(feed).map((e) => e.title)).toEqual(["The Trauma Code season 2 confirmed"]);
  });

  it("reads an Atom entry's relative link against its xml:base, the feed's, then the feed's address", () => {
    const feed = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://cdn.desk.example/news/">
      <title>Desk</title>
      <entry xml:base="2026/11/"><title>The Trauma Code season 2 confirmed</title><link href="season-2"/></entry>
      <entry><title>The Trauma Code season 3 filming</title><link href="season-3"/></entry>
      <entry xml:base="/archive/"><title>Ju Ji-hoon joins season 2</title><link xml:base="https://other.example/a/" href="b"/></entry>
    </feed>`;
    expect(parseFeed(feed, "application/atom+xml", "https://desk.example/feed.atom").map((e) => e.url)).toEqual([
      "https://cdn.desk.example/news/2026/11/season-2",
      "https://cdn.desk.example/news/season-3",
      "https://other.example/a/b",
    ]);
    // A relative xml:base is read against the address the feed came from.
    const relative = feed.replace('xml:base="https://cdn.desk.example/news/"', 'xml:base="/news/"');
    expect(parseFeed(relative, "", "https://desk.example/feed.atom")[0]?.url).toBe("https://desk.example/news/2026/11/season-2");
  });

  it("takes an Atom entry's alternate link wherever Blogger and WordPress put their self, edit and replies links", () => {
    // Blogger writes replies, edit and self links before the alternate one; WordPress writes its replies after it.
    const feed = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
      <title>Drama Notes</title>
      <entry><id>tag:blogger.com,1999:blog-1.post-2</id><published>2026-11-10T18:00:00.000+09:00</published>
        <title type="text">The Trauma Code season 2 confirmed</title>
        <link rel="replies" type="application/atom+xml" href="https://dramanotes.blogspot.com/feeds/2/comments/default" title="Post Comments"/>
        <link rel="replies" type="text/html" href="https://www.blogger.com/comment/fullpage/post/1/2" title="0 Comments"/>
        <link rel="edit" type="application/atom+xml" href="https://www.blogger.com/feeds/1/posts/default/2"/>
        <link rel="self" type="application/atom+xml" href="https://www.blogger.com/feeds/1/posts/default/2"/>
        <link rel="alternate" type="text/html" href="https://dramanotes.blogspot.com/2026/11/trauma-code-season-2.html" title="The Trauma Code season 2 confirmed"/>
      </entry>
      <entry><id>https://desk.example/?p=9</id><published>2026-11-10T09:00:00Z</published>
        <title type="html"><![CDATA[The Trauma Code season 2 starts filming]]></title>
        <link rel="alternate" type="text/html" href="https://desk.example/2026/11/season-2-filming/"/>
        <link rel="replies" type="text/html" href="https://desk.example/2026/11/season-2-filming/#comments" thr:count="0"/>
        <link rel="replies" type="application/atom+xml" href="https://desk.example/2026/11/season-2-filming/feed/atom/" thr:count="0"/>
      </entry>
    </feed>`;
    expect(parseFeed(feed).map((e) => e.url)).toEqual([
      "https://dramanotes.blogspot.com/2026/11/trauma-code-season-2.html",
      "https://desk.example/2026/11/season-2-filming/",
    ]);
  });

  it.each([
    // A link with no rel is an alternate one (RFC 4287), wherever it stands.
    [
      '<link rel="self" href="https://desk.example/feeds/posts/9"/><link href="https://desk.example/s2"/>',
      "https://desk.example/s2",
    ],
    // The relation written as its IANA address, or with spaces around it.
    [
      '<link rel="edit" href="https://desk.example/edit/9"/><link rel="http://www.iana.org/assignments/relation/alternate" href="https://desk.example/s2"/>',
      "https://desk.example/s2",
    ],
    [
      '<link rel="via" href="https://other.example/"/><link rel=" alternate " href="https://desk.example/s2"/>',
      "https://desk.example/s2",
    ],
    // Of several alternates, the web page rather than the same story in another form.
    [
      '<link rel="alternate" type="application/pdf" href="https://desk.example/s2.pdf"/><link rel="alternate" type="text/html" href="https://desk.example/s2"/>',
      "https://desk.example/s2",
    ],
    [
      '<link rel="alternate" type="application/json" href="https://desk.example/s2.json"/><link rel="alternate" href="https://desk.example/s2"/>',
      "https://desk.example/s2",
    ],
  ])("takes the article's link of an Atom entry linked so: %s", (links, url) => {
    const feed = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
      <entry><title>The Trauma Code season 2 confirmed</title>${links}</entry></feed>`;
    expect(parseFeed(feed).map((e) => e.url)).toEqual([url]);
  });

  it("reads no article in an Atom entry whose only links are its self, edit, replies, enclosure or via ones", () => {
    const feed = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
      <entry><title>The Trauma Code season 2 confirmed</title>
        <link rel="self" type="application/atom+xml" href="https://desk.example/feeds/posts/9"/>
        <link rel="edit" type="application/atom+xml" href="https://desk.example/feeds/posts/9"/>
        <link rel="replies" type="text/html" href="https://desk.example/comments/9"/>
        <link rel="enclosure" type="audio/mpeg" length="1200" href="https://desk.example/s2.mp3"/>
        <link rel="via" href="https://other.example/s2"/></entry>
      <entry><title>The Trauma Code season 2 starts filming</title><link href="https://desk.example/filming"/></entry>
    </feed>`;
    expect(parseFeed(feed).map((e) => e.url)).toEqual(["https://desk.example/filming"]);
  });

  it("unwraps the redirect links of a search feed and takes the outlet from <source>, off the headline", () => {
    const [first, second] = parseFeed(search);
    expect(first).toMatchObject({
      title: "The Trauma Code Musim 2 Mulai Syuting Oktober, Ada Pemeran Baru",
      url: "https://kabar-contoh.example/hiburan/trauma-code-musim-2",
      outlet: "Kabar Contoh",
    });
    expect(second?.url).toBe("https://drama-wire.example/news/trauma-code-season-2-casting?utm_campaign=search");
    expect(unwrapRedirect("https://example.org/a?url=not-a-link")).toBe("https://example.org/a?url=not-a-link");
  });

  it("takes the outlet off the headline when <source> writes its name escaped twice, as the headline is", () => {
    const feed = `<rss version="2.0"><channel><title>x</title><item>
<title>The Trauma Code season 2 confirmed - Women&amp;#39;s Drama</title><link>https://news.google.com/rss/articles/CBMi1?oc=5</link>
<source url="https://womensdrama.example">Women&amp;#39;s Drama</source></item></channel></rss>`;
    expect(parseFeed(feed)[0]).toMatchObject({ title: "The Trauma Code season 2 confirmed", outlet: "Women's Drama" });
  });

  it("names an alert feed's story by the site its redirect link leads to, not by the feed's own title", () => {
    // As Google Alerts writes its Atom feeds: one feed title for every story, a redirect link, no author.
    const [entry] = parseFeed(`<?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom"><title>Google Alert - &quot;Trauma Code&quot;</title>
        <link href="https://alerts.example/feeds/1" rel="self"/><updated>2026-11-10T09:00:00Z</updated>
        <entry><title type="html">&lt;b&gt;The Trauma Code&lt;/b&gt; season 2 confirmed by Netflix</title>
          <link href="https://alerts.example/url?rct=j&amp;sa=t&amp;url=https://www.drama-wire.example/news/trauma-code-season-2&amp;ct=ga&amp;usg=AOv"/>
          <published>2026-11-10T09:00:00Z</published><author><name></name></author></entry>
      </feed>`);
    expect(entry).toMatchObject({
      url: "https://www.drama-wire.example/news/trauma-code-season-2",
      outlet: "drama-wire.example",
    });
  });

  it("reads a full page of a news search feed, whose every item describes itself in escaped HTML", () => {
    // As Google News writes its RSS: a hundred items, each description a link and the outlet as escaped markup.
    const items = Array.from(
      { length: 100 },
      (_, i) => `<item><title>The Trauma Code season 2 &amp; story ${i} - Outlet ${i}</title>
        <link>https://news.example/rss/articles/CBMi${i}?oc=5</link><guid isPermaLink="false">CBMi${i}</guid>
        <pubDate>Tue, 10 Nov 2026 09:00:00 GMT</pubDate>
        <description>&lt;a href="https://news.example/rss/articles/CBMi${i}?oc=5" target="_blank"&gt;The Trauma Code season 2 &amp;amp; story ${i}&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;Outlet ${i}&lt;/font&gt;</description>
        <source url="https://outlet-${i}.example">Outlet ${i}</source></item>`,
    );
    const entries = parseFeed(
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Search</title>${items.join("")}</channel></rss>`,
    );
    expect(entries).toHaveLength(100);
    expect(entries[99]).toMatchObject({ title: "The Trauma Code season 2 & story 99", outlet: "Outlet 99" });
  });

  it("refuses malformed XML, HTML pages and XML that is not a feed with a reason", () => {
    expect(() => parseFeed(malformed)).toThrow(FeedError);
    expect(() => parseFeed("<!DOCTYPE html><html><body>Oops</body></html>")).toThrow("HTML, not a feed");
    expect(() => parseFeed("<rss><channel>", "text/html; charset=utf-8")).toThrow("HTML, not a feed");
    expect(() => parseFeed("<?xml version='1.0'?><note><to>x</to></note>")).toThrow("neither RSS nor Atom");
    expect(() => parseFeed("")).toThrow(FeedError);
  });

  it("reads a feed whose titles and links hold a bare ampersand, as feed readers do; a CDATA section stays as written", () => {
    const sloppy = `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk & Co</title>
      <item><title>The Trauma Code season 2 & the cast &amp; crew</title><link>https://desk.example/view?id=1&lang=en</link>
        <pubDate>Tue, 10 Nov 2026 09:00:00 GMT</pubDate></item>
      <item><title><![CDATA[The Trauma Code season 3 & more]]></title><link><![CDATA[https://desk.example/view?id=2&amp=1]]></link>
        <pubDate>Tue, 10 Nov 2026 09:00:00 GMT</pubDate></item>
    </channel></rss>`;
    expect(parseFeed(sloppy).map(({ title, url }) => ({ title, url }))).toEqual([
      { title: "The Trauma Code season 2 & the cast & crew", url: "https://desk.example/view?id=1&lang=en" },
      { title: "The Trauma Code season 3 & more", url: "https://desk.example/view?id=2&amp=1" },
    ]);
    // What no ampersand explains is still refused.
    expect(() => parseFeed(sloppy.replace("</channel>", ""))).toThrow("malformed XML");
  });

  it("reads a feed with whitespace or a stray byte order mark before its XML declaration", () => {
    for (const before of ["\n", "\r\n  ", "\uFEFF", "\uFEFF\n"]) expect(parseFeed(before + rss)).toHaveLength(5);
  });

  it("takes an RSS item's link from its guid, a permalink unless it says otherwise, and past an atom:link beside it", () => {
    const item = (inner: string) =>
      `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title><item><title>Story</title>${inner}</item></channel></rss>`;
    const urls = (inner: string) => parseFeed(item(inner)).map((e) => e.url);
    expect(urls("<guid>https://x.example/a</guid>")).toEqual(["https://x.example/a"]);
    expect(urls('<guid isPermaLink="true">https://x.example/a</guid>')).toEqual(["https://x.example/a"]);
    expect(urls('<guid isPermaLink="false">https://x.example/a</guid>')).toEqual([]);
    expect(urls('<atom:link rel="self" href="https://x.example/self"/><link>https://x.example/b</link>')).toEqual([
      "https://x.example/b",
    ]);
  });

  it("reads a feed its server labels text/html, and still calls a page that is no feed HTML", () => {
    expect(parseFeed(rss, "text/html; charset=utf-8")).toHaveLength(5);
    expect(parseFeed(atom, "text/html")).toHaveLength(parseFeed(atom).length);
    expect(() => parseFeed("<p>Service unavailable</p>", "text/html")).toThrow("HTML, not a feed");
    expect(() => parseFeed('<?xml version="1.0"?><html><body>Oops</body></html>', "text/html")).toThrow("HTML, not a feed");
  });

  it("never expands entities without bound: the feed is refused or its text stays small", () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">${Array.from(
      { length: 8 },
      (_, i) => `<!ENTITY ${"b".repeat(i + 1)} "${`&${i ? "b".repeat(i) : "a"};`.repeat(10)}">`,
    ).join("")}]><rss><channel><item><title>&bbbbbbbb;</title><link>https://x.example/</link></item></channel></rss>`;
    let titles: string[] = [];
    try {
      titles = parseFeed(laughs).map((e) => e.title);
    } catch (error) {
      expect(error).toBeInstanceOf(FeedError);
    }
    expect(titles.join("").length).toBeLessThan(1000);
  });

  it("cuts an overlong headline between characters, never through an emoji", () => {
    // A headline past the 300 characters kept, with an emoji where the cut falls.
    const title = `${"a".repeat(299)}🏥 ${"b".repeat(50)}`;
    const feed = `<rss version="2.0"><channel><title>Feed</title><item><title>${title}</title><link>https://news.example/1</link></item></channel></rss>`;
    const [entry] = parseFeed(feed, "application/rss+xml");
    // Its length, not the title, is compared: half an emoji cannot even be reported.
    expect(entry?.title.length).toBe(299);
  });

  it.each([
    [
      "an RSS item",
      (title: string) =>
        `<rss version="2.0"><channel><title>Feed</title><item><title>${title}</title><link>https://news.example/1</link></item></channel></rss>`,
    ],
    [
      "an Atom entry",
      (title: string) =>
        `<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title><entry><title type="html">${title}</title><link href="https://news.example/1"/></entry></feed>`,
    ],
  ])("reads the markup some feeds write in %s's title unescaped, in its own order", (_kind, feed) => {
    const [entry] = parseFeed(feed("Netflix renews <em>The Trauma Code</em> for <b>season 2</b> &amp; 3"));
    expect(entry?.title).toBe("Netflix renews The Trauma Code for season 2 & 3");
    const [cdata] = parseFeed(feed("<![CDATA[Netflix renews <i>The Trauma Code</i>]]> for season 2 &amp;amp; 3"));
    expect(cdata?.title).toBe("Netflix renews The Trauma Code for season 2 & 3");
  });

  it("turns escaped HTML into plain text", () => {
    expect(plainText("<b>A</b> &amp;amp; &#x1F3E5; &nbsp;B")).toBe("A &amp; 🏥 B");
  });

  it("drops the direction controls of a headline or an outlet's name, which would turn the bot's words after them around", () => {
    // The outlet is named inside a sentence ("Headline from <outlet>, ... and ..."): an override left open in
    // it runs on, right to left, to the end of that line; a headline's runs on into what follows it on the page.
    const feed = `<rss version="2.0"><channel><title>x</title><item>
<title>&#x202E;Season 2 confirmed⁦ - ‮Drama&#x2067;Desk</title><link>https://news.google.com/rss/articles/CBMi1?oc=5</link>
<source url="https://dramadesk.example">‮Drama&#x2067;Desk</source></item></channel></rss>`;
    expect(parseFeed(feed)[0]).toMatchObject({ title: "Season 2 confirmed", outlet: "DramaDesk" });
  });
});

describe("headlines and dates as Korean outlets write them", () => {
  const feed = (title: string, date = "Tue, 10 Nov 2026 09:00:00 GMT") =>
    parseFeed(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title>
<item><title>${title}</title><link>https://news.example/1</link><pubDate>${date}</pubDate></item></channel></rss>`)[0];

  it.each([["넷플릭스 &lt;중증외상센터&gt; 시즌2 제작 확정"], ["<![CDATA[넷플릭스 <중증외상센터> 시즌2 제작 확정]]>"]])(
    "keeps a title in angle brackets: %s",
    (title) => {
      expect(feed(title)?.title).toBe("넷플릭스 <중증외상센터> 시즌2 제작 확정");
    },
  );

  it.each([["넷플릭스 &lt;The Trauma Code&gt; 시즌2 제작 확정"], ["<![CDATA[넷플릭스 <The Trauma Code> 시즌2 제작 확정]]>"]])(
    "keeps a title written in Latin letters in angle brackets, words after its first no tag's attributes: %s",
    (title) => {
      expect(feed(title)?.title).toBe("넷플릭스 <The Trauma Code> 시즌2 제작 확정");
    },
  );

  it("still drops tags with their attributes, quoted or not", () => {
    expect(plainText('<a href="https://x.example/1" target=_blank>The <b class=x>Trauma</b> Code</a><br/>')).toBe(
      "The Trauma Code",
    );
  });

  it("decodes every HTML entity, &middot; included", () => {
    expect(feed("&lsquo;중증외상센터&rsquo; 주지훈&middot;추영우 시즌2 촬영&hellip;")?.title).toBe(
      "‘중증외상센터’ 주지훈·추영우 시즌2 촬영…",
    );
  });

  it("reads a date in KST (and the other zones of the show's markets) at its time", () => {
    expect(feed("x", "Mon, 10 Mar 2025 18:00:00 KST")?.publishedAt).toBe(Date.parse("2025-03-10T09:00:00Z"));
    expect(feed("x", "Mon, 10 Mar 2025 16:00:00 WIB")?.publishedAt).toBe(Date.parse("2025-03-10T09:00:00Z"));
    expect(feed("x", "Mon, 10 Mar 2025 17:00:00 PHT")?.publishedAt).toBe(Date.parse("2025-03-10T09:00:00Z"));
  });

  it.each([
    ["Mon, 10 Mar 2025 18:00:00"],
    ["2025-03-10 18:00:00"],
    ["2025-03-10T18:00:00"],
    ["2025-03-10T18:00:00.000"],
    ["2025-03-10 6:00 PM"],
  ])("reads a date that names no zone (%s) at the feed's offset from UTC", (written) => {
    const rss = `<rss version="2.0"><channel><title>x</title><item><title>x</title><link>https://news.example/1</link>
<pubDate>${written}</pubDate></item></channel></rss>`;
    expect(parseFeed(rss, "", undefined, 9 * 60)[0]?.publishedAt).toBe(Date.parse("2025-03-10T09:00:00Z"));
    expect(parseFeed(rss)[0]?.publishedAt).toBe(Date.parse("2025-03-10T18:00:00Z"));
  });

  it.each([
    ["Mon, 10 Mar 2025 09:00:00 GMT"],
    ["2025-03-10T09:00:00Z"],
    ["2025-03-10T18:00:00+09:00"],
    ["Mon, 10 Mar 2025 18:00:00 +0900"],
    ["Mon, 10 Mar 2025 18:00:00 KST"],
    ["2025-03-10T18:00:00 KST"],
    // As JavaScript's Date writes itself, and as written with the hours alone.
    ["Mon Mar 10 2025 18:00:00 GMT+0900 (Korean Standard Time)"],
    ["Mon, 10 Mar 2025 18:00:00 GMT+9"],
    // An ISO time with a zone's letters after it, which Date.parse reads in no form.
    ["2025-03-10T09:00:00 GMT"],
    ["2025-03-10T09:00:00 UTC"],
    ["2025-03-10 04:00:00 EST"],
    ["2025-03-10T02:00:00 PDT"],
    ["Mon, 10 Mar 2025 04:00:00 EST"],
    // An offset after an ISO time with a space before it, or after a zone's letters, which Date.parse reads in no form.
    ["2025-03-10T18:00:00 +09:00"],
    ["2025-03-10T18:00:00 GMT+09:00"],
    ["2025-03-10 18:00:00 KST+0900"],
    ["Mon, 10 Mar 2025 18:00:00 KST+0900"],
    // The zones of outlets across South-East Asia that cover Korean drama.
    ["Mon, 10 Mar 2025 17:00:00 SGT"],
    ["Mon, 10 Mar 2025 17:00:00 HKT"],
    ["Mon, 10 Mar 2025 17:00:00 MYT"],
    ["2025-03-10T16:00:00 ICT"],
    ["2025-03-10 06:00 PM +0900"],
    // An offset of hours alone, as PostgreSQL writes a timestamp with its zone, and ISO 8601 allows.
    ["2025-03-10 18:00:00+09"],
    ["2025-03-10T18:00:00+09"],
    ["Mon, 10 Mar 2025 18:00:00 +09"],
    ["Mon, 10 Mar 2025 18:00:00 KST+9"],
    // Zones of outlets farther away that cover Korean drama in English: Europe's, Britain's summer time,
    // India's, Australia's.
    ["Mon, 10 Mar 2025 10:00:00 CET"],
    ["2025-03-10T11:00:00 CEST"],
    ["Mon, 10 Mar 2025 10:00:00 BST"],
    ["Mon, 10 Mar 2025 14:30:00 IST"],
    ["2025-03-10T19:00:00 AEST"],
    ["Mon, 10 Mar 2025 20:00:00 AEDT"],
  ])("leaves a date that names its zone (%s) at that zone", (written) => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>x</title>
<link href="https://news.example/1"/><published>${written}</published></entry></feed>`;
    expect(parseFeed(atom, "", undefined, 7 * 60)[0]?.publishedAt).toBe(Date.parse("2025-03-10T09:00:00Z"));
  });

  it("dates an entry whose first date element is empty by the one after it", () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>x</title>
<link href="https://news.example/1"/><published/><updated>2025-03-10T09:00:00Z</updated></entry></feed>`;
    const rss = `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>x</title><item><title>x</title>
<link>https://news.example/1</link><pubDate> </pubDate><dc:date>2025-03-10T09:00:00Z</dc:date></item></channel></rss>`;
    for (const feed of [atom, rss]) expect(parseFeed(feed)[0]?.publishedAt).toBe(Date.parse("2025-03-10T09:00:00Z"));
  });
});

describe("dates written the Korean way", () => {
  const published = (written: string, offsetMinutes = 9 * 60) =>
    parseFeed(
      `<rss version="2.0"><channel><title>x</title><item><title>x</title><link>https://news.example/1</link>
<pubDate>${written}</pubDate></item></channel></rss>`,
      "",
      undefined,
      offsetMinutes,
    )[0]?.publishedAt;

  it.each([
    ["2025년 03월 10일 18:00"],
    ["2025년 3월 10일 18:00:00"],
    ["2025년 3월 10일 오후 6:00"],
    ["2025년 3월 10일 오후 6시"],
    ["2025년 3월 10일 18시 00분"],
    ["2025년 3월 10일 (월) 오후 6:00"],
    ["2025년 3월 10일 월요일 18:00"],
    ["2025.03.10 18:00"],
    ["2025.03.10. 18:00"],
    ["2025. 3. 10. 오후 6:00:00"],
    ["2025.03.10(월) 18:00"],
    ["2025-03-10 오후 6:00"],
    ["2025/03/10 오후 06:00"],
  ])("reads %s at the feed's offset from UTC, as any date that names no zone", (written) => {
    expect(published(written)).toBe(Date.parse("2025-03-10T09:00:00Z"));
    expect(published(written, 0)).toBe(Date.parse("2025-03-10T18:00:00Z"));
  });

  it.each([["2025년 03월 10일"], ["2025년 3월 10일"], ["2025.03.10."], ["2025년 3월 10일 (월)"]])(
    "reads a day without its time (%s) as that day's start at the feed's offset",
    (written) => {
      expect(published(written)).toBe(Date.parse("2025-03-09T15:00:00Z"));
    },
  );

  it.each([
    ["2025년 3월 10일 18:00 KST"],
    ["2025.03.10 18:00 +09:00"],
    ["2025년 3월 10일 오후 6:00 +0900"],
    ["2025.03.10 09:00 GMT"],
  ])("reads %s, which names its zone, at that zone", (written) => {
    expect(published(written, 7 * 60)).toBe(Date.parse("2025-03-10T09:00:00Z"));
  });

  it("reads midnight and noon on the 12-hour clock as Korean writes them", () => {
    expect(published("2025년 3월 10일 오전 12:30", 0)).toBe(Date.parse("2025-03-10T00:30:00Z"));
    expect(published("2025년 3월 10일 오후 12:30", 0)).toBe(Date.parse("2025-03-10T12:30:00Z"));
    expect(published("2025년 3월 10일 오전 9:05", 0)).toBe(Date.parse("2025-03-10T09:05:00Z"));
  });

  it.each([
    ["2025년 2월 30일"],
    ["2025.02.30 10:00"],
    ["2025년 13월 10일"],
    ["2025년 3월 10일 오후 13:00"],
    ["2025년 3월 10일 오전 0:30"],
    ["2025년 3월 10일 24:00"],
    ["2025.03.10 18:61"],
    ["2025년 3월 10일 18:00 오늘"],
  ])("reads no date from %s rather than another day or hour", (written) => {
    expect(published(written)).toBeNull();
  });

  it.each([
    ["입력 2025.03.10 18:00 수정 2025.03.10 19:30"],
    ["입력 2025-03-10 18:00 | 수정 2025-03-11 09:00"],
    ["기사입력 2025.03.10 18:00 최종수정 2025.03.11 09:00"],
    ["등록 2025-03-10 18:00:00 수정 2025-03-12 10:00:00"],
    ["[입력 : 2025년 3월 10일 오후 6:00] [수정 : 2025년 3월 11일 오전 9:00]"],
    ["수정 2025.03.11 09:00 입력 2025.03.10 18:00"],
    ["2025.03.10 18:00 (수정 2025.03.11 09:00)"],
    ["2025.03.10 18:00 · 수정 2025.03.11 09:00"],
    ["(입력 2025.03.10 18:00) (수정 2025.03.11 09:00)"],
    ["입력 2025.03.10(월) 18:00 | 수정 2025.03.11(화) 09:00"],
    ["Published 2025-03-10 18:00 Updated 2025-03-11 09:00"],
    ["Published: Mar 10, 2025 6:00 PM | Updated: Mar 11, 2025 9:00 AM"],
  ])("reads a field of two stamps (%s) as the first, when the story came out", (written) => {
    expect(published(written)).toBe(Date.parse("2025-03-10T09:00:00Z"));
  });

  it.each([
    ["2025.03.10 18:00 입력"],
    ["2025.03.10 18:00 입력 · 2025.03.11 09:00 수정"],
    ["2025.03.11 09:00 수정 | 2025.03.10 18:00 입력"],
    ["2025-03-10 18:00 (등록) 2025-03-11 09:00 (수정)"],
    ["Mar 10, 2025 6:00 PM (Published)"],
    ["Mar 11, 2025 9:00 AM (Updated), Mar 10, 2025 6:00 PM (Published)"],
  ])("reads a field whose labels follow their stamps (%s) by the one that says when the story came out", (written) => {
    expect(published(written)).toBe(Date.parse("2025-03-10T09:00:00Z"));
  });

  it("reads a long date field with a Korean date's start in time, as no date", () => {
    // Spaces a hostile feed puts after a day, around 오후, before a line break: tried every way, they cost minutes.
    const started = performance.now();
    for (const tail of [`${" ".repeat(2000)}오후${" ".repeat(2000)}\n`, `${" ".repeat(2000)}\nx`]) {
      expect(published(`2025.03.10${tail}x`)).toBeNull();
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("reads any day and time written the Korean ways as that moment, and a day past its month's end as none", () => {
    const pad = (n: number) => String(n).padStart(2, "0");
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2025-12-31T23:59:00Z"), noInvalidDate: true }),
        fc.constantFrom("년", ".", "dots"),
        fc.boolean(),
        (at, style, twelve) => {
          const [y, m, d, h, min] = [
            at.getUTCFullYear(),
            at.getUTCMonth() + 1,
            at.getUTCDate(),
            at.getUTCHours(),
            at.getUTCMinutes(),
          ];
          const day = style === "년" ? `${y}년 ${m}월 ${d}일` : style === "." ? `${y}.${pad(m)}.${pad(d)}` : `${y}. ${m}. ${d}.`;
          const time = twelve ? `${h < 12 ? "오전" : "오후"} ${h % 12 || 12}:${pad(min)}` : `${pad(h)}:${pad(min)}`;
          const expected = Date.UTC(y, m - 1, d, h, min) - 9 * 3_600_000;
          expect(published(`${day} ${time}`)).toBe(expected);
          // The same month a day past its last: no day at all, not one of the next month.
          const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
          const past = style === "년" ? `${y}년 ${m}월 ${last + 1}일` : `${y}.${pad(m)}.${pad(last + 1)}`;
          if (last + 1 <= 31) expect(published(`${past} ${time}`)).toBeNull();
        },
      ),
      { numRuns: 200, seed: Number(env.FC_SEED || 2026_12_06) },
    );
  });
});

describe("dates written in digits, day or month first", () => {
  const published = (written: string, language?: Locale, offsetMinutes = 7 * 60) =>
    parseFeed(
      `<rss version="2.0"><channel><title>x</title><item><title>x</title><link>https://news.example/1</link>
<pubDate>${written}</pubDate></item></channel></rss>`,
      "",
      undefined,
      offsetMinutes,
      language,
    )[0]?.publishedAt;
  // Read in WIB where they name no zone: 16:00 there is 09:00 UTC.
  it.each([
    ["10.03.2025 16:00", undefined, "2025-03-10"],
    ["10.03.2025 16:00", "en", "2025-03-10"],
    ["10.03.2025, 16:00", "id", "2025-03-10"],
    ["10/03/2025 16:00", "id", "2025-03-10"],
    ["10-03-2025 16:00", "id", "2025-03-10"],
    ["Senin, 10/03/2025 16:00 WIB", "id", "2025-03-10"],
    ["10/03/2025, 16:00 WIB", "id", "2025-03-10"],
    ["10/03/2025 04:00 PM", "id", "2025-03-10"],
    ["03/10/2025 16:00", "tl", "2025-03-10"],
    ["03/10/2025 04:00 PM", "tl", "2025-03-10"],
    // A day past the 12th is no month, and a day that is its month's number reads the same either way.
    ["13/03/2025 16:00", "en", "2025-03-13"],
    ["03/13/2025 16:00", "en", "2025-03-13"],
    ["10/10/2025 16:00", "en", "2025-10-10"],
  ] as const)("reads %s (%s) as the day written", (written, language, day) => {
    expect(published(written, language)).toBe(Date.parse(`${day}T09:00:00Z`));
  });

  it.each([
    ["25.03.10 18:00", "2025-03-10T09:00:00Z"],
    ["25.3.10 18:00", "2025-03-10T09:00:00Z"],
    ["25.03.10(월) 오후 6:00", "2025-03-10T09:00:00Z"],
    ["25.03.10", "2025-03-09T15:00:00Z"],
    ["입력 25.03.10 18:00 수정 25.03.11 09:00", "2025-03-10T09:00:00Z"],
  ])("reads %s in a Korean feed with its year first, in two digits, as Korean outlets write it", (written, at) => {
    expect(published(written, "ko", 9 * 60)).toBe(Date.parse(at));
  });

  it.each([
    ["25.03.10 18:00", "en"],
    ["25.03.10 18:00", undefined],
    ["10.03.25 18:00", "id"],
    ["10.03.25 18:00", "tl"],
    ["10/03/25 18:00", "en"],
    ["03/10/25", "ko"],
    ["25-03-10 18:00", "ko"],
    ["25.02.30 18:00", "ko"],
    ["25.13.10 18:00", "ko"],
  ] as const)("reads no date from %s (%s), a year in two digits where the order is not known", (written, language) => {
    expect(published(written, language)).toBeNull();
  });

  it.each([
    // Day and month both 12 or less, written with slashes or dashes, where the feed's language does not say which comes first.
    ["10/03/2025 16:00", "en"],
    ["03/10/2025 16:00", undefined],
    ["10-03-2025 16:00", "ko"],
    // Read in the language's order, it is no day; in the other, another day than the one meant.
    ["03/13/2025 16:00", "id"],
    ["13/03/2025 16:00", "tl"],
    ["03.13.2025 16:00", "en"],
    // A day its month does not have, which Date.parse moves into the next month.
    ["2025-02-30 10:00", "en"],
    ["2025-02-30T10:00:00Z", "en"],
    ["2025-02-30T10:00:00+09:00", "ko"],
    ["2025/02/30 10:00", "en"],
    ["2025-04-31", "en"],
    ["Sun, 30 Feb 2025 10:00:00 GMT", "en"],
    ["31 Apr 2025 10:00", "en"],
    ["31-Apr-2025 10:00", "en"],
    ["Sun, 30 Feb 25 10:00:00 GMT", "en"],
    ["Feb 30, 2025 10:00 AM", "en"],
    ["30 Pebrero 2025 10:00", "tl"],
    ["31.04.2025 10:00", "id"],
    ["29/02/2025 10:00", "id"],
    // A day in digits after its time, which no reading here knows the order of.
    ["16:00 10.03.2025", "id"],
    // A minute or second past 59, which Date.parse drops from some forms.
    ["Mar 10, 2025 16:60", "en"],
    ["Mon, 10 Mar 2025 09:59:60 GMT", "en"],
    // A month or a year with no day, which Date.parse reads as its first.
    ["March 2025", "en"],
    ["Mar. 2025 16:00 WIB", "en"],
    ["Maret 2025", "id"],
    ["Marso 2025", "tl"],
    ["2025-03", "en"],
    ["2025/03 16:00", "en"],
    ["2025.03", "ko"],
    ["2025", "en"],
  ] as const)("reads no date from %s (%s) rather than another day", (written, language) => {
    expect(published(written, language)).toBeNull();
  });

  it("reads a day, if at all, as the one moment its text can name in the feed's language: never a day rolled over or turned around", () => {
    const pad = (n: number) => String(n).padStart(2, "0");
    const name = (m: number) =>
      ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1] ?? "Xyz";
    const real = (y: number, m: number, d: number) =>
      m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
    type Day = [y: number, m: number, d: number];
    type Form = {
      write: (y: number, a: number, b: number, time: string) => string;
      zoned?: boolean;
      /** The days [y, m, d] that the numbers written before the year [y, a, b] can name in a language. */
      days?: (written: Day, language?: Locale) => Day[];
      /** The one language whose feeds write a day so. */
      only?: Locale;
    };
    // Two numbers before the year, day or month first: a day-first language reads the first as the day, a
    // month-first one as the month, and a feed whose language says neither may mean either.
    const either = ([y, first, second]: Day, language?: Locale): Day[] =>
      language === "id"
        ? [[y, second, first]]
        : language === "tl"
          ? [[y, first, second]]
          : [
              [y, second, first],
              [y, first, second],
            ];
    const forms: Record<string, Form> = {
      iso: { write: (y, m, d, time) => `${y}-${pad(m)}-${pad(d)}T${time}:00` },
      isoZoned: { write: (y, m, d, time) => `${y}-${pad(m)}-${pad(d)}T${time}:00Z`, zoned: true },
      isoSpaced: { write: (y, m, d, time) => `${y}-${pad(m)}-${pad(d)} ${time}` },
      yearSlashed: { write: (y, m, d, time) => `${y}/${pad(m)}/${pad(d)} ${time}` },
      rfc822: { write: (y, m, d, time) => `${d} ${name(m)} ${y} ${time}:00 GMT`, zoned: true },
      rfc822ShortYear: { write: (y, m, d, time) => `${d} ${name(m)} ${pad(y % 100)} ${time}:00 GMT`, zoned: true },
      dashedNamed: { write: (y, m, d, time) => `${pad(d)}-${name(m)}-${y} ${time}` },
      monthNamed: { write: (y, m, d, time) => `${name(m)} ${d}, ${y} ${time}` },
      korean: { write: (y, m, d, time) => `${y}년 ${m}월 ${d}일 ${time}` },
      yearDotted: { write: (y, m, d, time) => `${y}.${pad(m)}.${pad(d)} ${time}` },
      dayDotted: { write: (y, m, d, time) => `${pad(d)}.${pad(m)}.${y} ${time}` },
      slashed: { write: (y, first, second, time) => `${pad(first)}/${pad(second)}/${y} ${time}`, days: either },
      dashed: { write: (y, first, second, time) => `${pad(first)}-${pad(second)}-${y} ${time}`, days: either },
      shortYear: { write: (y, m, d, time) => `${pad(y % 100)}.${pad(m)}.${pad(d)} ${time}`, only: "ko" },
    };
    fc.assert(
      fc.property(
        fc.record({
          y: fc.integer({ min: 2000, max: 2025 }),
          m: fc.integer({ min: 0, max: 13 }),
          d: fc.integer({ min: 0, max: 32 }),
          h: fc.integer({ min: 0, max: 25 }),
          min: fc.integer({ min: 0, max: 61 }),
          swap: fc.boolean(),
          form: fc.constantFrom(...Object.keys(forms)),
          language: fc.constantFrom<Locale | undefined>("en", "ko", "id", "tl", undefined),
          stamps: fc.constantFrom("", "입력", "Published"),
        }),
        ({ y, m, d, h, min, swap, form, language, stamps }) => {
          const { write, zoned, days, only } = forms[form] as Form;
          // Two numbers before the year are written in either order; the others as month, then day.
          const [a, b] = days && swap ? [m, d] : days ? [d, m] : [m, d];
          const written = write(y, a, b, `${pad(h)}:${pad(min)}`);
          const field = stamps ? `${stamps} ${written} ${stamps === "입력" ? "수정" : "Updated"} 2025-12-31 23:59` : written;
          // 24:00 is the next day's start, as ISO 8601 has it; no other hour past 23, or minute past 59, is one.
          const clock = h < 24 ? min < 60 : h === 24 && min === 0;
          const moments = new Set(
            (days ? days([y, a, b], language) : [[y, m, d] as Day])
              .filter(([yy, mm, dd]) => clock && real(yy, mm, dd) && (!only || language === only))
              .map(([yy, mm, dd]) => Date.UTC(yy, mm - 1, dd, h, min) - (zoned ? 0 : 7 * 3_600_000)),
          );
          const got = published(field, language);
          if (moments.size !== 1) expect(got, field).toBeNull();
          else if (h < 24) expect(got, field).toBe([...moments][0]);
          else expect([null, ...moments], field).toContain(got);
        },
      ),
      { numRuns: 400, seed: Number(env.FC_SEED || 2026_12_06) },
    );
  });

  it("reads no date from a day written without its year, which Date.parse puts in 2001: the story would be dropped as old", () => {
    const pad = (n: number) => String(n).padStart(2, "0");
    const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const forms: ((m: number, d: number, time: string) => string)[] = [
      (m, d, time) => `${pad(m)}.${pad(d)} ${time}`,
      (m, d, time) => `${pad(m)}-${pad(d)} ${time}`,
      (m, d, time) => `${pad(d)}/${pad(m)} ${time}`,
      (m, d) => `${m}/${d}`,
      (m, d, time) => `${d} ${names[m - 1]} ${time}`,
      (m, d, time) => `${names[m - 1]} ${d}, ${time} GMT`,
      (m, d) => `Senin, ${d} ${names[m - 1]}`,
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: forms.length - 1 }),
        fc.constantFrom<Locale | undefined>("en", "ko", "id", "tl", undefined),
        (m, d, h, min, form, language) => {
          const written = (forms[form] as (typeof forms)[number])(m, d, `${pad(h)}:${pad(min)}`);
          expect(published(written, language), written).toBeNull();
        },
      ),
      { numRuns: 300, seed: Number(env.FC_SEED || 2026_12_06) },
    );
  });

  it("reads a span of days before a month's name (9-10 Mar 2025), which Date.parse puts in 2010, as none of another year", () => {
    const pad = (n: number) => String(n).padStart(2, "0");
    const names: Record<Locale, string[]> = {
      en: "Jan Feb March Apr May June July Aug Sep Oct Nov Dec".split(" "),
      ko: "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" "),
      id: "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split(" "),
      tl: "Enero Pebrero Marso Abril Mayo Hunyo Hulyo Agosto Setyembre Oktubre Nobyembre Disyembre".split(" "),
    };
    const offsets: Record<Locale, number> = { en: 0, ko: 9 * 60, id: 7 * 60, tl: 8 * 60 };
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2025 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 27 }),
        fc.integer({ min: 1, max: 3 }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })), { nil: undefined }),
        fc.constantFrom<Locale>("en", "ko", "id", "tl"),
        (y, m, first, span, time, language) => {
          const last = Math.min(first + span, 28);
          const clock = time ? ` ${pad(time[0])}:${pad(time[1])}` : "";
          const written = `${first}-${last} ${names[language][m - 1]} ${y}${clock}`;
          const got = published(written, language, offsets[language]);
          if (typeof got !== "number") return;
          const local = new Date(got + offsets[language] * 60_000);
          expect([local.getUTCFullYear(), local.getUTCMonth() + 1], written).toEqual([y, m]);
          expect(local.getUTCDate(), written).toBeGreaterThanOrEqual(first);
          expect(local.getUTCDate(), written).toBeLessThanOrEqual(last);
        },
      ),
      { numRuns: 200, seed: Number(env.FC_SEED || 2026_12_06) },
    );
  });
});

describe("a day and its time parted by a bar, a dash or 'at'", () => {
  const offsets = { ko: 9 * 60, id: 7 * 60, tl: 8 * 60 } as const;
  it.each([
    ["Senin, 10 Mar 2025 | 16:00 WIB", "id"],
    ["Senin, 10 Maret 2025 - 16:00 WIB", "id"],
    ["10/03/2025 | 16:00 WIB", "id"],
    ["10/03/2025 - 16:00", "id"],
    ["March 10, 2025 | 5:00 PM", "tl"],
    ["March 10, 2025 at 5:00 PM PHT", "tl"],
    ["Monday, March 10, 2025 – 17:00", "tl"],
    ["2025.03.10 | 18:00", "ko"],
  ] as const)("reads %s (%s) at the time written", (written, language) => {
    const rss = `<rss version="2.0"><channel><title>x</title><item><title>x</title><link>https://news.example/1</link>
<pubDate>${written}</pubDate></item></channel></rss>`;
    expect(parseFeed(rss, "", undefined, offsets[language], language)[0]?.publishedAt).toBe(Date.parse("2025-03-10T09:00:00Z"));
  });
});

describe("month names as Indonesian and Tagalog feeds write them", () => {
  it.each([
    ["Sen, 10 Mei 2025 16:00:00 WIB", "2025-05-10"],
    ["Senin, 10 Agustus 2025 16:00:00 +0700", "2025-08-10"],
    ["Rab, 10 Agu 2025 16:00:00 WIB", "2025-08-10"],
    ["Kam, 10 Agt 2025 16:00:00 WIB", "2025-08-10"],
    ["Jumat, 10 Oktober 2025 16:00:00 WIB", "2025-10-10"],
    ["Sab, 10 Okt 2025 16:00:00 WIB", "2025-10-10"],
    ["Minggu, 10 Desember 2025 16:00:00 WIB", "2025-12-10"],
    ["10 Des 2025 16:00", "2025-12-10"],
    ["Martes, 10 Disyembre 2025 17:00:00 PHT", "2025-12-10"],
    ["Lunes, 10 Marso 2025 17:00:00 +0800", "2025-03-10"],
    ["10 Mayo 2025 17:00:00 PHT", "2025-05-10"],
    ["Huwebes, 10 Hunyo 2025 17:00:00 PHT", "2025-06-10"],
    ["10 Hulyo 2025 17:00:00 PHT", "2025-07-10"],
    ["Sabado, 10 Setyembre 2025 17:00:00 PHT", "2025-09-10"],
    ["10 Nobyembre 2025 17:00:00 PHT", "2025-11-10"],
  ])("reads %s", (written, day) => {
    const rss = `<rss version="2.0"><channel><title>x</title><item><title>x</title><link>https://news.example/1</link>
<pubDate>${written}</pubDate></item></channel></rss>`;
    // An Indonesian feed's: a date that names no zone is read in WIB.
    expect(parseFeed(rss, "", undefined, 7 * 60)[0]?.publishedAt).toBe(Date.parse(`${day}T09:00:00Z`));
  });
});

describe("what counts as renewal news about the show", () => {
  it.each([
    ["The Trauma Code season 2 starts filming", true],
    ["중증외상센터 시즌2 캐스팅", true],
    ["The Trauma Code musim 2 resmi", true],
    ["Trauma Center ikalawang season, kumpirmado na?", true],
    ["Ju Ji-hoon talks about a second season", true],
    ["주지훈, 새 영화 촬영 시작", false],
    ["The Trauma Code: a review", false],
    ["Netflix announces a new thriller", false],
  ])("%s -> %s", (title, kept) => {
    expect(isAboutRenewal(title)).toBe(kept);
  });

  it("compacts spacing, dashes and width so spellings meet", () => {
    expect(compact("Ju Ji-hoon")).toBe(compact("ju jihoon"));
    expect(compact("ＳＥＡＳＯＮ ２")).toBe("season2");
  });

  it("drops entries older than the newest published item by more than the window; undated ones count as new", () => {
    const now = Date.parse("2026-11-30T00:00:00Z");
    const entry = (publishedAt: number | null) => ({
      title: "The Trauma Code season 2",
      url: "https://x.example/",
      outlet: "x",
      publishedAt,
    });
    const newest = Date.parse("2026-11-01T00:00:00Z");
    const day = 86_400_000;
    const kept = relevant([entry(newest - 31 * day), entry(newest - 29 * day), entry(null)], { newestPublished: newest, now });
    expect(kept.map((e) => e.publishedAt)).toEqual([newest - 29 * day, null]);
  });

  it("keeps today's news when a published item is dated ahead (an announced premiere, a mistyped year)", () => {
    const now = Date.parse("2026-11-30T00:00:00Z");
    const day = 86_400_000;
    const entry = (publishedAt: number) => ({
      title: "The Trauma Code season 2",
      url: "https://x.example/",
      outlet: "x",
      publishedAt,
    });
    const kept = relevant([entry(now - day), entry(now - 31 * day)], {
      newestPublished: Date.parse("2062-11-01T00:00:00Z"),
      now,
    });
    expect(kept.map((e) => e.publishedAt)).toEqual([now - day]);
  });
});

describe("a feed longer than MAX_ENTRIES", () => {
  const item = (i: number, year: number) =>
    `<item><title>Story ${i}</title><link>https://x.example/${i}</link><pubDate>${new Date(Date.UTC(year, 0, 1)).toUTCString()}</pubDate></item>`;
  const feed = (items: string[]) => `<rss><channel><title>x</title>${items.join("")}</channel></rss>`;

  it("keeps its newest entries, in its own order, even when they come last (a search feed lists by relevance)", () => {
    const old = Array.from({ length: MAX_ENTRIES }, (_, i) => item(i, 2020));
    const recent = Array.from({ length: 10 }, (_, i) => item(MAX_ENTRIES + i, 2026));
    const entries = parseFeed(feed([...old, ...recent]));
    expect(entries).toHaveLength(MAX_ENTRIES);
    const titles = entries.map((e) => e.title);
    expect(titles.slice(-10)).toEqual(Array.from({ length: 10 }, (_, i) => `Story ${MAX_ENTRIES + i}`));
    expect(titles.slice(0, 3)).toEqual(["Story 0", "Story 1", "Story 2"]);
  });
});

describe("hostile feed bodies", () => {
  const params = { numRuns: 300, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };
  const fragments = fc.constantFrom(
    "<rss>",
    "</rss>",
    "<channel>",
    "</channel>",
    "<item>",
    "</item>",
    "<title>",
    "</title>",
    "<link>",
    "</link>",
    "<feed>",
    "</feed>",
    "<entry>",
    '<link href="',
    '"/>',
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&#x1F3E5;",
    "&bogus;",
    '<!DOCTYPE x [<!ENTITY a "b">]>',
    "The Trauma Code season 2",
    "https://x.example/?url=https%3A%2F%2Fy.example",
    "<pubDate>",
    "</pubDate>",
    "Mon, 99 Foo",
    "\u0000",
    "<",
  );

  it("never throws anything but a FeedError, whatever the body", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.array(fragments, { maxLength: 40 }).map((xs) => xs.join("")),
        ),
        (body) => {
          try {
            for (const entry of parseFeed(body)) {
              expect(typeof entry.title).toBe("string");
              expect(entry.url).toMatch(/^https?:\/\//i);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(FeedError);
          }
        },
      ),
      params,
    );
  });
});
