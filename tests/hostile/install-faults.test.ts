// Property: whatever order installs, failed installs, replays, uninstalls, silent token revocations
// and news deliveries come in, for several Slack workspaces at once:
//   - a workspace has an installation exactly when its last completed install came after its last uninstall;
//   - no stored row ever holds a token in the clear, and no answer is a 5xx other than 502 for Slack down;
//   - every alert post carries the token Slack issued to that channel's workspace, which was valid;
//   - no channel gets the same news item twice, and an installed, unrevoked workspace gets every item.
// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, expect, it, vi } from "vitest";
import { newsKey } from "../../src/topics/renewal";
import { alertEnv, publish, recordingQueue, runCron, runQueue, sleep, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slashBody } from "../helpers/slack";
import { Browser, oauthEnv, SlackOAuthMock, sendEvent, type Workspace } from "../helpers/slack-oauth";

const RUNS = 30;
/**
 * Schedules always tried first: reinstall after an uninstall, after a token refused without notice, and
 * between posts to the same channel (the new token meets the limits the old one spent).
 */
const EXAMPLES: [Step[]][] = [
  [
    [
      { kind: "install", w: 1 },
      { kind: "deliver" },
      { kind: "deliver" },
      { kind: "install", w: 1 },
      { kind: "deliver" },
      { kind: "deliver" },
    ],
  ],
  [
    [
      { kind: "install", w: 0 },
      { kind: "install", w: 1 },
      { kind: "uninstall", w: 0 },
      { kind: "deliver" },
      { kind: "install", w: 0 },
      { kind: "deliver" },
    ],
  ],
  [
    [
      { kind: "install", w: 0 },
      { kind: "install", w: 1 },
      { kind: "revokeSilently", w: 1 },
      { kind: "deliver" },
      { kind: "replay", w: 1 },
      { kind: "install", w: 1 },
      { kind: "deliver" },
    ],
  ],
];
const params = { numRuns: RUNS, examples: EXAMPLES, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };

const WORKSPACES: Workspace[] = [
  { teamId: "T0A", name: "A" },
  { teamId: "T0B", name: "B" },
];
const channelOf = (w: Workspace) => `C0${w.teamId}`;

type Step =
  | { kind: "install"; w: number }
  | { kind: "badCode"; w: number }
  | { kind: "replay"; w: number }
  | { kind: "slackDown"; w: number }
  | { kind: "uninstall"; w: number }
  | { kind: "revokeEvent"; w: number }
  | { kind: "revokeSilently"; w: number }
  | { kind: "deliver" };

const w = fc.integer({ min: 0, max: WORKSPACES.length - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: w.map((i) => ({ kind: "install" as const, w: i })) },
  w.map((i) => ({ kind: "badCode" as const, w: i })),
  w.map((i) => ({ kind: "replay" as const, w: i })),
  w.map((i) => ({ kind: "slackDown" as const, w: i })),
  { weight: 2, arbitrary: w.map((i) => ({ kind: "uninstall" as const, w: i })) },
  w.map((i) => ({ kind: "revokeEvent" as const, w: i })),
  w.map((i) => ({ kind: "revokeSilently" as const, w: i })),
  { weight: 4, arbitrary: fc.constant({ kind: "deliver" as const }) },
);

beforeEach(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});

