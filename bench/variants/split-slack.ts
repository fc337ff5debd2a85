// The second Worker of the split: only /slack/events, with Bolt evaluated at its start-up.
import "../../src/slack/bolt";
import type { Env } from "../../src/env";
import { handleSlack } from "../../src/slack/route";

export { Pacer } from "../../src/pacing/pacer";

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => handleSlack(request, env, (p) => ctx.waitUntil(p)),
};
