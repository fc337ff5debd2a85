// A candidate decided while its card's post on a platform was in doubt (the post may have landed, its
// answer lost): the card is still looked for. Found, it is redrawn as decided, so no reviewer sees a
// "new" card with live buttons for a story already decided; surely not there, its doubt ends. It is
// never posted once decided.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { postPendingReviews, redrawReviewCards } from "../../src/news/review-post";
import { NewsStore } from "../../src/news/store";
import type { PlatformName } from "../../src/platform";
import { alertEnv, pacersAhead, recordingQueue } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";
import { addConfirmedCandidate, reviewWorld } from "../helpers/news";

const REVIEW_DISCORD = "900000000000000001";
const REVIEW_SLACK = "C0REVIEW";
const MINUTE = 60_000;

let apis: MockApis;
let testEnv: typeof env;

beforeEach(async () => {
  apis = await reviewWorld();
  apis.joined.add(REVIEW_SLACK);
  testEnv = alertEnv(recordingQueue(), { REVIEW_DISCORD_CHANNEL_ID: REVIEW_DISCORD, REVIEW_SLACK_CHANNEL_ID: REVIEW_SLACK });
});

const candidate = (id: string) => new NewsStore(env.DB).candidate(id);

/** Time passes for the platforms, the pacers and the post's recorded time; the card's next turn is due. */
async function timePasses(ms: number) {
  apis.clockOffset += ms;
  await pacersAhead(ms);
  await env.DB.prepare("UPDATE news_candidates SET review_tried_at = review_tried_at - ?1, review_next_at = 0").bind(ms).run();
}

/** Review ticks, each after a few minutes (past Discord's nonce memory and Slack's history turn), then redraw rounds. */
async function ticks(n = 3) {
  for (let i = 0; i < n; i++) {
    await timePasses(6 * MINUTE);
    await postPendingReviews(testEnv);
    await redrawReviewCards(testEnv);
  }
}

/** The review cards of the platform's review channel, as the platform keeps them. */
const cards = (platform: PlatformName) => (platform === "discord" ? apis.discordIn(REVIEW_DISCORD) : apis.slackIn(REVIEW_SLACK));

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
      expect(cards(platform)).toHaveLength(1);
      expect(await candidate("c1")).toMatchObject({ reviewPostedMask: BIT[OTHER[platform]], reviewUnsureMask: BIT[platform] });
      // Dismissed on the other platform's card (here from the command line) before the card is looked for.
      expect((await new NewsStore(env.DB).decide("c1", "new", "dismissed", "cli", Date.now())).changed).toBe(true);
      await ticks();
      expect(cards(platform), "the card posted once").toHaveLength(1);
      expect(await candidate("c1")).toMatchObject({ reviewPostedMask: 3, reviewUnsureMask: 0, reviewRedrawMask: 0 });
      // Redrawn as dismissed, with no button left to press.
      const shown = JSON.stringify(cards(platform)[0]?.body);
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
      expect(cards(platform)).toHaveLength(0);
      expect((await candidate("c1"))?.reviewUnsureMask).toBe(BIT[platform]);
      expect((await new NewsStore(env.DB).decide("c1", "new", "dismissed", "cli", Date.now())).changed).toBe(true);
      await ticks();
      expect(cards(platform), "no card posted for a decided candidate").toHaveLength(0);
      expect((await candidate("c1"))?.reviewUnsureMask).toBe(0);
      // Nothing is looked for any more.
      const calls = platform === "discord" ? apis.discordCalls : apis.slackCalls;
      await ticks(2);
      expect(platform === "discord" ? apis.discordCalls : apis.slackCalls).toBe(calls);
    },
  );
});
