import type { Env } from "../env";
import type { Platform } from "./store";

export const tokenFor = (env: Env, platform: Platform): string =>
  (platform === "discord" ? env.DISCORD_BOT_TOKEN : env.SLACK_BOT_TOKEN) ?? "";

/** A short hash of a token, stored instead of the token to recognise when it has been replaced. */
export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
