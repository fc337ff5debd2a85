// @slack/bolt inside the Worker. Only src/slack/route.ts imports this file, and only with a dynamic
// import(), so Bolt's code is evaluated on the first Slack request and never on the Discord path.
// WorkerReceiver is written here because Bolt ships receivers for Node's HTTP server, AWS Lambda and
// Socket Mode, but none that takes a fetch Request: it hands Bolt the parsed body and resolves the
// HTTP response from ack().
import { App, LogLevel, type Receiver, type ReceiverEvent } from "@slack/bolt";
import { COMMANDS } from "../../commands/index";
import { commandContext } from "../context";
import { runCommand, runComponent } from "../dispatch";
import type { Env } from "../env";
import { json } from "../http";
import { t } from "../i18n/strings";
import { logError, logEvent } from "../log";
import { isReviewModal } from "../news/modal";
import { handleReviewAction, isReviewAction } from "../news/review";
import { hint } from "../reply";
import { type SlackActionPayload, type SlashCommandBody, toSlackAction, toSlackInvocation } from "./parse";
import { toSlackResponse } from "./render";

type Body = Record<string, unknown>;

function ackResponse(response: unknown): Response {
  if (response === undefined || response === null || response === "") return new Response(null, { status: 200 });
  if (typeof response === "string")
    return new Response(response, { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
  // Slack shows raw JSON unless the content type says it is JSON.
  return json(response);
}

class WorkerReceiver implements Receiver {
  private app: App | undefined;

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** Hands one verified request to Bolt. Work after ack() goes on in waitUntil. */
  handle(body: Body, waitUntil: (promise: Promise<unknown>) => void, fallback: () => Response): Promise<Response> {
    const app = this.app;
    if (!app) return Promise.resolve(fallback());
    return new Promise((resolve) => {
      let acked = false;
      const event: ReceiverEvent = {
        body,
        ack: async (response?: unknown) => {
          if (acked) return;
          acked = true;
          resolve(ackResponse(response));
        },
      };
      const processing = app
        .processEvent(event)
        .catch((error: unknown) => logError("slack.failed", error, {}))
        .finally(() => {
          if (!acked) {
            acked = true;
            resolve(fallback());
          }
        });
      waitUntil(processing);
    });
  }
}

/** workerd refuses redirect: "error" and must call fetch unbound; the Web API client does both otherwise. */
const workerFetch: typeof fetch = (input, init) =>
  fetch(input, init?.redirect === "error" ? { ...init, redirect: "manual" } : init);

function createApp(env: Env): { app: App; receiver: WorkerReceiver } {
  const receiver = new WorkerReceiver();
  const app = new App({
    receiver,
    token: env.SLACK_BOT_TOKEN ?? "xoxb-not-configured",
    // Given up front so Bolt never calls auth.test over the network.
    botId: "B0TRAUMACODE",
    botUserId: "U0TRAUMACODE",
    convoStore: false,
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
    clientOptions: {
      slackApiUrl: `${(env.SLACK_API_BASE ?? "https://slack.com/api").replace(/\/$/, "")}/`,
      retryConfig: { retries: 2 },
      rejectRateLimitedCalls: true,
      fetch: workerFetch,
    },
  });
  for (const command of COMMANDS) {
    app.command(`/${command.name}`, async ({ command: body, ack }) => {
      const started = Date.now();
      const invocation = toSlackInvocation(command, body as SlashCommandBody);
      const reply = await runCommand(invocation, commandContext(env), { usage: command.usage });
      await ack(toSlackResponse(reply));
      logEvent("interaction", {
        platform: "slack",
        kind: "command",
        command: command.name,
        id: invocation.requestId,
        outcome: reply.visibility === "ephemeral" ? "hint" : "ok",
        ms: Date.now() - started,
      });
    });
  }
  // Buttons and menus: acknowledge at once, then answer through response_url (in place or privately).
  app.action(/.*/, async ({ action, body, ack, respond }) => {
    await ack();
    const started = Date.now();
    const { invocation, actionId, values } = toSlackAction(body as unknown as SlackActionPayload, action);
    const answer = isReviewAction(actionId)
      ? await handleReviewAction(actionId, values, invocation.facts, env)
      : await runComponent(invocation, actionId, values, commandContext(env));
    // Forms are answered only on Discord; on Slack, Edit points to the command line.
    const reply = isReviewModal(answer) ? hint("Edit with `npm run news -- edit`.") : answer;
    await respond({ ...toSlackResponse(reply), replace_original: reply.replace === true });
    logEvent("interaction", {
      platform: "slack",
      kind: "component",
      outcome: reply.visibility === "ephemeral" ? "hint" : "ok",
      ms: Date.now() - started,
    });
  });
  app.error(async (error) => {
    logError("slack.listener", error, {});
  });
  return { app, receiver };
}

let cached: { token?: string; base?: string; receiver: WorkerReceiver } | undefined;

function receiverFor(env: Env): WorkerReceiver {
  if (!cached || cached.token !== env.SLACK_BOT_TOKEN || cached.base !== env.SLACK_API_BASE) {
    cached = { token: env.SLACK_BOT_TOKEN, base: env.SLACK_API_BASE, receiver: createApp(env).receiver };
  }
  return cached.receiver;
}

/** A verified Slack slash command or interactivity payload, answered through Bolt. */
export function handleWithBolt(body: Body, env: Env, waitUntil: (promise: Promise<unknown>) => void): Promise<Response> {
  const unknown = () => {
    const name = typeof body.command === "string" ? body.command.replace(/^\//, "") : "";
    return name
      ? json(toSlackResponse(hint(t("en", "error.unknownCommand", { name: name.slice(0, 32) }))))
      : new Response(null, { status: 200 });
  };
  return receiverFor(env).handle(body, waitUntil, unknown);
}
