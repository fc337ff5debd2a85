// A follow that Discord cannot take just now: its rate limit (a 429 with retry_after, Retry-After and
// X-RateLimit-*), a server error or a gateway's page while the channel's webhooks are listed. The asker is
// no permission missing: nothing was made, the channel is not held, and the answer says when to follow again.
// A failure of the property prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { laterKey } from "../../commands/alerts";
import { FOLLOWING } from "../../src/delivery/store";
import { CLOUDFLARE_BAN_PAUSE_S, FOLLOW_AGAIN_S } from "../../src/discord/api";
import type { Locale } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { RETRY_AFTER_MAX_S } from "../../src/pacing/limits";
import { rawCode } from "../../src/reply";
import { ADMIN, deliveryWorld, store } from "../helpers/alerts";
import { send, slash, str } from "../helpers/discord";
import { discordRateLimited, type MockApis, type Scripted } from "../helpers/mock-api";

const ANNOUNCEMENTS = "700000000000000001";
const ANNOUNCING = { DISCORD_ANNOUNCEMENT_CHANNEL_ID: ANNOUNCEMENTS };
const FOLLOW = "/renewal alerts:follow";
const LIMITED = rawCode("Discord 429: You are being rate limited.");

let api: MockApis;

beforeEach(async () => {
  ({ api } = await deliveryWorld({ env: ANNOUNCING, announcementChannels: [ANNOUNCEMENTS] }));
});

/** `/renewal alerts:follow` by a moderator whose client is in English, answered in `language` if given: its answer's text. */
async function follow(channelId: string, language?: Locale) {
  const options = language ? [str("alerts", "follow"), str("language", language)] : [str("alerts", "follow")];
  const response = await send(
    slash("renewal", options, {
      channel_id: channelId,
      member: { user: { id: "501", username: "mod" }, permissions: ADMIN },
    }),
    { env: ANNOUNCING },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { content?: string } }).data.content ?? "";
}

const followersIn = (channelId: string) => api.follows.filter((f) => f.target === channelId && f.source === ANNOUNCEMENTS);
const later = (seconds: number, reason = LIMITED, locale: Locale = "en") =>
  t(locale, laterKey(seconds), {
    seconds,
    minutes: Math.ceil(seconds / 60),
    hours: Math.ceil(seconds / 3600),
    follow: FOLLOW,
    reason,
  });

/** The channel follows, once, and is recorded so: what the next press after a busy Discord gets to. */
async function followsOnce(channelId: string) {
  expect(await follow(channelId)).toContain(t("en", "alerts.followed"));
  expect(followersIn(channelId)).toHaveLength(1);
  expect((await store().subscription("discord", channelId))?.disabledReason).toBe(FOLLOWING);
}

