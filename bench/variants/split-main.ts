// Slack served by a second Worker: this one answers Discord and hands /slack/events to the SLACK
// service binding. Built with @slack/bolt aliased away, so nothing of Bolt is in this bundle.

import type { Env } from "../../src/env";
import worker from "../../src/index";

// The shared pacer is a class of this Worker in every variant (wrangler.toml binds it).
export { Pacer } from "../../src/index";

export default {
  ...worker,
  fetch(request: Request, env: Env & { SLACK: Fetcher }, ctx: ExecutionContext) {
    if (new URL(request.url).pathname === "/slack/events") return env.SLACK.fetch(request);
    return worker.fetch(request, env, ctx);
  },
};
