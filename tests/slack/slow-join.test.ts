// Slack waits 3 seconds for a slash command's HTTP answer, then shows the user "operation_timeout"
// and drops whatever arrives later. `/renewal alerts on` joins the channel (conversations.join) before
// it answers: a slow Web API must not hold the answer past Slack's limit.
import { beforeEach, expect, it, vi } from "vitest";
import { deliveryWorld, sleep, store } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slashBody } from "../helpers/slack";

/** How long Slack waits for the answer to a slash command. */
const SLACK_ACK_MS = 3000;

let api: MockApis;

beforeEach(async () => {
  ({ api } = await deliveryWorld());
  // Slack's Web API takes 4 s to answer conversations.join (it is slow now and then), then answers ok.
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // Like a real fetch, the wait ends early when the caller's signal aborts.
    if (url.pathname.endsWith("/conversations.join"))
      await new Promise((resolve, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason));
        void sleep(4000).then(resolve);
      });
    return api.handleSlack(url, init ?? {}, Object.fromEntries(new Headers(init?.headers).entries()));
  });
});

it("answers /renewal alerts on within Slack's 3 seconds even when joining the channel is slow", async () => {
  const started = Date.now();
  const response = await sendSlackRaw(slashBody("/renewal", "alerts on", { channel_id: "C0SLOW", user_name: "minji" }));
  const took = Date.now() - started;
  expect(response.status).toBe(200);
  // Slack still waits for the answer, and the alerts are on.
  expect(took).toBeLessThan(SLACK_ACK_MS);
  expect((await store().subscription("slack", "C0SLOW"))?.active).toBe(true);
}, 20_000);
