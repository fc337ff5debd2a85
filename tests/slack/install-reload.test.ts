// The cookie that lets a reload of the Slack install's success page say it again (INSTALLED_COOKIE),
// against odd workspace names, a made-up cookie, and an uninstall in between.
import { beforeEach, describe, expect, it } from "vitest";
import { INSTALLED_COOKIE, STATE_COOKIE } from "../../src/slack/install-state";
import {
  Browser,
  installedTeams,
  oauthEnv,
  quietOAuthMock,
  type SlackOAuthMock,
  sendEvent,
  type Workspace,
} from "../helpers/slack-oauth";

let slack: SlackOAuthMock;

beforeEach(() => {
  slack = quietOAuthMock();
});

const installations = installedTeams;

describe("the install's success page and its reload cookie", () => {
  it("says it worked for a workspace whose name Slack sent with a lone surrogate (a name cut mid-emoji)", async () => {
    // JSON carries "\ud83c" as it is; JSON.parse gives a lone surrogate, which encodeURIComponent refuses.
    const cut: Workspace = { teamId: "T0CUT", name: "Trauma Fans \ud83c" };
    const browser = new Browser();
    const response = await browser.install(slack, cut, oauthEnv());
    expect(await installations(), "the installation was stored").toEqual(["T0CUT"]);
    expect(response.status, "status of the page after a stored install").toBe(200);
    expect(await response.text()).toContain("Installed in Trauma Fans");
  });

  it("does not say an install worked on the strength of a cookie alone (no state issued, no code exchanged)", async () => {
    // The workspace has the app; a cookie planted for this path (a sibling subdomain, or a non-Secure
    // cookie set over plain http) names it, with a made-up signature, for a made-up state and code.
    expect((await new Browser().install(slack, { teamId: "T0FANS", name: "Acme Corp" }, oauthEnv())).status).toBe(200);
    const exchanges = slack.accessCalls;
    const browser = new Browser();
    browser.cookies.set(INSTALLED_COOKIE, `T0FANS.en.${"A".repeat(43)}`);
    const response = await browser.get("/slack/oauth_redirect?state=forged&code=forged", oauthEnv());
    const page = await response.text();
    expect(slack.accessCalls).toBe(exchanges);
    expect(page, "the page claims an install that never happened").not.toContain("Installed in Acme Corp");
    expect(response.status).toBe(400);
  });

  it("a reload after the app was removed from the workspace no longer says it is installed there", async () => {
    const fans: Workspace = { teamId: "T0FANS", name: "Fans" };
    const browser = new Browser();
    expect((await browser.install(slack, fans, oauthEnv())).status).toBe(200);
    const address = browser.lastPath;
    // The installer changes their mind and removes the app: Slack sends app_uninstalled.
    slack.revoke(fans.teamId);
    expect((await sendEvent({ type: "app_uninstalled" }, fans.teamId, oauthEnv())).status).toBe(200);
    expect(await installations()).toEqual([]);
    expect(browser.cookies.has(STATE_COOKIE)).toBe(false);
    const reloaded = await browser.get(address, oauthEnv());
    expect(await reloaded.text(), "reload after the uninstall").not.toContain("Installed in Fans");
  });
});
