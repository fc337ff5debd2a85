import type { CommandContext } from "./command";
import { publishedNews } from "./content/published";
import { loadContent } from "./content/store";
import { DeliveryStore } from "./delivery/store";
import type { Env } from "./env";
import type { Channel } from "./platform";

/** `prepareChannel` comes from the platform the request arrived on (Slack joins a channel it will post to). */
export const commandContext = (
  env: Env,
  prepareChannel: (channel: Channel) => Promise<string | undefined> = async () => undefined,
): CommandContext => ({
  content: () => loadContent(env.CONTENT),
  news: () => publishedNews(env.DB),
  review: {
    db: env.DB,
    reviewerIds: (env.REVIEWER_IDS ?? "").split(/[\s,]+/).filter(Boolean),
    reviewDiscordChannelId: env.REVIEW_DISCORD_CHANNEL_ID || undefined,
  },
  alerts: new DeliveryStore(env.DB),
  prepareChannel,
  now: new Date(),
});
