// The home, privacy and terms pages over plain HTTP: language choice, the Add buttons' addresses,
// live examples from the Reply model, size, and nothing fetched from elsewhere.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { LANGUAGE_NAMES, language } from "../../src/command";
import { CONTENT_BUNDLE_KEY } from "../../src/content/keys";
import { publishedNews } from "../../src/content/published";
import { clearContentCache, loadContent } from "../../src/content/store";
import { LOCALES } from "../../src/i18n/locale";
import worker from "../../src/index";
import { escapeHtml } from "../../src/web/markdown";
import { exampleReplies, SWITCH_PATH_MAX } from "../../src/web/pages";
import { w } from "../../src/web/strings";
import { realBundle, seedContent } from "../helpers/content";

const PAGE_MAX_BYTES = 50 * 1024;

async function get(path: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`https://bot.test${path}`, { headers }),
    { ...env, ...extra } as typeof env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

const hrefs = (page: string, kind: string) =>
  [...page.matchAll(new RegExp(`href="([^"]+)"[^>]*data-install="${kind}"`, "g"))].map((m) =>
    (m[1] ?? "").replaceAll("&amp;", "&"),
  );

beforeEach(async () => {
  await seedContent();
});

describe("GET /", () => {
  it.each([
    ["ko-KR,ko;q=0.9,en;q=0.8", "ko"],
    ["id-ID,id;q=0.9", "id"],
    ["fil-PH", "tl"],
    ["tl;q=0.4, de;q=0.9", "tl"],
    ["fr-FR,de;q=0.8", "en"],
    ["fr, ko ;q=0.9", "ko"],
    ["en;Q=0.1, ko", "ko"],
    ["", "en"],
  ])("picks the language from Accept-Language %j: %s", async (header, locale) => {
    const response = await get("/", header ? { "accept-language": header } : {});
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("vary")?.toLowerCase()).toContain("accept-language");
    const page = await response.text();
    expect(page).toContain(`<html lang="${locale}">`);
    expect(page).toContain(escapeHtml(w(locale as (typeof LOCALES)[number], "site.tagline")));
  });

  it("lets ?lang= override the browser's language, and links every language", async () => {
    const page = await (await get("/?lang=tl", { "accept-language": "ko" })).text();
    expect(page).toContain('<html lang="tl">');
    for (const locale of LOCALES) expect(page).toContain(`href="/?lang=${locale}"`);
    expect(page).toMatch(/href="\/\?lang=tl"[^>]*aria-current="true"/);
  });

  it.each([
    ["KO", "ko"],
    ["ko-KR", "ko"],
    ["fil", "tl"],
    ["Id", "id"],
  ])("reads ?lang=%s as a language tag, whatever its case or region: %s", async (asked, locale) => {
    const page = await (await get(`/?lang=${asked}`, { "accept-language": "en" })).text();
    expect(page).toContain(`<html lang="${locale}">`);
  });

  it("tells a reader in every language how to ask for Tagalog, which neither Discord nor Slack sets, on each platform", async () => {
    for (const locale of LOCALES) {
      const page = await (await get(`/?lang=${locale}`)).text();
      expect(page, locale).toContain(LANGUAGE_NAMES.tl[locale]);
      expect(page, locale).toContain("lang:tl");
    }
  });

  it("names Discord's language option as a Korean or Indonesian client shows it (언어, bahasa), never as language", async () => {
    for (const locale of ["ko", "id"] as const) {
      const page = await (await get(`/?lang=${locale}`)).text();
      const shown = language().names?.[locale] ?? "";
      expect(shown, locale).not.toBe("");
      expect(page, locale).toContain(`${shown} `);
      expect(page, locale).not.toContain("language:");
    }
  });

  it("points the Add buttons at the server install, the account install and the Slack install", async () => {
    const page = await (await get("/", {}, { SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "s", SLACK_TOKEN_KEY: "k" })).text();
    const [server] = hrefs(page, "discord-server");
    const [account] = hrefs(page, "discord-account");
    const [slack] = hrefs(page, "slack");
    const serverUrl = new URL(server ?? "");
    expect(`${serverUrl.origin}${serverUrl.pathname}`).toBe("https://discord.com/oauth2/authorize");
    expect(Object.fromEntries(serverUrl.searchParams)).toEqual({
      client_id: env.DISCORD_APPLICATION_ID,
      scope: "bot applications.commands",
      permissions: "274877991936",
      integration_type: "0",
    });
    expect(Object.fromEntries(new URL(account ?? "").searchParams)).toEqual({
      client_id: env.DISCORD_APPLICATION_ID,
      scope: "applications.commands",
      integration_type: "1",
    });
    // The page's language goes with it, for the page the install comes back to.
    expect(slack).toBe("https://bot.test/slack/install?lang=en");
  });

  it("shows a platform that is not set up as unavailable instead of a broken button", async () => {
    const page = await (await get("/", {}, { SLACK_CLIENT_ID: undefined, DISCORD_APPLICATION_ID: "" })).text();
    expect(hrefs(page, "slack")).toEqual([]);
    expect(hrefs(page, "discord-server")).toEqual([]);
    expect(page).toContain('aria-disabled="true" data-install="slack"');
    expect(page).toContain(escapeHtml(w("en", "add.unavailable")));
  });

  it("renders the examples from the Reply model, each as a Discord card and a Slack card", async () => {
    const content = await loadContent(env.CONTENT);
    for (const locale of LOCALES) {
      const page = await (await get(`/?lang=${locale}`)).text();
      const replies = exampleReplies(content, await publishedNews(env), locale);
      expect(replies.length).toBeGreaterThanOrEqual(3);
      for (const reply of replies) {
        const heading = reply.blocks.find((b) => b.kind === "heading");
        const title = escapeHtml(heading?.kind === "heading" ? heading.text : "");
        expect(page.split(title).length - 1, title).toBeGreaterThanOrEqual(2);
      }
      expect(page.match(/<figure class="msg discord"/g)).toHaveLength(replies.length);
      expect(page.match(/<figure class="msg slack"/g)).toHaveLength(replies.length);
    }
  });

  it("stays under 50 KB in every language, with no scripts and nothing loaded from elsewhere", async () => {
    for (const locale of LOCALES) {
      const bytes = new Uint8Array(await (await get(`/?lang=${locale}`)).arrayBuffer());
      expect(bytes.byteLength, locale).toBeLessThan(PAGE_MAX_BYTES);
      const page = new TextDecoder().decode(bytes);
      expect(page).not.toMatch(/<script|<link[^>]+stylesheet|<img|<iframe|@import|url\(/i);
      expect(page).not.toMatch(/\ssrc=/i);
    }
  });

  it("still answers, without examples, when the content is not there", async () => {
    await env.CONTENT.delete(CONTENT_BUNDLE_KEY);
    clearContentCache();
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(w("en", "examples.unavailable"));
  });

  it("still answers, with its Add buttons and without examples, when the stored content cannot be drawn", async () => {
    // A bundle an earlier release stored, before a field the cards read was added, until `npm run seed` runs.
    const bundle = await realBundle();
    const { renewalStatus: _left, ...show } = bundle.show;
    await seedContent({ ...bundle, version: "earlier", show: show as typeof bundle.show });
    const response = await get("/", {}, { DISCORD_APPLICATION_ID: "123" });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(w("en", "examples.unavailable"));
    expect(hrefs(page, "discord-server")).toHaveLength(1);
  });
});

