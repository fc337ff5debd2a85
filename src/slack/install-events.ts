// Slack Events API callbacks about the installation itself: `app_uninstalled` and `tokens_revoked`
// (bot tokens) delete the workspace's installation and stop its alert subscriptions with the reason.
// Installing again restores them (see src/slack/install.ts). `channel_left`: someone removed the bot from
// a channel, whose alerts stop with it (turning them on again adds the bot back).
import { DeliveryStore } from "../delivery/store";
import type { Env } from "../env";
import { isJsonObject } from "../http";
import { logEvent } from "../log";
import { UNINSTALLED } from "../platform-name";
import { REMOVED_FROM_CHANNEL, UNINSTALL_REASONS } from "../stop-reasons";
import { D1InstallationStore } from "./install-store";

const str = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

/** Whether this callback is one of ours, and what it says; undefined for any other event. */
function uninstallOf(body: Record<string, unknown>) {
  const event = isJsonObject(body.event) ? body.event : {};
  const type = event.type;
  if (type !== "app_uninstalled" && type !== "tokens_revoked") return undefined;
  if (type === "tokens_revoked") {
    const tokens = isJsonObject(event.tokens) ? event.tokens : {};
    // Only the bot token matters: the bot never holds user tokens.
    if (!Array.isArray(tokens.bot) || tokens.bot.length === 0) return undefined;
  }
  const authorization = Array.isArray(body.authorizations) && isJsonObject(body.authorizations[0]) ? body.authorizations[0] : {};
  return {
    type,
    teamId: str(body.team_id),
    enterpriseId: str(body.enterprise_id),
    isEnterpriseInstall: body.is_enterprise_install === true || authorization.is_enterprise_install === true,
  } as const;
}

/**
 * When the event happened (ms, the end of its second: a retried event keeps it), else now. A time that
 * is no time once in ms (past a double's range) is none given.
 */
const eventAt = (body: Record<string, unknown>, now: number): number => {
  const at = typeof body.event_time === "number" ? body.event_time * 1000 + 999 : Number.NaN;
  return Number.isFinite(at) ? at : now;
};

/**
 * The bot removed from a public channel: chat:write.public would go on posting there, though whoever
 * removed it meant it to stop. Its alerts stop, unless turned on again since (Slack retries an event
 * for minutes).
 */
async function channelLeft(body: Record<string, unknown>, channel: string, env: Env): Promise<Response> {
  const now = Date.now();
  // The workspace whose bot user left: in a channel shared with another workspace, alerts turned on there
  // are posted by that workspace's bot user, which stays. It is the installation the event is for
  // (authorizations): in a shared channel the event's own team_id names the workspace the channel comes
  // from, whichever workspace's bot user left.
  const authorization = Array.isArray(body.authorizations) && isJsonObject(body.authorizations[0]) ? body.authorizations[0] : {};
  const team = str(authorization.team_id) ?? str(body.team_id);
  const stopped =
    team !== undefined &&
    (await new DeliveryStore(env.DB).stopChannel("slack", team, channel, REMOVED_FROM_CHANNEL, now, eventAt(body, now)));
  logEvent("slack.channel_left", { team, channel, stopped });
  return new Response(null, { status: 200 });
}

/** Handles a verified `event_callback`; every callback is acknowledged with 200 so Slack does not retry it. */
export async function handleSlackEvent(body: Record<string, unknown>, env: Env): Promise<Response> {
  const event = isJsonObject(body.event) ? body.event : {};
  const left = event.type === "channel_left" ? str(event.channel) : undefined;
  if (left) return channelLeft(body, left, env);
  const uninstall = uninstallOf(body);
  if (uninstall && (uninstall.teamId || uninstall.enterpriseId)) {
    const now = Date.now();
    // Slack retries an event it thinks we missed, up to minutes later: an installation stored, or alerts
    // turned on, after the event's second are new, and the event does not concern them (without OAuth,
    // where no installation dates the event, the alerts' own time does).
    const at = eventAt(body, now);
    const installs = new D1InstallationStore(env);
    const removed =
      (uninstall.isEnterpriseInstall ? uninstall.enterpriseId : uninstall.teamId) !== undefined
        ? await installs.removeAsOf(uninstall, at)
        : "none";
    if (removed === "newer") {
      logEvent("slack.uninstall_stale", { type: uninstall.type, team: uninstall.teamId });
      return new Response(null, { status: 200 });
    }
    // An org-wide installation is never kept (src/slack/install.ts undoes it), so no subscription rests on
    // one: its removal leaves the workspace's own installation, and that workspace's alerts, as they are.
    const deliveries = new DeliveryStore(env.DB);
    const stopped =
      uninstall.teamId && !uninstall.isEnterpriseInstall
        ? await deliveries.stopWorkspace("slack", uninstall.teamId, UNINSTALL_REASONS[uninstall.type], now, at)
        : 0;
    // The app installed again while this event was handled, after the old installation was deleted above
    // and before the alerts were stopped: that install turned back on only what was stopped before it, so
    // what was stopped here is turned back on as it would have.
    const restored =
      stopped > 0 && uninstall.teamId && (await installs.storedAfter(uninstall, at))
        ? await deliveries.restoreWorkspace("slack", uninstall.teamId, UNINSTALLED, Date.now())
        : 0;
    logEvent("slack.uninstalled", { type: uninstall.type, team: uninstall.teamId, removed, stopped, restored });
  }
  return new Response(null, { status: 200 });
}
