// Where a fan adds the bot: Discord to a server (bot + commands, with the permissions alerts need) or
// to their own account (commands only, usable in any server, DM or group DM), and Slack through OAuth.

import type { InstallLinks } from "./command";
import { BOT_CHANNEL_PERMISSIONS, BOT_THREAD_PERMISSIONS } from "./discord/parse";
import type { Env } from "./env";

/** Read Message History: how a delivery whose answer was lost finds out whether it posted. */
const READ_MESSAGE_HISTORY = 1n << 16n;

/**
 * What posting renewal alerts needs, in a channel or a thread (View Channel, Send Messages, Send Messages
 * in Threads, Embed Links), and Read Message History.
 */
export const DISCORD_INSTALL_PERMISSIONS = [
  ...Object.values(BOT_CHANNEL_PERMISSIONS),
  ...Object.values(BOT_THREAD_PERMISSIONS),
].reduce((all, bit) => all | bit, READ_MESSAGE_HISTORY);

const DISCORD_AUTHORIZE = "https://discord.com/oauth2/authorize";

/**
 * Whether /slack/install can take a workspace through OAuth: the client id and secret for the code
 * exchange, and the key the installation is stored under. The install routes answer "not set up" otherwise,
 * so no link is offered to them.
 */
export const slackInstallConfigured = (env: Env): boolean =>
  Boolean(env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_TOKEN_KEY);

/**
 * Whether a host name is this machine's: a browser treats plain http there as secure (its Secure cookies
 * are kept), and `npm start` serves the bot at http://localhost:8787.
 */
export const isLoopback = (hostname: string): boolean =>
  hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(hostname);

/**
 * A plain-http address over https, on https's own port: Cloudflare's http ports (80, 8080, 8880, 2052...)
 * take no TLS, so https on the same port would not answer.
 */
export function httpsOf(url: URL): URL {
  const secure = new URL(url.href);
  secure.protocol = "https:";
  secure.port = "";
  return secure;
}

/**
 * The origin the bot's own links and Slack's return address are given with: https, except on this machine.
 * A custom domain's zone without Always Use HTTPS also lets visitors in over plain http, where an install's
 * Secure cookies are dropped and Slack would be sent back to an http address.
 */
export function linkOrigin(origin: string): string {
  const url = URL.parse(origin);
  if (url?.protocol !== "http:" || isLoopback(url.hostname)) return origin.replace(/\/$/, "");
  return httpsOf(url).origin;
}

/** The links this deployment can offer; one is missing when its platform is not configured. */
export function installLinks(env: Env, origin: string, applicationId?: string): InstallLinks {
  // The configured application, else the one a signed interaction named (the same, for a bot's own interactions).
  const id = env.DISCORD_APPLICATION_ID || applicationId;
  const links: InstallLinks = {};
  if (id) {
    links.discordServer = `${DISCORD_AUTHORIZE}?${new URLSearchParams({
      client_id: id,
      scope: "bot applications.commands",
      permissions: String(DISCORD_INSTALL_PERMISSIONS),
      integration_type: "0",
    })}`;
    links.discordAccount = `${DISCORD_AUTHORIZE}?${new URLSearchParams({
      client_id: id,
      scope: "applications.commands",
      integration_type: "1",
    })}`;
  }
  if (slackInstallConfigured(env)) links.slack = `${linkOrigin(origin)}/slack/install`;
  return links;
}
