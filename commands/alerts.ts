// `/renewal alerts:on|off|status|follow`: who may change a channel's renewal alerts, and what they are told.
// `follow` is announcement mode: the channel follows the bot's announcement channel and Discord delivers.
import type { CommandContext, CommandFacts } from "../src/command";
import { commandAsShown, LANGUAGE_NAMES, string } from "../src/command";
import { FOLLOW_LEASE_MS, FOLLOWING } from "../src/delivery/subscriptions";
import { UserError } from "../src/errors";
import { formatDate, type Locale, type Localized, MARKET_OFFSET_MINUTES } from "../src/i18n/locale";
import { type PermissionKey, type StringKey, t } from "../src/i18n/strings";
import { slackInstallHint } from "../src/install-hint";
import { logEvent } from "../src/log";
import type { FollowResult, PlatformName } from "../src/platform-name";
import { hint, literal, type Reply, rawCode } from "../src/reply";
import { stopCause } from "../src/stop-reasons";

export const ALERT_ACTIONS = ["on", "off", "status", "follow"] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/**
 * The day a moment fell on for a reader of `locale`, at their language's market's clock (Seoul, Jakarta,
 * Manila; English in UTC), as news is dated: read in UTC, alerts turned on on a Seoul morning would be
 * "since" the day before.
 */
const day = (ms: number, locale: Locale) =>
  formatDate(new Date(ms + MARKET_OFFSET_MINUTES[locale] * 60_000).toISOString().slice(0, 10), locale);

/** The platforms' names as their users write them in each language (디스코드 and 슬랙 in Korean, as its answers write them). */
const PLATFORM_LABELS: Record<PlatformName, Localized> = {
  discord: { en: "Discord", ko: "디스코드", id: "Discord", tl: "Discord" },
  slack: { en: "Slack", ko: "슬랙", id: "Slack", tl: "Slack" },
};

/** The alerts option's choices, under the names Discord's client lists them by in each language. */
const ALERT_CHOICES = ALERT_ACTIONS.map((value) => ({
  value,
  name: {
    on: { en: "on", ko: "켜기", id: "nyalakan", tl: "i-on" },
    off: { en: "off", ko: "끄기", id: "matikan", tl: "i-off" },
    status: { en: "status", ko: "상태", id: "status", tl: "status" },
    follow: { en: "follow", ko: "팔로우", id: "ikuti", tl: "i-follow" },
  }[value],
  // A follow is Discord's announcement mode; on Slack `follow` is answered with where it works.
  ...(value === "follow" ? { only: "discord" as const } : {}),
}));

/** `/renewal`'s names, declared here beside its alerts option since every answer about alerts says how to type them. */
export const RENEWAL_NAMES = { name: "renewal", names: { ko: "후속시즌", id: "kelanjutan" } };

/** `/renewal`'s alerts option. */
export const alertsOption = string({
  description: {
    en: "Post new season 2 and 3 news in this channel",
    ko: "이 채널에 시즌 2·3 새 소식 알림 받기",
    id: "Kirim kabar baru musim 2 dan 3 ke channel ini",
    tl: "I-post dito ang bagong balita sa ikalawa at ikatlong season",
  },
  names: { ko: "알림", id: "notifikasi" },
  choices: ALERT_CHOICES,
});

const ALERTS_LINE: Record<PlatformName, (facts: Pick<CommandFacts, "clientLocale">, action: AlertAction) => string> = {
  discord: (facts, action) => commandAsShown({ ...RENEWAL_NAMES, options: { alerts: alertsOption } }, facts, { alerts: action }),
  slack: (_facts, action) => `/renewal alerts ${action}`,
};

/**
 * An alerts action as the asker types it: Slack's text as declared (`/renewal alerts on`), Discord's as the
 * asker's client shows the command (`/후속시즌 알림:켜기` in a Korean client).
 */
export const alertsLine = (facts: Pick<CommandFacts, "platform" | "clientLocale">, action: AlertAction): string =>
  ALERTS_LINE[facts.platform](facts, action);

/**
 * Permissions as the asker's Discord client names them in its channel settings, whatever language the
 * answer is in (the language option may differ from the client's): English where it is not Korean or Indonesian.
 */
const permissionNames = (facts: Pick<CommandFacts, "clientLocale">, keys: readonly PermissionKey[]): string =>
  keys.map((key) => t(facts.clientLocale ?? "en", key)).join(", ");

/** Who may turn a channel's alerts on or off on Discord (canManageChannel): any of these, named as the asker's client names them. */
export const managerPermissions = (facts: Pick<CommandFacts, "clientLocale">): string =>
  permissionNames(facts, ["permission.administrator", "permission.manageServer", "permission.manageChannels"]);

