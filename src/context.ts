import type { CommandContext } from "./command";
import { publishedNews } from "./content/published";
import { loadContent } from "./content/store";
import { Subscriptions } from "./delivery/subscriptions";
import type { Env } from "./env";
import type { FeatureComponents } from "./features";
import { installLinks } from "./install-links";
import type { Channel, ChannelProblem } from "./platform-name";

export interface ContextOptions {
  /** Where this Worker is reached (the request's origin), for the Slack install link. */
  origin?: string;
  /** From the platform the request arrived on (Slack joins a channel it will post to). */
  prepareChannel?: (channel: Channel) => Promise<ChannelProblem | undefined>;
  /** Announcement mode, where the platform has it (Discord follows the bot's announcement channel). */
  follow?: CommandContext["follow"];
  /** The Discord application the interaction was sent to, for the install links when none is configured. */
  applicationId?: string;
  /** The features' buttons (src/feature-components.ts), where this Worker has them. */
  features?: FeatureComponents;
}

export const commandContext = (
  env: Env,
  {
    origin = "",
    prepareChannel = async () => undefined,
    follow = async () => ({ kind: "unavailable" }),
    applicationId,
    features = async () => undefined,
  }: ContextOptions = {},
): CommandContext => ({
  content: () => loadContent(env.CONTENT),
  news: () => publishedNews(env),
  review: {
    db: env.DB,
    reviewerIds: (env.REVIEWER_IDS ?? "").split(/[\s,]+/).filter(Boolean),
    reviewDiscordChannelId: env.REVIEW_DISCORD_CHANNEL_ID || undefined,
    reviewSlackChannelId: env.REVIEW_SLACK_CHANNEL_ID || undefined,
    startDelivery: async (message) => {
      await env.ANNOUNCEMENTS.send({ kind: "plan", message });
    },
    redrawCards: async () => {
      await env.ANNOUNCEMENTS.send({ kind: "redraw" });
    },
  },
  alerts: new Subscriptions(env.DB),
  prepareChannel,
  follow,
  now: new Date(),
  links: () => installLinks(env, origin, applicationId),
  featureComponent: features,
});
