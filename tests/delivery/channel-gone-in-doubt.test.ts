// A Discord delivery whose answer was lost is looked for in the channel before it is posted again. When
// that look finds the channel deleted (10003 Unknown Channel) or out of the bot's sight (50001 Missing
// Access), a post there would be refused the same way: the channel's alerts stop with the reason, as a
// post's refusal stops them, instead of the look being made again at each of the delivery's 20 attempts
// (each a 403 or 404 toward Discord's limit on refused requests) while /renewal alerts status says on.
import { expect, it } from "vitest";
import { deliveryWorldEach, ledger, nonceForgotten, publishTo, runQueue, store } from "../helpers/alerts";
import { aroundFetch } from "../helpers/mock-api";

const world = deliveryWorldEach();

it.each([
  ["deleted", 404, 10003, "Unknown Channel"],
  ["closed to the bot", 403, 50001, "Missing Access"],
])(
  "a channel %s after a lost answer has its alerts stopped by the next look, and nothing posted",
  async (_how, status, code, name) => {
    const { item, jobs } = await publishTo(world.testEnv, world.queue, ["d-gone"]);
    // The post is not made and the answer is lost: the next attempt looks first, the nonce long expired.
    world.api.scriptDiscord("d-gone", { status: 200, drop: true });
    await runQueue(world.testEnv, jobs);
    expect((await ledger(item.id))[0]?.state).toBe("queued");
    await nonceForgotten(item.id);

    let reads = 0;
    aroundFetch((url, init) => {
      if (!url.includes("/channels/d-gone")) return undefined;
      if ((init?.method ?? "GET") === "GET") reads++;
      return Response.json({ code, message: name }, { status });
    });
    const result = await runQueue(world.testEnv, jobs, 2);

    expect(result.retried).toEqual([]);
    expect(reads).toBe(1);
    expect(world.api.discordIn("d-gone")).toHaveLength(0);
    expect((await ledger(item.id))[0]).toMatchObject({ state: "dropped", error: `Discord ${status} ${code} (${name})` });
    expect(await store().subscription("discord", "d-gone")).toMatchObject({
      active: false,
      disabledReason: `Discord ${status} ${code} (${name})`,
    });
  },
);
