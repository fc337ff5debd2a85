// A full batch (its budget counted to the last call) whose calls miss their pacing slot. A second round
// of reservations may only be paid from what is left beyond what the batch counted: taken from the
// budget of the late calls' own posts, the last post would find the budget spent, and a post never made
// would be recorded as "may have posted", its attempt counted. Nor is a post the invocation could not
// afford ever taken for one whose answer was lost.
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import type { DeliveryJob } from "../../src/delivery/jobs";
import { newsKey } from "../../src/topics/renewal";
import { oauthAlertsWorld, publish, type RecordingQueue, runCron, runQueue, sleep } from "../helpers/alerts";
import { slowPacer } from "../helpers/hold";
import type { MockApis } from "../helpers/mock-api";
import type { Workspace } from "../helpers/slack-oauth";

// Five workspaces of three channels: more deliveries than one batch's budget holds.
const WORKSPACES: Workspace[] = Array.from({ length: 5 }, (_, i) => ({ teamId: `T0B${i}`, name: `B${i}` }));
const channelsOf = (w: Workspace) => ["A", "B", "C"].map((x) => `C0${w.teamId.slice(2)}${x}`);
/** Slack refuses the rich form: every delivery needs its plain text, at a slot of its own. */
const REFUSED_FORM = { status: 200, body: { ok: false, error: "invalid_blocks" } };

let world: { apis: MockApis; queue: RecordingQueue; testEnv: typeof env };

beforeEach(async () => {
  world = await oauthAlertsWorld(new Map(WORKSPACES.map((w) => [w, channelsOf(w)])));
});

it.each([
  ["once (a second round could be reserved)", false],
  ["twice (the second round misses too)", true],
])(
  "a full batch whose calls miss their slot %s records no post it did not make as maybe made",
  {
    timeout: 60_000,
  },
  async (_name, missAgain) => {
    await sleep(3);
    const item = await publish("second-chance-budget");
    await runCron(world.testEnv);
    const jobs = world.queue.sent.splice(0).map((m) => m.body as DeliveryJob);
    jobs.sort((a, b) => a.subscriptionId - b.subscriptionId);
    for (const w of WORKSPACES) for (const c of channelsOf(w)) world.apis.scriptSlack(c, REFUSED_FORM);
    // Each token's reservation for its other calls (two slots at once) answers 1.5 s late; with missAgain,
    // so does every reservation of that token after it.
    const lateTokens = new Set<string>();
    const PACER = slowPacer(world.testEnv.PACER, {
      answerMs: 1_500,
      when: ({ count, pacer }) => {
        const again = lateTokens.has(pacer);
        if (count === 2) lateTokens.add(pacer);
        return count === 2 || (missAgain && again);
      },
    });
    await runQueue({ ...world.testEnv, PACER }, jobs, 1, undefined, { late: "given back" });

    expect(lateTokens.size, "tokens whose other calls missed their slot").toBeGreaterThan(0);
    const { results } = await env.DB.prepare(
      "SELECT subscription_id, state, attempts, unsure, error FROM deliveries WHERE message_key = ? ORDER BY subscription_id",
    )
      .bind(newsKey(item.id))
      .all<{ subscription_id: number; state: string; attempts: number; unsure: number; error: string | null }>();
    const posted = WORKSPACES.flatMap(channelsOf).filter((c) => world.apis.slackIn(c).length > 0);
    expect(posted.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.state === "sent")).toHaveLength(posted.length);
    const doubted = results.filter((r) => r.state !== "sent" && (r.unsure !== 0 || r.attempts !== 0));
    expect(doubted.map((r) => `${r.state}, ${r.attempts} attempts, unsure ${r.unsure}: ${r.error}`)).toEqual([]);
  },
);
