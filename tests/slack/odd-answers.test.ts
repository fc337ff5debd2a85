import { describe, expect, it } from "vitest";
import { ODD_ANSWER_RETRIES } from "../../src/platform-outcome";
import { deliveryWorldEach, health, ledger, publishTo, runQueue } from "../helpers/alerts";

const world = deliveryWorldEach();

describe("a Slack 403 or 404 that is not Slack's answer", { timeout: 60_000 }, () => {
  it.each([403, 404])(
    "%i, persisting, pauses Slack and shows in /health, as on Discord; nothing is looked up",
    async (status) => {
      const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-edge"]);
      const page = { status, html: true } as const;
      world.api.scriptSlack("S-edge", page, page, page, page, page, page);
      for (let attempt = 1; attempt <= ODD_ANSWER_RETRIES + 2; attempt++) await runQueue(world.testEnv, jobs, attempt);
      // Refused by the same page each time until Slack was paused; the later runs waited for the pause.
      expect((await ledger(item.id))[0]).toMatchObject({ state: "queued", attempts: ODD_ANSWER_RETRIES });
      expect((await health(world.testEnv)).alerts.slack).toMatchObject({
        delivering: false,
        error: expect.stringContaining(`Slack ${status}`),
      });
      // The call never reached Slack's method, so nothing was posted and no history was read for it.
      expect(world.api.slackIn("S-edge")).toHaveLength(0);
      expect(world.api.slackMethods["conversations.history"] ?? 0).toBe(0);
    },
  );
});
