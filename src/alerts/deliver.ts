// One delivery attempt: the news item rendered exactly as /renewal renders it, posted to one channel.
import { newsCard } from "../../commands/renewal";
import type { NewsItem } from "../content/schema";
import { deliveryNonce, postChannelMessage } from "../discord/api";
import { toDiscordMessage } from "../discord/render";
import type { Env } from "../env";
import { formatDate, pick } from "../i18n/locale";
import { findPostedNews, postSlackMessage } from "../slack/api";
import { UNINSTALLED } from "../slack/install-events";
import { slackTokenFor } from "../slack/install-store";
import { toSlackMessage } from "../slack/render";
import { truncate } from "../text";
import type { Outcome } from "./outcome";
import type { Subscription } from "./store";

/** Counts outbound calls so an invocation stays under the platform's subrequest limit. */
export interface Budget {
  used: number;
}

/** The item as plain text, for a platform that refused the rich message. */
function plainText(item: NewsItem, sub: Subscription, max: number): string {
  const lines = [
    `**${pick(item.title, sub.locale)}** (${formatDate(item.date, sub.locale)})`,
    pick(item.summary, sub.locale),
    item.url,
  ];
  return truncate(lines.join("\n"), max);
}

async function deliverDiscord(env: Env, sub: Subscription, item: NewsItem, attempt: number, budget: Budget): Promise<Outcome> {
  const nonce = await deliveryNonce(item.id, sub.channelId);
  budget.used++;
  const outcome = await postChannelMessage(env, sub.channelId, toDiscordMessage(newsCard(item, sub.locale)), nonce, attempt);
  if (outcome.kind !== "fallback") return outcome;
  budget.used++;
  const plain = { content: plainText(item, sub, 2000), allowed_mentions: { parse: [] as never[] } };
  const second = await postChannelMessage(env, sub.channelId, plain, nonce, attempt);
  return second.kind === "fallback" ? { kind: "fail", reason: `${outcome.reason}; plain text refused too` } : second;
}

/** Posts with the workspace's own token; a refused token stops that workspace's alerts, not every workspace's. */
async function deliverSlack(
  env: Env,
  sub: Subscription,
  item: NewsItem,
  attempt: number,
  lastAttemptAt: number | null,
  budget: Budget,
): Promise<Outcome> {
  const auth = await slackTokenFor(env, sub.workspaceId);
  // With OAuth set up, a workspace without an installation has removed the app. Without OAuth the
  // missing SLACK_BOT_TOKEN is the operator's to fix: Slack refuses the post and /health shows it.
  if (!auth && env.SLACK_TOKEN_KEY) return { kind: "disable", reason: `${UNINSTALLED} no Slack installation for this workspace` };
  const outcome = await postSlack(env, sub, item, attempt, lastAttemptAt, budget, auth?.token ?? "");
  if (outcome.kind === "stop" && auth?.from === "installation")
    return { kind: "disable", reason: `${UNINSTALLED} ${outcome.reason}` };
  return outcome;
}

async function postSlack(
  env: Env,
  sub: Subscription,
  item: NewsItem,
  attempt: number,
  lastAttemptAt: number | null,
  budget: Budget,
  token: string,
): Promise<Outcome> {
  if (lastAttemptAt !== null) {
    // An earlier attempt may have posted without hearing back (lost response, or its worker died).
    budget.used++;
    const ts = await findPostedNews(env, sub.channelId, item.id, lastAttemptAt, token);
    if (ts) return { kind: "done", messageId: ts };
  }
  budget.used++;
  const outcome = await postSlackMessage(env, sub.channelId, toSlackMessage(newsCard(item, sub.locale)), item.id, attempt, token);
  if (outcome.kind !== "fallback") return outcome;
  budget.used++;
  const second = await postSlackMessage(
    env,
    sub.channelId,
    { text: plainText(item, sub, 3000).replace(/\*\*/g, "*") },
    item.id,
    attempt,
    token,
  );
  return second.kind === "fallback" ? { kind: "fail", reason: `${outcome.reason}; plain text refused too` } : second;
}

export function deliver(
  env: Env,
  sub: Subscription,
  item: NewsItem,
  claim: { attempts: number; lastAttemptAt: number | null },
  budget: Budget,
): Promise<Outcome> {
  return sub.platform === "discord"
    ? deliverDiscord(env, sub, item, claim.attempts, budget)
    : deliverSlack(env, sub, item, claim.attempts, claim.lastAttemptAt, budget);
}
