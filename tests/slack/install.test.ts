// Installing the Slack app into any workspace, end to end: the install link, Slack's consent, the
// redirect back, the stored installation, answers and alerts with each workspace's own token, and
// uninstalling. Only Slack's Web API is mocked (tests/helpers/slack-oauth.ts).
import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SUBREQUESTS_MAX } from "../../src/delivery/budget";
import { planDeliveries } from "../../src/delivery/planner";
import { STALE_MS } from "../../src/delivery/policy";
import { INSTALLED_COOKIE, LANG_COOKIE, SignedStateStore, STATE_COOKIE } from "../../src/slack/install-state";
import { D1InstallationStore, slackTokenFor } from "../../src/slack/install-store";
import { SLACK_BOT_SCOPES } from "../../src/slack/manifest";
import { slack as slackPlatform } from "../../src/slack/platform";
import { newsKey } from "../../src/topics/renewal";
import { alertEnv, deliverNew, ledger, publish, recordingQueue, runCron, runQueue, sleep, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slackJson, slackText, slashBody } from "../helpers/slack";
import {
  Browser,
  CLIENT_ID,
  CLIENT_SECRET,
  newTokenKey,
  oauthEnv,
  REDIRECT_URI,
  SlackOAuthMock,
  sendEvent,
  type Workspace,
} from "../helpers/slack-oauth";

const FANS: Workspace = { teamId: "T0FANS", name: "K-drama <Fans> & Friends" };
const CLINIC: Workspace = { teamId: "T0CLINIC", name: "Night Shift Clinic" };

let apis: MockApis;
let slack: SlackOAuthMock;
let logs: string[];

beforeEach(async () => {
  apis = new MockApis();
  slack = new SlackOAuthMock(apis).install();
  logs = [];
  for (const method of ["log", "error", "warn", "info", "debug"] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logs.push(args.map(String).join(" "));
    });
});

afterEach(() => {
  // No token issued in a test ever reaches a log line.
  for (const token of [...slack.tokens.keys(), ...slack.revoked]) for (const line of logs) expect(line).not.toContain(token);
});

const installations = async () =>
  (await env.DB.prepare("SELECT * FROM slack_installations ORDER BY install_key").all<Record<string, unknown>>()).results;

