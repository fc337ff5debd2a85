// The Hono app of the back and of the one Worker (the Env, 404 and 500 as JSON unless the routes make
// their own 404), and a Worker's fetch type.
import { Hono } from "hono/tiny";
import type { Env } from "../env";
import { internalError } from "../http";

export type App = Hono<{ Bindings: Env }>;

/** A Worker's fetch, or the rest of one. */
export type Fetch = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

/** A Hono app whose errors are JSON. Unknown paths get a 404 unless `notFound` handles them. */
export function newApp(notFound?: Parameters<App["notFound"]>[0]): App {
  const app: App = new Hono<{ Bindings: Env }>();
  app.notFound(notFound ?? ((c) => c.json({ error: "not found" }, 404)));
  app.onError((error, c) => internalError(error, c.req.path));
  return app;
}
