// @slack/bolt inside the Worker. The back Worker (src/workers/back.ts) imports this file at start-up;
// deployed as one Worker, only src/slack/route.ts imports it, with a dynamic import(), so Bolt's code is
// evaluated on the first Slack request and never on the Discord path.
// WorkerReceiver is written here because Bolt ships receivers for Node's HTTP server, AWS Lambda and
// Socket Mode, but none that takes a fetch Request: it hands Bolt the parsed body and resolves the
// HTTP response from ack().

import { env as workerEnv } from "cloudflare:workers";
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
// Bolt's App module itself, not the package index: the index also evaluates (and bundles) the Express
// and AWS Lambda receivers and re-exports @slack/oauth, none of which this Worker uses. Bolt's version
// is pinned in package.json; the Slack tests and `npm run bench` (which answers a Slack command with the
// bundle as wrangler builds it) go through this App end to end.
import * as AppModule from "@slack/bolt/dist/App";
import { findCommand } from "../../commands/index";
import { commandContext } from "../context";
import { answerCommand, type Invocation, outcomeOf, runComponent, unknownCommand } from "../dispatch";
import type { Env } from "../env";
import { featureComponents } from "../feature-components";
import { json } from "../http";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locale";
import { t } from "../i18n/strings";
import { slackInstallHint } from "../install-hint";
import { installLinks } from "../install-links";
import { type InteractionOutcome, logError, logEvent, logInteraction } from "../log";
import { REQUEST_TIMEOUT_MS } from "../platform-outcome";
import { hint, literal, type Reply } from "../reply";
import { prepareSlackChannel } from "./api";
import { slackTokenFor } from "./install-store";
import { type SlackActionPayload, type SlashCommandBody, toSlackAction, toSlackInvocation } from "./parse";
import { SLACK_LINK_ACTION_PREFIX, toSlackResponse } from "./render";

/**
 * App.js is CommonJS with `exports.default = App`. Bundled by wrangler (esbuild, in a `"type": "module"`
 * package) the default import is the whole `module.exports`; under Vite it is `exports.default`. Either way
 * this is the class.
 */
const BoltApp = ((AppModule.default as unknown as { default?: typeof App }).default ?? AppModule.default) as typeof App;
const { LogLevel } = AppModule;

type Body = Record<string, unknown>;

/** What WorkerReceiver adds to each event's context. */
interface RequestContext {
  requestEnv: Env;
  origin: string;
}