describe.each(["privacy", "terms"] as const)("GET /%s", (which) => {
  it.each(LOCALES)("answers in %s with the page and links home", async (locale) => {
    const response = await get(`/${which}?lang=${locale}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-language")).toBe(locale);
    const page = await response.text();
    expect(page).toContain(`<h1>${escapeHtml(w(locale, `${which}.title`))}</h1>`);
    expect(page).toContain(`href="/?lang=${locale}"`);
    expect(page).toContain(`href="/privacy?lang=${locale}"`);
    expect(page).toContain(`href="/terms?lang=${locale}"`);
  });
});

it("links privacy and terms from the home page, as Discord asks of verified apps", async () => {
  const page = await (await get("/")).text();
  expect(page).toContain('href="/privacy?lang=en"');
  expect(page).toContain('href="/terms?lang=en"');
});

describe("what a browser may do with the pages", () => {
  const PAGES = ["/", "/privacy", "/terms", "/slack/install", "/no/such/page"];

  it.each(PAGES)("%s allows no script, nothing from elsewhere and no framing", async (path) => {
    const response = await get(path, { accept: "text/html" });
    const policy = response.headers.get("content-security-policy") ?? "";
    const directives = new Map(
      policy
        .split(";")
        .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.has("script-src")).toBe(false);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    expect(directives.get("form-action")).toEqual(["'none'"]);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("leaves Slack's own requests alone", async () => {
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request("https://bot.test/slack/events", { method: "POST", body: "{}" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-security-policy")).toBeNull();
  });
});

describe("an address with no page", () => {
  it.each(LOCALES)("shows a browser a page in %s that links home, with a 404", async (locale) => {
    const response = await get(`/episodes/1?lang=${locale}`, { accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-language")).toBe(locale);
    const page = await response.text();
    expect(page).toContain(`<h1>${escapeHtml(w(locale, "notFound.title"))}</h1>`);
    expect(page).toContain(`href="/?lang=${locale}"`);
  });

  it("switches language on the same address, which a link cannot turn into another site's", async () => {
    const html = { accept: "text/html" };
    const switchTo = async (path: string) => {
      const page = await (await get(`${path}?lang=ko`, html)).text();
      return [...page.matchAll(/<a href="([^"]*)" lang="(\w+)" hreflang/g)].map(([, href, lang]) => [lang, href]);
    };
    expect(await switchTo("/episodes/1")).toEqual(LOCALES.map((l) => [l, `/episodes/1?lang=${l}`]));
    expect(await switchTo("/%EB%B0%B1%22%3E")).toEqual(LOCALES.map((l) => [l, `/%EB%B0%B1%22%3E?lang=${l}`]));
    for (const path of ["//evil.example/x", "/\\evil.example/x", "/%2F%2Fevil.example", `/${"a".repeat(SWITCH_PATH_MAX)}`]) {
      const links = await switchTo(path);
      expect(links.length, path).toBe(LOCALES.length);
      for (const [, href] of links)
        expect(href, path).toMatch(path.startsWith("/%2F") ? /^\/%2F%2Fevil\.example\?/ : /^\/\?lang=/);
    }
  });

  it("says its answer depends on what the client accepts, so no cache hands a browser the JSON or a script the page", async () => {
    for (const headers of [{ accept: "text/html" }, { accept: "application/json" }] as Record<string, string>[]) {
      const vary = (await get("/episodes/1", headers)).headers.get("vary") ?? "";
      expect(vary.toLowerCase().split(/\s*,\s*/), headers.accept).toContain("accept");
    }
  });

  it("answers JSON to anything that does not ask for HTML", async () => {
    for (const headers of [{}, { accept: "application/json" }, { accept: "*/*" }] as Record<string, string>[]) {
      const response = await get("/episodes/1", headers);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "not found" });
    }
  });
});
