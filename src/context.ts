import { AlertsStore } from "./alerts/store";
import type { CommandContext } from "./command";
import { loadContent } from "./content/store";
import type { Env } from "./env";
import { installLinks } from "./install-links";

/** `origin` is where this Worker is reached (the request's), for the Slack install link. */
export const commandContext = (env: Env, origin = ""): CommandContext => ({
  content: () => loadContent(env.CONTENT),
  alerts: new AlertsStore(env.DB),
  now: new Date(),
  links: () => installLinks(env, origin),
});