describe("GET /slack/install", () => {
  it("redirects to Slack's authorize page with the client id, the manifest's scopes and a state bound to a cookie", async () => {
    const response = await new Browser().get("/slack/install", oauthEnv());
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe("https://slack.com/oauth/v2/authorize");
    expect(location.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(location.searchParams.get("scope")?.split(",")).toEqual([...SLACK_BOT_SCOPES]);
    expect(location.searchParams.get("redirect_uri")).toBe(REDIRECT_URI);
    const state = location.searchParams.get("state") ?? "";
    expect(state.length).toBeGreaterThan(40);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(`${STATE_COOKIE}=${state}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=600/);
  });

  it("gives every visitor a different state", async () => {
    const states = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = await new Browser().get("/slack/install", oauthEnv());
      states.add(new URL(response.headers.get("location") ?? "").searchParams.get("state") ?? "");
    }
    expect(states.size).toBe(3);
  });

  it("a HEAD or a prefetch of the install link in the installer's browser leaves the install under way able to finish", async () => {
    const browser = new Browser();
    const path = await browser.consent(slack, FANS, oauthEnv());
    // A link checker's HEAD, Chrome's or Safari's preloading of the address typed again, in the same browser.
    const head = await browser.get("/slack/install", oauthEnv(), {}, "HEAD");
    expect(head.headers.getSetCookie()).toEqual([]);
    const preloads: Record<string, string>[] = [
      { "sec-purpose": "prefetch" },
      { purpose: "prefetch" },
      { "sec-purpose": "prefetch;prerender" },
    ];
    for (const purpose of preloads) {
      const prefetch = await browser.get("/slack/install", oauthEnv(), purpose);
      expect(prefetch.status).not.toBe(302);
      expect(prefetch.headers.getSetCookie()).toEqual([]);
    }
    const page = await browser.get(path, oauthEnv());
    expect(page.status).toBe(200);
    expect((await installations()).map((r) => r.team_id)).toEqual(["T0FANS"]);
  });

  it("says plainly when OAuth is not set up on this deployment", async () => {
    for (const missing of ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_TOKEN_KEY"]) {
      const response = await new Browser().get("/slack/install", oauthEnv({ [missing]: undefined }));
      expect(response.status, missing).toBe(404);
      expect(await response.text()).toContain("not set up");
    }
  });
});

describe("GET /slack/oauth_redirect", () => {
  it("exchanges a good code, stores the installation with the token encrypted, and says it worked", async () => {
    const browser = new Browser();
    const response = await browser.install(slack, FANS, oauthEnv());
    expect(response.status).toBe(200);
    const page = await response.text();
    // The workspace name is Slack's text, shown escaped.
    expect(page).toContain("Installed in K-drama &lt;Fans&gt; &amp; Friends");
    expect(browser.cookies.has(STATE_COOKIE)).toBe(false);

    // A reload of that page (the code and the state are spent) says the same, and asks Slack nothing.
    const exchanges = slack.calls.filter((c) => c.method === "oauth.v2.access").length;
    const address = browser.lastPath;
    const reloaded = await browser.get(address, oauthEnv());
    expect(reloaded.status).toBe(200);
    expect(await reloaded.text()).toContain("Installed in K-drama &lt;Fans&gt; &amp; Friends");
    expect(slack.calls.filter((c) => c.method === "oauth.v2.access")).toHaveLength(exchanges);
    // The same address opened in another browser is not told it worked.
    expect((await new Browser().get(address, oauthEnv())).status).toBe(400);

    const rows = await installations();
    expect(rows).toHaveLength(1);
    const token = slack.tokenOf(FANS.teamId) as string;
    expect(rows[0]).toMatchObject({
      install_key: "T:T0FANS",
      team_id: "T0FANS",
      bot_user_id: "U0BOTT0FANS",
      installed_by: "U0INSTALLER",
    });
    expect(JSON.stringify(rows[0])).not.toContain(token);
    expect(JSON.stringify(rows[0])).not.toContain(token.slice(5));
    expect(await slackTokenFor({ ...env, ...oauthEnv() }, FANS.teamId)).toMatchObject({
      token,
      botId: "B0T0FANS",
      from: "installation",
    });
  });

  it("answers in the language the install was started in, which Slack's redirect does not carry", async () => {
    const browser = new Browser();
    const start = await browser.get("/slack/install?lang=ko", oauthEnv());
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const code = slack.approve(FANS);
    // The browser itself asks for English.
    const done = await browser.get(`/slack/oauth_redirect?code=${code}&state=${state}`, oauthEnv(), {
      "accept-language": "en",
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('<html lang="ko">');
    expect([...browser.cookies.keys()], "only the cookie that lets a reload say it again").toEqual([INSTALLED_COOKIE]);
    // Reloaded, the page says it again, in the same language.
    const again = await browser.get(`/slack/oauth_redirect?code=${code}&state=${state}`, oauthEnv(), { "accept-language": "en" });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('<html lang="ko">');
    // A language cookie that is not one of ours is ignored.
    const other = new Browser();
    other.cookies.set(LANG_COOKIE, "<script>");
    const failed = await other.get("/slack/oauth_redirect?error=access_denied", oauthEnv(), { "accept-language": "id" });
    expect(await failed.text()).toContain('<html lang="id">');
  });

  it("answers a reload of a page that said the install did not go through in the language it was started in", async () => {
    for (const path of ["/slack/oauth_redirect?error=access_denied&state=", "/slack/oauth_redirect?code=made-up&state="]) {
      const browser = new Browser();
      const start = await browser.get("/slack/install?lang=ko", oauthEnv());
      const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
      const first = await browser.get(`${path}${state}`, oauthEnv(), { "accept-language": "en" });
      expect(first.status, path).toBe(400);
      expect(await first.text(), path).toContain('<html lang="ko">');
      const again = await browser.get(`${path}${state}`, oauthEnv(), { "accept-language": "en" });
      expect(again.status, path).toBe(400);
      expect(await again.text(), path).toContain('<html lang="ko">');
    }
  });

  it("forgets the language of an abandoned start when the install is started again without one", async () => {
    const browser = new Browser();
    await browser.get("/slack/install?lang=ko", oauthEnv());
    // Back on the site without switching its language, the installer starts again from a bare link.
    const start = await browser.get("/slack/install", oauthEnv(), { "accept-language": "id" });
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const done = await browser.get(`/slack/oauth_redirect?code=${slack.approve(FANS)}&state=${state}`, oauthEnv(), {
      "accept-language": "id",
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('<html lang="id">');
  });

  it("reads the language the install was started in as a language tag (fil is Tagalog, KO is Korean)", async () => {
    for (const [asked, locale] of [
      ["fil", "tl"],
      ["KO", "ko"],
    ]) {
      const browser = new Browser();
      await browser.get(`/slack/install?lang=${asked}`, oauthEnv());
      const cancelled = await browser.get("/slack/oauth_redirect?error=access_denied", oauthEnv(), { "accept-language": "en" });
      expect(await cancelled.text(), asked).toContain(`<html lang="${locale}">`);
    }
  });

  it("cannot read a stored token with another key, or from another workspace's row", async () => {
    await new Browser().install(slack, FANS, oauthEnv());
    await expect(
      new D1InstallationStore({ ...env, ...oauthEnv({ SLACK_TOKEN_KEY: newTokenKey() }) }).find("T0FANS"),
    ).rejects.toThrow();
    const [row] = await installations();
    await env.DB.prepare(
      "INSERT INTO slack_installations (install_key, team_id, installation, installed_at, updated_at) VALUES ('T:T0EVIL', 'T0EVIL', ?, 0, 0)",
    )
      .bind(row?.installation)
      .run();
    await expect(new D1InstallationStore({ ...env, ...oauthEnv() }).find("T0EVIL")).rejects.toThrow();
  });

  it("refuses a code Slack does not accept, and stores nothing", async () => {
    const browser = new Browser();
    const start = await browser.get("/slack/install", oauthEnv());
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const response = await browser.get(`/slack/oauth_redirect?code=made-up&state=${state}`, oauthEnv());
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("did not accept");
    expect(await installations()).toEqual([]);
    expect(slack.accessCalls).toBe(1);
  });

  it("says a refusal of the app's own setup is the deployment's, not a code to try again, and stores nothing", async () => {
    // The app not yet distributed (another workspace installs it), and a client secret set wrong.
    slack.failures.push(Response.json({ ok: false, error: "invalid_team_for_non_distributed_app" }, { status: 400 }));
    const notDistributed = await new Browser().install(slack, CLINIC, oauthEnv());
    const wrongSecret = await new Browser().install(slack, CLINIC, oauthEnv({ SLACK_CLIENT_SECRET: "not-the-apps-secret" }));
    for (const response of [notDistributed, wrongSecret]) {
      const page = await response.text();
      expect(page).toContain('data-result="install.notConfigured"');
      expect(page).not.toContain("Start again");
    }
    expect(slack.accessCalls).toBe(2);
    expect(await installations()).toEqual([]);
  });

  it("undoes an org-wide (Enterprise Grid) install, says to install per workspace, and stores nothing", async () => {
    const grid: Workspace = { teamId: "T0WARD", name: "Trauma Ward", enterpriseId: "E0GRID", orgWide: true };
    const browser = new Browser();
    const response = await browser.install(slack, grid, oauthEnv());
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("one workspace at a time");
    expect(await installations()).toEqual([]);
    // Slack is told to remove it: the token it issued no longer works.
    expect(slack.calls.map((c) => c.method)).toEqual(["apps.uninstall"]);
    expect(slack.tokens.size).toBe(0);
    expect(slack.revoked.size).toBe(1);
    expect(browser.cookies.has(STATE_COOKIE)).toBe(false);
    expect(logs.some((l) => l.includes('"slack.install_refused"') && l.includes('"undone":true'))).toBe(true);
  });

  it("answers HEAD without spending the state or asking Slack, so the installer's GET still installs", async () => {
    const browser = new Browser();
    const start = await browser.get("/slack/install", oauthEnv());
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const path = `/slack/oauth_redirect?code=${slack.approve(FANS)}&state=${state}`;
    const head = await browser.get(path, oauthEnv(), {}, "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(await installations()).toEqual([]);
    const page = await browser.get(path, oauthEnv());
    expect(page.status).toBe(200);
    expect((await installations()).map((r) => r.team_id)).toEqual(["T0FANS"]);
  });

  it("a browser's preload of the address Slack sends back to spends neither the state nor the code", async () => {
    const browser = new Browser();
    const path = await browser.consent(slack, FANS, oauthEnv());
    // Slack down while the address is loaded ahead of the navigation: the navigation itself must still install.
    slack.failures.push(new Response("<html>502 Bad Gateway</html>", { status: 502, headers: { "content-type": "text/html" } }));
    const preload = await browser.get(path, oauthEnv(), { "sec-purpose": "prefetch" });
    expect(preload.status).not.toBe(200);
    expect(preload.headers.getSetCookie()).toEqual([]);
    slack.failures.length = 0;
    const page = await browser.get(path, oauthEnv());
    expect(page.status).toBe(200);
    expect((await installations()).map((r) => r.team_id)).toEqual(["T0FANS"]);
  });

  it("refuses a reused state, even with a fresh code", async () => {
    const browser = new Browser();
    const start = await browser.get("/slack/install", oauthEnv());
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const cookie = browser.cookies.get(STATE_COOKIE) as string;
    expect((await browser.get(`/slack/oauth_redirect?code=${slack.approve(FANS)}&state=${state}`, oauthEnv())).status).toBe(200);
    // A replay, with the cookie put back as an attacker holding it would.
    browser.cookies.set(STATE_COOKIE, cookie);
    const replay = await browser.get(`/slack/oauth_redirect?code=${slack.approve(CLINIC)}&state=${state}`, oauthEnv());
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("already used");
    expect((await installations()).map((r) => r.team_id)).toEqual(["T0FANS"]);
  });

  it("a return from Slack for another install (an older tab, a link from elsewhere) leaves this browser's install under way able to finish", async () => {
    const browser = new Browser();
    // An install started, then abandoned for a second start in another tab, whose state the cookie now holds.
    const older = await browser.consent(slack, FANS, oauthEnv());
    const path = await browser.consent(slack, FANS, oauthEnv());
    const olderState = new URL(`https://bot.test${older}`).searchParams.get("state") ?? "";
    for (const foreign of [
      older,
      `/slack/oauth_redirect?error=access_denied&state=${olderState}`,
      "/slack/oauth_redirect?state=x",
    ]) {
      const refused = await browser.get(foreign, oauthEnv());
      expect(refused.status, foreign).toBe(400);
      expect(browser.cookies.has(STATE_COOKIE), foreign).toBe(true);
    }
    const page = await browser.get(path, oauthEnv());
    expect(page.status).toBe(200);
    expect((await installations()).map((r) => r.team_id)).toEqual(["T0FANS"]);
  });

  it("refuses forged, foreign, expired and cookie-less states before asking Slack anything", async () => {
    const signed = (secret: string, now: Date) =>
      new SignedStateStore({ ...env, ...oauthEnv({ SLACK_CLIENT_SECRET: secret }) }, { scopes: [] }).generateStateParam(
        { scopes: [] },
        now,
      );
    const good = await signed(CLIENT_SECRET, new Date());
    const cases: { state: string; cookie?: string }[] = [
      { state: `${good.slice(0, -4)}AAAA` },
      { state: await signed("another-apps-secret", new Date()) },
      { state: await signed(CLIENT_SECRET, new Date(Date.now() - 11 * 60 * 1000)) },
      { state: good, cookie: "" },
      { state: good, cookie: await signed(CLIENT_SECRET, new Date()) },
      { state: "not-a-state" },
    ];
    for (const { state, cookie } of cases) {
      const browser = new Browser();
      if (cookie !== "") browser.cookies.set(STATE_COOKIE, cookie ?? state);
      const response = await browser.get(
        `/slack/oauth_redirect?code=${slack.approve(FANS)}&state=${encodeURIComponent(state)}`,
        oauthEnv(),
      );
      expect(response.status, state).toBe(400);
      expect(await response.text()).toContain("Add to Slack");
    }
    expect(slack.accessCalls).toBe(0);
    expect(await installations()).toEqual([]);
  });

  it("tells the installer who pressed Cancel that nothing was installed", async () => {
    const browser = new Browser();
    const start = await browser.get("/slack/install", oauthEnv());
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const response = await browser.get(`/slack/oauth_redirect?error=access_denied&state=${state}`, oauthEnv(), {
      "accept-language": "ko-KR,ko;q=0.9",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("설치를 취소했어요");
  });

  it("sends an install Slack started (Manage Distribution's sharable URL: no state) through /slack/install, whose state then installs", async () => {
    const browser = new Browser();
    const started = await browser.get(`/slack/oauth_redirect?code=${slack.approve(FANS)}`, oauthEnv());
    expect(started.status).toBe(302);
    expect(started.headers.get("location")).toBe("/slack/install");
    // The code no browser of ours asked for is never exchanged.
    expect(slack.accessCalls).toBe(0);
    expect(await installations()).toEqual([]);
    const consent = await browser.get("/slack/install", oauthEnv());
    const state = new URL(consent.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const done = await browser.get(`/slack/oauth_redirect?code=${slack.approve(FANS)}&state=${state}`, oauthEnv());
    expect(done.status).toBe(200);
    expect((await installations()).map((r) => r.team_id)).toEqual(["T0FANS"]);
  });

  it("answers 502 when Slack is down or sends an HTML error page, and stores nothing", async () => {
    slack.failures.push(
      new Response("<html><body>Service Unavailable</body></html>", { status: 503, headers: { "content-type": "text/html" } }),
    );
    const browser = new Browser();
    const response = await browser.install(slack, FANS, oauthEnv());
    expect(response.status).toBe(502);
    const page = await response.text();
    expect(page).toContain("could not be reached");
    expect(await installations()).toEqual([]);
    // The state is spent, so the page cannot be tried again as it is: it says where to start again.
    expect(page).toContain("Add to Slack");
    expect((await browser.get(browser.lastPath, oauthEnv())).status).toBe(400);
  });

  it("installing again replaces the token and keeps one row per workspace", async () => {
    await new Browser().install(slack, FANS, oauthEnv());
    const first = slack.tokenOf(FANS.teamId);
    slack.revoke(FANS.teamId);
    await new Browser().install(slack, FANS, oauthEnv());
    const second = slack.tokenOf(FANS.teamId);
    expect(second).not.toBe(first);
    expect(await installations()).toHaveLength(1);
    expect((await slackTokenFor({ ...env, ...oauthEnv() }, FANS.teamId))?.token).toBe(second);
  });
});

describe("several workspaces", () => {
  const sendIn = (workspace: Workspace, command: string, text: string, channel: string) =>
    sendSlackRaw(slashBody(command, text, { team_id: workspace.teamId, channel_id: channel, user_name: "minji" }), {
      env: oauthEnv(),
    });

  /** FANS installed ten minutes ago, with alerts on in C0FANS: the queue and env its deliveries go through. */
  async function fansAlertsOn() {
    const queue = recordingQueue();
    const testEnv = alertEnv(queue, oauthEnv());
    await new Browser().install(slack, FANS, oauthEnv());
    await sendIn(FANS, "/renewal", "alerts on", "C0FANS");
    await env.DB.prepare(
      "UPDATE slack_installations SET installed_at = installed_at - 600000, updated_at = updated_at - 600000",
    ).run();
    return { queue, testEnv };
  }

  it("answers a workspace that has not installed the app with an ephemeral install link", async () => {
    await seedContent();
    const reply = await slackJson(await sendIn(CLINIC, "/episode", "3 lang:id", "C0CLINIC"));
    expect(reply.response_type).toBe("ephemeral");
    expect(slackText(reply)).toContain("https://bot.test/slack/install");
    expect(slackText(reply)).toContain("Workspace ini belum memasang bot");
  });

  it("links each request to the install page of the address it came to, though one Bolt App answers both", async () => {
    await seedContent();
    const body = slashBody("/episode", "3", { team_id: CLINIC.teamId, channel_id: "C0CLINIC" });
    for (const origin of ["https://bot.test", "https://fans.example"]) {
      const reply = await slackJson(await sendSlackRaw(body, { env: oauthEnv(), origin }));
      expect(slackText(reply)).toContain(`${origin}/slack/install`);
    }
  });

  it("a second workspace gets answers and alerts with its own token; uninstalling stops only its alerts; reinstalling restores them", async () => {
    await seedContent();
    const queue = recordingQueue();
    const testEnv = alertEnv(queue, oauthEnv());
    await new Browser().install(slack, FANS, oauthEnv());
    await new Browser().install(slack, CLINIC, oauthEnv());

    for (const [workspace, channel] of [
      [FANS, "C0FANS"],
      [CLINIC, "C0CLINIC"],
    ] as const) {
      const reply = await slackJson(await sendIn(workspace, "/renewal", "alerts on", channel));
      expect(reply.response_type).toBe("in_channel");
    }
    await sleep(3);
    const first = await publish("season-2-filming");
    await runCron(testEnv);
    await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    const posted = (channel: string) => apis.slackIn(channel).map((m) => m.headers.authorization);
    expect(posted("C0FANS")).toEqual([`Bearer ${slack.tokenOf(FANS.teamId)}`]);
    expect(posted("C0CLINIC")).toEqual([`Bearer ${slack.tokenOf(CLINIC.teamId)}`]);

    // The clinic removes the app: Slack says so with app_uninstalled (and revokes its token).
    const clinicToken = slack.tokenOf(CLINIC.teamId);
    slack.revoke(CLINIC.teamId);
    expect((await sendEvent({ type: "app_uninstalled" }, CLINIC.teamId, oauthEnv())).status).toBe(200);
    expect((await installations()).map((r) => r.team_id)).toEqual(["T0FANS"]);
    const clinicSub = await store().subscription("slack", "C0CLINIC");
    expect(clinicSub).toMatchObject({ active: false, disabledReason: expect.stringContaining("removed from this workspace") });
    expect((await store().subscription("slack", "C0FANS"))?.active).toBe(true);
    const hint = await slackJson(await sendIn(CLINIC, "/renewal", "", "C0CLINIC"));
    expect(hint.response_type).toBe("ephemeral");
    expect(slackText(hint)).toContain("/slack/install");

    await sleep(3);
    const second = await publish("season-2-premiere");
    await runCron(testEnv);
    await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect(apis.slackIn("C0FANS").map((m) => (m.body.metadata as { event_payload: { key: string } }).event_payload.key)).toEqual([
      newsKey(first.id),
      newsKey(second.id),
    ]);
    expect(apis.slackIn("C0CLINIC")).toHaveLength(1);
    expect(apis.slack.some((m) => m.headers.authorization === `Bearer ${clinicToken}` && m.channel !== "C0CLINIC")).toBe(false);
    expect(await store().platformState("slack")).toMatchObject({ authError: null });

    // Installing again turns the clinic's alerts back on, for what is published from now on.
    await new Browser().install(slack, CLINIC, oauthEnv());
    expect((await store().subscription("slack", "C0CLINIC"))?.active).toBe(true);
    await sleep(3);
    const third = await publish("season-3-confirmed");
    await runCron(testEnv);
    await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect(apis.slackIn("C0CLINIC").map((m) => m.headers.authorization)).toEqual([
      `Bearer ${clinicToken}`,
      `Bearer ${slack.tokenOf(CLINIC.teamId)}`,
    ]);
    expect(apis.slackIn("C0CLINIC").at(-1)?.body.text).toContain(third.title.en);
  });

  it("a workspace whose token Slack refuses stops only its own alerts, never the other workspaces'", async () => {
    await seedContent();
    const queue = recordingQueue();
    const testEnv = alertEnv(queue, oauthEnv());
    await new Browser().install(slack, FANS, oauthEnv());
    await new Browser().install(slack, CLINIC, oauthEnv());
    await sendIn(FANS, "/renewal", "alerts on", "C0FANS");
    await sendIn(CLINIC, "/renewal", "alerts on", "C0CLINIC");
    // Revoked without the event reaching us (it was lost, or is still on its way).
    slack.revoke(CLINIC.teamId);
    await sleep(3);
    await publish();
    await runCron(testEnv);
    // The refused workspace first, as the batch's lone first message.
    const jobs = queue.sent.splice(0).map((m) => m.body);
    const clinicSub = await store().subscription("slack", "C0CLINIC");
    const isClinic = (job: { subscriptionId: number }) => job.subscriptionId === clinicSub?.id;
    await runQueue(testEnv, [...jobs.filter(isClinic), ...jobs.filter((job) => !isClinic(job))]);
    expect(apis.slackIn("C0FANS")).toHaveLength(1);
    expect(apis.slackIn("C0CLINIC")).toHaveLength(0);
    expect(await store().subscription("slack", "C0CLINIC")).toMatchObject({
      active: false,
      disabledReason: expect.stringContaining("token_revoked"),
    });
    expect(await store().platformState("slack")).toMatchObject({ authError: null });
  });

  it("a batch for ten workspaces posts each with its own token, paced per workspace, every lookup counted in the budget", async () => {
    await seedContent();
    const queue = recordingQueue();
    const testEnv = alertEnv(queue, oauthEnv());
    const workspaces = Array.from({ length: 10 }, (_, i): Workspace => ({ teamId: `T0WS${i}`, name: `Ward ${i}` }));
    for (const [i, workspace] of workspaces.entries()) {
      await new Browser().install(slack, workspace, oauthEnv());
      await sendIn(workspace, "/renewal", "alerts on", `C0WS${i}`);
    }
    await sleep(3);
    const item = await publish();
    await runCron(testEnv);
    const jobs = queue.sent.splice(0).map((m) => m.body);
    expect(jobs).toHaveLength(workspaces.length);
    const pending = async () => (await ledger(item.id)).filter((d) => d.state !== "sent");
    // Ten token lookups, ten pacing keys and ten posts do not fit one invocation: what does not fit
    // waits (nothing ends), and the next invocations deliver it.
    await runQueue(testEnv, jobs);
    expect((await ledger(item.id)).filter((d) => d.state === "dropped" || d.state === "failed")).toEqual([]);
    expect((await pending()).length).toBeGreaterThan(0);
    for (let run = 2; run <= 5 && (await pending()).length > 0; run++) await runQueue(testEnv, jobs, run);
    expect(await pending()).toEqual([]);
    for (const [i, workspace] of workspaces.entries())
      expect(apis.slackIn(`C0WS${i}`).map((m) => m.headers.authorization)).toEqual([`Bearer ${slack.tokenOf(workspace.teamId)}`]);
    // Each workspace's token has its own pacer.
    expect((await listDurableObjectIds(env.PACER)).length).toBeGreaterThanOrEqual(workspaces.length);
    const batches = logs
      .filter((line) => line.includes('"event":"delivery.batch"'))
      .map((line) => (JSON.parse(line) as { subrequests: number }).subrequests);
    expect(batches.length).toBeGreaterThan(1);
    for (const used of batches) expect(used).toBeLessThan(SUBREQUESTS_MAX);
    // The first batch looked up every token it tried, one D1 query each, and counted them.
    expect(batches[0]).toBeGreaterThanOrEqual(workspaces.length);
  });

  it("an uninstall event Slack delivers again after the app was installed again removes nothing and stops nothing", async () => {
    const { queue, testEnv } = await fansAlertsOn();
    // Removed two minutes ago; the event was answered too slowly, so Slack retries it (after 1 and 5 minutes).
    const removedAt = Math.floor(Date.now() / 1000) - 120;
    const event = { event_id: "Ev0REMOVED", event_time: removedAt };
    slack.revoke(FANS.teamId);
    await sendEvent({ type: "app_uninstalled" }, FANS.teamId, oauthEnv(), event);
    expect(await installations()).toHaveLength(0);
    await new Browser().install(slack, FANS, oauthEnv());
    expect((await store().subscription("slack", "C0FANS"))?.active).toBe(true);

    expect((await sendEvent({ type: "app_uninstalled" }, FANS.teamId, oauthEnv(), event)).status).toBe(200);
    expect(
      (await sendEvent({ type: "tokens_revoked", tokens: { bot: ["U0BOTT0FANS"] } }, FANS.teamId, oauthEnv(), event)).status,
    ).toBe(200);
    expect(await installations()).toHaveLength(1);
    expect((await store().subscription("slack", "C0FANS"))?.active).toBe(true);
    await seedContent();
    await deliverNew(testEnv, queue);
    expect(apis.slackIn("C0FANS").map((m) => m.headers.authorization)).toEqual([`Bearer ${slack.tokenOf(FANS.teamId)}`]);
  });

  it("a post refused with the old token while the app is removed and installed again does not stop the new installation's alerts", async () => {
    await seedContent();
    const { queue, testEnv } = await fansAlertsOn();
    await sleep(3);
    await publish("season-2-filming");
    await runCron(testEnv);
    // While the post with the old token is on its way, the admin removes the app and installs it again.
    const slackApi = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    let reinstalled = false;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      if (!reinstalled && String(input).endsWith("/chat.postMessage")) {
        reinstalled = true;
        slack.revoke(FANS.teamId);
        await sendEvent({ type: "app_uninstalled" }, FANS.teamId, oauthEnv());
        await new Browser().install(slack, FANS, oauthEnv());
      }
      return slackApi(input, init);
    });
    await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect(reinstalled, "the admin came back during the post").toBe(true);
    expect(await installations()).toHaveLength(1);
    expect(await store().subscription("slack", "C0FANS"), "restored by the new installation").toMatchObject({ active: true });
    const next = await deliverNew(testEnv, queue, "season-2-premiere");
    expect(apis.slackIn("C0FANS").map((m) => m.body.text)).toEqual([expect.stringContaining(next.title.en)]);
  });

  it("a post refused with the old token after the app was installed again, the removal not yet told, does not stop the channel's alerts", async () => {
    await seedContent();
    const { queue, testEnv } = await fansAlertsOn();
    await sleep(3);
    const first = await publish("season-2-filming");
    await runCron(testEnv);
    // The batch has read the workspace's token; before its post leaves, the admin removes the app and
    // installs it again. Slack's app_uninstalled event is slow to come, and comes only after the install.
    const slackApi = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    const removedAt = Math.floor(Date.now() / 1000);
    let reinstalled = false;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      if (!reinstalled && String(input).endsWith("/chat.postMessage")) {
        reinstalled = true;
        slack.revoke(FANS.teamId);
        await sleep(1100);
        await new Browser().install(slack, FANS, oauthEnv());
      }
      return slackApi(input, init);
    });
    const { retried } = await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect(reinstalled, "the admin came back during the post").toBe(true);
    await sendEvent({ type: "app_uninstalled" }, FANS.teamId, oauthEnv(), { event_id: "Ev0LATE", event_time: removedAt });
    expect(await installations(), "the late event is about the old installation").toHaveLength(1);
    expect(await store().subscription("slack", "C0FANS"), "the new installation's alerts").toMatchObject({ active: true });
    await runQueue(
      testEnv,
      retried.map((r) => r.job),
      2,
    );
    const next = await deliverNew(testEnv, queue, "season-2-premiere");
    const newToken = `Bearer ${slack.tokenOf(FANS.teamId)}`;
    const posted = apis.slackIn("C0FANS");
    expect(posted.map((m) => m.headers.authorization)).toEqual([newToken, newToken]);
    expect(posted.map((m) => m.body.text)).toEqual([
      expect.stringContaining(first.title.en),
      expect.stringContaining(next.title.en),
    ]);
  });

  it("tokens_revoked for the bot token removes the installation; for user tokens only, nothing changes", async () => {
    await new Browser().install(slack, FANS, oauthEnv());
    await sendEvent({ type: "tokens_revoked", tokens: { oauth: ["U0SOMEONE"] } }, FANS.teamId, oauthEnv());
    expect(await installations()).toHaveLength(1);
    await sendEvent({ type: "tokens_revoked", tokens: { bot: ["U0BOTT0FANS"] } }, FANS.teamId, oauthEnv());
    expect(await installations()).toHaveLength(0);
  });

  it("acknowledges other events, unsigned events are refused, and an uninstall of an unknown workspace is harmless", async () => {
    expect((await sendEvent({ type: "app_mention", text: "hi" }, FANS.teamId, oauthEnv())).status).toBe(200);
    expect((await sendEvent({ type: "app_uninstalled" }, "T0NOBODY", oauthEnv())).status).toBe(200);
    const body = JSON.stringify({ type: "event_callback", team_id: FANS.teamId, event: { type: "app_uninstalled" } });
    await new Browser().install(slack, FANS, oauthEnv());
    expect((await sendSlackRaw(body, { contentType: "application/json", signature: "v0=00", env: oauthEnv() })).status).toBe(401);
    expect(await installations()).toHaveLength(1);
  });

  it("answers commands without any token when OAuth is not set up, as a local run does", async () => {
    await seedContent();
    const response = await sendSlackRaw(slashBody("/episode", "3"), {
      env: { SLACK_BOT_TOKEN: undefined, SLACK_TOKEN_KEY: undefined, SLACK_CLIENT_ID: undefined },
    });
    const reply = await slackJson(response);
    expect(reply.response_type).toBe("in_channel");
    expect(slackText(reply)).not.toContain("/slack/install");
  });

  it("keeps SLACK_BOT_TOKEN working as the single-workspace install when OAuth is not set up", async () => {
    expect(await slackTokenFor({ ...env, SLACK_TOKEN_KEY: undefined }, "T0ANY")).toEqual({
      token: env.SLACK_BOT_TOKEN,
      from: "single-workspace",
    });
    expect(await slackTokenFor({ ...env, SLACK_BOT_TOKEN: undefined, SLACK_TOKEN_KEY: undefined }, "T0ANY")).toBeNull();
  });
});

describe("SLACK_BOT_TOKEN beside OAuth", () => {
  const HOME: Workspace = { teamId: "T0HOME", name: "The operator's own workspace" };
  const NOBODY: Workspace = { teamId: "T0NOBODY", name: "Never installed" };
  /** OAuth set up, and the single-workspace token still set: the operator started with one workspace. */
  const bothEnv = (token: string) => oauthEnv({ SLACK_BOT_TOKEN: token });
  const sendFrom = (token: string, workspace: Workspace, command: string, text: string, channel: string) =>
    sendSlackRaw(slashBody(command, text, { team_id: workspace.teamId, channel_id: channel, user_name: "minji" }), {
      env: bothEnv(token),
    });

  it("serves only the workspace it was issued in: a workspace without an installation of its own is told to install, and no call uses another workspace's token", async () => {
    await seedContent();
    const home = slack.fromSettings(HOME);
    const queue = recordingQueue();
    const testEnv = alertEnv(queue, bothEnv(home));
    await new Browser().install(slack, CLINIC, bothEnv(home));
    expect((await slackJson(await sendFrom(home, CLINIC, "/renewal", "alerts on", "C0CLINIC"))).response_type).toBe("in_channel");
    // The clinic's admin revokes the bot token: Slack says so, the installation is deleted.
    slack.revoke(CLINIC.teamId);
    await sendEvent({ type: "tokens_revoked", tokens: { bot: ["U0BOTT0CLINIC"] } }, CLINIC.teamId, bothEnv(home));
    expect(await installations()).toEqual([]);

    // The app is still in the clinic's command list, and a workspace that never installed it may have an old manifest's commands.
    for (const [workspace, channel] of [
      [CLINIC, "C0CLINIC"],
      [NOBODY, "C0NOBODY"],
    ] as const) {
      const reply = await slackJson(await sendFrom(home, workspace, "/renewal", "alerts on", channel));
      expect(reply.response_type, workspace.teamId).toBe("ephemeral");
      expect(slackText(reply), workspace.teamId).toContain("has not installed the bot");
      expect(slackText(reply), workspace.teamId).toContain("https://bot.test/slack/install");
    }
    expect((await store().subscription("slack", "C0CLINIC"))?.active).toBe(false);
    expect(await store().subscription("slack", "C0NOBODY")).toBeFalsy();
    expect(await slackTokenFor({ ...env, ...bothEnv(home) }, CLINIC.teamId)).toBeNull();
    expect(await slackPlatform.token({ ...env, ...bothEnv(home) }, NOBODY.teamId)).toMatchObject({
      token: undefined,
      gone: expect.stringContaining("uninstalled:"),
    });

    // The token's own workspace is served with it, as before OAuth was set up.
    const reply = await slackJson(await sendFrom(home, HOME, "/renewal", "alerts on", "C0HOME"));
    expect(reply.response_type).toBe("in_channel");
    expect(apis.joined.has("C0HOME")).toBe(true);
    await sleep(3);
    await publish();
    await runCron(testEnv);
    await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect(apis.slackIn("C0HOME").map((m) => m.headers.authorization)).toEqual([`Bearer ${home}`]);
    expect(apis.slackIn("C0CLINIC")).toEqual([]);

    // Slack was asked once whose the token is; every other call with it was in its own workspace.
    const withHome = slack.calls.filter((c) => c.token === home).map((c) => c.method);
    expect(withHome).toEqual(["auth.test", "conversations.join", "chat.postMessage"]);
    expect(logs.filter((line) => line.includes('"event":"slack.single_workspace"'))).toEqual([
      expect.stringContaining('"team":"T0HOME"'),
    ]);
  });

  it("answers a workspace without an installation, and sends nothing with the token, while Slack cannot say whose the token is", async () => {
    await seedContent();
    const home = slack.fromSettings(HOME);
    const slackApi = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    let down = true;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) =>
      down && String(input).endsWith("/auth.test") ? new Response("<html>502</html>", { status: 502 }) : slackApi(input, init),
    );
    const reply = await slackJson(await sendFrom(home, NOBODY, "/renewal", "alerts on", "C0NOBODY"));
    expect(reply.response_type).toBe("ephemeral");
    expect(slackText(reply)).toContain("try again");
    await expect(slackPlatform.token({ ...env, ...bothEnv(home) }, NOBODY.teamId)).rejects.toThrow();
    expect(slack.calls.filter((c) => c.token === home && c.method !== "auth.test")).toEqual([]);
    expect(await store().subscription("slack", "C0NOBODY")).toBeFalsy();
    // Asked again once Slack answers.
    down = false;
    expect(slackText(await slackJson(await sendFrom(home, NOBODY, "/episode", "3", "C0NOBODY")))).toContain(
      "has not installed the bot",
    );
    expect((await slackJson(await sendFrom(home, HOME, "/episode", "3", "C0HOME"))).response_type).toBe("in_channel");
  });

  it("once Slack refuses it, is stopped as before OAuth until a new token is set, and no workspace counts as gone", async () => {
    await seedContent();
    const home = slack.fromSettings(HOME);
    const queue = recordingQueue();
    expect((await slackJson(await sendFrom(home, HOME, "/renewal", "alerts on", "C0HOME"))).response_type).toBe("in_channel");
    // The operator reinstalls from the app's settings page: the old token is refused until the secret is updated.
    slack.revoke(HOME.teamId);
    const refused = slack.fromSettings(HOME);
    slack.revoke(HOME.teamId);
    await sleep(3);
    const item = await publish();
    const stale = alertEnv(queue, bothEnv(refused));
    await runCron(stale);
    await runQueue(
      stale,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect((await store().subscription("slack", "C0HOME"))?.active).toBe(true);
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["queued"]);
    expect(slack.calls.filter((c) => c.token === refused).map((c) => c.method)).toContain("auth.test");
    // The new token is set: the waiting delivery goes out.
    const fresh = slack.fromSettings(HOME);
    const fixed = alertEnv(queue, bothEnv(fresh));
    await planDeliveries(fixed, Date.now() + STALE_MS + 1);
    await runQueue(
      fixed,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["sent"]);
  });

  it("a delivery waiting on the refused token goes out at the next tick once its workspace installs the app", async () => {
    await seedContent();
    const home = slack.fromSettings(HOME);
    const queue = recordingQueue();
    expect((await slackJson(await sendFrom(home, HOME, "/renewal", "alerts on", "C0HOME"))).response_type).toBe("in_channel");
    slack.revoke(HOME.teamId);
    await sleep(3);
    const item = await publish();
    const stale = alertEnv(queue, bothEnv(home));
    await runCron(stale);
    await runQueue(
      stale,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["queued"]);
    // While SLACK_BOT_TOKEN stays refused, a tick an hour later queues nothing.
    await planDeliveries(stale, Date.now() + 2 * STALE_MS);
    expect(queue.sent).toEqual([]);
    // The workspace installs the app through the install link: its own token serves it from the next tick.
    await new Browser().install(slack, HOME, bothEnv(home));
    await planDeliveries(stale, Date.now() + 1);
    await runQueue(
      stale,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["sent"]);
    expect(apis.slackIn("C0HOME").map((m) => m.headers.authorization)).toEqual([`Bearer ${slack.tokenOf(HOME.teamId)}`]);
  });

  it("without OAuth, answers and joins for any workspace with SLACK_BOT_TOKEN and never asks Slack whose it is", async () => {
    await seedContent();
    const body = slashBody("/renewal", "alerts on", { team_id: "T0ANYWHERE", channel_id: "C0ANYWHERE" });
    const reply = await slackJson(await sendSlackRaw(body, { env: { SLACK_TOKEN_KEY: undefined } }));
    expect(reply.response_type).toBe("in_channel");
    expect(slack.calls.map((c) => c.method)).toEqual(["conversations.join"]);
    expect(slack.calls[0]?.token).toBe(env.SLACK_BOT_TOKEN);
  });
});

