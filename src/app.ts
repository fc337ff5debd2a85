// The Hono routes. The Slack handler is imported lazily so a Discord request never evaluates Bolt.
import { Hono } from "hono";
import { AlertsStore } from "./alerts/store";
import { loadContent } from "./content/store";
import { handleDiscord } from "./discord/route";
import type { Env } from "./env";
import { installLinks } from "./install-links";
import { handleSlackInstall, handleSlackOAuthRedirect, INSTALL_PATH, REDIRECT_PATH } from "./slack/install";
import { handleSlack } from "./slack/route";
import { localeFromRequest } from "./web/locale";
import { homePage, legalPage } from "./web/pages";

export const app = new Hono<{ Bindings: Env }>();

app.post("/discord/interactions", (c) => handleDiscord(c.req.raw, c.env));

app.post("/slack/events", (c) => handleSlack(c.req.raw, c.env, (p) => c.executionCtx.waitUntil(p)));

app.get(INSTALL_PATH, (c) => handleSlackInstall(c.req.raw, c.env));
app.get(REDIRECT_PATH, (c) => handleSlackOAuthRedirect(c.req.raw, c.env));

// The home page, in the reader's language, with live examples when content is there.
app.get("/", async (c) => {
  const content = await loadContent(c.env.CONTENT).catch(() => undefined);
  const page = homePage(localeFromRequest(c.req.raw), installLinks(c.env, new URL(c.req.url).origin), content);
  return c.html(page, 200, { "content-language": localeFromRequest(c.req.raw), vary: "accept-language" });
});
app.get("/privacy", (c) => c.html(legalPage(localeFromRequest(c.req.raw), "privacy"), 200, { vary: "accept-language" }));
app.get("/terms", (c) => c.html(legalPage(localeFromRequest(c.req.raw), "terms"), 200, { vary: "accept-language" }));

/** What operators need at a glance: is content there, is each platform's alert delivery running. */
app.get("/health", async (c) => {
  const content = await loadContent(c.env.CONTENT).then(
    (loaded) => ({ available: true, version: loaded.version }),
    (error: Error) => ({ available: false, error: error.message }),
  );
  const store = new AlertsStore(c.env.DB);
  type AlertHealth = { delivering: boolean; error?: string; pausedUntil?: string };
  const alerts: Record<string, AlertHealth> = Object.fromEntries(
    await Promise.all(
      (["discord", "slack"] as const).map(async (platform): Promise<[string, AlertHealth]> => {
        const state = await store.platformState(platform).catch(() => null);
        if (!state) return [platform, { delivering: false, error: "alert state unreadable" }];
        if (state.authError) return [platform, { delivering: false, error: `token refused: ${state.authError}` }];
        if (state.pausedUntil > Date.now())
          return [platform, { delivering: false, pausedUntil: new Date(state.pausedUntil).toISOString() }];
        return [platform, { delivering: true }];
      }),
    ),
  );
  const healthy = content.available && Object.values(alerts).every((a) => a.delivering || a.pausedUntil !== undefined);
  return c.json({ status: healthy ? "ok" : "degraded", content, alerts });
});

app.notFound((c) => c.json({ error: "not found" }, 404));

app.onError((error, c) => {
  console.error(JSON.stringify({ event: "unhandled", error: String(error), path: c.req.path }));
  return c.json({ error: "internal error" }, 500);
});
