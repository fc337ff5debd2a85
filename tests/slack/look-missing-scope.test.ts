// A delivery whose answer was lost looks in the channel's history before anything is posted again. A
// workspace that installed the app before it asked for the history scopes (or channels:join, to read a
// public channel it only posted to) gets missing_scope for that look: no look can tell until the app is
// installed again, which grants them. The delivery waits, parked
// and without spending attempts, as a post refused for a missing scope waits, instead of looking at each
// of its 20 attempts and ending failed while its post may well be in the channel; it never posts on a
// guess meanwhile, and the install's look records the post that landed, once.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import { INSTALL_PARKED_DUE_AT, MAX_DELIVERY_ATTEMPTS, STALE_MS } from "../../src/delivery/policy";
import { newsKey } from "../../src/topics/renewal";
import { ledger, oauthAlertsWorld, pacersAhead, publish, runCron, runQueue, sleep, store } from "../helpers/alerts";
import { aroundFetch, type MockApis } from "../helpers/mock-api";
import { Browser, oauthEnv, type Workspace } from "../helpers/slack-oauth";

const CLINIC: Workspace = { teamId: "T0CLINIC", name: "Night Shift Clinic" };

/**
 * A minute and more passes for Slack and for the bot's pacers alike (which space Slack's one history read
 * a minute a little wider), so a look has its turn at the history again.
 */
const aMinuteLater = async (apis: MockApis) => {
  apis.clockOffset += 64_000;
  await pacersAhead(64_000);
};

const dueAt = async (id: string) =>
  (await env.DB.prepare("SELECT due_at FROM deliveries WHERE message_key = ?").bind(newsKey(id)).first<{ due_at: number }>())
    ?.due_at;

it.each([
  ["history", "conversations.history", "channels:history"],
  // Posting with chat:write.public made the bot no member: the look must join first, which needs channels:join.
  ["join", "conversations.join", "channels:join"],
] as const)(
  "waits, parked, for the app to be installed again when the look lacks the %s scope, then records the post once",
  {
    timeout: 60_000,
  },
  async (_name, method, scope) => {
    const { apis, slack, queue, testEnv } = await oauthAlertsWorld(new Map([[CLINIC, ["C0CLINIC"]]]));
    const old = slack.tokenOf(CLINIC.teamId);
    if (method === "conversations.join") apis.joined.delete("C0CLINIC");
    // The installation's token was granted without that scope: every such call is refused for it.
    aroundFetch((url, init) =>
      url.endsWith(`/${method}`) && new Headers(init?.headers).get("authorization") === `Bearer ${old}`
        ? Response.json({ ok: false, error: "missing_scope", needed: scope, provided: "commands,chat:write,chat:write.public" })
        : undefined,
    );
    await sleep(3);
    const item = await publish();
    await runCron(testEnv);
    // The post lands and its answer is lost.
    apis.scriptSlack("C0CLINIC", { status: 200, storeThenDrop: true });
    await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect(apis.slackIn("C0CLINIC")).toHaveLength(1);

    // The queue's copies of the job (at least once), then ticks and sweeps, each a minute or more after
    // the last look, for longer than the delivery has attempts.
    for (let round = 1; round <= MAX_DELIVERY_ATTEMPTS + 2; round++) {
      await aMinuteLater(apis);
      await runQueue(
        testEnv,
        [{ message: newsKey(item.id), subscriptionId: (await ledger(item.id))[0]?.subscriptionId ?? 0 }],
        round,
      );
      await planDeliveries(testEnv, Date.now() + round * (STALE_MS + 60_000));
      await runQueue(
        testEnv,
        queue.sent.splice(0).map((m) => m.body),
      );
    }
    expect(apis.slackIn("C0CLINIC")).toHaveLength(1);
    expect(await ledger(item.id)).toMatchObject([
      { state: "queued", attempts: 1, error: expect.stringContaining(`missing_scope (needed: ${scope})`) },
    ]);
    expect(await dueAt(item.id)).toBe(INSTALL_PARKED_DUE_AT);
    expect(await store().subscription("slack", "C0CLINIC")).toMatchObject({ active: true });
    expect(await store().platformState("slack")).toMatchObject({ authError: null, pausedUntil: 0 });

    // Installed again, with the scopes the app asks for: the look finds the post, which is not made again.
    await new Browser().install(slack, CLINIC, oauthEnv());
    await planDeliveries(testEnv, Date.now());
    const jobs = queue.sent.splice(0).map((m) => m.body);
    expect(jobs).toHaveLength(1);
    // A look that had to join reads the history at the next one, after Slack's minute.
    for (let look = 0; look < 2 && (await ledger(item.id))[0]?.state === "queued"; look++) {
      await aMinuteLater(apis);
      await runQueue(testEnv, jobs);
    }
    expect(apis.slackIn("C0CLINIC")).toHaveLength(1);
    expect((await ledger(item.id))[0]?.state).toBe("sent");
  },
);
