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
  /** Slack OAuth (installs into any workspace): Basic Information > App Credentials. */
  SLACK_CLIENT_ID?: string;
  SLACK_CLIENT_SECRET?: string;
  /** 32 random bytes, base64: encrypts the stored Slack installations (AES-GCM). */
  SLACK_TOKEN_KEY?: string;
  DISCORD_API_BASE?: string;
  SLACK_API_BASE?: string;
}
