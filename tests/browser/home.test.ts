// The home page in a real browser (headless Chromium) against the Worker served by wrangler dev: it
// renders without console errors or outside requests in every language, the language switch works,
// the Add buttons lead where they should, every page reads on a phone (Korean wrapped between words,
// each language's name on one line, each example named by its platform, nothing to scroll sideways), the keyboard's focus shows on every link, and Add to Slack completes an
// install with the state cookie the browser really keeps. Slack's side is a small local mock; screenshots land in tests/browser/screenshots.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCALES } from "../../src/i18n/locale";
import { w } from "../../src/web/strings";
import { type LaunchedBrowser, launchBrowser, type ServedWorker, screenshotPath, serveWorker } from "../helpers/browser";

const APP_ID = "100000000000000001";
const CLIENT_ID = "1111111111.2222222222";
const CLIENT_SECRET = randomBytes(16).toString("hex");
const GOOD_CODE = "good-code";
/** The bot scopes the authorize address asked for: Slack grants what the installer allowed there. */
let granted = "";

let slack: Server;
let worker: ServedWorker;
let browser: LaunchedBrowser;

/** oauth.v2.access and auth.test as Slack answers them: HTTP 200, ok true or false. */
function startMockSlack(): Promise<Server> {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      const form = new URLSearchParams(body);
      const reply = (value: unknown) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(value));
      };
      if (request.url === "/api/oauth.v2.access") {
        if (form.get("client_secret") !== CLIENT_SECRET || form.get("code") !== GOOD_CODE)
          return reply({ ok: false, error: "invalid_code" });
        return reply({
          ok: true,
          app_id: "A0TRAUMA",
          access_token: `xoxb-${randomBytes(8).toString("hex")}`,
          token_type: "bot",
          scope: granted,
          bot_user_id: "U0BOT",
          team: { id: "T0BROWSER", name: "Browser <Fans>" },
          enterprise: null,
          is_enterprise_install: false,
          authed_user: { id: "U0INSTALLER" },
        });
      }
      if (request.url === "/api/auth.test") return reply({ ok: true, bot_id: "B0BROWSER", team_id: "T0BROWSER" });
      reply({ ok: false, error: "unknown_method" });
    });
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

