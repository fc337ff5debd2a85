// Two follows of one channel at once (two admins, or one pressing twice within a second): each follow is
// a webhook of its own, so two that both find none and both ask Discord would leave two, and every item
// would reach the channel twice. Only one follow is made, whatever the order Discord answers them in,
// and when a follow is cut off and Discord makes it a moment later.
// A failure of the property prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { FOLLOWING } from "../../src/delivery/store";
import { FOLLOW_LEASE_MS } from "../../src/delivery/subscriptions";
import { LOCALES, type Locale } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { ADMIN, deliveryWorld, sleep, store } from "../helpers/alerts";
import { send, slash, str } from "../helpers/discord";
import { holdFirst } from "../helpers/hold";
import { aroundFetch, type MockApis } from "../helpers/mock-api";

const ANNOUNCEMENTS = "700000000000000001";
const ANNOUNCING = { DISCORD_ANNOUNCEMENT_CHANNEL_ID: ANNOUNCEMENTS };
const FOLLOW = "/renewal alerts:follow";
/** What a press told to follow again is given: when, and the command as an English client shows it. */
const AGAIN = { seconds: Math.ceil(FOLLOW_LEASE_MS / 1000), follow: FOLLOW };

/** A follow cut off on its way: made, then its answer lost; or its request lost, and the follow made `lateBy` steps later. */
type Cut = "madeThenLost" | { lateBy: number };

let api: MockApis;

beforeEach(async () => {
  ({ api } = await deliveryWorld({ env: ANNOUNCING, announcementChannels: [ANNOUNCEMENTS] }));
});

/** `/renewal alerts:follow` by a moderator, answered in `language` (the client's, unless given): its answer's text. */
async function follow(channelId: string, { language, ...extra }: { language?: Locale } & Record<string, unknown> = {}) {
  const options = language ? [str("alerts", "follow"), str("language", language)] : [str("alerts", "follow")];
  const response = await send(
    slash("renewal", options, {
      channel_id: channelId,
      member: { user: { id: "501", username: "mod" }, permissions: ADMIN },
      ...extra,
    }),
    { env: ANNOUNCING },
  );
  return ((await response.json()) as { data: { content?: string } }).data.content ?? "";
}

/** The follower webhooks of the announcement channel in `channelId`: each brings every item once more. */
const followersIn = (channelId: string) => api.follows.filter((f) => f.target === channelId && f.source === ANNOUNCEMENTS);