/** The sentences naming permissions, in their form for one: English and Tagalog ask for "this permission". */
const FOR_ONE_PERMISSION: Partial<Record<StringKey, StringKey>> = {
  "alerts.botPermission": "alerts.botPermissionOne",
  "alerts.botPermissionStill": "alerts.botPermissionStillOne",
  "alerts.stop.discordAccess": "alerts.stop.discordAccessOne",
  "alerts.stop.discordPermissions": "alerts.stop.discordPermissionsOne",
};

/** The sentence `key` for these permissions: its form for one where there is one. */
const askingFor = (key: StringKey, keys: readonly PermissionKey[]): StringKey =>
  (keys.length === 1 && FOR_ONE_PERMISSION[key]) || key;

/** A refusal naming the permissions the bot lacks here. */
const lackingPermissions = (facts: CommandFacts, keys: readonly PermissionKey[]) =>
  new UserError(askingFor("alerts.botPermission", keys), { permissions: permissionNames(facts, keys) });

/**
 * Why a channel's alerts stopped, for its reader: what happened and what to do, in their language, then
 * the platform's own answer as stored, in a code span, for whoever wants it as written.
 */
function stoppedStatus(
  reason: string,
  workspaceId: string,
  date: string,
  locale: Locale,
  facts: CommandFacts,
  ctx: CommandContext,
): string {
  const on = alertsLine(facts, "on");
  const cause = stopCause(reason);
  // In a channel two Slack workspaces share (Slack Connect), the one that turned alerts on lost the app:
  // the asker's workspace has it (the command reached it), so turning alerts on again is all it needs.
  // Its stored reason speaks of "this workspace", which is not the asker's, so it is not shown.
  if (cause.reinstall && workspaceId !== facts.guildId) return t(locale, "alerts.statusStoppedElsewhere", { date, on });
  // The permissions the bot lacks here now, where it knows them (in a thread, Send Messages in Threads).
  const needed = facts.missingBotPermissions.length ? facts.missingBotPermissions : (cause.permissions ?? []);
  let why = t(locale, askingFor(cause.key, needed), { on, permissions: permissionNames(facts, needed) });
  // The app removed from the workspace, or its token refused: installing it again is what restores the
  // channel's alerts (turning them on with the same token would only stop at the next item). Without an
  // install link (one workspace, its token set by hand), turning them on once it is back is the way.
  if (cause.reinstall) {
    const url = ctx.links?.().slack;
    why = `${why} ${url ? slackInstallHint(locale, url) : t(locale, "alerts.stop.reinstalled", { on })}`;
  }
  return t(locale, "alerts.statusStopped", { date, why, reason: rawCode(reason) });
}

/** A change is confirmed to the asker alone, or, where the platform's convention is to (Slack), to the whole channel. */
const announce = (facts: CommandFacts, text: string): Reply =>
  facts.confirmInChannel ? { visibility: "public", blocks: [{ kind: "text", markdown: text }] } : hint(text);