beforeAll(async () => {
  slack = await startMockSlack();
  const { port } = slack.address() as AddressInfo;
  worker = await serveWorker({
    DISCORD_APPLICATION_ID: APP_ID,
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_TOKEN_KEY: randomBytes(32).toString("base64"),
    SLACK_API_BASE: `http://127.0.0.1:${port}/api`,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await new Promise((done) => slack?.close(done));
});

/** A page that records console errors, page errors and every address it asks for. */
async function watchedPage() {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => requests.push(request.url()));
  return { page, errors, requests };
}

const href = async (page: Page, name: string) => page.getByRole("link", { name, exact: true }).getAttribute("href");

describe.each(LOCALES)("the home page in %s", (locale) => {
  it("renders without console errors or outside requests, with working Add buttons and both kinds of cards", async () => {
    const { page, errors, requests } = await watchedPage();
    const response = await page.goto(`${worker.url}/?lang=${locale}`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    expect(await page.locator("h1").textContent()).toBe(w(locale, "site.title"));

    const server = new URL((await href(page, w(locale, "add.discordServer"))) ?? "");
    expect(server.origin + server.pathname).toBe("https://discord.com/oauth2/authorize");
    expect(server.searchParams.get("client_id")).toBe(APP_ID);
    expect(server.searchParams.get("integration_type")).toBe("0");
    expect(server.searchParams.get("scope")).toBe("bot applications.commands");
    const account = new URL((await href(page, w(locale, "add.discordAccount"))) ?? "");
    expect(account.searchParams.get("integration_type")).toBe("1");
    expect(await href(page, w(locale, "add.slack"))).toBe(`${worker.url}/slack/install?lang=${locale}`);

    const discordCards = await page.locator("figure.msg.discord").count();
    expect(discordCards).toBeGreaterThanOrEqual(3);
    expect(await page.locator("figure.msg.slack").count()).toBe(discordCards);
    await expect(page.locator("figure.msg.discord .embed").first().isVisible()).resolves.toBe(true);

    await page.screenshot({ path: screenshotPath(`home-${locale}.png`), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith(worker.url))).toEqual([]);
    await page.close();
  });
});

describe("language", () => {
  it("follows the browser's language, and the switch changes it on every page", async () => {
    const korean = await launchBrowser({ locale: "ko-KR" });
    const page = await korean.context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(`${worker.url}/`);
    expect(await page.getAttribute("html", "lang")).toBe("ko");
    await page.getByRole("link", { name: w("id", "lang.name") }).click();
    await page.waitForURL(/\?lang=id$/);
    expect(await page.getAttribute("html", "lang")).toBe("id");
    expect(await page.locator("h2").first().textContent()).toBe(w("id", "add.title"));
    await page.getByRole("link", { name: w("id", "footer.privacy") }).click();
    await page.waitForURL(/\/privacy\?lang=id$/);
    expect(await page.locator("h1").textContent()).toBe(w("id", "privacy.title"));
    await page.getByRole("link", { name: w("tl", "lang.name") }).click();
    await page.waitForURL(/\/privacy\?lang=tl$/);
    expect(await page.locator("h1").textContent()).toBe(w("tl", "privacy.title"));
    await page.getByRole("link", { name: w("tl", "footer.terms") }).click();
    expect(await page.locator("h1").textContent()).toBe(w("tl", "terms.title"));
    expect(errors).toEqual([]);
    await korean.close();
  });
});

describe("Add to Slack", () => {
  it("goes to Slack's authorize page, and the redirect back installs once with the cookie the browser kept", async () => {
    const { page, errors } = await watchedPage();
    // Slack's own page is not loaded: the test stands in for the installer pressing Allow.
    await page.route("https://slack.com/**", (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<p>Slack</p>" }),
    );
    await page.goto(`${worker.url}/?lang=en`);
    await page.getByRole("link", { name: w("en", "add.slack"), exact: true }).click();
    await page.waitForURL(/^https:\/\/slack\.com\/oauth\/v2\/authorize/);
    const authorize = new URL(page.url());
    expect(authorize.searchParams.get("client_id")).toBe(CLIENT_ID);
    granted = authorize.searchParams.get("scope") ?? "";
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${worker.url}/slack/oauth_redirect`);
    const state = authorize.searchParams.get("state") ?? "";
    const cookies = await browser.context.cookies(`${worker.url}/slack/oauth_redirect`);
    expect(cookies.find((c) => c.name === "slack-app-oauth-state")).toMatchObject({
      value: state,
      httpOnly: true,
      sameSite: "Lax",
    });

    const back = `${worker.url}/slack/oauth_redirect?code=${GOOD_CODE}&state=${encodeURIComponent(state)}`;
    expect((await page.goto(back))?.status()).toBe(200);
    expect(await page.locator("p.message").textContent()).toContain("Installed in Browser <Fans>");
    // Reloaded, the page says the same (the state and the code were spent, and Slack is not asked again).
    expect((await page.reload())?.status()).toBe(200);
    expect(await page.locator("p.message").textContent()).toContain("Installed in Browser <Fans>");
    // The same link in another browser: the state was spent, and that browser never started the install.
    const other = await launchBrowser();
    const elsewhere = await other.context.newPage();
    expect((await elsewhere.goto(back))?.status()).toBe(400);
    expect(await elsewhere.locator("p.message").getAttribute("data-result")).toBe("install.badState");
    await other.close();
    expect(errors).toEqual([]);
    await page.close();
  });
});

const PAGES = ["/", "/privacy", "/terms"];

/**
 * Where a line ends between two Hangul syllables of one word ("중|증외상센터"), as the reader sees it.
 * Run in the page, so written as the script the browser is sent (the tests are compiled without the DOM's types).
 */
const HANGUL_BROKEN_MID_WORD = `(() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const syllable = (ch) => ch >= "\\uAC00" && ch <= "\\uD7A3";
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.data;
    let lastTop;
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const top = range.getClientRects()[0]?.top;
      if (top === undefined) continue;
      if (lastTop !== undefined && top > lastTop + 2 && syllable(text[i]) && syllable(text[i - 1]))
        broken.push(text.slice(Math.max(0, i - 6), i) + "|" + text.slice(i, i + 6));
      lastTop = top;
    }
  }
  return broken;
})()`;

/** How far the page is wider than the window: what a reader would scroll sideways. */
const SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth";

describe("reading on a phone", () => {
  it("wraps Korean between words, never inside one, on every page in every language", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    for (const locale of LOCALES)
      for (const path of PAGES) {
        await page.goto(`${worker.url}${path}?lang=${locale}`);
        expect(await page.evaluate(HANGUL_BROKEN_MID_WORD), `${path} ${locale}`).toEqual([]);
        expect(await page.evaluate(SIDEWAYS), `${path} ${locale} scrolls sideways`).toBeLessThanOrEqual(0);
      }
    await page.close();
  });

  it("names the platform above each example, where the two columns' headings are gone, in every language", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    for (const locale of LOCALES) {
      await page.goto(`${worker.url}/?lang=${locale}`);
      const cards = page.locator("figure.msg");
      expect(await cards.count()).toBeGreaterThan(0);
      for (const card of await cards.all()) {
        const platform = (await card.getAttribute("aria-label")) ?? "";
        expect([w(locale, "examples.discord"), w(locale, "examples.slack")], locale).toContain(platform);
        // The text as rendered: the label is shown on a narrow screen only, and textContent would have it always.
        // biome-ignore lint/performance/useDomNodeTextContent: what is drawn is the point here
        expect(await card.innerText(), locale).toContain(platform);
      }
    }
    await page.close();
  });

  it("keeps each language's name in the switch on one line, on every page in every language", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    for (const locale of LOCALES)
      for (const path of PAGES) {
        await page.goto(`${worker.url}${path}?lang=${locale}`);
        const split = await page.evaluate(
          "[...document.querySelectorAll('nav a')].filter((a) => a.getClientRects().length > 1).map((a) => a.textContent)",
        );
        expect(split, `${path} ${locale}`).toEqual([]);
      }
    await page.close();
  });
});

/**
 * The focused element's outline, and its contrast with what it is drawn on (the element's own background,
 * or, when it stands off the element, its surroundings'): WCAG asks 3:1 of what shows where focus is.
 */
const FOCUS_RING = `(() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const rgb = (color) => (color.match(/[\\d.]+/g) || []).map(Number);
  const luminance = (color) => {
    const [r, g, b] = rgb(color).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let behind = parseFloat(style.outlineOffset) > 0 ? element.parentElement : element;
  while (behind && rgb(getComputedStyle(behind).backgroundColor)[3] === 0) behind = behind.parentElement;
  const background = behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)";
  const [light, dark] = [luminance(style.outlineColor), luminance(background)].sort((a, b) => b - a);
  return {
    what: element.tagName + " " + (element.textContent || "").trim().slice(0, 30),
    style: style.outlineStyle,
    contrast: Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100,
  };
})()`;

describe("the keyboard", () => {
  it("shows where focus is, in a colour that stands out from what it is drawn on, on every page in every language", async () => {
    const page = await browser.context.newPage();
    for (const locale of LOCALES)
      for (const path of PAGES) {
        await page.goto(`${worker.url}${path}?lang=${locale}`);
        const stops = await page.locator("a[href], summary").count();
        expect(stops).toBeGreaterThan(0);
        for (let i = 0; i < stops; i++) {
          await page.keyboard.press("Tab");
          const ring = await page.evaluate<{ what: string; style: string; contrast: number }>(FOCUS_RING);
          expect(ring.style, `${path} ${locale}: ${ring.what}`).not.toBe("none");
          // The browser's own ring (auto) is two colours, one of which stands out from anything.
          if (ring.style !== "auto") expect(ring.contrast, `${path} ${locale}: ${ring.what}`).toBeGreaterThanOrEqual(3);
        }
      }
    await page.close();
  });
});
