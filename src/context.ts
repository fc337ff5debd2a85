import type { CommandContext } from "./command";
import { loadContent } from "./content/store";
import { DeliveryStore } from "./delivery/store";
import type { Env } from "./env";

/** What a command may do to a channel, from the platform the request arrived on (Slack joins a channel it will post to). */
export type ChannelOps = Pick<CommandContext, "prepareChannel" | "follow">;

export const commandContext = (env: Env, ops: Partial<ChannelOps> = {}): CommandContext => ({
  content: () => loadContent(env.CONTENT),
  alerts: new DeliveryStore(env.DB),
  prepareChannel: ops.prepareChannel ?? (async () => undefined),
  follow: ops.follow ?? (async () => ({ kind: "unavailable" })),
  now: new Date(),
});
