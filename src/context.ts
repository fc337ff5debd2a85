import { AlertsStore } from "./alerts/store";
import type { CommandContext } from "./command";
import { loadContent } from "./content/store";
import type { Env } from "./env";

export const commandContext = (env: Env): CommandContext => ({
  content: () => loadContent(env.CONTENT),
  alerts: new AlertsStore(env.DB),
  now: new Date(),
});
