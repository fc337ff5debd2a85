// A delivery whose answer was lost is looked for in the channel's history before it is posted again. When
// that look finds the channel gone (deleted, or a private one the bot was removed from: Slack answers
// channel_not_found) or archived where the bot cannot join it, a post there would be refused the same way:
// the channel's alerts stop with the reason, as a post's refusal stops them, instead of the look being
// made again for each of the delivery's 20 attempts, hours of them, while /renewal alerts status says on.
import { expect, it } from "vitest";
import { deliveryWorldEach, ledger, publishTo, runQueue, store } from "../helpers/alerts";
import { aroundFetch } from "../helpers/mock-api";

const world = deliveryWorldEach();

it.each([
  ["deleted", "channel_not_found"],
  ["archived (the bot not in it)", "is_archived"],
])("a channel %s after a lost answer has its alerts stopped by the next look, and nothing posted", async (_how, error) => {
  const { item, jobs } = await publishTo(world.testEnv, world.queue, [], ["S-gone"]);
  // The connection is lost before Slack answers: the next attempt looks first.
  world.api.scriptSlack("S-gone", { status: 0, drop: true });
  await runQueue(world.testEnv, jobs);
  expect((await ledger(item.id))[0]?.state).toBe("queued");

  const refused = { status: 200, body: { ok: false, error } };
  if (error === "is_archived") {
    // The bot posted with chat:write.public without being a member; an archived channel cannot be joined.
    world.api.joined.delete("S-gone");
    aroundFetch((url) => (url.endsWith("/conversations.join") ? Response.json(refused.body) : undefined));
  } else world.api.scriptSlackHistory("S-gone", refused);
  world.api.scriptSlack("S-gone", refused);
  const result = await runQueue(world.testEnv, jobs, 2);

  expect(result.retried).toEqual([]);
  expect(world.api.slackIn("S-gone")).toHaveLength(0);
  expect((await ledger(item.id))[0]).toMatchObject({ state: "dropped", error: `Slack ${error}` });
  expect(await store().subscription("slack", "S-gone")).toMatchObject({ active: false, disabledReason: `Slack ${error}` });
});
