// A workspace whose bot cannot join channels: an installation made before `channels:join` was among the
// manifest's scopes keeps the scopes it was granted, and Slack answers conversations.join with
// missing_scope. (tests/helpers/slack-oauth.ts grants such an installation, yet its join always works.)
import type { env } from "cloudflare:workers";
import { beforeEach, expect, it, vi } from "vitest";
import { deliveryWorld, ledger, publishTo, type RecordingQueue, runQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";

let api: MockApis;
let queue: RecordingQueue;
let testEnv: typeof env;

beforeEach(async () => {
  ({ api, queue, testEnv } = await deliveryWorld());
  const slackApi = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    if (String(input).endsWith("/conversations.join"))
      return Response.json({ ok: false, error: "missing_scope", needed: "channels:join", provided: "commands,chat:write" });
    return slackApi(input, init);
  });
});

it("after a server error, a history the bot cannot join counts as not posted, as one it has no scope for does", async () => {
  const { item, jobs } = await publishTo(testEnv, queue, [], ["S-public"]);
  // Slack's gateway fails before the API took the post.
  api.scriptSlack("S-public", { status: 500, body: { ok: false, error: "internal_error" } });
  await runQueue(testEnv, jobs);
  expect(api.slackIn("S-public")).toHaveLength(0);
  // The next attempts look first: the history says not_in_channel, and joining is refused.
  for (let attempt = 2; attempt <= 4 && api.slackIn("S-public").length === 0; attempt++) {
    api.unscript();
    await runQueue(testEnv, jobs, attempt);
  }
  expect(api.slackIn("S-public")).toHaveLength(1);
  expect((await ledger(item.id))[0]?.state).toBe("sent");
});
