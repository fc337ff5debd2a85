// The pages and install routes as a visitor or an attacker meets them: partial set-ups, odd methods and paths.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { seedContent } from "../helpers/content";
import { sendSlackRaw, slackJson, slackText, slashBody } from "../helpers/slack";
import { CLIENT_ID, CLIENT_SECRET, TOKEN_KEY } from "../helpers/slack-oauth";

async function fetchWorker(path: string, init: RequestInit = {}, extra: Record<string, unknown> = {}) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`https://bot.test${path}`, { redirect: "manual", ...init }),
    { ...env, ...extra } as typeof env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

const OAUTH = { SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_TOKEN_KEY: TOKEN_KEY };

beforeEach(async () => {
  await seedContent();
});

describe("the Add to Slack button on a deployment where the install is not fully set up", () => {
  // Secrets are set one at a time (`npm run deploy -- secret NAME`), each taking effect at once.
  it.each([
    ["only SLACK_CLIENT_ID", { ...OAUTH, SLACK_CLIENT_SECRET: undefined, SLACK_TOKEN_KEY: undefined }],
    ["no SLACK_TOKEN_KEY", { ...OAUTH, SLACK_TOKEN_KEY: undefined }],
    ["no SLACK_CLIENT_SECRET", { ...OAUTH, SLACK_CLIENT_SECRET: undefined }],
  ])("with %s is shown as unavailable, not as a link to a 404", async (_name, extra) => {
    const page = await (await fetchWorker("/", {}, extra)).text();
    const href = /href="([^"]+)"[^>]*data-install="slack"/.exec(page)?.[1];
    if (href) expect((await fetchWorker(new URL(href).pathname, {}, extra)).status).toBe(302);
    else expect(page).toContain('aria-disabled="true" data-install="slack"');
  });

  it("is a working link once everything is set", async () => {
    const page = await (await fetchWorker("/", {}, OAUTH)).text();
    const href = /href="([^"]+)"[^>]*data-install="slack"/.exec(page)?.[1];
    expect(href).toBe("https://bot.test/slack/install?lang=en");
    expect((await fetchWorker("/slack/install", {}, OAUTH)).status).toBe(302);
  });

  it("is not offered in /help where installing would end on the not-set-up page", async () => {
    const extra = { ...OAUTH, SLACK_TOKEN_KEY: undefined };
    const help = slackText(await slackJson(await sendSlackRaw(slashBody("/help"), { env: extra })));
    expect(help).not.toContain("/slack/install");
  });
});

describe("a workspace without an installation", () => {
  const ask = async (extra: Record<string, unknown>) =>
    slackText(await slackJson(await sendSlackRaw(slashBody("/episode", "3", { team_id: "T0OTHER" }), { env: extra })));

  it("is sent to /slack/install where it can install, and the link works", async () => {
    const hint = await ask({ ...OAUTH, SLACK_BOT_TOKEN: undefined });
    expect(hint).toContain("https://bot.test/slack/install?lang=en");
    expect((await fetchWorker("/slack/install", {}, OAUTH)).status).toBe(302);
  });

  // SLACK_TOKEN_KEY set first (a new random key, as the README's setup does), the client credentials not yet.
  it.each([
    ["only SLACK_TOKEN_KEY", { SLACK_TOKEN_KEY: TOKEN_KEY, SLACK_CLIENT_ID: undefined, SLACK_CLIENT_SECRET: undefined }],
    ["no client secret", { ...OAUTH, SLACK_CLIENT_SECRET: undefined }],
  ])("with %s is told the bot takes no new workspaces, not sent to the not-set-up page", async (_name, extra) => {
    const hint = await ask({ ...extra, SLACK_BOT_TOKEN: undefined });
    expect(hint).not.toContain("/slack/install");
    expect(hint).toContain("does not take new Slack workspaces");
  });
});

describe("methods and paths", () => {
  it.each([
    ["HEAD", "/"],
    ["HEAD", "/health"],
    ["HEAD", "/privacy"],
    ["POST", "/"],
    ["PUT", "/slack/install"],
    ["GET", "/slack/events"],
    ["DELETE", "/health"],
    ["OPTIONS", "/"],
    ["GET", "/%"],
    ["GET", "/%zz"],
    ["GET", "/nope<script>"],
    ["GET", "/?lang=%E0%A4%A"],
    ["GET", "/slack/oauth_redirect?code=%zz&state=%"],
    ["GET", "/slack/install?lang=%ff"],
    ["GET", "//"],
    ["GET", "/slack/oauth_redirect?error=<b>x</b>&state=<i>"],
  ])("%s %s answers without a 5xx and reflects nothing unescaped", async (method, path) => {
    const response = await fetchWorker(path, { method }, OAUTH);
    expect(response.status).toBeLessThan(500);
    const body = await response.text();
    expect(body).not.toMatch(/<script|<b>x|<i>/);
  });
});
