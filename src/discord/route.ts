// POST /discord/interactions: verify, parse, dispatch, render, all inside the request.
import type { Choice } from "../command";
import { type ContextOptions, commandContext } from "../context";
import {
  answerAutocomplete,
  answerCommand,
  answerComponent,
  type Invocation,
  keptAnswer,
  outcomeOf,
  privateWhereRequired,
  replyForError,
} from "../dispatch";
import type { Env } from "../env";
import { type FeatureComponents, isFeatureComponent } from "../features";
import { json, MalformedRequest, readBody } from "../http";
import { t } from "../i18n/strings";
import { type InteractionKind, type InteractionOutcome, logInteraction } from "../log";
import { hint, type Reply } from "../reply";
import { followAnnouncements } from "./api";
import { applicationIdOf, type DiscordInput, parseDiscordInteraction, type Question, questionOf, requestIdOf } from "./parse";
import { toDiscordAnswer, toDiscordChoices } from "./render";
import { verifyDiscordRequest } from "./verify";

/** The interactions endpoint's path (set once in the developer portal). */
export const DISCORD_ROUTE = "/discord/interactions";

const decoder = new TextDecoder();

/** What commands may do to a Discord channel: follow the bot's announcement channel. */
const discordChannelOps = (env: Env): ContextOptions => ({
  follow: (channel, claim) => followAnnouncements(env, channel.channelId, claim),
});

/** Where this Worker finds the features' buttons (src/features.ts), or whom it hands them to. */
export interface DiscordRouteOptions {
  /** The features, where this Worker has them: the back Worker, the bot as one Worker. */
  features?: FeatureComponents;
  /**
   * Where a feature's press goes instead (the front Worker: to the back): the interaction as Discord sent
   * it, answered there; undefined when it could not be handed over.
   */
  handOver?: (request: Request) => Promise<Response | undefined>;
}

/** Ed25519 over the timestamp and the raw body, with the application's public key. */
export const verifyDiscord = (body: Uint8Array, headers: Headers, env: Env, nowMs?: number): Promise<boolean> =>
  verifyDiscordRequest(
    body,
    { signature: headers.get("x-signature-ed25519"), timestamp: headers.get("x-signature-timestamp") },
    env.DISCORD_PUBLIC_KEY,
    nowMs,
  );

/** A verified body's JSON. */
function readJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(body));
  } catch {
    throw new MalformedRequest("body is not JSON");
  }
}

/** A verified body as an interaction: a PING, or an Invocation with what kind of interaction it is. */
export const parseDiscord = (body: Uint8Array): DiscordInput => parseDiscordInteraction(readJson(body));

/** The interaction's log line: one per interaction answered. */
const logAnswered = (kind: InteractionKind, command: string, id: string, outcome: InteractionOutcome, started: number) =>
  logInteraction("discord", kind, command, id, outcome, Date.now() - started);

export async function handleDiscord(
  request: Request,
  env: Env,
  { features, handOver }: DiscordRouteOptions = {},
): Promise<Response> {
  const started = Date.now();
  const body = await readBody(request);
  if (body instanceof Response) return body;
  if (!(await verifyDiscord(body, request.headers, env, started))) return json({ error: "invalid request signature" }, 401);

  let input: DiscordInput;
  let question: Question | undefined;
  let value: unknown;
  try {
    value = readJson(body);
    // A repeated question (fans ask the same ones), or a repeated click on a pure command's button or menu,
    // is answered from the rendered-answer cache before the rest of the interaction is read.
    question = questionOf(value);
    const kept = question && keptAnswer<Uint8Array>("discord", question.key, env);
    if (question && kept) {
      logAnswered(question.kind, question.command, requestIdOf(value), "cached", started);
      return jsonText(kept);
    }
    input = parseDiscordInteraction(value);
  } catch (error) {
    const reason = error instanceof MalformedRequest ? error.message : "body is not JSON";
    return json({ error: `malformed interaction: ${reason}` }, 400);
  }
  if (input.kind === "ping") return json({ type: 1 });

  const { invocation } = input;
  // Built only when an answer is not already rendered.
  const context = () =>
    commandContext(env, {
      origin: new URL(request.url).origin,
      applicationId: applicationIdOf(value),
      ...discordChannelOps(env),
      features,
    });
  const log = (outcome: InteractionOutcome) =>
    logAnswered(input.kind, invocation.command, invocation.requestId, outcome, started);

  if (input.kind === "autocomplete") {
    // A repeated query (fans type the same names) is answered from the rendered-answer cache.
    const { answer, cached } = await answerAutocomplete(
      invocation,
      input.focused,
      input.query,
      env,
      "discord",
      renderChoices,
      context,
      { key: question?.key },
    );
    log(cached ? "cached" : "ok");
    return jsonText(answer);
  }

  if (input.kind === "command") {
    // A repeated question to a pure command is answered from the rendered-answer cache.
    const { answer, reply } = await answerCommand(invocation, env, "discord", render, context, { key: question?.key });
    log(outcomeOf(reply));
    return jsonText(answer);
  }

  if (input.kind === "component") {
    if (handOver && isFeatureComponent(input.customId)) {
      // Verified here; the Worker it goes to verifies it again, as it would any request.
      const answered = await handOver(new Request(request.url, { method: "POST", headers: request.headers, body }));
      if (answered) return answered;
      log("error");
      return somethingWentWrong(invocation);
    }
    // A repeated click on a pure command's button or menu is answered from the rendered-answer cache.
    let answered: { answer: Uint8Array; reply?: Reply };
    try {
      answered = await answerComponent(invocation, input.customId, input.values, env, "discord", render, context);
    } catch (error) {
      log("error");
      return jsonText(render(privateWhereRequired(replyForError(error, invocation.locale, invocation), invocation.facts)));
    }
    const { answer, reply } = answered;
    log(outcomeOf(reply));
    return jsonText(answer);
  }

  log("unsupported");
  return somethingWentWrong(invocation);
}

/** "Something went wrong", as a hint to the asker. */
const somethingWentWrong = (invocation: Invocation) =>
  jsonText(render(privateWhereRequired(hint(t(invocation.locale, "error.generic")), invocation.facts)));

const render = (reply: Reply): Uint8Array => encoder.encode(JSON.stringify(toDiscordAnswer(reply)));
const renderChoices = (choices: Choice[]): Uint8Array => encoder.encode(JSON.stringify(toDiscordChoices(choices)));

const encoder = new TextEncoder();
const JSON_HEADERS = { "content-type": "application/json" };
const jsonText = (body: Uint8Array) => new Response(body, { headers: JSON_HEADERS });