describe("a workspace whose token cannot be looked up", () => {
  it("waits, alerts on, while SLACK_TOKEN_KEY is not a usable key, and delivers once it is fixed", async () => {
    await seedContent();
    await new Browser().install(slack, FANS, oauthEnv());
    const on = await sendSlackRaw(slashBody("/renewal", "alerts on", { team_id: FANS.teamId, channel_id: "C0FANS" }), {
      env: oauthEnv(),
    });
    expect((await slackJson(on)).response_type).toBe("in_channel");
    await sleep(3);
    const item = await publish();
    // A wrong value pasted into the secret: not 32 bytes of base64. No workspace is to install again for it.
    const queue = recordingQueue();
    const broken = alertEnv(queue, oauthEnv({ SLACK_TOKEN_KEY: "not-a-key" }));
    await runCron(broken);
    await runQueue(
      broken,
      queue.sent.splice(0).map((m) => m.body),
    );
    const sub = await store().subscription("slack", "C0FANS");
    expect({ active: sub?.active, why: sub?.disabledReason }).toEqual({ active: true, why: null });
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["queued"]);
    const fixed = alertEnv(queue, oauthEnv());
    await planDeliveries(fixed, Date.now() + STALE_MS + 1);
    await runQueue(
      fixed,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect((await ledger(item.id)).map((d) => d.state)).toEqual(["sent"]);
  });

  it("is told privately to try again, never answered with silence", async () => {
    await seedContent();
    await new Browser().install(slack, FANS, oauthEnv());
    const prepare = vi.spyOn(env.DB, "prepare").mockImplementation(() => {
      throw new Error("D1_ERROR: Network connection lost.");
    });
    const response = await sendSlackRaw(slashBody("/episode", "3 lang:id", { team_id: FANS.teamId, channel_id: "C0FANS" }), {
      env: oauthEnv(),
    });
    prepare.mockRestore();
    const reply = await slackJson(response);
    expect(reply.response_type).toBe("ephemeral");
    expect(slackText(reply)).toContain("Coba lagi");
    expect(logs.filter((line) => line.includes('"event":"slack.authorize"'))).toEqual([expect.stringContaining("D1_ERROR")]);
  });

  it("is told to try again in the language of the button pressed, and a link button's click is left unanswered", async () => {
    await seedContent();
    await new Browser().install(slack, FANS, oauthEnv());
    const click = (actionId: string) =>
      `payload=${encodeURIComponent(
        JSON.stringify({
          type: "block_actions",
          team: { id: FANS.teamId },
          user: { id: "U1", username: "minji", team_id: FANS.teamId },
          channel: { id: "C0FANS", name: "fans" },
          container: { type: "message", message_ts: "1.2", channel_id: "C0FANS" },
          trigger_id: "t1",
          response_url: "https://slack.mock/respond/T0FANS/1/abc",
          actions: [{ type: "button", action_id: actionId, block_id: "b1", action_ts: "1.3" }],
        }),
      )}`;
    const prepare = vi.spyOn(env.DB, "prepare").mockImplementation(() => {
      throw new Error("D1_ERROR: Network connection lost.");
    });
    for (const actionId of ["ep:4:ko", "link:0"])
      expect((await sendSlackRaw(click(actionId), { env: oauthEnv() })).status).toBe(200);
    prepare.mockRestore();
    expect(apis.responses.map((r) => r.body.text)).toEqual(["일시적인 오류가 났어요. 잠시 후 다시 시도해 주세요."]);
  });
});

