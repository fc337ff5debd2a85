// Installing and removing the Slack app where Enterprise Grid and D1 faults meet it.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { sendSlackRaw, slackJson, slashBody } from "../helpers/slack";
import { Browser, oauthEnv, quietOAuthWorld, type SlackOAuthMock, sendEvent, type Workspace } from "../helpers/slack-oauth";

let slack: SlackOAuthMock;

beforeEach(async () => {
  ({ slack } = quietOAuthWorld());
  await seedContent();
});

const installations = async () =>
  (await env.DB.prepare("SELECT team_id FROM slack_installations ORDER BY install_key").all<{ team_id: string }>()).results;

const sendIn = (workspace: Workspace, command: string, text: string, channel: string) =>
  sendSlackRaw(
    slashBody(command, text, {
      team_id: workspace.teamId,
      channel_id: channel,
      ...(workspace.enterpriseId ? { enterprise_id: workspace.enterpriseId } : {}),
    }),
    { env: oauthEnv() },
  );

/** D1 whose statements containing `sql` fail when run. */
function failingDb(sql: string) {
  return new Proxy(env.DB, {
    get(target, key) {
      if (key === "prepare")
        return (text: string) => {
          const statement = target.prepare(text);
          if (!text.includes(sql)) return statement;
          const fail = () => Promise.reject(new Error("D1_ERROR: Network connection lost."));
          return new Proxy(statement, {
            get(s, k) {
              if (k === "bind") return () => ({ run: fail, all: fail, first: fail, raw: fail });
              if (k === "run" || k === "all" || k === "first") return fail;
              const value = Reflect.get(s, k, s);
              return typeof value === "function" ? value.bind(s) : value;
            },
          });
        };
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("Enterprise Grid", () => {
  const WARD: Workspace = { teamId: "T0WARD", name: "Trauma Ward", enterpriseId: "E0GRID" };

  it("an org-wide install refused and undone does not stop the alerts of a workspace of that org that installed the app itself", async () => {
    await new Browser().install(slack, WARD, oauthEnv());
    expect((await slackJson(await sendIn(WARD, "/renewal", "alerts on", "C0WARD"))).response_type).toBe("in_channel");
    // An org admin of that workspace tries an org-wide install: it is refused and undone with apps.uninstall,
    // and Slack reports the org-wide uninstall as it reports events of an org-wide install.
    const org = await new Browser().install(slack, { ...WARD, orgWide: true }, oauthEnv());
    expect(org.status).toBe(400);
    await sendEvent({ type: "app_uninstalled" }, WARD.teamId, oauthEnv(), {
      enterprise_id: WARD.enterpriseId,
      is_enterprise_install: true,
      authorizations: [
        { enterprise_id: WARD.enterpriseId, team_id: null, user_id: "U0BOT", is_bot: true, is_enterprise_install: true },
      ],
    });
    // The workspace's own installation is untouched, so its alerts must be too.
    expect((await installations()).map((r) => r.team_id)).toEqual([WARD.teamId]);
    expect(await store().subscription("slack", "C0WARD")).toMatchObject({ active: true });
  });
  it("an org-wide install Slack would not let undo is not said to be undone, and says who can remove it", async () => {
    const slackAnswers = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) =>
      String(input).endsWith("/apps.uninstall")
        ? Response.json({ ok: false, error: "internal_error" })
        : slackAnswers(input, init),
    );
    const response = await new Browser().install(slack, { ...WARD, orgWide: true }, oauthEnv());
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('data-result="install.orgWideKept"');
    expect(page).not.toContain("was undone");
    expect(page).toContain("org admin");
    expect(await installations()).toEqual([]);
  });
});

describe("D1 failing during the redirect back from Slack", () => {
  const FANS: Workspace = { teamId: "T0FANS", name: "Fans" };

  it.each([
    ["storing the installation", "INSERT INTO slack_installations"],
    ["spending the state", "slack_oauth_states"],
  ])("%s: the installer gets the install page saying it did not finish, not a raw JSON 500", async (_what, sql) => {
    const response = await new Browser().install(slack, FANS, oauthEnv({ DB: failingDb(sql) }));
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('data-result="install.failed"');
    expect(await installations()).toEqual([]);
  });

  it("restoring the alerts fails: nothing is half done, and installing again turns them back on", async () => {
    await new Browser().install(slack, FANS, oauthEnv());
    await sendIn(FANS, "/renewal", "alerts on", "C0FANS");
    await env.DB.prepare(
      "UPDATE slack_installations SET installed_at = installed_at - 600000, updated_at = updated_at - 600000",
    ).run();
    slack.revoke(FANS.teamId);
    await sendEvent({ type: "app_uninstalled" }, FANS.teamId, oauthEnv());
    expect(await store().subscription("slack", "C0FANS")).toMatchObject({ active: false });

    const failed = await new Browser().install(slack, FANS, oauthEnv({ DB: failingDb("UPDATE subscriptions SET active = 1") }));
    expect(failed.status).toBe(503);
    expect(await failed.text()).toContain('data-result="install.failed"');
    // Not installed with its alerts left off: the workspace is still one to be told to install.
    expect(await installations()).toEqual([]);
    expect(await store().subscription("slack", "C0FANS")).toMatchObject({ active: false });

    const done = await new Browser().install(slack, FANS, oauthEnv());
    expect(await done.text()).toContain('data-result="install.done"');
    expect(await store().subscription("slack", "C0FANS")).toMatchObject({ active: true });
  });
});

describe("Slack failing after it issued the token", () => {
  const FANS: Workspace = { teamId: "T0FANS", name: "Fans" };

  it("auth.test answering an HTML 503: the installation is kept, the installer told it worked, and commands are answered", async () => {
    // Slack has installed the app and handed over its token; auth.test only names the bot.
    const slackAnswers = vi.mocked(globalThis.fetch).getMockImplementation();
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) =>
      String(input).endsWith("/auth.test")
        ? new Response("<html><body>503 Service Unavailable</body></html>", {
            status: 503,
            headers: { "content-type": "text/html" },
          })
        : (slackAnswers as typeof fetch)(input, init),
    );
    const response = await new Browser().install(slack, FANS, oauthEnv());
    expect(await response.text()).toContain('data-result="install.done"');
    expect(response.status).toBe(200);
    expect((await installations()).map((r) => r.team_id)).toEqual([FANS.teamId]);
    vi.mocked(globalThis.fetch).mockImplementation(slackAnswers as typeof fetch);
    expect((await slackJson(await sendIn(FANS, "/renewal", "alerts on", "C0FANS"))).response_type).toBe("in_channel");
  });
});
