// The one record of platforms. Routes, /health, delivery and tools read it; a new platform is a new
// folder plus one line here.
import { discord } from "./discord/platform";
import type { Platform, PlatformName } from "./platform";
import { slack } from "./slack/platform";

export const PLATFORMS: { readonly [P in PlatformName]: Platform & { readonly name: P } } = {
  discord: { ...discord, name: "discord" },
  slack: { ...slack, name: "slack" },
};

export const platformList = (): Platform[] => Object.values(PLATFORMS);
