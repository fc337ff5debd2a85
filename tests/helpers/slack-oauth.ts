// A stand-in for Slack's OAuth side (oauth.v2.access, auth.test, auth.revoke) and its token checks, on top
// of the Web API mock: codes are single-use and expire after 10 minutes, client credentials and the
// redirect URI must match, the token's scopes are those the authorize address asked for, answers are
// HTTP 200 with ok:false on refusal, and every bot call is checked against the token Slack issued (a
// revoked or unknown token gets invalid_auth / token_revoked).
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { SLACK_BOT_SCOPES } from "../../src/slack/manifest";
import { MockApis } from "./mock-api";
import { sendSlackRaw, slashBody } from "./slack";

export const CLIENT_ID = "1111111111.2222222222";
export const CLIENT_SECRET = "c0ffee0ddba11c0ffee0ddba11c0ffee";
export const REDIRECT_URI = "https://bot.test/slack/oauth_redirect";

const random = (n: number) => [...crypto.getRandomValues(new Uint8Array(n))].map((b) => b.toString(16).padStart(2, "0")).join("");

/** A fresh AES key, as `openssl rand -base64 32` makes one. */
export const newTokenKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

export const TOKEN_KEY = newTokenKey();

/** The Worker's bindings with OAuth set up and no single-workspace token. */
export const oauthEnv = (extra: Record<string, unknown> = {}) => ({
  SLACK_CLIENT_ID: CLIENT_ID,
  SLACK_CLIENT_SECRET: CLIENT_SECRET,
  SLACK_TOKEN_KEY: TOKEN_KEY,
  SLACK_BOT_TOKEN: undefined,
  ...extra,
});

export interface Workspace {
  teamId: string;
  name: string;
  enterpriseId?: string;
  /** Installed into the whole Enterprise Grid organization (enterpriseId) rather than one workspace. */
  orgWide?: boolean;
}

interface Grant {
  workspace: Workspace;
  expiresAt: number;
  used: boolean;
  redirectUri: string;
  /** The scopes the authorize address asked for. */
  scopes: string[];
}

export class SlackOAuthMock {
  /** bot token -> workspace, while the token is valid. */
  tokens = new Map<string, Workspace>();
  /** Every token ever issued, revoked or not, and to whom. */
  issued = new Map<string, Workspace>();
  revoked = new Set<string>();
  accessCalls = 0;
  /** Every Web API call but oauth.v2.access and response_url posts: its method and bearer token. */
  calls: { method: string; token: string }[] = [];
  /** Next oauth.v2.access answers, before any logic (HTML error pages, 5xx). */
  failures: Response[] = [];
  /** How long oauth.v2.access takes to answer (ms), counted in accessCalls from when it is asked. */
  accessDelayMs = 0;
  /**
   * The scopes Slack grants out of those asked for (all of them unless a test says otherwise: an admin's
   * approval that left some out); oauth.v2.access's `scope` lists them, comma-separated.
   */
  grants: (asked: readonly string[]) => readonly string[] = (asked) => asked;
  /** Next auth.revoke answers, before any logic (HTML error pages, 5xx). */
  revokeFailures: Response[] = [];
  private approvals = new Map<string, Grant>();

  constructor(private readonly apis: MockApis) {}

  /**
   * What Slack hands the browser after the installer pressed Allow on the page of an authorize address
   * that asked for `scope` (comma-separated; the manifest's bot scopes, as /slack/install asks, unless given).
   */
  approve(workspace: Workspace, redirectUri = REDIRECT_URI, scope = SLACK_BOT_SCOPES.join(",")): string {
    const code = `${Date.now()}.${random(16)}`;
    const scopes = scope.split(",").filter(Boolean);
    this.approvals.set(code, { workspace, expiresAt: Date.now() + 10 * 60 * 1000, used: false, redirectUri, scopes });
    return code;
  }

  /**
   * The app installed into a workspace from its settings page, as the single-workspace setup does: Slack
   * issues a bot token without any OAuth exchange (the operator sets it as SLACK_BOT_TOKEN).
   */
  fromSettings(workspace: Workspace): string {
    const token = `xoxb-${workspace.teamId}-settings-${random(12)}`;
    this.tokens.set(token, workspace);
    this.issued.set(token, workspace);
    return token;
  }

  tokenOf(teamId: string): string | undefined {
    return [...this.tokens].find(([, w]) => w.teamId === teamId)?.[0];
  }

  /** The workspace's admin revoked the bot token. */
  revoke(teamId: string) {
    const token = this.tokenOf(teamId);
    if (token) {
      this.tokens.delete(token);
      this.revoked.add(token);
    }
  }

