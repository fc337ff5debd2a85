// Installing the Slack app into any workspace (OAuth v2), at Bolt's default paths:
//   GET /slack/install          -> 302 to Slack's authorize page, with a signed state bound to a cookie
//   GET /slack/oauth_redirect   -> check the state, exchange the code, store the installation, say how it went
// @slack/oauth's InstallProvider builds the authorize URL with our StateStore and InstallationStore.
// Its handleCallback() needs Node's IncomingMessage/ServerResponse, which a Worker does not have, so
// the callback below does the same steps (state, oauth.v2.access, auth.test, store) on fetch.
import type { Installation, InstallURLOptions } from "@slack/oauth";
import { WAKE_AGAIN_S } from "../delivery/policy";
import { DeliveryStore } from "../delivery/store";
import type { Env } from "../env";
import { isLocale, type Locale } from "../i18n/locale";
import { slackInstallUrl } from "../install-hint";
import { httpsAddress, slackInstallConfigured } from "../install-links";
import { markEvaluated } from "../lazy";
import { logError, logEvent } from "../log";
import { UNINSTALLED } from "../platform";
import { askedLocale, localeFromRequest } from "../web/locale";
import { messagePage } from "../web/pages";
import { WEB_CATALOGUES, type WebKey } from "../web/strings";
import {
  clearLangCookie,
  clearStateCookie,
  earlierOutcome,
  type InstallOutcome,
  InvalidState,
  installedHere,
  langCookie,
  outcomeStatement,
  SignedStateStore,
  SpentState,
  setInstalledCookie,
  setLangCookie,
  setStateCookie,
  stateCookie,
} from "./install-state";
import { D1InstallationStore } from "./install-store";
import { INSTALL_PATH, REDIRECT_PATH, SLACK_BOT_SCOPES } from "./manifest";
import { isTokenWorkspace, workspaceOfToken } from "./single-workspace";
import { slackApi } from "./web-api";

export { INSTALL_PATH, REDIRECT_PATH };

markEvaluated("slack/install");

const installOptions = (origin: string): InstallURLOptions => ({
  scopes: [...SLACK_BOT_SCOPES],
  redirectUri: `${origin}${REDIRECT_PATH}`,
});

/** The pages that ask for the install to be made again, with an Add to Slack button. */
const AGAIN_PAGES: ReadonlySet<WebKey> = new Set(["install.scopesMissing", "install.scopesMissingKept"]);

/** A result page in `locale`, with the Add to Slack button where the install is to be made again. */
const resultPage = (locale: Locale, key: WebKey, params: Record<string, string> = {}): string =>
  messagePage(locale, key, params, AGAIN_PAGES.has(key) ? slackInstallUrl(INSTALL_PATH, locale) : undefined);

/** The bot scopes the bot needs that oauth.v2.access's `scope` (comma-separated) does not list. */
export function missingScopes(granted: string | undefined): string[] {
  const have = new Set((granted ?? "").split(",").map((scope) => scope.trim()));
  return SLACK_BOT_SCOPES.filter((scope) => !have.has(scope));
}

function html(body: string, status: number, extra: HeadersInit = {}): Response {
  const headers = new Headers(extra);
  headers.set("content-type", "text/html; charset=utf-8");
  headers.set("cache-control", "no-store");
  return new Response(body, { status, headers });
}

/**
 * The answer to a request no one navigates with: a HEAD (a link checker), or a browser loading the address
 * ahead of a navigation (Chrome's and Safari's preloading, a prefetch link). At /slack/install its cookies
 * would replace the state of an install under way in the same browser; at the callback it would spend the
 * state and the code, and a failure there would leave the navigation itself only "link used". A HEAD learns
 * the address works; a preload is declined with the status preloads commonly are (browsers drop a preload
 * that is not a 2xx, and load the address anew when it is navigated to). Undefined for any other request.
 */
export function notNavigated(request: Request): Response | undefined {
  const preload = ["sec-purpose", "purpose", "x-purpose", "x-moz"].some((name) =>
    /\b(?:prefetch|prerender|preview)\b/i.test(request.headers.get(name) ?? ""),
  );
  if (request.method !== "HEAD" && !preload) return undefined;
  if (request.method === "HEAD")
    return new Response(null, {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    });
  return new Response(null, { status: 503, headers: { "cache-control": "no-store" } });
}

