// Bindings, vars and secrets (see the configuration table in README.md).
import type { DeliveryJob } from "./alerts/jobs";

export interface Env {
  CONTENT: KVNamespace;
  DB: D1Database;
  ANNOUNCEMENTS: Queue<DeliveryJob>;
  DISCORD_APPLICATION_ID?: string;
  DISCORD_PUBLIC_KEY?: string;
  DISCORD_BOT_TOKEN?: string;
  SLACK_SIGNING_SECRET?: string;
  SLACK_BOT_TOKEN?: string;
  DISCORD_API_BASE?: string;
  SLACK_API_BASE?: string;
  /** Where news candidates are sent for review (either or both). */
  REVIEW_DISCORD_CHANNEL_ID?: string;
  REVIEW_SLACK_CHANNEL_ID?: string;
  /** User ids (Discord or Slack, comma-separated) allowed to publish, edit and dismiss candidates. */
  REVIEWER_IDS?: string;
  /** A JSON array of feeds replacing data/feeds.json (local runs, tests). */
  NEWS_FEEDS?: string;
}
