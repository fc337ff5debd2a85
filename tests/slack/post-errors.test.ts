// Slack's own answers to chat.postMessage, as its reference lists them, and what becomes of the
// subscription and the delivery. Only Slack's Web API is mocked.
import { describe, expect, it, vi } from "vitest";
import { newsCard } from "../../commands/renewal";
import type { NewsItem } from "../../src/content/schema";
import { slack as slackPlatform } from "../../src/slack/platform";
import { deliveryWorldEach, publishTo, runQueue, store } from "../helpers/alerts";
import { Browser, oauthEnv, SlackOAuthMock, sendEvent } from "../helpers/slack-oauth";

const world = deliveryWorldEach();

describe("chat.postMessage refusals that will not change by trying again", () => {
  // A channel where only admins may post (#announcements often is), or only thread replies are allowed:
  // chat.postMessage refuses the bot there every time, so the channel's alerts must stop with the reason,
  // as for restricted_action, instead of each item being tried (and looked for in the history) 20 times.
  it.each(["restricted_action_read_only_channel", "restricted_action_thread_only_channel"])(
    "disables the subscription on %s",
    async (error) => {
      const { jobs } = await publishTo(world.testEnv, world.queue, [], ["S-closed", "S-ok"]);
      world.api.scriptSlack("S-closed", { status: 200, body: { ok: false, error } });
      const result = await runQueue(world.testEnv, jobs);
      expect(result.retried).toEqual([]);
      expect(world.api.slackIn("S-ok")).toHaveLength(1);
      expect(await store().subscription("slack", "S-closed")).toMatchObject({
        active: false,
        disabledReason: `Slack ${error}`,
      });
    },
  );
});

describe("chat.postMessage's rate_limited", () => {
  // Slack documents `rate_limited` ("Application has posted too many messages") beside `ratelimited`:
  // nothing was posted, so the next attempt posts without reading the channel's history first (which
  // Slack allows an app outside its Marketplace once a minute).
  it("is a wait, not a doubt: the next attempt posts without a history check", async () => {
    const { jobs } = await publishTo(world.testEnv, world.queue, [], ["S-busy"]);
    world.api.scriptSlack("S-busy", { status: 200, body: { ok: false, error: "rate_limited" } });
    expect((await runQueue(world.testEnv, jobs)).retried).toHaveLength(1);
    await runQueue(world.testEnv, jobs, 2);
    expect(world.api.slackIn("S-busy")).toHaveLength(1);
    expect(world.api.slackMethods["conversations.history"] ?? 0).toBe(0);
  });
});

describe("the uninstall log line", () => {
  it("is named slack.uninstalled, its event type kept in a field of its own", async () => {
    const slack = new SlackOAuthMock(world.api).install();
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
    await new Browser().install(slack, { teamId: "T0LOG", name: "Log" }, oauthEnv());
    await sendEvent({ type: "app_uninstalled" }, "T0LOG", oauthEnv());
    const events = lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as { event?: string; type?: string }];
      } catch {
        return [];
      }
    });
    expect(events).toContainEqual(expect.objectContaining({ event: "slack.uninstalled", type: "app_uninstalled" }));
  });
});

describe("the plain-text version of a post Slack refused", () => {
  // Slack reads a message's text as mrkdwn, as it reads the blocks: a feed's headline is escaped there too.
  it("notifies no one for a headline's <!channel> and links as the blocks do", async () => {
    const item: NewsItem = {
      id: "plain-text",
      date: "2026-11-20",
      label: "report",
      title: { en: "<!channel> Season 2 & more", ko: "", id: "", tl: "" },
      summary: { en: "Read [the report](https://example.org/r?a=1&b=2).", ko: "", id: "", tl: "" },
      url: "https://example.org/news",
      sources: ["https://example.org/news"],
    };
    const post = {
      channel: { workspaceId: "T0001", channelId: "S-plain" },
      reply: newsCard(item, "en"),
      key: "plain-text",
      attempt: 2,
      plain: true,
      token: "xoxb-test-token",
    };
    await slackPlatform.post(world.testEnv, post, { fetch: (input, init) => fetch(input, init), left: 10 });
    const text = String(world.api.slackIn("S-plain")[0]?.body.text);
    expect(text).toContain("&lt;!channel&gt; Season 2 &amp; more");
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("<https://example.org/r?a=1&b=2|the report>");
  });
});