function ackResponse(response: unknown): Response {
  if (response === undefined || response === null || response === "") return new Response(null, { status: 200 });
  if (typeof response === "string")
    return new Response(response, { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
  // Slack shows raw JSON unless the content type says it is JSON.
  return json(response);
}

/**
 * How long a request waits for Bolt's acknowledgement. Slack shows the user operation_timeout when the
 * answer takes more than 3 seconds (the way there and back included); what stands in the way is most
 * often a lookup before the listener runs (the workspace's token in D1, auth.test for SLACK_BOT_TOKEN).
 * Past this, the request is answered with an empty 200, and the answer, once there, goes to the
 * request's response_url instead, as Slack has commands that take longer answer.
 */
export const ACK_WAIT_MS = 2000;

/** An answer that came after the request was acknowledged, sent to its response_url; nothing to send is sent nowhere. */
async function answerLate(body: Body, response: unknown): Promise<void> {
  if (response === undefined || response === null || response === "") return;
  const url = typeof body.response_url === "string" ? body.response_url : undefined;
  if (!url) return;
  const message = typeof response === "string" ? { text: response } : response;
  try {
    const sent = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await sent.body?.cancel();
    if (!sent.ok) logEvent("slack.late_answer", { status: sent.status });
  } catch (error) {
    logError("slack.late_answer", error, {});
  }
}

class WorkerReceiver implements Receiver {
  private app: App | undefined;

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /**
   * Hands one verified request to Bolt. Work after ack() goes on in waitUntil; so does an answer that
   * comes after ACK_WAIT_MS, sent to the response_url. `fallback` is what a request no listener
   * acknowledged is answered with.
   */
  handle(
    body: Body,
    env: Env,
    origin: string,
    waitUntil: (promise: Promise<unknown>) => void,
    fallback: () => unknown,
  ): Promise<Response> {
    const app = this.app;
    if (!app) return Promise.resolve(ackResponse(fallback()));
    return new Promise((resolve) => {
      // "waiting" for Bolt's ack; "late" once the empty 200 went out in its place; "done" once answered.
      let state: "waiting" | "late" | "done" = "waiting";
      const timer = setTimeout(() => {
        if (state !== "waiting") return;
        state = "late";
        resolve(ackResponse(undefined));
      }, ACK_WAIT_MS);
      const answer = async (response: unknown) => {
        if (state === "done") return;
        clearTimeout(timer);
        if (state === "waiting") resolve(ackResponse(response));
        const late = state === "late";
        state = "done";
        if (late) await answerLate(body, response);
      };
      const event: ReceiverEvent = {
        body,
        // This request's bindings and the address it came to (for install links): listeners read them
        // from the context, since the App outlives the request it was built in.
        customProperties: { requestEnv: env, origin },
        ack: answer,
      };
      const processing = app
        .processEvent(event)
        .catch((error: unknown) => logError("slack.failed", error, {}))
        .finally(() => answer(fallback()));
      waitUntil(processing);
    });
  }
}

/** workerd refuses redirect: "error" and must call fetch unbound; the Web API client does both otherwise. */
const workerFetch: typeof fetch = (input, init) =>
  fetch(input, init?.redirect === "error" ? { ...init, redirect: "manual" } : init);

/**
 * What a workspace without an installation is told: where to install the app, or, on a deployment whose
 * Slack install is not set up (its /slack/install answers "not set up"), that it takes no new workspaces.
 */
function notInstalled(env: Env, origin: string, locale: Locale = DEFAULT_LOCALE): Reply {
  return hint(slackInstallHint(locale, installLinks(env, origin).slack));
}

/** What is said when the workspace's token could not be looked up, or a listener failed before answering. */
const tryAgain = (locale: Locale = DEFAULT_LOCALE): Reply => hint(t(locale, "error.generic"));

/** A command the bot does not have (an old manifest's): the commands there are, with the name as typed made inert. */
const unknownSlackCommand = (invocation: Invocation): Reply => unknownCommand(invocation.locale, invocation.command, literal);

const contextFor = (env: Env, origin: string) =>
  commandContext(env, { origin, prepareChannel: (channel) => prepareSlackChannel(env, channel), features: featureComponents });

function createApp(env: Env): { app: App; receiver: WorkerReceiver } {
  const receiver = new WorkerReceiver();
  const app = new BoltApp({
    receiver,
    // Each workspace's own token (its OAuth installation, else SLACK_BOT_TOKEN). A workspace with
    // neither is still let through, marked, so it can be told how to install; so is one whose token
    // could not be looked up, to be told to try again.
    authorize: async ({ teamId, enterpriseId }) => {
      let auth: Awaited<ReturnType<typeof slackTokenFor>>;
      try {
        auth = await slackTokenFor(env, teamId, enterpriseId);
      } catch (error) {
        // Thrown here, Bolt would acknowledge with an empty 200 and the user would see nothing.
        logError("slack.authorize", error, { team: teamId, enterprise: enterpriseId });
        return { lookupFailed: true };
      }
      // Without OAuth there is nothing to install: answers need no token, so they still go out.
      if (!auth) return env.SLACK_TOKEN_KEY ? { notInstalled: true } : {};
      // No botToken: the listeners post through src/slack/api.ts, which looks the token up itself, and
      // given one Bolt would build a Web API client for each workspace's first request. The bot ids are
      // given so Bolt never calls auth.test over the network.
      return { botId: auth.botId ?? "B0TRAUMACODE", botUserId: auth.botUserId ?? "U0TRAUMACODE" };
    },
    convoStore: false,
    // Its one use is dropping events the bot itself caused; events never reach Bolt here (src/slack/route.ts
    // answers the two it subscribes to), so it would be one more middleware on every command and click.
    ignoreSelf: false,
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
    clientOptions: {
      slackApiUrl: `${(env.SLACK_API_BASE ?? "https://slack.com/api").replace(/\/$/, "")}/`,
      retryConfig: { retries: 2 },
      rejectRateLimitedCalls: true,
      fetch: workerFetch,
    },
  });
  // One listener for every command: Bolt runs each event through every listener's middleware, so one
  // listener per command made every command pay for the whole list.
  app.command(/^\/./, async ({ command: body, ack, context }) => {
    const command = findCommand(((body as SlashCommandBody).command ?? "").slice(1));
    const started = Date.now();
    const { requestEnv: env, origin } = context as unknown as RequestContext;
    const invocation = toSlackInvocation(command, body as SlashCommandBody);
    const log = (outcome: InteractionOutcome) =>
      logInteraction("slack", "command", invocation.command, invocation.requestId, outcome, Date.now() - started);
    // Answered before the command runs, and logged all the same: a workspace told to install, or to try
    // again, is what an operator looks for when its fans say the bot does not answer.
    if (context.lookupFailed || context.notInstalled || !command) {
      const reply = context.lookupFailed
        ? tryAgain(invocation.locale)
        : context.notInstalled
          ? notInstalled(env, origin, invocation.locale)
          : unknownSlackCommand(invocation);
      await ack(toSlackResponse(reply));
      return log(context.lookupFailed ? "error" : "hint");
    }
    const { answer, reply } = await answerCommand(invocation, env, "slack", toSlackResponse, () => contextFor(env, origin), {
      usage: command.usage,
    });
    await ack(answer);
    log(outcomeOf(reply));
  });
  // Buttons and menus: acknowledge at once, then answer through response_url (in place or privately).
  app.action(/.*/, async ({ action, body, ack, respond, context }) => {
    await ack();
    const started = Date.now();
    const { invocation, actionId, values } = toSlackAction(body as unknown as SlackActionPayload, action);
    // A link button opens its page in the browser; Slack still reports the click, which needs no answer,
    // not even when the workspace's token could not be looked up.
    if (actionId.startsWith(SLACK_LINK_ACTION_PREFIX)) return;
    const { requestEnv: env, origin } = context as unknown as RequestContext;
    if (context.lookupFailed || context.notInstalled) {
      const { locale } = invocation;
      const reply = context.lookupFailed ? tryAgain(locale) : notInstalled(env, origin, locale);
      await respond({ ...toSlackResponse(reply), replace_original: false });
      logInteraction(
        "slack",
        "component",
        "",
        invocation.requestId,
        context.lookupFailed ? "error" : "hint",
        Date.now() - started,
      );
      return;
    }
    const reply = await runComponent(invocation, actionId, values, contextFor(env, origin));
    await respond({ ...toSlackResponse(reply), replace_original: reply.replace === true });
    logInteraction("slack", "component", "", invocation.requestId, outcomeOf(reply), Date.now() - started);
  });
  app.error(async (error) => {
    logError("slack.listener", error, {});
  });
  return { app, receiver };
}

let cached: { key: string; receiver: WorkerReceiver } | undefined;

function receiverFor(env: Env): WorkerReceiver {
  // What the App reads from env when it is built (its authorize and its client's API address); the
  // token itself is looked up per request, and listeners get the request's own env.
  const key = JSON.stringify([env.SLACK_BOT_TOKEN, env.SLACK_TOKEN_KEY, env.SLACK_CLIENT_ID, env.SLACK_API_BASE]);
  if (cached?.key !== key) cached = { key, receiver: createApp(env).receiver };
  return cached.receiver;
}

// Bolt's App (its middleware, the Web API client, a listener per command) is built when this module is
// evaluated, from the Worker's env: at start-up in the back Worker, which has its own, larger CPU budget,
// rather than in the first Slack request. A request whose env differs in what the App reads gets its own.
receiverFor(workerEnv as Env);

/** A verified Slack slash command or interactivity payload, answered through Bolt. */
export function handleWithBolt(
  body: Body,
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  origin: string,
): Promise<Response> {
  // What a request no listener acknowledged gets: a command (one no listener matched, or whose listener
  // failed before answering) is still told something; anything else needs only the 200.
  const unanswered = () => {
    if (typeof body.command !== "string") return undefined;
    const command = findCommand(body.command.slice(1));
    const invocation = toSlackInvocation(command, body as SlashCommandBody);
    return toSlackResponse(command ? tryAgain(invocation.locale) : unknownSlackCommand(invocation));
  };
  return receiverFor(env).handle(body, env, origin, waitUntil, unanswered);
}
