// A delivery batch counts each post it lets through at `callsPerPost` calls (and a slot for the plain
// text): a post that makes more takes a call another delivery of a full batch was counted with, which
// then finds the invocation's budget spent mid-attempt. The worst a post does: its rich form refused,
// its plain text posted, and, in Discord's announcement channel, that post crossposted to the followers.
import type { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { PlatformName } from "../../src/platform";
import type { Subrequests } from "../../src/platform-outcome";
import { PLATFORMS } from "../../src/platforms";
import { reply } from "../../src/reply";
import { deliveryWorldEach } from "../helpers/alerts";
import type { Scripted } from "../helpers/mock-api";

const ANNOUNCEMENTS = "700000000000000078";
const world = deliveryWorldEach({ env: { DISCORD_ANNOUNCEMENT_CHANNEL_ID: ANNOUNCEMENTS } });

/** Calls made through it, counted; every one goes on to the (mocked) platform. */
function counting(): Subrequests & { made: number } {
  return {
    made: 0,
    left: Number.POSITIVE_INFINITY,
    fetch(input, init) {
      this.made++;
      return fetch(input, init);
    },
  };
}

const cases: { platform: PlatformName; channelId: string; refused: Scripted; token: string }[] = [
  {
    platform: "discord",
    channelId: "800000000000000001",
    refused: { status: 400, body: { code: 50035, message: "Invalid Form Body" } },
    token: "discord-test-token",
  },
  {
    platform: "discord",
    channelId: ANNOUNCEMENTS,
    refused: { status: 400, body: { code: 50035, message: "Invalid Form Body" } },
    token: "discord-test-token",
  },
  {
    platform: "slack",
    channelId: "C0POSTCALLS",
    refused: { status: 200, body: { ok: false, error: "invalid_blocks" } },
    token: "xoxb-test-token",
  },
];

describe("a post whose rich form is refused", () => {
  it.each(cases)("makes no more calls than its delivery is counted with ($platform, $channelId)", async (c) => {
    const platform = PLATFORMS[c.platform];
    world.api.announcementChannels.add(ANNOUNCEMENTS);
    if (c.platform === "discord") world.api.scriptDiscord(c.channelId, c.refused);
    else world.api.scriptSlack(c.channelId, c.refused);
    const channel = { workspaceId: c.platform === "slack" ? "T0POSTCALLS" : "900000000000000001", channelId: c.channelId };
    const post = {
      channel,
      reply: reply([{ kind: "text", markdown: "Season 2 is confirmed." }]),
      key: "renewal:post-calls",
      attempt: 1,
      token: c.token,
    };
    const calls = counting();
    const testEnv = world.testEnv as unknown as typeof env;

    expect((await platform.post(testEnv, { ...post, plain: false }, calls)).kind).toBe("fallback");
    const posted = await platform.post(testEnv, { ...post, plain: true }, calls);

    expect(posted.kind).toBe("done");
    if (c.channelId === ANNOUNCEMENTS) expect(world.api.crossposts, "the announcement's crosspost").toHaveLength(1);
    expect(calls.made).toBeLessThanOrEqual(platform.callsPerPost(testEnv, channel));
  });
});
