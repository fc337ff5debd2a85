// Every route in one Hono app, for a deployment as one Worker (src/index.ts, and what the tests run).
// Deployed as two Workers, src/workers/front.ts serves the front routes and src/workers/back.ts the rest.
import { backRoutes } from "./routes/back";
import { newApp } from "./routes/base";
import { frontRoutes } from "./routes/front";

export const app = backRoutes(frontRoutes(newApp()));