export async function manageAlerts(
  action: AlertAction,
  locale: Locale,
  facts: CommandFacts,
  ctx: CommandContext,
): Promise<Reply> {
  if (facts.inDM || !facts.channelId || !facts.guildId) throw new UserError("alerts.dm");
  // Added to the asker's account only: the bot could not post here.
  if (facts.appInServer === false) throw new UserError("alerts.notInServer", { url: ctx.links?.().discordServer ?? "" });
  const { alerts } = ctx;
  const now = ctx.now.getTime();
  const language = (of: Locale) => LANGUAGE_NAMES[of][locale];

  if (action === "status") {
    const sub = await alerts.subscription(facts.platform, facts.channelId);
    const on = alertsLine(facts, "on");
    if (!sub) return hint(t(locale, "alerts.statusNone", { on }));
    if (sub.active) {
      const since = { date: day(sub.subscribedAt, locale), language: language(sub.locale) };
      // On, but what was published waits, parked: for the app installed again (its token lacks a scope the
      // posts need), which the workspace can do, or for a new bot token, which only the operator can give.
      const parked = await alerts.parked(sub);
      if (!parked) return hint(t(locale, "alerts.statusOn", since));
      const reason = rawCode(parked.reason);
      if (!parked.install)
        return hint(
          t(locale, "alerts.statusWaitingToken", { ...since, reason, platform: PLATFORM_LABELS[facts.platform][locale] }),
        );
      const url = ctx.links?.().slack;
      const waiting = t(locale, "alerts.statusWaitingInstall", { ...since, reason });
      return hint(url ? `${waiting}\n${slackInstallHint(locale, url)}` : waiting);
    }
    const when = day(sub.disabledAt ?? now, locale);
    if (sub.disabledReason?.startsWith("turned off")) return hint(t(locale, "alerts.statusOff", { date: when, on }));
    if (sub.disabledReason === FOLLOWING) return hint(t(locale, "alerts.statusFollowing", { date: when }));
    return hint(stoppedStatus(sub.disabledReason ?? "?", sub.workspaceId, when, locale, facts, ctx));
  }

  if (!facts.canManageChannel) throw new UserError("alerts.permission", { permissions: managerPermissions(facts) });
  // A display name is the user's own text, shown as written (a name like `**x**` or `<@1>` formats nothing).
  const user = literal(facts.userName ?? facts.userId ?? "?");

  if (action === "off") {
    // A following channel's own alerts are off already; what its follow kept for posting is cancelled all the
    // same, and the asker learns that Discord keeps delivering until the follow is removed.
    const following = (await alerts.subscription(facts.platform, facts.channelId))?.disabledReason === FOLLOWING;
    const changed = await alerts.unsubscribe(facts.platform, facts.channelId, `turned off by ${facts.userId ?? "unknown"}`, now);
    if (following) return hint(t(locale, "alerts.offFollowing"));
    if (!changed) return hint(t(locale, "alerts.notOn"));
    return announce(facts, t(locale, facts.confirmInChannel ? "alerts.offPublic" : "alerts.off", { user }));
  }

  if (action === "follow") return follow(locale, facts, ctx);

  // A locked thread refuses every post of a bot without Manage Threads: alerts there would stop at the first.
  if (facts.threadLocked) throw new UserError("alerts.stop.threadLocked", { on: alertsLine(facts, "on") });
  if (facts.missingBotPermissions.length)
    throw lackingPermissions(facts, [...facts.missingBotPermissions, ...facts.missingLookupPermissions]);
  const before = await alerts.subscription(facts.platform, facts.channelId);
  const missing = facts.missingLookupPermissions;
  // A channel whose alerts are on since before the platform's lookup permissions were asked for keeps them,
  // and may change their language: the answer says what is missing.
  if (missing.length && !before?.active) throw lackingPermissions(facts, missing);
  const lacking = (text: string) =>
    missing.length
      ? `${text}\n${t(locale, askingFor("alerts.botPermissionStill", missing), { permissions: permissionNames(facts, missing) })}`
      : text;
  if (!before?.active) {
    // Slack: join the channel, so a post whose answer was lost can be looked for in its history. A channel
    // the bot cannot see (private, not invited) would refuse every post: alerts stay off until it is invited.
    const problem = await ctx.prepareChannel({ workspaceId: facts.guildId, channelId: facts.channelId });
    if (problem)
      logEvent("alerts.prepare_failed", { platform: facts.platform, channel: facts.channelId, problem: problem.reason });
    if (problem?.closed) return hint(t(locale, "alerts.inviteFirst"));
    // Every post would be refused with the same token, and the first would stop the channel again.
    if (problem?.refused) return hint(slackInstallHint(locale, ctx.links?.().slack));
  }
  const { subscription, change } = await alerts.subscribe({
    platform: facts.platform,
    workspaceId: facts.guildId,
    channelId: facts.channelId,
    locale,
    userId: facts.userId,
    now,
  });
  if (change === "unchanged")
    return hint(
      lacking(
        t(locale, "alerts.already", { date: day(subscription.subscribedAt, locale), language: language(subscription.locale) }),
      ),
    );
  if (change === "language") return hint(lacking(t(locale, "alerts.language", { language: language(locale) })));
  const on = t(locale, facts.confirmInChannel ? "alerts.onPublic" : "alerts.on", { user, language: language(locale) });
  // Discord keeps the follow (a webhook in the channel) until someone removes it: say so, or posts arrive twice.
  return announce(facts, before?.disabledReason === FOLLOWING ? `${on}\n${t(locale, "alerts.followingStill")}` : on);
}

