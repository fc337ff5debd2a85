// The contract every chat platform implements. A platform is one object: src/discord and src/slack
// each export one, and src/platforms.ts lists them. Adding a platform is a folder, its name in
// src/platform-name.ts and one line in src/platforms.ts (and in src/cli/platforms.ts for the tools);
// the type checker names every member still missing.

import type { Command } from "./command";
import type { Env } from "./env";
import type { PaceKey } from "./pacing";
import type { Channel, ChannelProblem, FollowResult, PlatformName } from "./platform-name";
import type { Outcome, Subrequests } from "./platform-outcome";
import type { Reply } from "./reply";

export { type Channel, type FollowResult, PLATFORM_NAMES, type PlatformName, UNINSTALLED } from "./platform-name";

/** A workspace's bot token, or why there is none. */
export type BotToken =
  | {
      token: string;
      /**
       * The workspace's own token (a Slack OAuth install): refused, it stops that workspace's deliveries
       * only. Otherwise one token serves every workspace, and a refusal stops the platform's.
       */
      own: boolean;
      /**
       * The workspace the token was issued in, where the lookup named none and the platform limits an app
       * per workspace (Slack's shared token in the review channel): its calls are paced as that workspace's.
       */
      workspace?: string;
    }
  | {
      token: undefined;
      /** The app was removed from this workspace: its deliveries stop with this reason. Absent: no token is configured. */
      gone?: string;
    };

/** One post of a frozen message to one channel. */
export interface Post {
  channel: Channel;
  reply: Reply;
  /** Stable per (message, channel): the platform's idempotency key where it has one. */
  key: string;
  /** Which attempt this is (1 for the first), for backoff. */
  attempt: number;
  /** Send the reply as plain text (after a refused rich payload). */
  plain: boolean;
  token: string;
}

/** An edit of a message posted earlier (a withdrawn item's posts say so). */
export interface Edit {
  channel: Channel;
  /** The platform's id of the post (Discord message id, Slack ts), as the ledger keeps it. */
  messageId: string;
  reply: Reply;
  token: string;
  /** Which attempt this is (1 for the first), for backoff. */
  attempt: number;
  /** Its plain-text version, sent when the rendered one was refused ("fallback"). */
  plain: boolean;
  /**
   * The message may have been replaced by an answer to a press on it (a review card): rendered as such an
   * answer is (Discord: Components V2, which a message keeps once it has it, and which then takes no embeds).
   */
  asAnswer?: boolean;
}

/** What a look for an earlier attempt's post came to (see Platform.findPosted). */
export type Looked =
  | string
  | null
  | undefined
  | { waitSeconds: number; from?: string; pause?: string }
  /** The token was refused (the app removed, the token revoked or replaced): nothing can be read with it. */
  | { refused: string }
  /**
   * The channel is gone or closed to the bot (deleted, archived, a private one it was removed from): nothing
   * can be read there, and a post would be refused the same way.
   */
  | { gone: string }
  /**
   * The token lacks a scope the look needs (installed before the app asked for it): nothing can be read
   * with it until the scope is granted, which the delivery waits for, as a post refused for a scope does.
   */
  | { scope: string }
  /** Found, and published to followers no earlier than `publishedFrom` (ms; Discord's announcement mode), see Outcome. */
  | { messageId: string; publishedFrom: number; publishedBefore?: boolean }
  /**
   * Found (the post's id), but publishing it to followers was refused (`reason`): to be tried again, as
   * an attempt. `publishedFrom`: the refused request may have published it after all, from then (see
   * Outcome's retry).
   */
  | { unpublished: string; reason: string; publishedFrom?: number };

/** A look that met the token refused. */
export const isRefused = (looked: Looked): looked is { refused: string } =>
  typeof looked === "object" && looked !== null && "refused" in looked;

/** A look that found the channel gone. */
export const isGone = (looked: Looked): looked is { gone: string } =>
  typeof looked === "object" && looked !== null && "gone" in looked;

/** A look that met a scope the token lacks. */
export const lacksScope = (looked: Looked): looked is { scope: string } =>
  typeof looked === "object" && looked !== null && "scope" in looked;

/** An earlier attempt that may have posted: when it started, and what it sent. */
export interface Lookup {
  channel: Channel;
  reply: Reply;
  key: string;
  /** ms: the first attempt of this delivery. */
  since: number;
  token: string;
  /**
   * Nothing is posted after this lookup whatever it answers (the item was withdrawn, or the channel's
   * alerts turned off): null must mean the earlier attempt surely did not post.
   */
  lookOnly?: boolean;
  /** A post found is left as it is, not published further (the item was withdrawn). */
  leaveAsIs?: boolean;
  /** Where the last look stopped (its `from`, in the platform's own form): what it read holds no post. */
  from?: string;
  /**
   * The other forms the same post may have gone out as, which a look that matches the post's content
   * (Discord's) finds too: the other languages a delivery was frozen in (made before the channel's
   * language changed), a review card's brief (which stays the same while the full card gains sources).
   */
  otherForms?: readonly Reply[];
  /**
   * The only doubt is a server error's answer (see Outcome), and a post is to be made if none is found
   * (not `lookOnly`): when the channel's history cannot be read at all (no permission or scope), or
   * (Slack) holds more than a few checks can read, the post counts as not made (null).
   */
  afterServerError?: boolean;
}

/**
 * A chat platform. `Input` is what its `parse` makes of a request (Discord: an Invocation to dispatch, or
 * a PING; Slack: the body Bolt reads, whose listeners make the Invocation).
 */
