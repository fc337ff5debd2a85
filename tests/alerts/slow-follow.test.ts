// Discord waits 3 seconds for an interaction's answer, then shows the user "The application did not
// respond" and drops whatever arrives later. `/renewal alerts:follow` asks Discord's API (the channel's
// webhooks, then the follow) before it answers: a slow API must not hold the answer past Discord's limit.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { FOLLOWING } from "../../src/delivery/store";
import { FOLLOW_LEASE_MS } from "../../src/delivery/subscriptions";
import { FOLLOW_AGAIN_S } from "../../src/discord/api";
import { t } from "../../src/i18n/strings";
import { rawCode } from "../../src/reply";
import { ADMIN, deliveryWorld, sleep, store } from "../helpers/alerts";
import { send, slash, str } from "../helpers/discord";
import { aroundFetch, type MockApis } from "../helpers/mock-api";

/** The wait a press told to follow again is given: the lease's, in seconds. */
const SECONDS = Math.ceil(FOLLOW_LEASE_MS / 1000);

/** How long Discord waits for the answer to an interaction. */
const DISCORD_ACK_MS = 3000;
const ANNOUNCEMENTS = "700000000000000001";
const ANNOUNCING = { DISCORD_ANNOUNCEMENT_CHANNEL_ID: ANNOUNCEMENTS };

let api: MockApis;

beforeEach(async () => {
  ({ api } = await deliveryWorld({ env: ANNOUNCING, announcementChannels: [ANNOUNCEMENTS] }));
});

/**
 * Discord's API answers `path`'s calls `ms` later (after doing what they ask). Like a real fetch, the wait
 * ends when the caller's signal aborts, and a call whose signal has aborted already is not made.
 */
function slow(path: RegExp, ms: number) {
  aroundFetch(async (url, init, next) => {
    if (init?.signal?.aborted) throw init.signal.reason;
    if (!path.test(new URL(url).pathname)) return undefined;
    const answer = await next();
    await new Promise((resolve, reject) => {
      const signal = init?.signal;
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener("abort", () => reject(signal.reason));
      void sleep(ms).then(resolve);
    });
    return answer;
  });
}

/** `/renewal alerts:follow` by a moderator: its answer's text, and how long it took. */
async function follow(channelId: string, extra: Record<string, unknown> = {}) {
  const started = Date.now();
  const response = await send(
    slash("renewal", [str("alerts", "follow")], {
      channel_id: channelId,
      member: { user: { id: "501", username: "mod" }, permissions: ADMIN },
      ...extra,
    }),
    { env: ANNOUNCING },
  );
  const took = Date.now() - started;
  const body = (await response.json()) as { data: { content?: string } };
  return { text: body.data.content ?? "", took };
}

describe("/renewal alerts:follow with a slow Discord", () => {
  it("answers within Discord's 3 seconds when listing the channel's webhooks is slow, and makes no follow", async () => {
    slow(/\/channels\/c-1\/webhooks$/, 4000);
    const { text, took } = await follow("c-1");
    expect(took).toBeLessThan(DISCORD_ACK_MS);
    // A listing given up on made nothing and says nothing of permissions: the asker is told to follow again shortly.
    expect(text).toBe(
      t("en", "alerts.followLater", {
        seconds: FOLLOW_AGAIN_S,
        follow: "/renewal alerts:follow",
        reason: rawCode("Discord unreachable: TimeoutError"),
      }),
    );
    expect(api.follows).toHaveLength(0);
  }, 20_000);

  it("answers within Discord's 3 seconds when the follow's answer is slow, and a press once the lease has run out records the follow made", async () => {
    slow(/\/channels\/700000000000000001\/followers$/, 4000);
    const { text, took } = await follow("c-2");
    expect(took).toBeLessThan(DISCORD_ACK_MS);
    expect(text).toBe(
      t("en", "alerts.followUnsure", {
        seconds: SECONDS,
        reason: "`Discord unreachable: TimeoutError`",
        follow: "/renewal alerts:follow",
      }),
    );
    // Discord made it all the same. It might have made it later still: a press while the channel's lease
    // holds asks Discord nothing, and one after it has run out finds the follow rather than making a second.
    expect(api.follows.filter((f) => f.target === "c-2")).toHaveLength(1);
    const listings = api.webhookListings;
    const busy = (await follow("c-2")).text;
    expect(busy).toBe(t("en", "alerts.followBusy", { seconds: SECONDS, follow: "/renewal alerts:follow" }));
    // The wait it names is the lease's.
    expect(busy).toContain(`In about ${FOLLOW_LEASE_MS / 1000} seconds`);
    expect(api.webhookListings).toBe(listings);
    await env.DB.prepare("UPDATE follow_leases SET until = ?")
      .bind(Date.now() - FOLLOW_LEASE_MS)
      .run();
    const again = await follow("c-2");
    expect(again.text).toContain("already follows");
    expect(api.follows.filter((f) => f.target === "c-2")).toHaveLength(1);
    expect((await store().subscription("discord", "c-2"))?.disabledReason).toBe(FOLLOWING);
  }, 30_000);

  it("tells a Korean reader in Korean that the follow may have been made, with Discord's answer as code", async () => {
    slow(/\/channels\/700000000000000001\/followers$/, 4000);
    const { text } = await follow("c-3", { locale: "ko" });
    // Named as the Korean client shows the command.
    expect(text).toBe(
      t("ko", "alerts.followUnsure", {
        seconds: SECONDS,
        reason: "`Discord unreachable: TimeoutError`",
        follow: "/후속시즌 알림:팔로우",
      }),
    );
    expect(text).not.toMatch(/could not be read|make sure/);
  }, 30_000);
});
