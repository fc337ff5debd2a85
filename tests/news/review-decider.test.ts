// The review card says who decided. Reviewers press on Discord and on Slack, and the same card goes to
// both review channels: each platform shows its own reviewer as a mention (Slack's renderer escapes every
// `<` of our markdown, so the mention cannot ride in the text), the other platform's in words, since an
// id of one platform names no one on the other. Text a feed or a reviewer wrote never becomes a mention.
import { describe, expect, it } from "vitest";
import { toDiscordMessage, toDiscordResponse } from "../../src/discord/render";
import { reviewCard } from "../../src/news/review";
import { toSlackMessage } from "../../src/slack/render";
import { foundCandidate, textsOf as texts } from "../helpers/news";

const SLACK_REVIEWER = "U0REVIEWER";
const DISCORD_REVIEWER = "700000000000000001";

const publishedBy = (decidedBy: string) =>
  reviewCard(foundCandidate({ state: "published", label: "rumor", decidedBy, decidedAt: Date.UTC(2026, 11, 1) }), []);

/** Slack's mrkdwn texts of a message and its notification text: what Slack reads mentions in (a header is plain text). */
const slackTexts = (message: ReturnType<typeof toSlackMessage>) => {
  const all = [message.text];
  JSON.stringify(message.blocks, (_key, value) => {
    if (value?.type === "mrkdwn") all.push(value.text);
    return value;
  });
  return all.join("\n");
};

describe("who decided, on the review card", () => {
  it("is a Slack reviewer's mention on Slack", () => {
    const slack = slackTexts(toSlackMessage(publishedBy(SLACK_REVIEWER)));
    expect(slack).toContain(`Published as *rumor* by <@${SLACK_REVIEWER}>.`);
    expect(slack).not.toContain("&lt;@");
  });

  it("is a Discord reviewer's mention on Discord, pinging no one", () => {
    for (const message of [toDiscordMessage(publishedBy(DISCORD_REVIEWER)), toDiscordResponse(publishedBy(DISCORD_REVIEWER))]) {
      expect(texts(message)).toContain(`by <@${DISCORD_REVIEWER}>.`);
      expect(JSON.stringify(message)).toContain('"allowed_mentions":{"parse":[]}');
    }
  });

  it("names the other platform's reviewer in words", () => {
    expect(slackTexts(toSlackMessage(publishedBy(DISCORD_REVIEWER)))).toContain("by a reviewer on Discord.");
    expect(slackTexts(toSlackMessage(publishedBy(DISCORD_REVIEWER)))).not.toContain(DISCORD_REVIEWER);
    for (const message of [toDiscordMessage(publishedBy(SLACK_REVIEWER)), toDiscordResponse(publishedBy(SLACK_REVIEWER))]) {
      expect(texts(message)).toContain("by a reviewer on Slack.");
      expect(texts(message)).not.toContain(SLACK_REVIEWER);
    }
  });

  it("is the command line for a decision made there, on both platforms", () => {
    expect(slackTexts(toSlackMessage(publishedBy("cli")))).toContain("by the command line.");
    expect(texts(toDiscordMessage(publishedBy("cli")))).toContain("by the command line.");
  });

  it("makes no mention of a feed's or an edit's text on Slack", () => {
    const hostile = "<@U0STRANGER> <!channel>";
    const candidate = foundCandidate({
      state: "published",
      label: "report",
      decidedBy: SLACK_REVIEWER,
      title: hostile,
      outlet: hostile,
      edits: { title: { en: hostile }, summary: { en: hostile } },
    });
    const rendered = slackTexts(toSlackMessage(reviewCard(candidate, [])));
    expect(rendered).toContain(`<@${SLACK_REVIEWER}>`);
    expect(rendered).not.toContain("<@U0STRANGER>");
    expect(rendered).not.toContain("<!channel>");
  });
});
