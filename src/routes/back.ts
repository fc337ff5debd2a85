// The back Worker's routes: Slack (and any other platform but Discord), the web pages, the Slack install,
// /health.
import { secureHeaders } from "hono/secure-headers";
import { getPath } from "hono/utils/url";
import { publishedNews } from "../content/published";
import { loadContent } from "../content/store";
import { DeliveryStore, stillRefused, tokenHash } from "../delivery/store";
import { answerOrInternalError } from "../http";
import { installLinks } from "../install-links";
import type { PlatformName } from "../platform-name";
import { platformList } from "../platforms";
import { INSTALL_PATH, REDIRECT_PATH } from "../slack/manifest";
import { localeFromRequest } from "../web/locale";
import type { App, Fetch } from "./base";

// The web pages and the Slack install are loaded on their first visit, not with every isolate: their
// strings, styles and OAuth pieces would otherwise be compiled on the cold start of every interaction
// when the bot runs as one Worker (tests/news/lazy.test.ts).
const pages = () => import("../web/pages");
const slackInstall = () => import("../slack/install");
/** A page's headers: the language it is in, and that it depends on the browser's. */
const inLanguage = (locale: string) => ({ "content-language": locale, vary: "accept-language" });

/**
 * What a browser may do with the pages: they hold no script and load nothing from elsewhere, only their
 * own inline style and a blank icon, and no other site may frame them (a click on Add to Slack must be
 * the reader's own). Platforms' POSTs do not pass the router (platformsFirst), so this is for browsers.
 */
const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ["data:"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: "DENY",
});

/** Slack's events and install, the web pages and /health: the back Worker's routes. */
export function backRoutes(app: App): App {
  app.use(pageHeaders);
  // A browser that follows a dead link gets a page in its reader's language; anything else, JSON. Both say
  // that they depend on Accept, so that no cache gives the one to a client that asked for the other.
  app.notFound(async (c) => {
    if (!c.req.header("accept")?.includes("text/html")) return c.json({ error: "not found" }, 404, { vary: "accept" });
    const locale = localeFromRequest(c.req.raw);
    const headers = { ...inLanguage(locale), vary: "accept, accept-language" };
    return c.html((await pages()).notFoundPage(locale, new URL(c.req.url).pathname), 404, headers);
  });
  // Every platform of the record but Discord, which the front serves.
  for (const platform of platformList())
    if (platform.name !== "discord") app.post(platform.route, (c) => platform.handle(c.req.raw, c.env, c.executionCtx));
  // The home page, in the reader's language, with live examples when content is there.
  app.get("/", async (c) => {
    const [{ homePage }, content, news] = await Promise.all([
      pages(),
      loadContent(c.env.CONTENT).catch(() => undefined),
      publishedNews(c.env).catch(() => []),
    ]);
    const locale = localeFromRequest(c.req.raw);
    const page = homePage(locale, installLinks(c.env, new URL(c.req.url).origin), content, news);
    return c.html(page, 200, inLanguage(locale));
  });
  for (const which of ["privacy", "terms"] as const)
    app.get(`/${which}`, async (c) => {
      const locale = localeFromRequest(c.req.raw);
      return c.html((await pages()).legalPage(locale, which), 200, inLanguage(locale));
    });
  app.get(INSTALL_PATH, async (c) => (await slackInstall()).handleSlackInstall(c.req.raw, c.env));
  // The router runs GET's handler for HEAD too: the callback answers a HEAD (a link checker) or a browser's
  // preload without spending the state or asking Slack for the token (notNavigated), so the installer's own
  // GET still finds both unused.
  app.get(REDIRECT_PATH, async (c) => (await slackInstall()).handleSlackOAuthRedirect(c.req.raw, c.env, c.executionCtx));
  /** What operators need at a glance: is content there, is each platform's alert delivery running. */
  app.get("/health", async (c) => {
    const content = await loadContent(c.env.CONTENT).then(
      (loaded) => ({ available: true, version: loaded.version }),
      (error: Error) => ({ available: false, error: error.message }),
    );
    const store = new DeliveryStore(c.env.DB);
    type AlertHealth = { delivering: boolean; error?: string; pausedUntil?: string };
    const alerts = Object.fromEntries(
      await Promise.all(
        platformList().map(async ({ name, sharedToken }): Promise<[PlatformName, AlertHealth]> => {
          const state = await store.platformState(name).catch(() => null);
          if (!state) return [name, { delivering: false, error: "alert state unreadable" }];
          // A refused token that has since been replaced stops nothing: the next tick sends what waited for it.
          if (stillRefused(state, await tokenHash(sharedToken(c.env) ?? "")))
            return [name, { delivering: false, error: `token refused: ${state.authError}` }];
          if (state.pausedUntil > Date.now())
            return [
              name,
              {
                delivering: false,
                pausedUntil: new Date(state.pausedUntil).toISOString(),
                ...(state.pauseReason ? { error: `paused: ${state.pauseReason}` } : {}),
              },
            ];
          return [name, { delivering: true }];
        }),
      ),
    ) as Record<PlatformName, AlertHealth>;
    // Feed polling (and its XML parser) loads only when needed, not with every isolate: see src/jobs.ts.
    const news = await import("../news/poll")
      .then(({ newsHealth }) => newsHealth(c.env))
      .catch((error: Error) => ({ error: error.message }));
    // A feed that fails backs off while the others go on; a feeds setting that cannot be read (or state
    // that cannot be) stops discovery altogether, and is degraded.
    const healthy =
      content.available && Object.values(alerts).every((a) => a.delivering || a.pausedUntil !== undefined) && !("error" in news);
    // 503 when degraded, so that an uptime check that reads only the status code sees it too.
    return c.json({ status: healthy ? "ok" : "degraded", content, alerts, news }, healthy ? 200 : 503);
  });
  return app;
}

/**
 * A Worker's fetch: a platform's POST (Slack's commands, clicks and events) goes straight to its handler,
 * everything else through the app's router, which the first request of an isolate would otherwise have
 * to warm up before answering.
 */
export function platformsFirst(app: App): Fetch {
  const direct = new Map(platformList().flatMap((p) => (p.name === "discord" ? [] : [[p.route, p] as const])));
  return (request, env, ctx) => {
    const platform = request.method === "POST" ? direct.get(getPath(request)) : undefined;
    return platform
      ? answerOrInternalError(() => platform.handle(request, env, ctx), platform.route)
      : app.fetch(request, env, ctx);
  };
}
