// A delivery whose earlier answer was lost looks for its post before posting again. When the shared
// token is refused at that look (the app reinstalled, the secret not yet updated), the delivery waits
// parked for the new token, in doubt still, as a post refused for its token does: it spends no more
// attempts, and once the new token is set the look runs again and the item arrives once.
import { describe, expect, it } from "vitest";
import { planDeliveries, STALE_MS } from "../../src/delivery/planner";
import { MAX_DELIVERY_ATTEMPTS } from "../../src/delivery/policy";
import { alertEnv, deliveryWorldEach, ledger, nonceForgotten, pacerForgets, publishTo, runQueue, store } from "../helpers/alerts";
import { refuseSharedToken } from "../helpers/mock-api";

const world = deliveryWorldEach();

describe("a lost post whose shared token is refused at the look for it", { timeout: 120_000 }, () => {
  it.each([
    ["discord", "D-lost"],
    ["slack", "S-lost"],
  ] as const)("on %s waits for the new token, spends no more attempts, and arrives once after it", async (platform, channel) => {
    const { item, jobs } = await publishTo(
      world.testEnv,
      world.queue,
      platform === "discord" ? [channel] : [],
      platform === "slack" ? [channel] : [],
    );
    // The connection drops before the platform stored anything: the answer is lost, nothing was posted.
    if (platform === "discord") world.api.scriptDiscord(channel, { status: 0, drop: true });
    else world.api.scriptSlack(channel, { status: 0, drop: true });
    await runQueue(world.testEnv, jobs);
    const posts = () => (platform === "discord" ? world.api.discordIn(channel) : world.api.slackIn(channel));
    expect(posts()).toHaveLength(0);
    expect((await ledger(item.id))[0]).toMatchObject({ state: "queued", attempts: 1 });
    // Past Discord's nonce window, only a look can tell whether the post landed.
    await nonceForgotten(item.id);

    refuseSharedToken(platform);
    for (let run = 0; run < MAX_DELIVERY_ATTEMPTS + 2 && (await ledger(item.id))[0]?.state === "queued"; run++) {
      world.api.clockOffset += 61_000;
      await pacerForgets();
      await runQueue(world.testEnv, jobs, 2);
    }
    const waiting = (await ledger(item.id))[0];
    expect({
      state: waiting?.state,
      attempts: waiting?.attempts,
      authError: (await store().platformState(platform)).authError,
    }).toEqual({
      state: "queued",
      // The refused look counts once, as a refused post does; then the delivery waits without trying.
      attempts: 2,
      authError: expect.stringMatching(platform === "discord" ? /401/ : /invalid_auth/),
    });

    // The new token is set: what waited for it looks again, finds nothing, and posts once.
    const fixed = alertEnv(
      world.queue,
      platform === "discord" ? { DISCORD_BOT_TOKEN: "discord-new-token" } : { SLACK_BOT_TOKEN: "xoxb-new-token" },
    );
    await planDeliveries(fixed, Date.now() + STALE_MS + 1);
    await runQueue(
      fixed,
      world.queue.sent.splice(0).map((m) => m.body),
    );
    expect(posts()).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });
});
