// Bindings, vars and secrets (see the configuration table in README.md).
import type { DeliveryJob } from "./alerts/jobs";
import type { Pacer } from "./pacing/pacer";

export interface Env {
  CONTENT: KVNamespace;
  DB: D1Database;
  ANNOUNCEMENTS: Queue<DeliveryJob>;
  /** One shared send budget per bot token (src/pacing). */
  PACER: DurableObjectNamespace<Pacer>;
  DISCORD_APPLICATION_ID?: string;
  DISCORD_PUBLIC_KEY?: string;
  DISCORD_BOT_TOKEN?: string;
  SLACK_SIGNING_SECRET?: string;
  SLACK_BOT_TOKEN?: string;
  DISCORD_API_BASE?: string;
  SLACK_API_BASE?: string;
}
