// The Slack install's callback address loaded again while the first load is still at work (a reload during
// the code's exchange, a double click): the browser shows the later load, so it must say what the first
// ended in, never "link used" for an install that worked, and never exchange the code twice.
// A failure of the property prints its seed; replay it with FC_SEED=<seed> npm test.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Browser, installedTeams, oauthEnv, quietOAuthMock, type SlackOAuthMock, type Workspace } from "../helpers/slack-oauth";

let slack: SlackOAuthMock;

beforeEach(() => {
  slack = quietOAuthMock();
});

const installations = installedTeams;

/** The page's result (its data-result), with its status. */
const resultOf = async (response: Response) => ({
  status: response.status,
  result: /data-result="([^"]+)"/.exec(await response.text())?.[1],
});

/** An install up to Slack's consent: the callback address, and the browser holding its state cookie. */
async function consented(workspace: Workspace, code?: string) {
  const browser = new Browser();
  return { browser, address: await browser.consent(slack, workspace, oauthEnv(), code) };
}

/** Loads `address` `times` times, each after the previous one's exchange began, as a reload does. */
async function loadAgainWhileExchanging(browser: Browser, address: string, times: number) {
  const loads: Promise<Response>[] = [];
  for (let i = 0; i < times; i++) {
    const asked = slack.accessCalls;
    loads.push(browser.get(address, oauthEnv()));
    // The first load is exchanging the code (Slack was asked); the next ones spend nothing of their own.
    if (i === 0) await vi.waitFor(() => expect(slack.accessCalls).toBe(asked + 1), { timeout: 5_000, interval: 5 });
  }
  return Promise.all(loads);
}

describe("the Slack install's callback loaded again while the first load is at work", () => {
  it("says the install worked on every load, exchanges the code once and stores one installation", async () => {
    slack.accessDelayMs = 300;
    const { browser, address } = await consented({ teamId: "T0TWICE", name: "Reloaders" });
    const pages = await loadAgainWhileExchanging(browser, address, 2);
    for (const page of pages) expect(await resultOf(page)).toEqual({ status: 200, result: "install.done" });
    expect(slack.accessCalls).toBe(1);
    expect(await installations()).toEqual(["T0TWICE"]);
    // The later page is the one the browser kept: reloading it says it again.
    expect(await resultOf(await browser.get(address, oauthEnv()))).toEqual({ status: 200, result: "install.done" });
  });

  it("shows on the later load the page the first one ended in when Slack refused or failed", async () => {
    slack.accessDelayMs = 200;
    slack.failures.push(
      new Response("<html><body>502 Bad Gateway</body></html>", { status: 502, headers: { "content-type": "text/html" } }),
    );
    const { browser, address } = await consented({ teamId: "T0FAIL", name: "Unlucky" });
    const [first, second] = await loadAgainWhileExchanging(browser, address, 2);
    const shown = await resultOf(first as Response);
    expect(shown.result).not.toBe("install.done");
    expect(await resultOf(second as Response)).toEqual(shown);
    expect(await installations()).toEqual([]);
  });

  it("finishes the install under waitUntil, so a browser that goes away mid-exchange (a reload) does not cut it off", async () => {
    // Cloudflare cancels what a response still awaits once its client disconnects; only waitUntil's work goes on.
    slack.accessDelayMs = 300;
    const { browser, address } = await consented({ teamId: "T0GONE", name: "Gone" });
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const { default: worker } = await import("../../src/index");
    const ctx = createExecutionContext();
    const cookie = browser.cookieHeader();
    // The response is never awaited: the browser has gone. What waitUntil holds is all that runs on.
    void worker.fetch(
      new Request(`https://bot.test${address}`, { headers: { cookie } }),
      { ...env, ...oauthEnv() } as typeof env,
      ctx,
    );
    await vi.waitFor(() => expect(slack.accessCalls).toBe(1), { timeout: 5_000, interval: 5 });
    await waitOnExecutionContext(ctx);
    expect(await installations()).toEqual(["T0GONE"]);
    const outcome = await env.DB.prepare("SELECT outcome FROM slack_oauth_states WHERE outcome IS NOT NULL").all<{
      outcome: string;
    }>();
    expect(outcome.results.map((r) => r.outcome)).toContain("installed:T0GONE");
  });

  it("does not show an install's result to a load of the same state with another code", async () => {
    slack.accessDelayMs = 200;
    const { browser, address } = await consented({ teamId: "T0REAL", name: "Real" });
    const other = address.replace(
      /code=[^&]+/,
      `code=${encodeURIComponent(slack.approve({ teamId: "T0OTHER", name: "Other" }))}`,
    );
    const first = browser.get(address, oauthEnv());
    await vi.waitFor(() => expect(slack.accessCalls).toBe(1), { timeout: 5_000, interval: 5 });
    const second = await browser.get(other, oauthEnv());
    expect(await resultOf(await first)).toEqual({ status: 200, result: "install.done" });
    expect(await resultOf(second)).toEqual({ status: 400, result: "install.badState" });
    expect(slack.accessCalls).toBe(1);
    expect(await installations()).toEqual(["T0REAL"]);
  });

  it("gives every load of one address the same result as the first, whatever Slack answers and however many loads (property)", async () => {
    const answers = ["ok", "html 502", "invalid_code", "not distributed"] as const;
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...answers),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 50, max: 300 }),
        async (answer, loads, delay) => {
          round++;
          slack.accessDelayMs = delay;
          slack.failures.length = 0;
          if (answer === "html 502")
            slack.failures.push(
              new Response("<html>Bad Gateway</html>", { status: 502, headers: { "content-type": "text/html" } }),
            );
          const teamId = `T0P${round}`;
          const before = slack.accessCalls;
          const code = answer === "invalid_code" ? "never-granted" : undefined;
          const { browser, address } = await consented({ teamId, name: `Prop ${round}` }, code);
          if (answer === "not distributed")
            slack.failures.push(
              new Response(JSON.stringify({ ok: false, error: "invalid_team_for_non_distributed_app" }), {
                headers: { "content-type": "application/json" },
              }),
            );
          const pages = await Promise.all((await loadAgainWhileExchanging(browser, address, loads)).map(resultOf));
          expect(slack.accessCalls - before, "the code is exchanged once").toBe(1);
          for (const page of pages) expect(page).toEqual(pages[0]);
          const installed = (await installations()).includes(teamId);
          expect(installed).toBe(pages[0]?.result === "install.done");
          expect(installed).toBe(answer === "ok");
        },
      ),
      { numRuns: 12, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) },
    );
  });
});
