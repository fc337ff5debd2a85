// The Hono routes. The Slack handler is imported lazily so a Discord request never evaluates Bolt.
import { Hono } from "hono";
import { loadContent } from "./content/store";
import { handleDiscord } from "./discord/route";
import type { Env } from "./env";
import { handleSlack } from "./slack/route";

export const app = new Hono<{ Bindings: Env }>();

app.post("/discord/interactions", (c) => handleDiscord(c.req.raw, c.env));

app.post("/slack/events", (c) => handleSlack(c.req.raw, c.env, (p) => c.executionCtx.waitUntil(p)));

app.get("/health", async (c) => {
  try {
    const content = await loadContent(c.env.CONTENT);
    return c.json({ status: "ok", content: { version: content.version, available: true } });
  } catch (error) {
    return c.json({ status: "degraded", content: { available: false, error: (error as Error).message } });
  }
});

app.notFound((c) => c.json({ error: "not found" }, 404));

app.onError((error, c) => {
  console.error(JSON.stringify({ event: "unhandled", error: String(error), path: c.req.path }));
  return c.json({ error: "internal error" }, 500);
});