export interface Platform<Input = unknown> {
  readonly name: PlatformName;
  /** The POST path of its inbound webhook. */
  readonly route: string;
  /** Verify, parse, dispatch, render: one inbound request to its response. */
  handle(request: Request, env: Env, ctx: WaitUntil): Promise<Response>;
  /** Whether a raw body and its headers were signed by the platform, recently (else the answer is 401). */
  verify(body: Uint8Array, headers: Headers, env: Env): Promise<boolean>;
  /** A verified body as what it asks for; throws MalformedRequest when it is not one (the answer is 400). */
  parse(body: Uint8Array, headers: Headers): Input;
  /** A Reply as the JSON the platform takes for an answer to a command or a click. */
  render(reply: Reply): unknown;
  /**
   * How the platform learns the commands: Discord's application-command JSON (PUT to the API), Slack's
   * app manifest (pasted into the app's settings), whose request URLs start with `origin`.
   */
  registration(commands: readonly Command[], origin: string): unknown;
  /**
   * The bot token for a workspace (Slack: its OAuth installation's). `spend` is told of the D1 queries
   * the lookup is about to make (at most one), for the invocation's budget; it may throw to refuse them.
   */
  token(env: Env, workspaceId: string, spend?: (queries: number) => void): Promise<BotToken>;
  /** The one token that serves every workspace without a token of its own (its refusal stops the platform). */
  sharedToken(env: Env): string | undefined;
  /** The pacing key of a post (one shared budget per token and route). */
  paceRoute(channel: Channel): string;
  /** Whose limits the channel's calls count against, when not the token's (see PaceKey.account). */
  paceAccount(channel: Channel): string | undefined;
  /** The channel's own limit on posts, kept beside `paceRoute`'s (see PaceKey.lane). */
  paceLane(channel: Channel): string;
  /** The pacing route of one outbound call (a post, a lookup, a join), so an answer limits only what it concerns. */
  callRoute(url: string, method: string): string;
  /**
   * The call's own resource's limit beside `callRoute`, where the platform limits each one apart (see
   * PaceKey.lane): Discord's "GET /channels/123/messages", so a lookup's 429 holds that channel's next one.
   */
  callLane(url: string, method: string): string | undefined;
  /** Posts a rendered message, mapping the answer to an Outcome. */
  post(env: Env, post: Post, calls: Subrequests): Promise<Outcome>;
  /**
   * Replaces a posted message with a rendered reply, mapping the answer like `post`. A message or channel
   * that is gone ends the edit as done with that reason: an edit never disables a subscription.
   */
  edit(env: Env, edit: Edit, calls: Subrequests): Promise<Outcome>;
  /** The pacing key of an edit, as `callRoute` names its call. */
  editRoute(channel: Channel): string;
  /** The channel's own limit on edits, kept beside `editRoute`'s, where the platform has one (see PaceKey.lane). */
  editLane(channel: Channel): string | undefined;
  /**
   * Whether an earlier attempt that may have posted did: its message id, null when surely not,
   * undefined when the platform cannot tell yet ("check again later", never "post"), or not yet
   * either but without fault: look again after `waitSeconds` (the platform's limit on history reads),
   * from `from` (where this look stopped in the channel's history, for the next Lookup.from) when given;
   * `pause` (its reason) when the limit met holds for the whole platform (sending waits for it too).
   * Only such a look may leave the attempt uncounted, so it must move on (or wait for the limit).
   */
  findPosted(env: Env, lookup: Lookup, calls: Subrequests): Promise<Looked>;
  /** The most outbound calls one delivery can make (post, fallback, lookups), for budgeting. */
  readonly callsPerDelivery: number;
  /**
   * The most outbound calls a delivery that looks for nothing can make in `channel`, for budgeting: the
   * post, its plain-text fallback, and what follows a post made there (Discord's crosspost in the
   * announcement channel).
   */
  callsPerPost(env: Env, channel: Channel): number;
  /**
   * Requests a lookup of an earlier attempt can make under the post's pacing route (Discord: every
   * request counts toward the global limit; Slack: history is another method, paced on its own).
   */
  readonly lookupSlots: number;
  /**
   * The pacing route of a lookup limited apart from posts (Slack's conversations.history): each lookup
   * takes a slot of its own there first, and waits for its turn instead of reading when none is free.
   */
  readonly lookupRoute?: string;
  /** Readies a channel for deliveries when alerts are turned on (Slack joins it); what stands in the way when it cannot. */
  prepareChannel(env: Env, channel: Channel): Promise<ChannelProblem | undefined>;
  /**
   * Announcement mode: makes the channel follow the bot's announcement channel, where the platform has one;
   * `claim` (see CommandContext's follow) is asked before the platform's first call, and "busy" answered when it says no.
   */
  follow(env: Env, channel: Channel, claim?: () => Promise<boolean>): Promise<FollowResult>;
}

/** The part of an execution context a handler uses: work that goes on after the response. */
export interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * The pacing key of a post to a channel, or of an edit there, made with `token`: the platform's route, the
 * channel's own lane of it, and whose limits the calls count against. Deliveries, withdrawals and review
 * cards all take their turns under it, so that they are paced as one.
 */
export function paceKey(platform: Platform, channel: Channel, token: string, call: "post" | "edit"): PaceKey {
  return {
    platform: platform.name,
    token,
    route: call === "post" ? platform.paceRoute(channel) : platform.editRoute(channel),
    lane: call === "post" ? platform.paceLane(channel) : platform.editLane(channel),
    account: platform.paceAccount(channel),
  };
}

/**
 * The pacing key of one call made for a post or an edit (`pace`): the post or edit itself speaks for its
 * channel's lane, another call for its own (`lane`, see Platform.callLane), or for none.
 */
export const callKey = (pace: PaceKey, route: string, lane?: string): PaceKey =>
  route === pace.route ? pace : { ...pace, route, lane };
