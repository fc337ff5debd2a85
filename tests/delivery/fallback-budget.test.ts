// A batch of Slack deliveries over several workspaces, each with a token of its own, whose rich posts are
// refused (invalid_blocks): each plain-text version needs a pacing slot of its own, and the pacer is told
// of the answers at the end. Calls whose number is known only as they happen must not spend what the
// batch's closing write needs, or the posts made are not recorded and every message comes back.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DeliveryJob } from "../../src/delivery/jobs";
import {
  type alertEnv,
  ledger,
  oauthAlertsWorld,
  publish,
  type RecordingQueue,
  runCron,
  runQueue,
  sleep,
} from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";
import type { Workspace } from "../helpers/slack-oauth";

const WORKSPACES: Workspace[] = Array.from({ length: 5 }, (_, i) => ({ teamId: `T0W${i}`, name: `W${i}` }));
const channelsOf = (w: Workspace) => [`C0${w.teamId.slice(2)}A`, `C0${w.teamId.slice(2)}B`];

let apis: MockApis;
let queue: RecordingQueue;
let testEnv: ReturnType<typeof alertEnv>;

beforeEach(async () => {
  ({ apis, queue, testEnv } = await oauthAlertsWorld(new Map(WORKSPACES.map((w) => [w, channelsOf(w)]))));
});

const REFUSED_FORM = { status: 200, body: { ok: false, error: "invalid_blocks" } };
const LIMITED = { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "30" } };

describe("Slack deliveries over 5 workspaces (2 channels each), rich posts refused", { timeout: 60_000 }, () => {
  it("stay within the subrequests the batch reserved: the posts made are recorded sent", async () => {
    await sleep(3);
    const item = await publish("fallback-budget");
    await runCron(testEnv);
    const jobs = queue.sent.splice(0).map((m) => m.body as DeliveryJob);
    jobs.sort((a, b) => a.subscriptionId - b.subscriptionId);
    expect(jobs).toHaveLength(10);
    for (const w of WORKSPACES) {
      const [a = "", b = ""] = channelsOf(w);
      // The first channel's plain text is posted; the second's is refused for Slack's limit (an answer the
      // pacer is told of at the end: one pacer call per workspace).
      apis.scriptSlack(a, REFUSED_FORM);
      apis.scriptSlack(b, REFUSED_FORM, LIMITED);
    }
    const errors: unknown[][] = [];
    vi.spyOn(console, "error").mockImplementation((...args) => errors.push(args));
    await runQueue(testEnv, jobs);
    const posted = WORKSPACES.flatMap(channelsOf).filter((c) => apis.slackIn(c).length > 0);
    expect(posted.length, "plain posts made in channels").toBeGreaterThan(0);
    expect(
      JSON.stringify(errors).match(/subrequest budget of this invocation is spent/)?.[0] ?? "no budget error",
      "the batch's settle ran out of its subrequest budget",
    ).toBe("no budget error");
    const sent = (await ledger(item.id)).filter((d) => d.state === "sent").length;
    expect(sent, "posts made and recorded sent").toBe(posted.length);
  });
});
