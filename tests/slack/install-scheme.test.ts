// The install over plain http: a custom domain's zone without Always Use HTTPS lets a visitor in on
// http://, where the install's cookies (Secure) are not kept and Slack would be given an http return
// address. Only this machine (npm start's http://localhost:8787) and its local network (wrangler dev
// reached from another device, which answers plain http alone) are used over http as they are.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { seedContent } from "../helpers/content";
import { Browser, oauthEnv, quietOAuthWorld, type SlackOAuthMock } from "../helpers/slack-oauth";

const FANS = { teamId: "T0FANS", name: "K-drama Fans" };

let slack: SlackOAuthMock;

beforeEach(() => {
  ({ slack } = quietOAuthWorld());
});

async function get(url: string, method: "GET" | "HEAD" = "GET") {
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(url, { method, redirect: "manual" }),
    { ...env, ...oauthEnv() } as typeof env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

describe("the install reached over plain http", () => {
  it("sends the install link and Slack's return to the same address over https, setting no cookie and spending nothing", async () => {
    for (const method of ["GET", "HEAD"] as const)
      for (const path of ["/slack/install?lang=ko", "/slack/oauth_redirect?code=1.abc&state=x.y.z"]) {
        const response = await get(`http://fans.example${path}`, method);
        expect(response.status, `${method} ${path}`).toBe(301);
        expect(response.headers.get("location"), `${method} ${path}`).toBe(`https://fans.example${path}`);
        expect(response.headers.getSetCookie(), `${method} ${path}`).toEqual([]);
      }
    expect(slack.accessCalls).toBe(0);
  });

  it("moves a plain-http port to https's own, as Cloudflare's http ports (8080, 8880, 2052...) take no TLS", async () => {
    await seedContent();
    for (const port of ["8080", "8880", "2052"]) {
      const response = await get(`http://fans.example:${port}/slack/install?lang=ko`);
      expect(response.status, port).toBe(301);
      expect(response.headers.get("location"), port).toBe("https://fans.example/slack/install?lang=ko");
      const page = await (await get(`http://fans.example:${port}/`)).text();
      expect(/href="([^"]+)"[^>]*data-install="slack"/.exec(page)?.[1], port).toBe("https://fans.example/slack/install?lang=en");
    }
  });

  it("gives Slack an https return address and the home page an https Add to Slack link", async () => {
    await seedContent();
    const secure = (await get("http://fans.example/slack/install")).headers.get("location") ?? "";
    const start = await get(secure);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get("location") ?? "");
    expect(authorize.searchParams.get("redirect_uri")).toBe("https://fans.example/slack/oauth_redirect");
    const page = await (await get("http://fans.example/")).text();
    const slackLink = /href="([^"]+)"[^>]*data-install="slack"/.exec(page)?.[1];
    expect(slackLink).toBe("https://fans.example/slack/install?lang=en");
  });

  it("works as it is on this machine, where npm start serves plain http", async () => {
    for (const origin of ["http://localhost:8787", "http://127.0.0.1:8787", "http://[::1]:8787"]) {
      const browser = new Browser(origin);
      const start = await browser.get("/slack/install", oauthEnv());
      expect(start.status, origin).toBe(302);
      const authorize = new URL(start.headers.get("location") ?? "");
      const redirectUri = authorize.searchParams.get("redirect_uri") ?? "";
      expect(redirectUri, origin).toBe(`${origin}/slack/oauth_redirect`);
      const code = slack.approve({ ...FANS, teamId: `T0FANS${origin.length}` }, redirectUri);
      const state = authorize.searchParams.get("state") ?? "";
      const done = await browser.get(
        `/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
        oauthEnv(),
      );
      expect(done.status, origin).toBe(200);
    }
    const page = await (await get("http://localhost:8787/")).text();
    expect(/href="([^"]+)"[^>]*data-install="slack"/.exec(page)?.[1]).toBe("http://localhost:8787/slack/install?lang=en");
  });

  /** The install starts at `given` over http as it is, Slack is sent back there, and the home page links there. */
  async function servedAsItIs(given: string) {
    const origin = new URL(given).origin;
    const start = await get(`${given}/slack/install?lang=ko`);
    expect(start.status, given).toBe(302);
    const authorize = new URL(start.headers.get("location") ?? "");
    expect(authorize.searchParams.get("redirect_uri"), given).toBe(`${origin}/slack/oauth_redirect`);
    const page = await (await get(`${given}/`)).text();
    expect(/href="([^"]+)"[^>]*data-install="slack"/.exec(page)?.[1], given).toBe(`${origin}/slack/install?lang=en`);
  }

  it("works as it is at a local network's address, where wrangler dev serves plain http and https would not answer", async () => {
    await seedContent();
    const local = [
      "http://192.168.1.20:8787",
      "http://10.0.0.7:8787",
      "http://172.16.4.2:8787",
      "http://172.31.255.254:8787",
      "http://169.254.12.5:8787",
      "http://100.64.0.1:8787",
      "http://100.101.102.103:8787",
      "http://100.127.255.254:8787",
      "http://[fe80::1c2:3ff:fe4d:5e6f]:8787",
      "http://[fd12:3456:789a::1]:8787",
      "http://[fc00::5]:8787",
      "http://[::ffff:192.168.1.20]:8787",
      "http://trauma-bot.local:8787",
      "http://TRAUMA-BOT.LOCAL.:8787",
    ];
    for (const given of local) await servedAsItIs(given);
  });

  it("works as it is at the address wrangler dev listens on for every interface (0.0.0.0, [::]), typed as it is", async () => {
    await seedContent();
    for (const given of ["http://0.0.0.0:8787", "http://0:8787", "http://[::]:8787", "http://[::ffff:0.0.0.0]:8787"]) {
      await servedAsItIs(given);
    }
  });

  it("still moves a public host to https, however near its name or number is to a local one", async () => {
    await seedContent();
    const public_ = [
      ["http://172.32.0.1:8080", "https://172.32.0.1"],
      ["http://172.15.255.1", "https://172.15.255.1"],
      ["http://192.169.1.20", "https://192.169.1.20"],
      ["http://11.0.0.7", "https://11.0.0.7"],
      ["http://169.255.0.1", "https://169.255.0.1"],
      ["http://100.63.255.255", "https://100.63.255.255"],
      ["http://100.128.0.1", "https://100.128.0.1"],
      ["http://[2001:db8::1]", "https://[2001:db8::1]"],
      ["http://[fec0::1]", "https://[fec0::1]"],
      ["http://[::ffff:8.8.8.8]", "https://[::ffff:808:808]"],
      ["http://local.example", "https://local.example"],
      ["http://fans.local.example:8080", "https://fans.local.example"],
      ["http://fanslocal", "https://fanslocal"],
      ["http://0.0.0.0.nip.io:8787", "https://0.0.0.0.nip.io"],
      ["http://127.0.0.1.nip.io", "https://127.0.0.1.nip.io"],
      ["http://localhost.example.com", "https://localhost.example.com"],
      ["http://10.0.0.1.example", "https://10.0.0.1.example"],
      ["http://[::2]", "https://[::2]"],
    ];
    for (const [given, secure] of public_) {
      const response = await get(`${given}/slack/install?lang=ko`);
      expect(response.status, given).toBe(301);
      expect(response.headers.get("location"), given).toBe(`${secure}/slack/install?lang=ko`);
      const page = await (await get(`${given}/`)).text();
      expect(/href="([^"]+)"[^>]*data-install="slack"/.exec(page)?.[1], given).toBe(`${secure}/slack/install?lang=en`);
    }
  });
});
