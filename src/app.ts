// Every route in one Hono app, for a deployment as one Worker (src/index.ts, and what the tests run).
// Deployed as two Workers, src/workers/front.ts answers Discord and src/workers/back.ts the rest.
import { discord } from "./discord/platform";
import { backRoutes } from "./routes/back";
import { newApp } from "./routes/base";
import { answerDiscord } from "./routes/front";

export const app = backRoutes(newApp());
app.post(discord.route, (c) => answerDiscord(c.req.raw, c.env, c.executionCtx));