/**
 * A 301 to the same address over https (httpsAddress), for an install page reached over plain http (a
 * custom domain's zone without Always Use HTTPS): there the install's cookies, marked Secure, would not be
 * kept, and Slack would be given an http return address. Permanent, as Cloudflare's own Always Use HTTPS
 * answers. Undefined over https, and on this machine or its local network, where the bot runs locally
 * over plain http.
 */
export function overHttps(request: Request): Response | undefined {
  const secure = httpsAddress(new URL(request.url));
  return secure && new Response(null, { status: 301, headers: { location: secure.href, "cache-control": "no-store" } });
}

export async function handleSlackInstall(request: Request, env: Env): Promise<Response> {
  const secure = overHttps(request);
  if (secure) return secure;
  const locale = localeFromRequest(request);
  if (!slackInstallConfigured(env)) return html(messagePage(locale, "install.notConfigured"), 404);
  const unused = notNavigated(request);
  if (unused) return unused;
  const origin = new URL(request.url).origin;
  const options = installOptions(origin);
  // Loaded on use: the install page is rare, and @slack/oauth brings the Web API client with it.
  const { InstallProvider, LogLevel } = await import("@slack/oauth");
  const provider = new InstallProvider({
    clientId: env.SLACK_CLIENT_ID as string,
    clientSecret: env.SLACK_CLIENT_SECRET as string,
    stateStore: new SignedStateStore(env, options),
    installationStore: new D1InstallationStore(env),
    logLevel: LogLevel.ERROR,
  });
  const url = await provider.generateInstallUrl(options);
  const state = new URL(url).searchParams.get("state") ?? "";
  const headers = new Headers({ location: url, "cache-control": "no-store" });
  headers.append("set-cookie", setStateCookie(state, REDIRECT_PATH));
  // The page the install comes back to speaks the language the site was switched to, if it was (Slack's
  // redirect carries none); else the browser's, as any page: an install started without one drops the
  // language an earlier, abandoned start left, as its state replaces that start's.
  const chosen = askedLocale(request);
  headers.append("set-cookie", chosen ? setLangCookie(chosen, REDIRECT_PATH) : clearLangCookie(REDIRECT_PATH));
  return new Response(null, { status: 302, headers });
}

/** oauth.v2.access's errors about the app's own setup rather than the installer's code. */
const APP_SETUP_REFUSALS = new Set([
  "invalid_team_for_non_distributed_app",
  "invalid_client_id",
  "bad_client_secret",
  "bad_redirect_uri",
]);

interface OAuthV2Access {
  ok: boolean;
  error?: string;
  app_id?: string;
  access_token?: string;
  token_type?: string;
  scope?: string;
  bot_user_id?: string;
  team?: { id?: string; name?: string } | null;
  enterprise?: { id?: string; name?: string } | null;
  is_enterprise_install?: boolean;
  authed_user?: { id?: string };
}

/** What the install's result page calls the workspace (or the organization, for an org-wide install). */
const workspaceName = (installation: Installation): string =>
  installation.team?.name ?? installation.enterprise?.name ?? installation.team?.id ?? "Slack";
/** oauth.v2.access's answer as @slack/oauth's Installation (what InstallProvider.handleCallback builds). */
function toInstallation(access: OAuthV2Access, botId: string): Installation {
  const isEnterpriseInstall = access.is_enterprise_install === true;
  const enterprise = access.enterprise?.id ? { id: access.enterprise.id, name: access.enterprise.name } : undefined;
  return {
    team: isEnterpriseInstall || !access.team?.id ? undefined : { id: access.team.id, name: access.team.name },
    enterprise,
    user: { token: undefined, scopes: undefined, id: access.authed_user?.id ?? "" },
    bot: {
      token: access.access_token as string,
      scopes: (access.scope ?? "").split(",").filter(Boolean),
      id: botId,
      userId: access.bot_user_id ?? "",
    },
    tokenType: "bot",
    isEnterpriseInstall,
    appId: access.app_id,
    authVersion: "v2",
  } as Installation;
}

