// A candidate decided while its card's post on a platform was in doubt (the post may have landed, its
// answer lost): the card is still looked for. Found, it is redrawn as decided, so no reviewer sees a
// "new" card with live buttons for a story already decided; surely not there, its doubt ends. It is
// never posted once decided.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { postPendingReviews, redrawReviewCards, reviewHealth } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import type { PlatformName } from "../../src/platform";
import { resetPacers } from "../helpers/alerts";
import { aroundFetch, type MockApis } from "../helpers/mock-api";
import {
  addConfirmedCandidate,
  REVIEW_DISCORD,
  REVIEW_SLACK,
  reviewCards,
  reviewChannelsWorld,
  reviewEnv,
  reviewTicks,
  reviewTimePasses,
} from "../helpers/news";

const MINUTE = 60_000;

let apis: MockApis;
let testEnv: typeof env;

beforeEach(async () => {
  apis = await reviewChannelsWorld();
  testEnv = reviewEnv();
});

const candidate = (id: string) => new NewsStore(env.DB).candidate(id);

/** The post to `platform`'s review channel lands, its answer is lost (or, `landed` false, it is lost on the way). */
function postAnswerLost(platform: PlatformName, landed: boolean) {
  const script = landed ? { status: 200, storeThenDrop: true } : { status: 0, drop: true };
  if (platform === "discord") apis.scriptDiscord(REVIEW_DISCORD, script);
  else apis.scriptSlack(REVIEW_SLACK, script);
}

const BIT = { discord: 1, slack: 2 } as const;
const OTHER = { discord: "slack", slack: "discord" } as const;

describe("a card in doubt when its candidate is decided", () => {
  it.each(["discord", "slack"] as const)(
    "%s: the card that landed is found and redrawn as decided, never posted again",
    async (platform) => {
      await addConfirmedCandidate("c1", Date.now());
      postAnswerLost(platform, true);
      await postPendingReviews(testEnv);
      expect(reviewCards(apis, platform)).toHaveLength(1);
      expect(await candidate("c1")).toMatchObject({ reviewPostedMask: BIT[OTHER[platform]], reviewUnsureMask: BIT[platform] });
      // Dismissed on the other platform's card (here from the command line) before the card is looked for.
      expect((await new NewsStore(env.DB).decide("c1", "new", "dismissed", "cli", Date.now())).changed).toBe(true);
      await reviewTicks(apis, testEnv);
      expect(reviewCards(apis, platform), "the card posted once").toHaveLength(1);
      expect(await candidate("c1")).toMatchObject({ reviewPostedMask: 3, reviewUnsureMask: 0, reviewRedrawMask: 0 });
      // Redrawn as dismissed, with no button left to press.
      const shown = JSON.stringify(reviewCards(apis, platform)[0]?.body);
      expect(shown).toContain("Dismissed");
      expect(shown).not.toContain("nr-publish");
    },
  );

  it.each(["discord", "slack"] as const)(
    "%s: a card lost on its way is not posted once decided, and its doubt ends",
    async (platform) => {
      await addConfirmedCandidate("c1", Date.now());
      postAnswerLost(platform, false);
      await postPendingReviews(testEnv);
      expect(reviewCards(apis, platform)).toHaveLength(0);
      expect((await candidate("c1"))?.reviewUnsureMask).toBe(BIT[platform]);
      expect((await new NewsStore(env.DB).decide("c1", "new", "dismissed", "cli", Date.now())).changed).toBe(true);
      await reviewTicks(apis, testEnv);
      expect(reviewCards(apis, platform), "no card posted for a decided candidate").toHaveLength(0);
      expect((await candidate("c1"))?.reviewUnsureMask).toBe(0);
      // Nothing is looked for any more.
      const calls = platform === "discord" ? apis.discordCalls : apis.slackCalls;
      await reviewTicks(apis, testEnv, 2);
      expect(platform === "discord" ? apis.discordCalls : apis.slackCalls).toBe(calls);
    },
  );
});

