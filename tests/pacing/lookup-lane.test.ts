// A lookup of a channel's messages is paced under its route with the channel left out
// ("GET /channels/{channel.id}/messages"), which alone stands for every channel: a 429 told under it alone
// named no channel, so the pacer could hold neither that channel's next lookup nor any other. The URL
// the answer came from names the channel: the report carries it as the call's lane.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { observe, reserve } from "../../src/pacing/index";
import { type Channel, callKey, paceKey } from "../../src/platform";
import { PLATFORMS } from "../../src/platforms";

const API = "https://discord.com/api/v10";

it("holds a channel's next lookup after its 429, and neither other channels' lookups nor its posts", async () => {
  const discord = PLATFORMS.discord;
  const token = `token-lookup-${crypto.randomUUID()}`;
  const channel = (channelId: string): Channel => ({ workspaceId: "600000000000000001", channelId });
  const lookupOf = (channelId: string) => {
    const url = `${API}/channels/${channelId}/messages?limit=100`;
    const post = paceKey(discord, channel(channelId), token, "post");
    return callKey(post, discord.callRoute(url, "GET"), discord.callLane(url, "GET"));
  };
  const limited = lookupOf("700000000000000001");
  // Discord's answer to a lookup that met the channel's bucket: its headers and Retry-After.
  await observe(
    env,
    limited,
    429,
    new Headers({
      "x-ratelimit-bucket": "b1c2d3",
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset-after": "30.000",
      "retry-after": "30",
      "x-ratelimit-scope": "user",
    }),
  );
  const [again = 0] = await reserve(env, limited, 1, 60_000, [limited.lane]);
  expect(again, "the same channel's next lookup").toBeGreaterThanOrEqual(29_000);
  const other = lookupOf("700000000000000002");
  const [elsewhere = 0] = await reserve(env, other, 1, 60_000, [other.lane]);
  expect(elsewhere, "another channel's lookup").toBeLessThan(1_000);
  const post = paceKey(discord, channel("700000000000000001"), token, "post");
  const [posted = 0] = await reserve(env, post, 1, 60_000, [post.lane]);
  expect(posted, "a post to the channel").toBeLessThan(1_000);
});