export async function handleSlackOAuthRedirect(
  request: Request,
  env: Env,
  ctx: Pick<ExecutionContext, "waitUntil">,
): Promise<Response> {
  const secure = overHttps(request);
  if (secure) return secure;
  const unused = notNavigated(request);
  if (unused) return unused;
  const started = langCookie(request.headers.get("cookie"));
  const locale = isLocale(started) ? started : localeFromRequest(request);
  // The state cookie goes with the state, and only on a return with this browser's own state: any other (an
  // older tab's, a link from elsewhere) is not the install under way in it, which must still be able to
  // finish. The language cookie stays while the page may be reloaded, unless the install worked (the cookie
  // that lets a reload say so names the language): a reload of a page that says it did not is in the
  // language the install was started in, not the browser's.
  const url = new URL(request.url);
  const params = url.searchParams;
  const state = params.get("state") ?? "";
  const code = params.get("code") ?? "";
  const ours = state !== "" && stateCookie(request.headers.get("cookie")) === state;
  const clear = new Headers(ours ? [["set-cookie", clearStateCookie(REDIRECT_PATH)]] : []);
  const fail = (key: WebKey, status: number, params: Record<string, string> = {}) =>
    html(resultPage(locale, key, params), status, clear);
  if (!slackInstallConfigured(env)) return html(messagePage(locale, "install.notConfigured"), 404);
  // The installer pressed Cancel on Slack's page.
  if (params.get("error")) return fail("install.cancelled", 400);
  // An install Slack started itself (Manage Distribution's sharable URL or its Add to Slack button, the
  // Slack Marketplace) comes back with a code but no state, which no browser of ours was given: the
  // installer is sent through /slack/install, whose state comes back with a code we may exchange. This
  // code is never exchanged, so an install no one started here cannot be slipped into a browser.
  if (!state && code) {
    const again = isLocale(started) ? `${INSTALL_PATH}?lang=${started}` : INSTALL_PATH;
    clear.set("location", again);
    clear.set("cache-control", "no-store");
    return new Response(null, { status: 302, headers: clear });
  }
  if (!state || !code) return fail("install.badRequest", 400);
  // The page that said it worked, reloaded in the browser it worked in: the same page again while the
  // workspace still has the app, and nothing asked of Slack (its code and the state are both spent).
  const secret = env.SLACK_CLIENT_SECRET as string;
  const done = await installedHere(secret, request.headers.get("cookie"), { state, code });
  const reloaded = done && (await installedName(env, done.teamId));
  if (done && reloaded)
    return html(messagePage(isLocale(done.locale) ? done.locale : locale, "install.done", { workspace: reloaded }), 200);
  // The browser that finishes must be the one that started: its cookie carries the same state.
  if (!ours) return fail("install.badState", 400);
  // From the state's spending on, the work is the invocation's own (waitUntil), not only the browser's:
  // Cloudflare cancels what a response still awaits when its client goes away, and a reload or a second
  // click drops the first load. Cut off there, it could leave a token issued and no installation stored,
  // and nothing recorded for the second load to show.
  const work = finishInstall(env, { state, code }, url.origin, { locale, headers: clear, fail });
  ctx.waitUntil(work);
  return work;
}

/** A state and the code it came back with: what one callback address names. */
type Spent = { state: string; code: string };

/** How the callback's pages are given: their language, the cookies they clear, and a refusal's page. */
interface Pages {
  locale: Locale;
  headers: Headers;
  fail: (key: WebKey, status: number, params?: Record<string, string>) => Response;
}

