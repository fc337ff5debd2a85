// Buttons that belong to a feature rather than to a command's answers: the news review's, whose ids start
// with `nr-`. Only reviewers press them, so the review (its D1 store, publishing and wording forms) is
// loaded on the first such press (src/feature-components.ts), and the front Worker hands such presses to
// the back: neither compiles it on the cold start of a fan's interaction.
import type { Component } from "./command";

/** The start of every review button's and form's id. */
export const REVIEW_PREFIX = "nr-";

/** Is this component id, or its prefix, a feature's rather than a command's? */
export const isFeatureComponent = (id: string): boolean => id.startsWith(REVIEW_PREFIX);

/** A feature's component by its prefix, loaded on first use; undefined when no feature has it. */
export type FeatureComponents = (prefix: string) => Promise<Component | undefined>;