  private json(body: unknown, status = 200) {
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });
  }

  private async access(form: URLSearchParams): Promise<Response> {
    this.accessCalls++;
    if (this.accessDelayMs) await new Promise((resolve) => setTimeout(resolve, this.accessDelayMs));
    const failure = this.failures.shift();
    if (failure) return failure;
    if (form.get("client_id") !== CLIENT_ID) return this.json({ ok: false, error: "invalid_client_id" });
    if (form.get("client_secret") !== CLIENT_SECRET) return this.json({ ok: false, error: "bad_client_secret" });
    const grant = this.approvals.get(form.get("code") ?? "");
    if (!grant || grant.used || grant.expiresAt < Date.now()) return this.json({ ok: false, error: "invalid_code" });
    if (form.get("redirect_uri") !== grant.redirectUri) return this.json({ ok: false, error: "bad_redirect_uri" });
    grant.used = true;
    const token = `xoxb-${grant.workspace.teamId}-${random(12)}`;
    this.tokens.set(token, grant.workspace);
    this.issued.set(token, grant.workspace);
    return this.json({
      ok: true,
      app_id: "A0TRAUMA",
      authed_user: { id: "U0INSTALLER" },
      scope: this.grants(grant.scopes).join(","),
      token_type: "bot",
      access_token: token,
      bot_user_id: `U0BOT${grant.workspace.teamId}`,
      // An org-wide install names the organization, not a workspace.
      team: grant.workspace.orgWide ? null : { id: grant.workspace.teamId, name: grant.workspace.name },
      enterprise: grant.workspace.enterpriseId ? { id: grant.workspace.enterpriseId, name: "Grid" } : null,
      is_enterprise_install: grant.workspace.orgWide === true,
    });
  }

  /** apps.uninstall: the app's credentials and the installation's token; every token of that installation is revoked. */
  private uninstall(form: URLSearchParams, authorization: string | undefined): Response {
    if (form.get("client_id") !== CLIENT_ID) return this.json({ ok: false, error: "invalid_client_id" });
    if (form.get("client_secret") !== CLIENT_SECRET) return this.json({ ok: false, error: "bad_client_secret" });
    const token = form.get("token") ?? authorization?.replace(/^Bearer /, "") ?? "";
    const refused = this.refusal(`Bearer ${token}`);
    if (refused) return this.json({ ok: false, error: refused });
    this.tokens.delete(token);
    this.revoked.add(token);
    return this.json({ ok: true });
  }

  /**
   * auth.revoke with a good token: the token stops working, and, as Slack deactivates the bot user, so does
   * every other token of the bot in that workspace. `test` only says whether it would.
   */
  private authRevoke(token: string, form: URLSearchParams): Response {
    if (["1", "true"].includes(form.get("test") ?? "")) return this.json({ ok: true, revoked: false });
    const workspace = this.tokens.get(token);
    for (const [other, of] of [...this.tokens])
      if (other === token || (workspace && of.teamId === workspace.teamId)) {
        this.tokens.delete(other);
        this.revoked.add(other);
      }
    return this.json({ ok: true, revoked: true });
  }

  /** The error a bot call gets for this Authorization header, or undefined when the token is good. */
  private refusal(authorization: string | undefined): string | undefined {
    const token = authorization?.replace(/^Bearer /, "") ?? "";
    if (this.revoked.has(token)) return "token_revoked";
    if (!this.tokens.has(token) && token !== env.SLACK_BOT_TOKEN) return token ? "invalid_auth" : "not_authed";
    return undefined;
  }

  install() {
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : undefined;
      const url = new URL(request ? request.url : String(input));
      const options: RequestInit = init ?? { method: request?.method, body: request ? await request.text() : undefined };
      const headers = Object.fromEntries(new Headers(options.headers ?? request?.headers).entries());
      if (url.hostname === "discord.mock") return this.apis.handleDiscord(url, options, headers);
      if (url.hostname !== "slack.mock") throw new Error(`unexpected outbound request to ${url}`);
      const method = url.pathname.split("/").pop();
      if (method === "oauth.v2.access") return this.access(new URLSearchParams(String(options.body)));
      if (method === "apps.uninstall") {
        this.calls.push({ method, token: "" });
        return this.uninstall(new URLSearchParams(String(options.body)), headers.authorization);
      }
      if (url.pathname.startsWith("/respond/")) return this.apis.handleSlack(url, options, headers);
      if (method === "auth.revoke") {
        const form = new URLSearchParams(String(options.body ?? ""));
        const token = headers.authorization?.replace(/^Bearer /, "") || form.get("token") || "";
        this.calls.push({ method, token });
        const failure = this.revokeFailures.shift();
        if (failure) return failure;
        const refused = this.refusal(token ? `Bearer ${token}` : undefined);
        if (refused) return this.json({ ok: false, error: refused });
        return this.authRevoke(token, form);
      }
      this.calls.push({ method: method ?? "", token: headers.authorization?.replace(/^Bearer /, "") ?? "" });
      const refused = this.refusal(headers.authorization);
      if (refused) return this.json({ ok: false, error: refused });
      if (method === "auth.test") {
        const workspace = this.tokens.get(headers.authorization?.replace(/^Bearer /, "") ?? "");
        return this.json({
          ok: true,
          team_id: workspace?.teamId,
          ...(workspace?.enterpriseId ? { enterprise_id: workspace.enterpriseId } : {}),
          user_id: `U0BOT${workspace?.teamId}`,
          bot_id: `B0${workspace?.teamId}`,
        });
      }
      return this.apis.handleSlack(url, options, headers);
    });
    return this;
  }
}