/** The callback's part from the state's spending on: the state, the code's exchange, the installation stored. */
async function finishInstall(env: Env, spent: Spent, origin: string, pages: Pages): Promise<Response> {
  const { locale, headers, fail } = pages;
  const secret = env.SLACK_CLIENT_SECRET as string;
  const options = installOptions(origin);
  try {
    await new SignedStateStore(env, options).verifyStateParam(new Date(), spent.state);
  } catch (error) {
    // A second load of this address while the first was still at work (a reload during the code's
    // exchange, a double click): the browser shows this one, so it shows what the first ended in.
    if (error instanceof SpentState) {
      const earlier = await earlierOutcome(env, spent).catch((cause: unknown) => {
        logError("slack.install_failed", cause, { step: "earlier outcome" });
        return undefined;
      });
      return (await earlierPage(env, earlier, spent, pages)) ?? fail("install.badState", 400);
    }
    if (error instanceof InvalidState) return fail("install.badState", 400);
    // D1 could not spend the state: nothing was asked of Slack yet, and the installer may start again.
    logError("slack.install_failed", error, { step: "state" });
    return fail("install.failed", 503);
  }

  // The state is spent from here on: what this load ends in is recorded for a second load of the address.
  const failSpent = async (key: WebKey, status: number, params?: Record<string, string>) => {
    await outcomeStatement(env.DB, secret, spent, { page: key, status, ...(params ? { params } : {}) })
      .then((statement) => statement.run())
      .catch((error: unknown) => logError("slack.install_failed", error, { step: "outcome" }));
    return fail(key, status, params);
  };

  let access: OAuthV2Access;
  let botId = "";
  try {
    access = (await slackApi(env, "oauth.v2.access", {
      client_id: env.SLACK_CLIENT_ID as string,
      client_secret: env.SLACK_CLIENT_SECRET as string,
      code: spent.code,
      redirect_uri: options.redirectUri as string,
    })) as unknown as OAuthV2Access;
    if (!access.ok || !access.access_token || access.token_type !== "bot") {
      logEvent("slack.install_refused", { error: access.error ?? "no bot token" });
      // The app's own setup refused (not distributed yet, a wrong client id or secret): starting again
      // meets the same refusal, and only whoever runs the bot can change it.
      return failSpent(APP_SETUP_REFUSALS.has(access.error ?? "") ? "install.notConfigured" : "install.badCode", 400);
    }
    // An org-wide (Enterprise Grid) install: alerts are kept and delivered per workspace, and the manifest
    // does not offer org deploys, so one made anyway (org deploy turned on in the app's settings) is undone.
    if (access.is_enterprise_install === true) {
      const undone = await slackApi(env, "apps.uninstall", {
        client_id: env.SLACK_CLIENT_ID as string,
        client_secret: env.SLACK_CLIENT_SECRET as string,
        token: access.access_token,
      }).catch((error: unknown) => ({ ok: false, error: String(error) }));
      logEvent("slack.install_refused", {
        error: "org-wide install",
        enterprise: access.enterprise?.id,
        undone: undone.ok === true,
        ...(undone.ok === true ? {} : { undoError: String(undone.error ?? "unknown") }),
      });
      // Slack may refuse to undo it (apps.uninstall's no_permission, an outage): the page then does not say
      // it was undone, and says who can remove it.
      return failSpent(undone.ok === true ? "install.orgWide" : "install.orgWideKept", 400);
    }
    // Slack granted fewer bot scopes than the bot needs (an authorize address edited by hand, an admin's
    // approval that left some out): stored, it would meet missing_scope at each alert. It is not stored.
    const missing = missingScopes(access.scope);
    if (missing.length > 0) {
      const { key, params } = await shortOfScopes(env, access, missing);
      return failSpent(key, 400, params);
    }
    // As InstallProvider does: the bot id comes from auth.test with the new token. Slack has installed the
    // app and issued the token by now, and the bot id is only informative (Bolt's ignoreSelf is off), so an
    // auth.test that fails leaves it out instead of losing the installation: the app would be in the
    // workspace while its commands answered that it is not installed.
    const auth = await slackApi(env, "auth.test", {}, access.access_token).catch((error: unknown): Record<string, unknown> => {
      logError("slack.install_auth_test", error, {});
      return {};
    });
    if (auth.ok === true && typeof auth.bot_id === "string") botId = auth.bot_id;
  } catch (error) {
    logError("slack.install_unreachable", error, {});
    return failSpent("install.unreachable", 502);
  }

  const installation = toInstallation(access, botId);
  const teamId = installation.team?.id;
  // The installation and the alerts it turns back on are written together: a workspace is never left
  // installed with its alerts still stopped for having removed the app, nor told it worked when it did not.
  // Deliveries that waited for a refused SLACK_BOT_TOKEN now have the workspace's own token: they go out.
  // Edits of withdrawn items' posts that waited for the app to be installed here again are made.
  let restored = 0;
  try {
    const deliveries = new DeliveryStore(env.DB);
    const now = Date.now();
    const written = await env.DB.batch([
      await new D1InstallationStore(env).storeStatement(installation),
      ...(teamId
        ? [
            deliveries.restoreWorkspaceStatement("slack", teamId, UNINSTALLED, now),
            ...deliveries.wakeWorkspaceStatements("slack", teamId, now),
            await outcomeStatement(env.DB, secret, spent, { installed: teamId }),
          ]
        : []),
    ]);
    restored = written[1]?.meta.changes ?? 0;
  } catch (error) {
    logError("slack.install_failed", error, { step: "store", team: teamId });
    return failSpent("install.failed", 503);
  }
  if (teamId)
    await env.ANNOUNCEMENTS.send({ kind: "wake", platform: "slack", workspaceId: teamId }, { delaySeconds: WAKE_AGAIN_S }).catch(
      (error: unknown) => logError("slack.install_wake", error, { team: teamId }),
    );
  logEvent("slack.installed", { team: teamId, enterprise: installation.enterprise?.id, restored });
  const workspace = workspaceName(installation);
  if (teamId) return donePage(env, spent, teamId, workspace, pages);
  headers.append("set-cookie", clearLangCookie(REDIRECT_PATH));
  return html(messagePage(locale, "install.done", { workspace }), 200, headers);
}

