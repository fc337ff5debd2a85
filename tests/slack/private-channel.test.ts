// `/renewal alerts on` in a private channel the bot was not invited to. Slack's answers there: the bot
// cannot see the channel, so conversations.join and chat.postMessage answer channel_not_found (the
// mock in tests/helpers/mock-api.ts joins and posts anywhere).
import type { env } from "cloudflare:workers";
import { beforeEach, expect, it, vi } from "vitest";
import { deliveryWorld, publish, type RecordingQueue, runCron, runQueue, sleep, store } from "./helpers/alerts";
import type { MockApis } from "./helpers/mock-api";
import { sendSlackRaw, slackJson, slackText, slashBody } from "./helpers/slack";

const PRIVATE = "G0SECRET";
let api: MockApis;
let queue: RecordingQueue;
let testEnv: typeof env;

beforeEach(async () => {
  ({ api, queue, testEnv } = await deliveryWorld());
  const slackApi = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    const method = String(input).split("/").pop();
    if ((method === "conversations.join" || method === "chat.postMessage") && String(init?.body).includes(PRIVATE))
      return Response.json({ ok: false, error: "channel_not_found" });
    return slackApi(input, init);
  });
});

it("does not tell the channel its alerts are on where the bot can neither join nor post", async () => {
  const reply = await slackJson(
    await sendSlackRaw(
      slashBody("/renewal", "alerts on", { channel_id: PRIVATE, channel_name: "privategroup", user_name: "minji" }),
    ),
  );
  // What the channel is told now, and what becomes of the first item.
  await sleep(3);
  await publish();
  await runCron(testEnv);
  await runQueue(
    testEnv,
    queue.sent.splice(0).map((m) => m.body),
  );
  const sub = await store().subscription("slack", PRIVATE);
  expect(api.slackIn(PRIVATE)).toHaveLength(0);
  expect(sub?.active, "the first item stops the alerts the channel was told are on").toBe(false);
  expect(slackText(reply)).toContain("/invite");
});
