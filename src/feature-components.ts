// The features' components (src/features.ts), each loaded on its first press. The back Worker and the bot
// as one Worker pass them to their routes; the front Worker never imports this file, and hands a feature's
// press to the back instead (tests/build/split.test.ts checks its bundle).
import { type FeatureComponents, isFeatureComponent } from "./features";

export const featureComponents: FeatureComponents = async (prefix) => {
  if (!isFeatureComponent(prefix)) return undefined;
  const { REVIEW_COMPONENTS } = await import("./news/review");
  return REVIEW_COMPONENTS.find((c) => c.prefix === prefix);
};