/**
 * What an install granted fewer scopes than the bot needs ends in: its token revoked unless it may serve an
 * installation that works (Slack's auth.revoke deactivates the bot user, whichever of its tokens is
 * revoked), and the page that says what is missing. A revoke that fails changes nothing on the page.
 */
async function shortOfScopes(
  env: Env,
  access: OAuthV2Access,
  missing: readonly string[],
): Promise<{ key: WebKey; params: Record<string, string> }> {
  const token = access.access_token as string;
  const teamId = access.team?.id;
  const kept = teamId ? await installedName(env, teamId) : undefined;
  const inUse = kept !== undefined || (await mayServe(env, token, teamId, access.enterprise?.id ?? undefined));
  const revoke = inUse
    ? undefined
    : await slackApi(env, "auth.revoke", {}, token).catch(
        (error: unknown): Record<string, unknown> => ({ ok: false, error: String(error) }),
      );
  logEvent("slack.install_refused", {
    error: "missing scopes",
    team: teamId,
    missing: missing.join(","),
    revoked: revoke?.ok === true && revoke.revoked !== false,
    ...(revoke && revoke.ok !== true ? { revokeError: String(revoke.error ?? "unknown") } : {}),
  });
  const scopes = missing.join(", ");
  return kept
    ? { key: "install.scopesMissingKept", params: { scopes, workspace: kept } }
    : { key: "install.scopesMissing", params: { scopes } };
}

/**
 * Whether the bot user of a token just issued may serve the workspace already: an installation of its own
 * is stored there (readable or not), or SLACK_BOT_TOKEN is this workspace's. True when that cannot be told.
 */
async function mayServe(env: Env, token: string, teamId?: string, enterpriseId?: string): Promise<boolean> {
  try {
    if (teamId && (await new D1InstallationStore(env).has(teamId))) return true;
    const shared = env.SLACK_BOT_TOKEN;
    if (!shared) return false;
    if (shared === token) return true;
    const home = await workspaceOfToken(env, shared);
    return home !== null && isTokenWorkspace(home, teamId, enterpriseId);
  } catch (error) {
    logError("slack.install_failed", error, { step: "scopes", team: teamId });
    return true;
  }
}

/** The page that says it worked, with the cookie that lets a reload of this address say it again. */
async function donePage(
  env: Env,
  spent: Spent,
  teamId: string,
  workspace: string,
  { locale, headers }: Pages,
): Promise<Response> {
  const reload = await setInstalledCookie(env.SLACK_CLIENT_SECRET as string, { ...spent, teamId, locale }, REDIRECT_PATH);
  if (reload) headers.append("set-cookie", reload);
  headers.append("set-cookie", clearLangCookie(REDIRECT_PATH));
  return html(messagePage(locale, "install.done", { workspace }), 200, headers);
}

/** The workspace's name while the app is installed there; undefined otherwise. */
async function installedName(env: Env, teamId: string): Promise<string | undefined> {
  const installed = await new D1InstallationStore(env).find(teamId).catch(() => undefined);
  return installed?.team?.id === teamId ? workspaceName(installed) : undefined;
}

/**
 * The page of what an earlier load of the same address ended in: installed (with the reload cookie, as
 * that load gave it), or the page it showed; undefined when there is none to show.
 */
async function earlierPage(
  env: Env,
  earlier: InstallOutcome | undefined,
  spent: Spent,
  pages: Pages,
): Promise<Response | undefined> {
  if (!earlier) return undefined;
  if ("page" in earlier)
    return earlier.page in WEB_CATALOGUES.en
      ? html(resultPage(pages.locale, earlier.page as WebKey, earlier.params), earlier.status, pages.headers)
      : undefined;
  const workspace = await installedName(env, earlier.installed);
  return workspace ? donePage(env, spent, earlier.installed, workspace, pages) : undefined;
}
