// The cron ticks and the queue consumer. The planner, the consumer, feed polling and its XML parser run in
// cron and queue invocations only: they are loaded there, never on an interaction's cold start
// (tests/news/lazy.test.ts).
import { Budget } from "./delivery/budget";
import { isRedrawJob, type QueueJob } from "./delivery/jobs";
import type { Env } from "./env";
import { logError } from "./log";

/** The planner's trigger (wrangler.toml): every minute. Any schedule but the news round's plans. */
export const PLAN_CRON = "* * * * *";
/**
 * The news round's trigger (wrangler.toml). A trigger of its own makes it an invocation of its own, with
 * its own 50 subrequests: sharing the planner's tick, the two together could pass them. A feed waits at
 * least 5 minutes between polls, so polling every other minute delays a story by a minute at most.
 */
export const NEWS_CRON = "*/2 * * * *";

export const jobs = {
  async scheduled(controller, env, ctx) {
    if (controller.cron === NEWS_CRON)
      ctx.waitUntil(import("./news/poll").then(({ newsTick }) => newsTick(env, controller.scheduledTime)));
    else ctx.waitUntil(import("./delivery/planner").then(({ planDeliveries }) => planDeliveries(env)));
  },
  async queue(batch, env, _ctx) {
    const { handleQueue } = await import("./delivery/consumer");
    const { subrequests } = await handleQueue(batch, env);
    const redraws = batch.messages.filter((message) => isRedrawJob(message.body));
    if (!redraws.length) return;
    // Last, with what the deliveries left of the invocation's subrequests. A card left behind is redrawn by
    // the next news round anyway, so the job is done whatever this manages; one job redraws every card
    // behind, so the batch's others have nothing more to do.
    const { redrawReviewCards } = await import("./news/review-post");
    const left = new Budget();
    left.spend(Math.min(subrequests, left.left));
    await redrawReviewCards(env, left).catch((error) => logError("news.review_redraw_failed", error, {}));
    for (const message of redraws) message.ack();
  },
} satisfies ExportedHandler<Env, QueueJob>;
