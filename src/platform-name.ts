// The platforms' names and the few words about them that every layer uses (commands, the subscription
// store, the answer cache): where a delivery goes, and what following an announcement channel came to.
// The contract itself (src/platform.ts) speaks of commands, so it sits above them; this file sits below.

export const PLATFORM_NAMES = ["discord", "slack"] as const;

/**
 * Every reason a workspace's subscriptions were stopped for because the app was removed from it (or its
 * token refused) starts with this; installing the app there again restores exactly those. Here, below
 * the commands, so a channel's status can say so.
 */
export const UNINSTALLED = "uninstalled:";
export type PlatformName = (typeof PLATFORM_NAMES)[number];

/** Where a delivery goes. */
export interface Channel {
  workspaceId: string;
  channelId: string;
}

/**
 * Why a channel could not be readied for alerts. `closed`: the bot cannot see the channel at all (a
 * private channel it was not invited to), so nothing could be posted there until it is.
 */
export interface ChannelProblem {
  reason: string;
  closed: boolean;
  /** The workspace's token was refused (its access revoked): the app must be installed there again. */
  refused?: boolean;
}

/** Discord's ids (snowflakes) hold the ms since this moment that they were made at, shifted left 22 bits. */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;

/** What following the bot's announcement channel from a channel came to. */
export type FollowResult =
  /**
   * `source`: the channel followed, whose items published before the follow began it never brings. `already`:
   * the channel followed it before (through the bot or Discord's own menu), and no second follow was made;
   * `since` is then when that follow began (ms), as its webhook's id tells.
   */
  | { kind: "followed"; webhookId: string; source: string; already?: boolean; since?: number }
  /** Following is no feature of this platform. */
  | { kind: "unavailable" }
  /** The platform offers following, but this bot has no announcement channel (or no token) to follow. */
  | { kind: "notSetUp" }
  /** The channel is the announcement channel itself: following itself would stop the item it publishes. */
  | { kind: "source" }
  /**
   * Another press is making this channel's follow just now (it holds the channel's follow lease): Discord
   * was not asked, since a second follow would be a second webhook, and each item would arrive twice.
   */
  | { kind: "busy" }
  /**
   * The platform could not take the follow just now (its rate limit, an error of its own, no answer while
   * the channel's webhooks were listed): surely none was made, and following again after `seconds` (whole,
   * at least 1: the wait it named, else a guess) may work. No permission is known to be missing.
   */
  | { kind: "later"; reason: string; seconds: number }
  /**
   * `unsure`: the follow was asked for, its answer was lost, and the channel's webhooks showed no follow
   * (or could not be read): Discord may have made it all the same, or make it a moment later. The press
   * keeps the channel's follow lease until it runs out, so no other press lists the webhooks before such a
   * follow shows; following again after that finds it before making one.
   */
  | { kind: "refused"; reason: string; code?: number; unsure?: boolean };
