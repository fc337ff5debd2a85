import { describe, expect, it } from "vitest";
import { planDeliveries, STALE_MS } from "../../src/delivery/planner";
import { deliverNew, deliveryWorldEach, health, ledger, publishTo, runQueue, store } from "../helpers/alerts";

const world = deliveryWorldEach();

describe("chat.postMessage's no_permission in one channel", { timeout: 30_000 }, () => {
  it("stops that channel only, with the reason; the others keep getting every item", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, [], ["S-noperm", "S-ok"]);
    world.api.scriptSlack("S-noperm", { status: 200, body: { ok: false, error: "no_permission" } });
    await runQueue(world.testEnv, jobs);
    await deliverNew(world.testEnv, world.queue, "second-item");
    expect((await store().platformState("slack")).authError).toBeNull();
    expect(world.api.slackIn("S-ok")).toHaveLength(2);
    expect(await store().subscription("slack", "S-noperm")).toMatchObject({
      active: false,
      disabledReason: expect.stringContaining("no_permission"),
    });
  });
});

describe("chat.postMessage's missing_scope with the shared token", { timeout: 30_000 }, () => {
  const missingScope = { status: 200, body: { ok: false, error: "missing_scope", needed: "chat:write", provided: "commands" } };

  it("says which scope is missing, and tries the same token again later: Slack adds a granted scope to it", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-scope"]);
    world.api.scriptSlack("S-scope", missingScope);
    const before = Date.now();
    await runQueue(world.testEnv, jobs);
    const state = await store().platformState("slack");
    expect(state.authError).toBeNull();
    expect(state.pausedUntil).toBeGreaterThanOrEqual(before + STALE_MS);
    expect((await health(world.testEnv)).alerts.slack).toMatchObject({
      delivering: false,
      error: expect.stringContaining("chat:write"),
    });
    expect((await ledger(item.id))[0]?.state).toBe("queued");
    // The operator grants the scope; SLACK_BOT_TOKEN is the same string. Half an hour later the pause is
    // over and the sweep queues the delivery again.
    await store().setPlatformState("slack", { ...state, pausedUntil: 0 }, Date.now());
    const { replanned } = await planDeliveries(world.testEnv, Date.now() + STALE_MS + 60_000);
    expect(replanned).toBe(1);
    await runQueue(
      world.testEnv,
      world.queue.sent.splice(0).map((m) => m.body),
    );
    expect(world.api.slackIn("S-scope")).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  });
});