/** Announcement mode: Discord delivers what the bot crossposts in its announcement channel; the channel's own alerts stop. */
async function follow(locale: Locale, facts: CommandFacts, ctx: CommandContext): Promise<Reply> {
  const channel = { workspaceId: facts.guildId ?? "", channelId: facts.channelId ?? "" };
  // A follow is a webhook, and a thread has none of its own: Discord delivers follows to channels only.
  if (facts.inThread)
    return hint(t(locale, "alerts.followThread", { on: alertsLine(facts, "on"), follow: alertsLine(facts, "follow") }));
  if (facts.missingFollowPermissions.length) throw lackingPermissions(facts, facts.missingFollowPermissions);
  // Each follow is a webhook of its own: two presses at once (two admins, or one pressing twice) would both
  // find none in the channel, both make one, and every item would arrive twice. One press at a time may
  // list the channel's webhooks and follow: the one that holds the channel's lease in D1, claimed just before
  // Discord is asked and given up with the follow's record (or once the press ends otherwise; kept until it
  // runs out when the follow's answer was lost, as Discord may still make that follow). D1 takes one
  // write at a time, so of two claims in whatever isolates one wins. Listing the webhooks again after the
  // follow and deleting all but the oldest would rest on Discord instead: on two more calls within the
  // follow's 2 seconds (a press whose listing or delete failed would leave its webhook), and on webhook ids
  // that Discord's servers, not one clock, hand out in order. The lease runs out (FOLLOW_LEASE_MS), so a
  // press that died blocks the channel for seconds only; the press that loses asks Discord nothing.
  // `settled`: given up with the follow's record, or kept on purpose; otherwise given up as the press ends.
  const lease: { holder?: string | null; settled?: boolean } = {};
  try {
    const claim = async () => {
      lease.holder = await ctx.alerts.claimFollow(facts.platform, channel.channelId, ctx.now.getTime());
      return lease.holder !== null;
    };
    return await followWith(await ctx.follow(channel, claim), channel, lease, locale, facts, ctx);
  } finally {
    if (lease.holder && !lease.settled)
      await ctx.alerts.releaseFollow(facts.platform, channel.channelId, lease.holder).catch((error: unknown) =>
        // It runs out on its own: the asker is answered all the same.
        logEvent("alerts.follow_release_failed", { channel: channel.channelId, error: (error as Error).name }),
      );
  }
}

/**
 * The wording of a wait before following again: a second, seconds, from two minutes on minutes, and past two
 * hours hours (a Retry-After is heeded for up to a day, which would otherwise read as 1440 minutes).
 */
export const laterKey = (seconds: number) =>
  seconds === 1
    ? "alerts.followLaterOne"
    : seconds > 7200
      ? "alerts.followLaterHours"
      : seconds >= 120
        ? "alerts.followLaterMinutes"
        : "alerts.followLater";

/** What the asker is told of the follow's `result`, recorded first when the channel follows. */
async function followWith(
  result: FollowResult,
  channel: { workspaceId: string; channelId: string },
  lease: { holder?: string | null; settled?: boolean },
  locale: Locale,
  facts: CommandFacts,
  ctx: CommandContext,
): Promise<Reply> {
  // A press meanwhile, or one after a follow's lost answer, learns the outcome once the lease has run out.
  const again = { seconds: Math.ceil(FOLLOW_LEASE_MS / 1000), follow: alertsLine(facts, "follow") };
  if (result.kind === "busy") return hint(t(locale, "alerts.followBusy", again));
  // Discord's limit or trouble, not a permission: nothing was made, and the lease is given up as the press ends.
  if (result.kind === "later") {
    logEvent("alerts.follow_later", { platform: facts.platform, channel: channel.channelId, reason: result.reason });
    return hint(
      t(locale, laterKey(result.seconds), {
        seconds: result.seconds,
        minutes: Math.ceil(result.seconds / 60),
        hours: Math.ceil(result.seconds / 3600),
        follow: again.follow,
        reason: rawCode(result.reason),
      }),
    );
  }
  if (result.kind === "notSetUp") return hint(t(locale, "alerts.followNotSetUp", { on: alertsLine(facts, "on") }));
  if (result.kind === "unavailable") return hint(t(locale, "alerts.followUnavailable", { on: alertsLine(facts, "on") }));
  if (result.kind === "source") return hint(t(locale, "alerts.followSource", { on: alertsLine(facts, "on") }));
  if (result.kind === "refused") {
    logEvent("alerts.follow_refused", {
      platform: facts.platform,
      channel: channel.channelId,
      reason: result.reason,
      unsure: result.unsure === true,
    });
    // Discord may make the follow a moment later: a press that listed the channel's webhooks before it shows
    // would make a second one. The lease is kept until it runs out, so a press meanwhile asks Discord nothing.
    if (result.unsure) {
      lease.settled = true;
      return hint(t(locale, "alerts.followUnsure", { ...again, reason: rawCode(result.reason) }));
    }
    // Discord's answer as code after the words, and Manage Webhooks as the asker's client names it.
    return hint(
      t(locale, "alerts.followRefused", {
        reason: rawCode(result.reason),
        permission: permissionNames(facts, ["permission.manageWebhooks"]),
      }),
    );
  }
  const replaced = await ctx.alerts.follow({
    platform: facts.platform,
    ...channel,
    source: result.source,
    since: result.since,
    locale,
    userId: facts.userId,
    now: ctx.now.getTime(),
    lease: lease.holder ?? undefined,
  });
  lease.settled = true;
  // A follow found in place (made before, by the bot or in Discord's menu) is recorded, and no second one is made.
  const text = t(locale, result.already ? "alerts.followedAlready" : "alerts.followed");
  return hint(replaced ? `${text}\n${t(locale, "alerts.followReplaced")}` : text);
}
