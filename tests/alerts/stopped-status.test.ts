// A channel whose alerts stopped is told why by `/renewal alerts:status`: what happened and what to do, in
// the reader's language, with the platform's own answer after it as code. Every reason delivery stores is
// made here by the code that stores it (the platforms' answers read as outcomes, the uninstall events'),
// so a reason added there without an explanation fails here.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { DISABLING_CODES, discordOutcome } from "../../src/discord/api";
import { LOCALES, type Locale } from "../../src/i18n/locale";
import { type StringKey, t } from "../../src/i18n/strings";
import { UNINSTALLED } from "../../src/platform-name";
import { DISABLING, slackOutcome, TOKEN_REFUSED } from "../../src/slack/api";
import { slack } from "../../src/slack/platform";
import { REMOVED_FROM_CHANNEL, UNINSTALL_REASONS } from "../../src/stop-reasons";
import { discordAlerts, slackAlerts, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { oauthEnv } from "../helpers/slack-oauth";

beforeEach(async () => {
  await seedContent();
  new MockApis().install();
});

/** What each of Discord's disabling codes means for the reader. */
const DISCORD_KEYS: Record<string, StringKey> = {
  10003: "alerts.stop.discordGone",
  50001: "alerts.stop.discordAccess",
  50008: "alerts.stop.discordNotText",
  50013: "alerts.stop.discordPermissions",
  50083: "alerts.stop.threadArchived",
  160005: "alerts.stop.threadLocked",
};

/** What each of Slack's disabling errors means for the reader. */
const SLACK_KEYS: Record<string, StringKey> = {
  channel_not_found: "alerts.stop.slackNotMember",
  not_in_channel: "alerts.stop.slackNotMember",
  no_permission: "alerts.stop.slackNotMember",
  is_archived: "alerts.stop.slackArchived",
  channel_is_archived: "alerts.stop.slackArchived",
  restricted_action: "alerts.stop.slackRestricted",
  restricted_action_read_only_channel: "alerts.stop.slackRestricted",
  restricted_action_thread_only_channel: "alerts.stop.slackThreadOnly",
  team_access_not_granted: "alerts.stop.slackOtherWorkspace",
};

const reasonOf = (outcome: { kind: string; reason?: string }) => {
  expect(["disable", "stop"]).toContain(outcome.kind);
  return outcome.reason ?? "";
};

function discordReasons(): [string, StringKey][] {
  return Object.entries(DISABLING_CODES).flatMap(([code, name]): [string, StringKey][] => {
    const key = DISCORD_KEYS[code] ?? "alerts.stop.unknown";
    return [
      // As a post is refused, with Discord's message...
      [reasonOf(discordOutcome(403, new Headers(), { code: Number(code), message: name }, 1)), key],
      // ...and as a look for a lost post finds the channel gone.
      [`Discord 404 ${code} (${name})`, key],
    ];
  });
}

async function slackReasons(): Promise<[string, StringKey][]> {
  const refused = (error: string) => reasonOf(slackOutcome(env, 200, new Headers(), { ok: false, error }, 1));
  const noInstallation = await slack.token({ ...env, ...oauthEnv() } as typeof env, "T0NOINSTALL");
  expect(noInstallation.token).toBeUndefined();
  return [
    ...[...DISABLING].map((error): [string, StringKey] => [refused(error), SLACK_KEYS[error] ?? "alerts.stop.unknown"]),
    // A workspace's own token refused while posting.
    ...[...TOKEN_REFUSED].map((error): [string, StringKey] => [`${UNINSTALLED} ${refused(error)}`, "alerts.stop.revoked"]),
    [UNINSTALL_REASONS.tokens_revoked, "alerts.stop.revoked"],
    [UNINSTALL_REASONS.app_uninstalled, "alerts.stop.uninstalled"],
    ["gone" in noInstallation ? (noInstallation.gone ?? "") : "", "alerts.stop.uninstalled"],
    [REMOVED_FROM_CHANNEL, "alerts.stop.slackRemoved"],
  ];
}

/** The explanation's first sentence, as the string has it before its placeholders. */
const opening = (locale: Locale, key: StringKey) => t(locale, key).split(/[.。]\s|\{/)[0];

/** The answer with the code span holding `reason` taken out: what a reader reads as words. */
function words(text: string, reason: string): string {
  const code = `\`${reason}\``;
  expect(text).toContain(code);
  return text.replace(code, "");
}

describe("/renewal alerts:status in a channel whose alerts stopped", { timeout: 60_000 }, () => {
  it("says on Discord what happened and what to do, in every language, with Discord's answer as code", async () => {
    for (const [i, [reason, key]] of discordReasons().entries()) {
      const channel = `c-stop-${i}`;
      await store().subscribe({
        platform: "discord",
        workspaceId: "300000000000000001",
        channelId: channel,
        locale: "en",
        now: 1,
      });
      await store().disable((await store().subscription("discord", channel))!.id, reason, Date.now());
      expect(key, reason).not.toBe("alerts.stop.unknown");
      for (const locale of LOCALES) {
        const text = (await discordAlerts("status", channel, {}, locale)).data.content ?? "";
        const said = words(text, reason);
        expect(said, `${reason} in ${locale}`).toContain(opening(locale, key));
        expect(said, `${reason} in ${locale}`).not.toContain(reason.replace(/^Discord \d+ /, ""));
      }
    }
  });

  it("says on Slack what happened and what to do, in every language, with Slack's answer as code", async () => {
    for (const [i, [reason, key]] of (await slackReasons()).entries()) {
      const channel = `C0STOP${i}`;
      await store().subscribe({ platform: "slack", workspaceId: "T0001", channelId: channel, locale: "en", now: 1 });
      await store().disable((await store().subscription("slack", channel))!.id, reason, Date.now());
      expect(key, reason).not.toBe("alerts.stop.unknown");
      for (const locale of LOCALES) {
        const { text } = await slackAlerts(`alerts status lang:${locale}`, channel);
        const said = words(text, reason);
        expect(said, `${reason} in ${locale}`).toContain(opening(locale, key));
        expect(said, `${reason} in ${locale}`).not.toContain(reason.replace(`${UNINSTALLED} `, "").replace(/^Slack /, ""));
      }
    }
  });

  it("names the permissions to give as the asker's Discord client does, whatever the answer's language", async () => {
    await store().subscribe({
      platform: "discord",
      workspaceId: "300000000000000001",
      channelId: "c-perm",
      locale: "en",
      now: 1,
    });
    const reason = reasonOf(discordOutcome(403, new Headers(), { code: 50001, message: "Missing Access" }, 1));
    await store().disable((await store().subscription("discord", "c-perm"))!.id, reason, Date.now());
    const text = (await discordAlerts("status", "c-perm", { locale: "ko" }, "en")).data.content ?? "";
    expect(text).toContain("I lost access to this channel");
    expect(text).toContain("채널 보기 (View Channel), 메시지 보내기 (Send Messages)");
  });

  it("shows an answer's text as code that nothing in it can close, link or mention from", async () => {
    await store().subscribe({ platform: "discord", workspaceId: "300000000000000001", channelId: "c-odd", locale: "en", now: 1 });
    await store().subscribe({ platform: "slack", workspaceId: "T0001", channelId: "C0ODD", locale: "en", now: 1 });
    const message = "Missing `Access` <@&1> @everyone [here](https://example.com/x) **bold**";
    const discordReason = reasonOf(discordOutcome(403, new Headers(), { code: 50001, message }, 1));
    await store().disable((await store().subscription("discord", "c-odd"))!.id, discordReason, Date.now());
    await store().disable((await store().subscription("slack", "C0ODD"))!.id, `Slack channel_not_found ${message}`, Date.now());
    const discord = (await discordAlerts("status", "c-odd")).data.content ?? "";
    // One code span, closed where the answer ends: nothing of it runs into the words after.
    expect(discord.match(/`[^`]*`/g)?.find((span) => span.includes("Missing"))).toMatch(
      /^`Discord 403 50001: Missing ˋAccessˋ .*\)`$/,
    );
    expect(discord).not.toContain("](https://example.com");
    const { text } = await slackAlerts("alerts status", "C0ODD");
    expect(text).not.toContain("<@");
    expect(text).not.toContain("<https://example.com");
    expect(text).toContain("&lt;@&amp;1&gt;");
  });
});