describe("/renewal alerts:follow pressed twice at once", () => {
  it("makes one follow when the second press comes while the first one's follow is on its way to Discord", async () => {
    // The first press has found no follow and asked Discord for one; Discord has not answered yet.
    const held = holdFirst(`/channels/${ANNOUNCEMENTS}/followers`);
    const first = follow("c-1");
    await held.stalled;
    const second = await follow("c-1");
    held.release();
    const answers = [await first, second];
    expect(followersIn("c-1")).toHaveLength(1);
    expect(answers[0]).toContain(t("en", "alerts.followed"));
    // The second is told a follow is being made here just now, and to follow again once the lease has run out.
    expect(answers[1]).toBe(t("en", "alerts.followBusy", AGAIN));
    expect(await store().subscription("discord", "c-1")).toMatchObject({ active: false, disabledReason: FOLLOWING });
  });

  it("tells a Korean asker in Korean, naming the follow command as the Korean client shows it", async () => {
    const held = holdFirst(`/channels/${ANNOUNCEMENTS}/followers`);
    const first = follow("c-2");
    await held.stalled;
    const second = await follow("c-2", { locale: "ko" });
    held.release();
    await first;
    expect(second).toBe(t("ko", "alerts.followBusy", { seconds: AGAIN.seconds, follow: "/후속시즌 알림:팔로우" }));
    expect(followersIn("c-2")).toHaveLength(1);
  });

  it("asks Discord nothing while another press holds the channel, and follows once a dead press's hold has run out", async () => {
    // A press that claimed the channel and died before asking Discord (its isolate gone).
    expect(await store().claimFollow("discord", "c-3", Date.now())).not.toBeNull();
    expect(await follow("c-3")).toBe(t("en", "alerts.followBusy", AGAIN));
    expect(api.webhookListings).toBe(0);
    expect(api.follows).toHaveLength(0);
    expect(await store().subscription("discord", "c-3")).toBeNull();
    // Another one that died FOLLOW_LEASE_MS ago blocks nothing any more.
    await env.DB.prepare("DELETE FROM follow_leases").run();
    expect(await store().claimFollow("discord", "c-3", Date.now() - FOLLOW_LEASE_MS)).not.toBeNull();
    expect(await follow("c-3")).toBe(t("en", "alerts.followed"));
    // The follow costs Discord what it did: one listing of the channel's webhooks and one follow.
    expect(api.webhookListings).toBe(1);
    expect(followersIn("c-3")).toHaveLength(1);
    expect(await store().subscription("discord", "c-3")).toMatchObject({ active: false, disabledReason: FOLLOWING });
  });

  it("gives the channel back as each press ends: followed, found already, or refused", async () => {
    const leases = async () => (await env.DB.prepare("SELECT * FROM follow_leases").all()).results;
    api.scriptCrosspost(`followers:${ANNOUNCEMENTS}`, { status: 403, body: { code: 50013, message: "Missing Permissions" } });
    expect(await follow("c-4")).toContain("Discord did not set up the follow");
    expect(await leases()).toEqual([]);
    expect(await follow("c-4")).toBe(t("en", "alerts.followed"));
    expect(await leases()).toEqual([]);
    expect(await follow("c-4")).toContain(t("en", "alerts.followedAlready"));
    expect(await leases()).toEqual([]);
    expect(followersIn("c-4")).toHaveLength(1);
  });

  it("leaves one follow in the channel, recorded, whatever order two or three presses reach Discord in, cut off or not (property)", async () => {
    // Discord's answers to the channel's webhook listings and follows wait until the schedule lets each go.
    // A follow may also be cut off on its way: made, then its answer lost; or its request lost while
    // Discord makes the follow some steps later (well within a lease), whatever the presses do meanwhile.
    const gate = {
      channel: "",
      step: 0,
      parked: [] as (() => void)[],
      late: [] as { at: number; make: () => Promise<unknown> }[],
      cuts: [] as (Cut | null)[],
      cutOff: false,
    };
    aroundFetch(async (url, init, next) => {
      const path = new URL(url).pathname;
      const listing = path.endsWith(`/channels/${gate.channel}/webhooks`);
      const following =
        path.endsWith(`/channels/${ANNOUNCEMENTS}/followers`) &&
        (JSON.parse(String(init?.body ?? "{}")) as { webhook_channel_id?: string }).webhook_channel_id === gate.channel;
      if (!listing && !following) return undefined;
      await new Promise<void>((resolve) => gate.parked.push(resolve));
      const cut = following ? gate.cuts.shift() : undefined;
      if (!cut) return next();
      gate.cutOff = true;
      if (cut === "madeThenLost") await next();
      else gate.late.push({ at: gate.step + cut.lateBy, make: next });
      throw new TypeError("Network connection lost.");
    });
    /** Until `done`, looked at each millisecond: the presses' D1 calls run meanwhile. */
    const until = async (done: () => boolean) => {
      for (let waited = 0; !done(); waited++) {
        if (waited > 2000) throw new Error("a press neither ended nor reached Discord");
        await sleep(1);
      }
    };
    /** Discord makes the late follows due by `step` (all of them when it is infinite). */
    const makeLate = async (step: number) => {
      const due = gate.late.filter((l) => l.at <= step);
      gate.late = gate.late.filter((l) => l.at > step);
      await Promise.all(due.map((l) => l.make()));
    };
    const presses = fc.array(fc.constantFrom(...LOCALES), { minLength: 2, maxLength: 3 });
    // What happens to each follow that reaches Discord, in order (answered, once they run out).
    const cut = fc.oneof(
      fc.constant(null),
      fc.constant<Cut>("madeThenLost"),
      fc.record({ lateBy: fc.integer({ min: 1, max: 6 }) }),
    );
    const cuts = fc.array(cut, { maxLength: 3 });
    // At each step, which press goes on: one of the calls waiting for Discord's answer, or the next press.
    const schedule = fc.array(fc.nat({ max: 5 }), { minLength: 12, maxLength: 12 });
    const leases = async () => (await env.DB.prepare("SELECT * FROM follow_leases").all()).results;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(presses, cuts, schedule, async (locales, cutsOf, picks) => {
        const channel = `at-once-${run++}`;
        Object.assign(gate, { channel, step: 0, parked: [], late: [], cuts: [...cutsOf], cutOff: false });
        const answers: string[] = [];
        const running: Promise<void>[] = [];
        let finished = 0;
        const start = () => {
          const i = running.length;
          const language = locales[i] as Locale;
          running.push(
            follow(channel, { language }).then((answer) => {
              answers[i] = answer;
              finished++;
            }),
          );
        };
        start();
        for (; finished < locales.length; gate.step++) {
          await makeLate(gate.step);
          // Every press begun waits for Discord, or has ended.
          await until(() => gate.parked.length + finished === running.length);
          expect(followersIn(channel).length).toBeLessThanOrEqual(1);
          const waiting = gate.parked.length;
          const choices = waiting + (running.length < locales.length ? 1 : 0);
          if (!choices) break;
          const pick = (picks[gate.step] ?? 0) % choices;
          if (pick === waiting) start();
          else gate.parked.splice(pick, 1)[0]?.();
        }
        await makeLate(Number.POSITIVE_INFINITY);
        await Promise.all(running);
        expect(followersIn(channel).length).toBeLessThanOrEqual(1);
        // Each asker is told the channel now follows, follows already, is being made to, or may have been.
        const told = locales.map((l, i) =>
          [
            t(l, "alerts.followed"),
            t(l, "alerts.followedAlready"),
            t(l, "alerts.followBusy", AGAIN),
            t(l, "alerts.followUnsure", { ...AGAIN, reason: "`Discord unreachable: TypeError`" }),
          ].indexOf(answers[i] ?? ""),
        );
        expect(told).not.toContain(-1);
        expect(told.filter((k) => k === 0).length).toBeLessThanOrEqual(1);
        // Unless a follow was cut off, one asker is told the channel now follows, and it is recorded.
        if (!gate.cutOff) {
          expect(told.filter((k) => k === 0)).toHaveLength(1);
          expect(followersIn(channel)).toHaveLength(1);
          expect(await store().subscription("discord", channel)).toMatchObject({ active: false, disabledReason: FOLLOWING });
          expect(await leases()).toEqual([]);
        }
        // Once the channel's lease has run out, a press records the follow there, or makes the one follow.
        gate.channel = "";
        await env.DB.prepare("UPDATE follow_leases SET until = ?")
          .bind(Date.now() - 1)
          .run();
        expect([t("en", "alerts.followed"), t("en", "alerts.followedAlready")]).toContain(await follow(channel));
        expect(followersIn(channel)).toHaveLength(1);
        expect(await store().subscription("discord", channel)).toMatchObject({ active: false, disabledReason: FOLLOWING });
        expect(await leases()).toEqual([]);
      }),
      { numRuns: 100, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) },
    );
  }, 90_000);
});
