// Messages on the ANNOUNCEMENTS queue. A delivery job delivers one frozen message to one
// subscription, so the queue's retries, delays and dead-letter queue apply to each separately. A plan
// job plans the next chunk of a message's deliveries. An amend job edits one post of a withdrawn message.
// A wake job makes a workspace's parked deliveries due, once it has a token of its own. A redraw job edits
// the news review cards a reviewer's decision left behind, at once rather than at the next news round.
import { PLATFORM_NAMES, type PlatformName } from "../platform-name";

export interface DeliveryJob {
  kind?: "deliver";
  /** The frozen message's key, `<topic>:<event id>`. */
  message: string;
  subscriptionId: number;
}

export interface PlanJob {
  kind: "plan";
  message: string;
  /**
   * The cursor the job plans from, as the planner that queued it left it. Once another planner has moved
   * on from there (a tick, a duplicate of this job), that one has queued the next job: this one plans
   * nothing, so the chain never forks. Absent (a reviewer's Publish), it plans from wherever the cursor is.
   */
  after?: number;
}

/** Edits one delivered post of a withdrawn message to say so (the ledger row's message id). */
export interface AmendJob {
  kind: "amend";
  message: string;
  subscriptionId: number;
}

/**
 * Makes the workspace's deliveries parked on the platform's refused shared token due (it installed the
 * app): sent again later by the install, for those a consumer parked after the install's own wake.
 */
export interface WakeJob {
  kind: "wake";
  platform: PlatformName;
  workspaceId: string;
}

/** Redraws the review cards that are behind their candidate (see redrawReviewCards): sent by a decision. */
export interface RedrawJob {
  kind: "redraw";
}

export type QueueJob = DeliveryJob | PlanJob | AmendJob | WakeJob | RedrawJob;

export const isRedrawJob = (value: unknown): value is RedrawJob => (value as RedrawJob | null)?.kind === "redraw";

export const isWakeJob = (value: unknown): value is WakeJob => {
  const v = value as WakeJob | null;
  return v?.kind === "wake" && (PLATFORM_NAMES as readonly unknown[]).includes(v.platform) && typeof v.workspaceId === "string";
};

export const isAmendJob = (value: unknown): value is AmendJob => {
  const v = value as AmendJob | null;
  return v?.kind === "amend" && typeof v.message === "string" && Number.isInteger(v.subscriptionId);
};

export const isPlanJob = (value: unknown): value is PlanJob => {
  const v = value as PlanJob | null;
  return v?.kind === "plan" && typeof v.message === "string" && (v.after === undefined || Number.isInteger(v.after));
};

export const isDeliveryJob = (value: unknown): value is DeliveryJob => {
  const v = value as DeliveryJob | null;
  return (v?.kind === undefined || v.kind === "deliver") && typeof v?.message === "string" && Number.isInteger(v?.subscriptionId);
};