it("keeps installations, tokens and deliveries right under any schedule of installs, failures and uninstalls", async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
      run++;
      vi.restoreAllMocks();
      vi.spyOn(console, "log").mockImplementation(() => {});
      vi.spyOn(console, "error").mockImplementation(() => {});
      await env.DB.batch(
        ["deliveries", "subscriptions", "news_seen", "platform_state", "slack_installations", "slack_oauth_states"].map((t) =>
          env.DB.prepare(`DELETE FROM ${t}`),
        ),
      );
      await seedContent();
      const apis = new MockApis();
      const slack = new SlackOAuthMock(apis).install();
      const queue = recordingQueue();
      const testEnv = alertEnv(queue, oauthEnv());
      /** The model: which workspaces are installed, and which of those had their token refused since. */
      const installed = new Set<string>();
      const refused = new Set<string>();
      const subscribed = new Set<string>();
      /** Items each channel must have received by now. */
      const owed = new Map<string, Set<string>>();
      let published = 0;

      for (const s of steps) {
        const workspace = s.kind === "deliver" ? undefined : (WORKSPACES[s.w] as Workspace);
        switch (s.kind) {
          case "install": {
            const page = await new Browser().install(slack, workspace as Workspace, oauthEnv());
            expect(page.status).toBe(200);
            installed.add(workspace?.teamId as string);
            refused.delete(workspace?.teamId as string);
            if (!subscribed.has(workspace?.teamId as string)) {
              const channel = channelOf(workspace as Workspace);
              const answer = await sendSlackRaw(
                slashBody("/renewal", "alerts on", { team_id: workspace?.teamId as string, channel_id: channel }),
                { env: oauthEnv() },
              );
              expect(answer.status).toBe(200);
              subscribed.add(workspace?.teamId as string);
              owed.set(channel, new Set());
            }
            break;
          }
          case "badCode": {
            const browser = new Browser();
            const start = await browser.get("/slack/install", oauthEnv());
            const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
            expect((await browser.get(`/slack/oauth_redirect?code=nope&state=${state}`, oauthEnv())).status).toBe(400);
            break;
          }
          case "replay": {
            const browser = new Browser();
            const start = await browser.get("/slack/install", oauthEnv());
            const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
            const cookie = [...browser.cookies][0] as [string, string];
            await browser.get(`/slack/oauth_redirect?code=nope&state=${state}`, oauthEnv());
            browser.cookies.set(...cookie);
            const code = slack.approve(workspace as Workspace);
            expect((await browser.get(`/slack/oauth_redirect?code=${code}&state=${state}`, oauthEnv())).status).toBe(400);
            break;
          }
          case "slackDown": {
            slack.failures.push(
              new Response("<html>502 Bad Gateway</html>", { status: 502, headers: { "content-type": "text/html" } }),
            );
            expect((await new Browser().install(slack, workspace as Workspace, oauthEnv())).status).toBe(502);
            break;
          }
          case "uninstall":
          case "revokeEvent": {
            slack.revoke(workspace?.teamId as string);
            const event =
              s.kind === "uninstall" ? { type: "app_uninstalled" } : { type: "tokens_revoked", tokens: { bot: ["U0BOT"] } };
            expect((await sendEvent(event, workspace?.teamId as string, oauthEnv())).status).toBe(200);
            installed.delete(workspace?.teamId as string);
            break;
          }
          case "revokeSilently": {
            slack.revoke(workspace?.teamId as string);
            if (installed.has(workspace?.teamId as string)) refused.add(workspace?.teamId as string);
            break;
          }
          case "deliver": {
            await sleep(2);
            const item = await publish(`prop-${run}-${++published}`);
            await runCron(testEnv);
            await runQueue(
              testEnv,
              queue.sent.splice(0).map((m) => m.body),
            );
            for (const teamId of installed)
              if (subscribed.has(teamId) && !refused.has(teamId))
                owed.get(channelOf(WORKSPACES.find((x) => x.teamId === teamId) as Workspace))?.add(item.id);
            break;
          }
        }

        // Invariants, after every step.
        const rows = (await env.DB.prepare("SELECT * FROM slack_installations").all<Record<string, unknown>>()).results;
        expect(new Set(rows.map((r) => r.team_id))).toEqual(installed);
        const stored = JSON.stringify(rows);
        for (const token of [...slack.tokens.keys(), ...slack.revoked]) expect(stored).not.toContain(token);
        // The mock accepts a post only with a valid token; it must be the one issued to the channel's workspace.
        for (const post of apis.slack) {
          const token = post.headers.authorization?.replace(/^Bearer /, "") ?? "";
          expect(post.channel).toBe(channelOf(slack.issued.get(token) as Workspace));
        }
        for (const [channel, items] of owed) {
          const got = apis.slackIn(channel).map((m) => (m.body.metadata as { event_payload: { key: string } }).event_payload.key);
          expect(new Set(got).size, `${channel} got an item twice`).toBe(got.length);
          for (const id of items) expect(got, `${channel} missed ${id}`).toContain(newsKey(id));
        }
        expect(await store().platformState("slack")).toMatchObject({ authError: null });
      }
    }),
    params,
  );
}, 240_000);
