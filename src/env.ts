// The Worker's Env. Bindings and vars are generated from wrangler.toml by `npm run cf-typegen` into
// worker-configuration.d.ts (Cloudflare.Env); only what the generator cannot know is written here.
import type { QueueJob } from "./delivery/jobs";

/**
 * Secrets, set with `wrangler secret put` (locally in .dev.vars). They are optional: a deployment may
 * serve one platform only. `wrangler types` types only secrets listed under `[secrets] required`, and
 * listing them there would make `wrangler deploy` refuse to run until every one of them is set.
 */
export const SECRET_NAMES = [
  "DISCORD_PUBLIC_KEY",
  "DISCORD_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_BOT_TOKEN",
  // Slack OAuth (installs into any workspace): Basic Information > App Credentials.
  "SLACK_CLIENT_ID",
  "SLACK_CLIENT_SECRET",
  // 32 random bytes, base64: encrypts the stored Slack installations (AES-GCM).
  "SLACK_TOKEN_KEY",
] as const;

export type Secrets = { [Name in (typeof SECRET_NAMES)[number]]?: string };

/**
 * Optional vars of news discovery, unset by default (so not in wrangler.toml): set them under [vars] or
 * with `--var NAME:VALUE` where a review channel exists.
 */
export interface NewsVars {
  /** Where news candidates are sent for review (either or both). */
  REVIEW_DISCORD_CHANNEL_ID?: string;
  REVIEW_SLACK_CHANNEL_ID?: string;
  /** The Slack workspace (team id) of the review channel, whose installation's token posts there. */
  REVIEW_SLACK_TEAM_ID?: string;
  /** User ids (Discord or Slack, comma-separated) allowed to publish, edit, dismiss and withdraw candidates. */
  REVIEWER_IDS?: string;
  /** A JSON array of feeds replacing data/feeds.json (local runs, tests). */
  NEWS_FEEDS?: string;
}

/** NewsVars' names: `npm run deploy -- secret` accepts them too, for an operator who keeps them out of wrangler.toml. */
export const NEWS_VAR_NAMES = [
  "REVIEW_DISCORD_CHANNEL_ID",
  "REVIEW_SLACK_CHANNEL_ID",
  "REVIEW_SLACK_TEAM_ID",
  "REVIEWER_IDS",
  "NEWS_FEEDS",
] as const satisfies readonly (keyof NewsVars)[];

export interface Env extends Cloudflare.Env, Secrets, NewsVars {
  /** wrangler.toml names the queue but not what its messages carry. */
  ANNOUNCEMENTS: Queue<QueueJob>;
}
