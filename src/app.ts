// The Hono routes. The Slack handler is imported lazily so a Discord request never evaluates Bolt.
import { Hono } from "hono";
import { AlertsStore } from "./alerts/store";
import { loadContent } from "./content/store";
import { handleDiscord } from "./discord/route";
import type { Env } from "./env";
import { feedHealth } from "./news/poll";
import { handleSlack } from "./slack/route";

export const app = new Hono<{ Bindings: Env }>();

app.post("/discord/interactions", (c) => handleDiscord(c.req.raw, c.env));

app.post("/slack/events", (c) => handleSlack(c.req.raw, c.env, (p) => c.executionCtx.waitUntil(p)));

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
  const news = await feedHealth(c.env).catch((error: Error) => ({ error: error.message }));
  return c.json({ status: healthy ? "ok" : "degraded", content, alerts, news });
});

app.notFound((c) => c.json({ error: "not found" }, 404));

app.onError((error, c) => {
  console.error(JSON.stringify({ event: "unhandled", error: String(error), path: c.req.path }));
  return c.json({ error: "internal error" }, 500);
});