describe("/renewal alerts:follow meeting Discord's rate limit", () => {
  it("tells the asker to follow again in the seconds the limit names when listing the channel's webhooks meets it", async () => {
    api.scriptCrosspost("webhooks:c-1", discordRateLimited(1.5));
    const text = await follow("c-1");
    expect(text).toBe(later(2));
    expect(text).not.toContain("Manage Webhooks");
    expect(api.follows).toHaveLength(0);
    // The channel is not held: the next press, at once, follows.
    await followsOnce("c-1");
  });

  it("tells the same when the follow itself meets it, and lists nothing more, since a 429 made no follow", async () => {
    api.scriptCrosspost(`followers:${ANNOUNCEMENTS}`, discordRateLimited(3.2, "followers"));
    expect(await follow("c-2")).toBe(later(4));
    expect(api.webhookListings).toBe(1);
    expect(api.follows).toHaveLength(0);
    await followsOnce("c-2");
  });

  it("says a second, not seconds, when Discord's wait is under one", async () => {
    api.scriptCrosspost("webhooks:c-3", discordRateLimited(0.2));
    expect(await follow("c-3")).toBe(later(1));
  });

  it("answers in the asker's language, in each of the four", async () => {
    for (const language of ["en", "ko", "id", "tl"] as const) {
      api.scriptCrosspost(`webhooks:c-4${language}`, discordRateLimited(2));
      expect(await follow(`c-4${language}`, language), language).toBe(later(2, LIMITED, language));
    }
    expect(new Set((["en", "ko", "id", "tl"] as const).map((l) => t(l, "alerts.followLater"))).size).toBe(4);
    expect(new Set((["en", "ko", "id", "tl"] as const).map((l) => t(l, "alerts.followLaterOne"))).size).toBe(4);
  });

  it("takes the wait from Retry-After where the 429 is Cloudflare's page, with no JSON", async () => {
    api.scriptCrosspost(`followers:${ANNOUNCEMENTS}`, { status: 429, html: true, headers: { "retry-after": "20" } });
    expect(await follow("c-5")).toBe(later(20, rawCode("Discord 429")));
    expect(api.follows).toHaveLength(0);
    await followsOnce("c-5");
    // Without one, Cloudflare's block lasts as long as the bot holds Discord after it.
    api.scriptCrosspost("webhooks:c-8", { status: 429, html: true });
    const blocked = await follow("c-8");
    expect(blocked).toBe(later(CLOUDFLARE_BAN_PAUSE_S, rawCode("Discord 429")));
    // A block's quarter of an hour is told in minutes.
    expect(blocked).toContain(`in about ${CLOUDFLARE_BAN_PAUSE_S / 60} minutes`);
  });

  it("tells a wait of hours in hours, up to the day a Retry-After is heeded for, in each of the four languages", async () => {
    const words = { en: "in about 24 hours", ko: "24시간쯤 뒤에", id: "sekitar 24 jam", tl: "mga 24 oras" };
    for (const language of ["en", "ko", "id", "tl"] as const) {
      api.scriptCrosspost(`webhooks:c-9${language}`, discordRateLimited(RETRY_AFTER_MAX_S));
      const text = await follow(`c-9${language}`, language);
      expect(text, language).toContain(words[language]);
      expect(text, language).not.toContain("1440");
    }
    // Two hours and less are still told in minutes.
    api.scriptCrosspost("webhooks:c-10", discordRateLimited(7200));
    expect(await follow("c-10")).toContain("in about 120 minutes");
    api.scriptCrosspost("webhooks:c-11", discordRateLimited(7201));
    expect(await follow("c-11")).toContain("in about 3 hours");
  });
});

describe("/renewal alerts:follow when Discord cannot list the channel's webhooks just now", () => {
  it("tells a server error, a gateway's page or no answer at all apart from a missing permission, and holds nothing", async () => {
    const faults: [Scripted, string, number][] = [
      [
        { status: 500, body: { message: "500: Internal Server Error", code: 0 } },
        "Discord 500: 500: Internal Server Error",
        FOLLOW_AGAIN_S,
      ],
      [{ status: 502, html: true }, "Discord 502", FOLLOW_AGAIN_S],
      [{ status: 503, html: true, headers: { "retry-after": "12" } }, "Discord 503", 12],
      [{ status: 0, drop: true }, "Discord unreachable: TypeError", FOLLOW_AGAIN_S],
      [{ status: 200, body: { webhooks: "not a list" } }, "Discord 200", FOLLOW_AGAIN_S],
    ];
    for (const [fault, reason, seconds] of faults) {
      api.scriptCrosspost("webhooks:c-6", fault);
      expect(await follow("c-6"), reason).toBe(later(seconds, rawCode(reason)));
    }
    expect(api.follows).toHaveLength(0);
    await followsOnce("c-6");
  });

  it("still names the permission when Discord refuses the listing for it", async () => {
    api.scriptCrosspost("webhooks:c-7", { status: 403, body: { code: 50013, message: "Missing Permissions" } });
    const text = await follow("c-7");
    expect(text).toContain("Manage Webhooks");
    expect(text).toContain("Missing Permissions");
  });
});

describe("/renewal alerts:follow after any rate limit (property)", () => {
  it("names Discord's wait rounded up, at least a second, makes no follow, and the next press follows once", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.constantFrom("listing", "follow"),
        fc.constantFrom("json", "header only"),
        async (retryAfter, call, form) => {
          const channel = `p-${++run}`;
          const limited = discordRateLimited(retryAfter);
          const scripted: Scripted = form === "json" ? limited : { status: 429, html: true, headers: limited.headers };
          api.scriptCrosspost(call === "listing" ? `webhooks:${channel}` : `followers:${ANNOUNCEMENTS}`, scripted);
          const text = await follow(channel);
          const seconds = Math.max(1, Math.ceil(retryAfter));
          expect(text).toBe(later(seconds, form === "json" ? LIMITED : rawCode("Discord 429")));
          expect(followersIn(channel)).toHaveLength(0);
          await followsOnce(channel);
        },
      ),
      { numRuns: 25, seed: env.FC_SEED ? Number(env.FC_SEED) : 2026_12_06 },
    );
  });
});
