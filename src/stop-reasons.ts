// Why a channel's alerts stopped: the reasons stored with a stopped subscription (subscriptions.disabled_reason)
// are the platforms' own answers ("Discord 403 50001: Missing Access", "Slack is_archived"),
// kept as they are for the operator. A reader is told what happened and what to do, in their language: the
// reason is read here into one of a few causes. Below the commands and the platforms, so both reach it.
import type { PermissionKey, StringKey } from "./i18n/strings";
import { UNINSTALLED } from "./platform-name";

/** Why a channel's alerts stopped when the bot was removed from it (Slack's `channel_left`). */
export const REMOVED_FROM_CHANNEL = "the app was removed from this channel";

/** Why a workspace's alerts stopped when the app was removed from it, by the Slack event that said so. */
export const UNINSTALL_REASONS = {
  app_uninstalled: `${UNINSTALLED} the Slack app was removed from this workspace`,
  tokens_revoked: `${UNINSTALLED} the Slack bot token was revoked`,
} as const;

/** A cause: the string that explains it, and the permissions it asks for where giving them is the fix. */
export interface StopCause {
  key: StringKey;
  permissions?: readonly PermissionKey[];
  /** The app must be installed in the workspace again. */
  reinstall?: boolean;
}

/** Discord's JSON error codes that stop a channel's alerts (src/discord/api.ts's DISABLING_CODES), by cause. */
const DISCORD_CAUSES: Record<string, StopCause> = {
  "10003": { key: "alerts.stop.discordGone" },
  "50001": { key: "alerts.stop.discordAccess", permissions: ["permission.viewChannel", "permission.sendMessages"] },
  "50013": { key: "alerts.stop.discordPermissions", permissions: ["permission.sendMessages", "permission.embedLinks"] },
  "50008": { key: "alerts.stop.discordNotText" },
  "50083": { key: "alerts.stop.threadArchived" },
  "160005": { key: "alerts.stop.threadLocked" },
};

/** Slack's errors that stop a channel's alerts (src/slack/api.ts's DISABLING, and a refused token), by cause. */
const SLACK_CAUSES: Record<string, StopCause> = {
  channel_not_found: { key: "alerts.stop.slackNotMember" },
  not_in_channel: { key: "alerts.stop.slackNotMember" },
  no_permission: { key: "alerts.stop.slackNotMember" },
  is_archived: { key: "alerts.stop.slackArchived" },
  channel_is_archived: { key: "alerts.stop.slackArchived" },
  restricted_action: { key: "alerts.stop.slackRestricted" },
  restricted_action_read_only_channel: { key: "alerts.stop.slackRestricted" },
  restricted_action_thread_only_channel: { key: "alerts.stop.slackThreadOnly" },
  team_access_not_granted: { key: "alerts.stop.slackOtherWorkspace" },
};

const REVOKED: StopCause = { key: "alerts.stop.revoked", reinstall: true };
const UNINSTALLED_CAUSE: StopCause = { key: "alerts.stop.uninstalled", reinstall: true };

/**
 * The cause of a stored reason. A workspace's own token refused while posting is stored as
 * `uninstalled: Slack token_revoked` (or invalid_auth, account_inactive…): its access was revoked.
 */
export function stopCause(reason: string): StopCause {
  if (reason === REMOVED_FROM_CHANNEL) return { key: "alerts.stop.slackRemoved" };
  if (reason.startsWith(UNINSTALLED))
    return reason === UNINSTALL_REASONS.tokens_revoked || reason.startsWith(`${UNINSTALLED} Slack `)
      ? REVOKED
      : UNINSTALLED_CAUSE;
  const discord = /^Discord \d{3} (\d+)\b/.exec(reason)?.[1];
  const slack = /^Slack (\w+)/.exec(reason)?.[1];
  const cause =
    (discord && Object.hasOwn(DISCORD_CAUSES, discord) ? DISCORD_CAUSES[discord] : undefined) ??
    (slack && Object.hasOwn(SLACK_CAUSES, slack) ? SLACK_CAUSES[slack] : undefined);
  return cause ?? { key: "alerts.stop.unknown" };
}