/** The workspaces that have an installation stored. */
export const installedTeams = async (): Promise<string[]> =>
  (await env.DB.prepare("SELECT team_id FROM slack_installations").all<{ team_id: string }>()).results.map((r) => r.team_id);

/** Slack's OAuth side in place of fetch, with the Worker's log lines kept off the test's output. */
export function quietOAuthMock(): SlackOAuthMock {
  for (const method of ["log", "error", "warn", "info", "debug"] as const) vi.spyOn(console, method).mockImplementation(() => {});
  return new SlackOAuthMock(new MockApis()).install();
}

/** A browser session: keeps the cookies the Worker sets, as a browser would for bot.test. */
export class Browser {
  cookies = new Map<string, string>();
  /** The address last opened, to open it again (a reload). */
  lastPath = "";

  /** `origin`: where the bot is reached, as the address bar shows it. */
  constructor(readonly origin = "https://bot.test") {}

  async get(
    path: string,
    testEnv: Record<string, unknown>,
    headers: Record<string, string> = {},
    method: "GET" | "HEAD" = "GET",
  ): Promise<Response> {
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const { default: worker } = await import("../../src/index");
    this.lastPath = path;
    const cookie = this.cookieHeader();
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(`${this.origin}${path}`, {
        method,
        headers: { ...(cookie ? { cookie } : {}), ...headers },
        redirect: "manual",
      }),
      { ...env, ...testEnv } as typeof env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (attributes.some((a) => /max-age=0/i.test(a.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** The Cookie header this browser sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /**
   * An install up to Slack's consent: the Add to Slack link, then Slack's approval (or `code`, one it never
   * gave); the address Slack sends the browser back to.
   */
  async consent(slack: SlackOAuthMock, workspace: Workspace, testEnv: Record<string, unknown>, code?: string) {
    const start = await this.get("/slack/install", testEnv);
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const asked = new URL(start.headers.get("location") ?? "").searchParams.get("scope") ?? "";
    const granted = code ?? slack.approve(workspace, REDIRECT_URI, asked);
    return `/slack/oauth_redirect?code=${encodeURIComponent(granted)}&state=${encodeURIComponent(state)}`;
  }

  /** The whole install: the Add to Slack link, Slack's consent (approve), and the redirect back. */
  async install(slack: SlackOAuthMock, workspace: Workspace, testEnv: Record<string, unknown>) {
    return this.get(await this.consent(slack, workspace, testEnv), testEnv);
  }
}

/** An Events API callback, signed like Slack signs it. */
export function sendEvent(event: Record<string, unknown>, teamId: string, testEnv: Record<string, unknown>, extra = {}) {
  const body = JSON.stringify({
    token: "verification-token",
    team_id: teamId,
    api_app_id: "A0TRAUMA",
    event,
    type: "event_callback",
    event_id: `Ev${random(6)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: `U0BOT${teamId}`, is_bot: true, is_enterprise_install: false },
    ],
    ...extra,
  });
  return sendSlackRaw(body, { contentType: "application/json", env: testEnv });
}

/** The Web API and OAuth mocks, installed afresh, with the Worker's logs kept out of the test's output. */
export function quietOAuthWorld(): { apis: MockApis; slack: SlackOAuthMock } {
  const apis = new MockApis();
  const slack = new SlackOAuthMock(apis).install();
  for (const method of ["log", "error", "warn", "info", "debug"] as const) vi.spyOn(console, method).mockImplementation(() => {});
  return { apis, slack };
}

/** The app installed in `workspace` through OAuth, and alerts turned on (`/renewal alerts on`) in each of `channels` there. */
export async function installWithAlerts(slack: SlackOAuthMock, workspace: Workspace, channels: readonly string[]) {
  await new Browser().install(slack, workspace, oauthEnv());
  for (const channel of channels) {
    const on = slashBody("/renewal", "alerts on", { team_id: workspace.teamId, channel_id: channel });
    const answered = await sendSlackRaw(on, { env: oauthEnv() });
    if (answered.status !== 200) throw new Error(`alerts on in ${channel}: HTTP ${answered.status}`);
  }
}
