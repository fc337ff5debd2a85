// The front Worker's own routes: Discord's interactions and the web pages. Nothing here may import
// Slack's modules, the feed parser or the queue consumer (tests/build/split.test.ts checks it):
// they would be compiled on the cold start of every Discord interaction.

import { getPath } from "hono/utils/url";
import { publishedNews } from "../content/published";
import { loadContent } from "../content/store";
import { discord } from "../discord/platform";
import type { Env } from "../env";
import { installLinks } from "../install-links";
import { localeFromRequest } from "../web/locale";
import type { App } from "./base";

// The web pages are loaded on their first visit, not with every isolate: their strings and styles would
// otherwise be compiled on the cold start of every interaction (tests/news/lazy.test.ts).
const pages = () => import("../web/pages");

/** Discord's interactions and the web pages: the front Worker's own routes. */
export function frontRoutes(app: App): App {
  app.post(discord.route, (c) => discord.handle(c.req.raw, c.env, c.executionCtx));
  // The home page, in the reader's language, with live examples when content is there.
  app.get("/", async (c) => {
    const [{ homePage }, content, news] = await Promise.all([
      pages(),
      loadContent(c.env.CONTENT).catch(() => undefined),
      publishedNews(c.env).catch(() => []),
    ]);
    const page = homePage(localeFromRequest(c.req.raw), installLinks(c.env, new URL(c.req.url).origin), content, news);
    return c.html(page, 200, { "content-language": localeFromRequest(c.req.raw), vary: "accept-language" });
  });
  app.get("/privacy", async (c) =>
    c.html((await pages()).legalPage(localeFromRequest(c.req.raw), "privacy"), 200, { vary: "accept-language" }),
  );
  app.get("/terms", async (c) =>
    c.html((await pages()).legalPage(localeFromRequest(c.req.raw), "terms"), 200, { vary: "accept-language" }),
  );
  return app;
}

/**
 * The Worker's fetch: Discord's interactions go straight to their handler, everything else through the
 * app's router. Every fan's command takes this path, and the router would add its own work to each.
 */
export function discordFirst(app: App) {
  return (request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> =>
    request.method === "POST" && getPath(request) === discord.route
      ? discord.handle(request, env, ctx)
      : app.fetch(request, env, ctx);
}
