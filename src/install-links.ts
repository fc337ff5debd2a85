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
 * A dotted IPv4 address (as URL writes one) on this machine or a local network: loopback, private, link-local,
 * shared (100.64/10, a carrier's NAT or a Tailscale network), or 0.x.x.x ("this host", which a browser reaches
 * as this machine when `wrangler dev --ip 0.0.0.0` listens on it).
 */
function isLocalIPv4(address: string): boolean {
  const parts = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(address);
  if (!parts) return false;
  const [a, b] = [Number(parts[1]), Number(parts[2])];
  return (
    a === 127 ||
    a === 10 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

/**
 * An IPv6 address (as URL writes one, compressed, in brackets) on this machine or a local network:
 * loopback, unspecified (`::`, every interface), link-local (fe80::/10), unique-local (fc00::/7), or an IPv4
 * one of those written as IPv6.
 */
function isLocalIPv6(address: string): boolean {
  if (address === "::1" || address === "::") return true;
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mapped) {
    const [high, low] = [Number.parseInt(mapped[1] as string, 16), Number.parseInt(mapped[2] as string, 16)];
    return isLocalIPv4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  const first = /^([0-9a-f]{1,4}):/.exec(address);
  if (!first) return false;
  const hextet = Number.parseInt(first[1] as string, 16);
  return (hextet & 0xffc0) === 0xfe80 || (hextet & 0xfe00) === 0xfc00;
}

/**
 * Whether a host name is this machine's or one on its local network: `npm start` serves the bot at
 * http://localhost:8787, and `wrangler dev` answers a LAN address (192.168.x.x, 10.x.x.x, 172.16-31.x.x,
 * link-local and unique-local IPv6, an mDNS `.local` name; 0.0.0.0 or [::] where it listens on every interface)
 * over plain http only. No public host is one.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local")) return true;
  if (host.startsWith("[") && host.endsWith("]")) return isLocalIPv6(host.slice(1, -1));
  return isLocalIPv4(host);
}

/**
 * The same address over https, on https's own port (Cloudflare's http ports, 80, 8080, 8880, 2052...,
 * take no TLS, so https on the same port would not answer); undefined where the address is used as it is:
 * https already, or plain http on this machine or its local network (isLocalHost), where the bot runs
 * locally and https would not answer. A custom domain's zone without Always Use HTTPS lets visitors in
 * over plain http, where an install's Secure cookies are dropped and Slack would be sent back to an http
 * address.
 */
export function httpsAddress(url: URL): URL | undefined {
  if (url.protocol !== "http:" || isLocalHost(url.hostname)) return undefined;
  const secure = new URL(url.href);
  secure.protocol = "https:";
  secure.port = "";
  return secure;
}

/** The origin the bot's own links and Slack's return address are given with: see httpsAddress. */
export function linkOrigin(origin: string): string {
  const url = URL.parse(origin);
  const secure = url && httpsAddress(url);
  return secure ? secure.origin : origin.replace(/\/$/, "");
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
