// Someone removes the bot from a public channel whose alerts are on. chat:write.public would let it go on
// posting there; Slack's channel_left event says it was removed, and the channel's alerts stop. Slack
// retries an event it thinks was missed, so a late copy leaves alone alerts turned on again since. Alerts
// turned on again get what is published from then on, not a post that was on its way at the removal.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { REMOVED_FROM_CHANNEL } from "../../src/stop-reasons";
import { deliverNew, deliveryWorldEach, publishTo, runQueue, slackAlerts, sleep, store } from "../helpers/alerts";
import { countingEnv, otherChannels } from "../helpers/counting-db";
import { aroundFetch } from "../helpers/mock-api";
import { sendEvent } from "../helpers/slack-oauth";

const world = deliveryWorldEach();

const left = (channel: string) => ({ type: "channel_left", channel, actor_id: "U0ADMIN", event_ts: "1700000000.000100" });

describe("the bot removed from a Slack channel", { timeout: 30_000 }, () => {
  it("stops that channel's alerts, and a late copy of the event leaves them on once turned on again", async () => {
    await slackAlerts("alerts on", "C0PUB");
    await slackAlerts("alerts on", "C0OTHER");
    await env.DB.prepare("UPDATE subscriptions SET subscribed_at = subscribed_at - 600000").run();
    const event = { event_id: "Ev0LEFT", event_time: Math.floor(Date.now() / 1000) - 60 };

    expect((await sendEvent(left("C0PUB"), "T0001", {}, event)).status).toBe(200);
    expect(await store().subscription("slack", "C0PUB")).toMatchObject({ active: false, disabledReason: REMOVED_FROM_CHANNEL });
    expect((await store().subscription("slack", "C0OTHER"))?.active).toBe(true);
    const status = (await slackAlerts("alerts status", "C0PUB")).text;
    expect(status).toContain(REMOVED_FROM_CHANNEL);

    await deliverNew(world.testEnv, world.queue);
    expect({ removed: world.api.slackIn("C0PUB").length, other: world.api.slackIn("C0OTHER").length }).toEqual({
      removed: 0,
      other: 1,
    });

    // Turned on again (the bot joins the channel again), then Slack sends the old event once more.
    await slackAlerts("alerts on", "C0PUB");
    expect((await sendEvent(left("C0PUB"), "T0001", {}, event)).status).toBe(200);
    expect((await store().subscription("slack", "C0PUB"))?.active).toBe(true);
  });

  it("reads an event time too large to be one as no time given: the event is taken as of now", async () => {
    await slackAlerts("alerts on", "C0PUB");
    await env.DB.prepare("UPDATE subscriptions SET subscribed_at = subscribed_at - 600000").run();
    expect((await sendEvent(left("C0PUB"), "T0001", {}, { event_id: "Ev0HUGE", event_time: 1e306 })).status).toBe(200);
    expect(await store().subscription("slack", "C0PUB")).toMatchObject({ active: false, disabledReason: REMOVED_FROM_CHANNEL });
  });

  it("does not post, once alerts are on again, an item whose post Slack held back when the bot was removed", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, [], ["C0PUB"]);
    let removed = false;
    aroundFetch(async (url) => {
      if (removed || !url.endsWith("/chat.postMessage")) return undefined;
      // The bot is removed while its post is on its way, and Slack holds the post back for its limit.
      removed = true;
      await sendEvent(left("C0PUB"), "T0001", {}, { event_id: "Ev0LEFT", event_time: Math.floor(Date.now() / 1000) });
      return Response.json({ ok: false, error: "ratelimited" }, { status: 429, headers: { "retry-after": "1" } });
    });
    const held = await runQueue(world.testEnv, jobs);
    expect(removed).toBe(true);
    expect(held.retried).toHaveLength(1);
    expect((await store().subscription("slack", "C0PUB"))?.active).toBe(false);

    // Invited back, alerts on again: the item was published before, and comes no more.
    await sleep(3);
    await slackAlerts("alerts on", "C0PUB");
    await runQueue(
      world.testEnv,
      held.retried.map((r) => r.job),
      2,
    );
    expect(world.api.slackIn("C0PUB").filter((m) => m.body.metadata)).toEqual([]);
    expect(await store().deliveries(jobs[0]!.message)).toMatchObject([{ state: "dropped", error: "unsubscribed" }]);
  });

  it("leaves alone a channel whose alerts another workspace turned on (a shared channel keeps that bot user)", async () => {
    await slackAlerts("alerts on", "C0SHARED");
    await env.DB.prepare("UPDATE subscriptions SET subscribed_at = subscribed_at - 600000").run();
    await sendEvent(left("C0SHARED"), "T0OTHER", {});
    expect((await store().subscription("slack", "C0SHARED"))?.active).toBe(true);
  });

  it("reads whose bot left from the installation the event is for, not from the workspace the shared channel comes from", async () => {
    // In a Slack Connect channel the event's own team_id names the workspace the channel comes from;
    // authorizations names the installation whose bot user left.
    const from = (installation: string, origin: string) => ({
      team_id: origin,
      authorizations: [{ enterprise_id: null, team_id: installation, user_id: `U0BOT${installation}`, is_bot: true }],
    });
    await slackAlerts("alerts on", "C0SHARED");
    await env.DB.prepare("UPDATE subscriptions SET subscribed_at = subscribed_at - 600000").run();
    // The other workspace's bot user leaves the channel this workspace started: this workspace's bot stays.
    await sendEvent(left("C0SHARED"), "T0OTHER", {}, from("T0OTHER", "T0001"));
    expect((await store().subscription("slack", "C0SHARED"))?.active).toBe(true);
    // This workspace's bot user leaves the channel, which the other workspace started.
    await sendEvent(left("C0SHARED"), "T0001", {}, from("T0001", "T0OTHER"));
    expect(await store().subscription("slack", "C0SHARED")).toMatchObject({
      active: false,
      disabledReason: REMOVED_FROM_CHANNEL,
    });
  });

  it("answers an event without a channel, or about a channel without alerts, with 200 and changes nothing", async () => {
    expect((await sendEvent({ type: "channel_left" }, "T0001", {})).status).toBe(200);
    expect((await sendEvent(left("C0NONE"), "T0001", {})).status).toBe(200);
    expect(await store().subscription("slack", "C0NONE")).toBeNull();
  });

  it("reads the same rows however long the ledger of other channels' deliveries is", async () => {
    const reads: number[] = [];
    for (const ledger of [10, 300]) {
      await env.DB.batch(["DELETE FROM deliveries", "DELETE FROM subscriptions"].map((s) => env.DB.prepare(s)));
      await slackAlerts("alerts on", "C0PUB");
      await env.DB.prepare("UPDATE subscriptions SET subscribed_at = subscribed_at - 600000").run();
      // Other channels' deliveries, long delivered: the ledger every item adds to.
      await otherChannels(env.DB, ledger, { platform: "slack", workspace: "T0001", channel: "C0DONE", delivered: "renewal:old" });
      const { counter, db } = countingEnv(env);
      await sendEvent(left("C0PUB"), "T0001", { DB: db });
      expect((await store().subscription("slack", "C0PUB"))?.active).toBe(false);
      reads.push(counter.rowsRead);
    }
    expect(reads[1]).toBe(reads[0]);
  });
});
