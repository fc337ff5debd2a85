// README, on what answers map to: "Any other 403 or 404 (a Cloudflare HTML page, a wrong route) is retried
// with backoff and, if it persists, pauses the platform and shows in /health." On Slack too: an edge's
// HTML page in front of slack.com, or a SLACK_API_BASE that points at the wrong path.
import { createExecutionContext } from "cloudflare:test";
import type { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { ODD_ANSWER_RETRIES } from "../../src/platform-outcome";
import { deliveryWorld, ledger, publishTo, type RecordingQueue, runQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";

let api: MockApis;
let queue: RecordingQueue;
let testEnv: typeof env;

beforeEach(async () => {
  ({ api, queue, testEnv } = await deliveryWorld());
});

const health = async () =>
  (await (await worker.fetch(new Request("https://bot.test/health"), testEnv, createExecutionContext())).json()) as {
    alerts: Record<string, { delivering: boolean; error?: string }>;
  };

describe("a Slack 403 or 404 that is not Slack's answer", { timeout: 60_000 }, () => {
  it.each([403, 404])(
    "%i, persisting, pauses Slack and shows in /health, as on Discord; nothing is looked up",
    async (status) => {
      const { item, jobs } = await publishTo(testEnv, queue, [], ["S-edge"]);
      const page = { status, html: true } as const;
      api.scriptSlack("S-edge", page, page, page, page, page, page);
      for (let attempt = 1; attempt <= ODD_ANSWER_RETRIES + 2; attempt++) await runQueue(testEnv, jobs, attempt);
      // Refused by the same page each time until Slack was paused; the later runs waited for the pause.
      expect((await ledger(item.id))[0]).toMatchObject({ state: "queued", attempts: ODD_ANSWER_RETRIES });
      expect((await health()).alerts.slack).toMatchObject({
        delivering: false,
        error: expect.stringContaining(`Slack ${status}`),
      });
      // The call never reached Slack's method, so nothing was posted and no history was read for it.
      expect(api.slackIn("S-edge")).toHaveLength(0);
      expect(api.slackMethods["conversations.history"] ?? 0).toBe(0);
    },
  );
});