describe("/health's review backlog", () => {
  it("counts a decided candidate's card in doubt while it is looked for", async () => {
    await addConfirmedCandidate("c1", Date.now());
    postAnswerLost("discord", true);
    await postPendingReviews(testEnv);
    expect((await new NewsStore(env.DB).decide("c1", "new", "dismissed", "cli", Date.now())).changed).toBe(true);
    expect(await reviewHealth(testEnv)).toMatchObject({ waiting: 1, inDoubt: 1 });
    await reviewTicks(apis, testEnv, 1);
    expect(await reviewHealth(testEnv)).toEqual({ waiting: 0, inDoubt: 0, oldestFound: null });
  });
});

const params = { numRuns: 12, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };
const IDS = ["c1", "c2"] as const;
/** How a card's first post went: taken, landed with its answer lost, or lost on its way. */
const FIRST_POST = fc.constantFrom("ok", "landed", "lost");

describe("cards in doubt, decisions and unreadable history, at random", () => {
  it("no card is ever twice in a channel; an undecided candidate's card is there once; a decided one's, if there, shows the decision", {
    timeout: 240_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          first: fc.array(fc.record({ discord: FIRST_POST, slack: FIRST_POST }), { minLength: 2, maxLength: 2 }),
          // The tick each candidate is dismissed at (from the command line), or never.
          dismissedAt: fc.array(fc.option(fc.integer({ min: 0, max: 4 })), { minLength: 2, maxLength: 2 }),
          // Slack's history answers service_unavailable this many times first.
          historyFails: fc.integer({ min: 0, max: 3 }),
        }),
        async ({ first, dismissedAt, historyFails }) => {
          apis = await reviewChannelsWorld();
          await resetPacers();
          const start = Date.now();
          for (const [i, id] of IDS.entries())
            await addConfirmedCandidate(id, start - 10_000 + i, {
              title: `The Trauma Code season 2 story ${id}`,
              url: `https://wire.example/${id}`,
            });
          // Each card's first post, by the candidate id it shows: its answer lost after it landed, or lost on its way.
          const tried = new Set<string>();
          aroundFetch(async (url, init, next) => {
            const post =
              (url.startsWith("https://discord.mock/") &&
                init?.method === "POST" &&
                url.endsWith(`/channels/${REVIEW_DISCORD}/messages`)) ||
              url.endsWith("/chat.postMessage");
            if (!post) return undefined;
            const platform = url.startsWith("https://discord.mock/") ? "discord" : "slack";
            const i = IDS.findIndex((id) => String(init?.body).includes(`\`${id}\``));
            const how = first[i]?.[platform];
            if (i < 0 || !how || how === "ok" || tried.has(`${platform}:${i}`)) return undefined;
            tried.add(`${platform}:${i}`);
            if (how === "landed") await next();
            throw new TypeError("Network connection lost.");
          });
          apis.scriptSlackHistory(
            REVIEW_SLACK,
            ...Array.from({ length: historyFails }, () => ({ status: 503, body: { ok: false, error: "service_unavailable" } })),
          );
          const store = new NewsStore(env.DB);
          const decideDue = async (tick: number) => {
            for (const [i, id] of IDS.entries())
              if (dismissedAt[i] === tick) await store.decide(id, "new", "dismissed", "cli", Date.now());
          };
          await decideDue(0);
          await postPendingReviews(testEnv);
          for (let tick = 1; tick <= 8; tick++) {
            await decideDue(tick);
            await reviewTimePasses(apis, 6 * MINUTE);
            await postPendingReviews(testEnv);
            await redrawReviewCards(testEnv);
          }
          for (const platform of ["discord", "slack"] as const) {
            for (const [i, id] of IDS.entries()) {
              const mine = reviewCards(apis, platform).filter((m) => JSON.stringify(m.body).includes(`\`${id}\``));
              expect(mine.length, `${platform} cards of ${id}`).toBeLessThanOrEqual(1);
              if (dismissedAt[i] === null) expect(mine, `${platform} card of undecided ${id}`).toHaveLength(1);
              else if (mine[0])
                expect(JSON.stringify(mine[0].body), `${platform} card of dismissed ${id}`).toContain("Dismissed");
            }
          }
          for (const id of IDS) expect((await candidate(id))?.reviewUnsureMask, `${id} still in doubt`).toBe(0);
        },
      ),
      params,
    );
  });
});