describe("an installation the current SLACK_TOKEN_KEY cannot open", () => {
  const ROTATED: Workspace = { teamId: "T0ROTATED", name: "Rotated" };

  it("is a workspace without an installation: told to install again, logged once, and served again once installed anew", async () => {
    await seedContent();
    await new Browser().install(slack, ROTATED, oauthEnv());
    // The operator replaced SLACK_TOKEN_KEY: the stored installation no longer decrypts.
    const rotated = oauthEnv({ SLACK_TOKEN_KEY: newTokenKey() });
    const body = slashBody("/episode", "3 lang:ko", { team_id: ROTATED.teamId, channel_id: "C0ROTATED" });
    for (let i = 0; i < 2; i++) {
      const reply = await slackJson(await sendSlackRaw(body, { env: rotated }));
      expect(reply.response_type).toBe("ephemeral");
      expect(slackText(reply)).toContain("https://bot.test/slack/install");
      expect(slackText(reply)).toContain("워크스페이스");
    }
    expect(await slackTokenFor({ ...env, ...rotated }, ROTATED.teamId)).toBeNull();
    expect(await slackPlatform.token({ ...env, ...rotated }, ROTATED.teamId)).toMatchObject({
      token: undefined,
      gone: expect.any(String),
    });
    const unreadable = logs.filter((line) => line.includes("slack.installation_unreadable"));
    expect(unreadable).toEqual([expect.stringContaining("SLACK_TOKEN_KEY")]);
    expect(JSON.parse(unreadable[0] as string)).toMatchObject({ install: "T:T0ROTATED" });
    expect(logs.filter((line) => line.includes("slack.failed") || line.includes("slack.listener"))).toEqual([]);

    // Installing again stores it under the new key.
    await new Browser().install(slack, ROTATED, rotated);
    const reply = await slackJson(await sendSlackRaw(body, { env: rotated }));
    expect(reply.response_type).toBe("in_channel");
    const issued = [...slack.issued].filter(([, w]) => w.teamId === ROTATED.teamId).map(([token]) => token);
    expect(await slackTokenFor({ ...env, ...rotated }, ROTATED.teamId)).toMatchObject({
      token: issued.at(-1),
      from: "installation",
    });
  });
});
