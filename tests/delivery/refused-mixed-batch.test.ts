// A batch that mixes tokens (Slack and Discord, or a workspace's own Slack token beside the shared ones)
// while Discord refuses its shared token. Discord counts every 401 toward its invalid-request limit
// (10,000 in 10 minutes get the IP banned), so one refused call must be all a batch makes: the first
// call of each token is answered before that token's others leave, whatever else came first in the batch.
import { describe, expect, it } from "vitest";
import type { AmendJob, DeliveryJob } from "../../src/delivery/jobs";
import { parkedDueAt } from "../../src/delivery/policy";
import { newsKey, withdrawNews } from "../../src/topics/renewal";
import { deliveryWorldEach, publishTo, queuedEdits, runCron, runQueue, runQueueUntilDone, store } from "../helpers/alerts";
import { slowPacer } from "../helpers/hold";
import { aroundFetch, refuseSharedToken } from "../helpers/mock-api";

const world = deliveryWorldEach();

const DISCORD = ["D-1", "D-2", "D-3", "D-4"];

/** From now on Discord refuses the shared token, its 401 coming back after a network's round trip. */
function discordRefuses() {
  const refused = refuseSharedToken("discord");
  aroundFetch(async (url) => {
    if (url.startsWith("https://discord.mock/")) await new Promise((resolve) => setTimeout(resolve, 150));
    return undefined;
  });
  return refused;
}

/** The batch with the Slack channel's job first or last. */
async function ordered<T extends AmendJob | DeliveryJob>(jobs: T[], slackFirst: boolean): Promise<T[]> {
  const slack = (await store().subscription("slack", "S-1"))?.id;
  const rank = (job: T) => (job.subscriptionId === slack ? 0 : 1);
  return [...jobs].sort((a, b) => (slackFirst ? rank(a) - rank(b) : rank(b) - rank(a)));
}

describe("a batch mixing platforms while Discord refuses its token", { timeout: 60_000 }, () => {
  it.each([
    ["a Slack edit", true],
    ["a Discord edit", false],
  ])("makes one refused Discord call for its edits when %s comes first", async (_first, slackFirst) => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, DISCORD, ["S-1"]);
    await runQueueUntilDone(world.testEnv, jobs);
    for (const channel of [...DISCORD.map((c) => world.api.discordIn(c)), world.api.slackIn("S-1")])
      expect(channel).toHaveLength(1);

    const refused = discordRefuses();
    expect(await withdrawNews(world.testEnv, item.id, "reported in error")).toBe(true);
    await runCron(world.testEnv);
    const edits = await ordered(queuedEdits(world.queue), slackFirst);
    expect(edits).toHaveLength(5);
    await runQueue(world.testEnv, edits);

    expect(refused.calls, "refused Discord calls in one batch").toBe(1);
    const after = await store().amends(newsKey(item.id));
    expect(after.filter((a) => a.amendError?.startsWith("waiting for a new token:"))).toHaveLength(DISCORD.length);
    expect(world.api.slackIn("S-1")[0]?.edits).toBe(1);
  });

  it("makes one refused Discord call for its deliveries when a Slack post comes first", async () => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, DISCORD, ["S-1"]);
    const refused = discordRefuses();
    await runQueue(world.testEnv, await ordered(jobs, true));

    expect(refused.calls, "refused Discord calls in one batch").toBe(1);
    expect(world.api.slackIn("S-1")).toHaveLength(1);
    const rows = await store().deliveries(newsKey(item.id));
    const due = await world.testEnv.DB.prepare("SELECT due_at FROM deliveries WHERE message_key = ? AND state = 'queued'")
      .bind(newsKey(item.id))
      .all<{ due_at: number }>();
    expect(rows.map((r) => r.state).sort()).toEqual(["queued", "queued", "queued", "queued", "sent"]);
    // Every Discord delivery waits, parked, for a new token.
    expect(due.results.map((r) => r.due_at)).toEqual(DISCORD.map(() => parkedDueAt("discord")));
  });
});

it("a first call that misses its slot twice takes its token's other calls back with it, unheard", {
  timeout: 60_000,
}, async () => {
  const { item, jobs } = await publishTo(world.testEnv, world.queue, DISCORD, []);
  const refused = discordRefuses();
  const first = await runQueue(
    { ...world.testEnv, PACER: slowPacer(world.testEnv.PACER, { answerMs: 200, times: 2 }) },
    jobs,
    1,
    undefined,
    { late: "given back" },
  );
  // The first call's slot passed while the answer was on its way: nothing of the token was sent.
  expect(refused.calls).toBe(0);
  expect(first.retried).toHaveLength(DISCORD.length);

  await runQueueUntilDone(
    world.testEnv,
    first.retried.map((r) => r.job),
  );
  expect(refused.calls, "refused Discord calls").toBe(1);
  const due = await world.testEnv.DB.prepare("SELECT due_at FROM deliveries WHERE message_key = ? AND state = 'queued'")
    .bind(newsKey(item.id))
    .all<{ due_at: number }>();
  expect(due.results.map((r) => r.due_at)).toEqual(DISCORD.map(() => parkedDueAt("discord")));
});
