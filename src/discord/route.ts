// POST /discord/interactions: verify, parse, dispatch, render, all inside the request.
import { findCommand } from "../../commands/index";
import { AnswerCache, answerKey } from "../answer-cache";
import { loadContent } from "../content/store";
import { commandContext } from "../context";
import { replyForError, runAutocomplete, runCommand, runComponent } from "../dispatch";
import type { Env } from "../env";
import { json, readBody } from "../http";
import { t } from "../i18n/strings";
import { logEvent } from "../log";
import { isReviewModal, toDiscordModal } from "../news/modal";
import { handleReviewAction, isReviewAction } from "../news/review";
import { hint, type Reply } from "../reply";
import { MalformedInteraction, parseDiscordInteraction } from "./parse";
import { toDiscordResponse } from "./render";
import { verifyDiscordRequest } from "./verify";

const decoder = new TextDecoder();

export async function handleDiscord(request: Request, env: Env): Promise<Response> {
  const started = Date.now();
  const body = await readBody(request);
  if (body instanceof Response) return body;
  const verified = await verifyDiscordRequest(
    body,
    { signature: request.headers.get("x-signature-ed25519"), timestamp: request.headers.get("x-signature-timestamp") },
    env.DISCORD_PUBLIC_KEY,
  );
  if (!verified) return json({ error: "invalid request signature" }, 401);

  let input: ReturnType<typeof parseDiscordInteraction>;
  try {
    input = parseDiscordInteraction(JSON.parse(decoder.decode(body)));
  } catch (error) {
    const reason = error instanceof MalformedInteraction ? error.message : "body is not JSON";
    return json({ error: `malformed interaction: ${reason}` }, 400);
  }
  if (input.kind === "ping") return json({ type: 1 });

  const { invocation } = input;
  const log = (outcome: string) =>
    logEvent("interaction", {
      platform: "discord",
      kind: input.kind,
      command: invocation.command || undefined,
      id: invocation.requestId,
      outcome,
      ms: Date.now() - started,
    });

  if (input.kind === "autocomplete") {
    const choices = await runAutocomplete(invocation, input.focused, input.query, commandContext(env));
    log("ok");
    return json({ type: 8, data: { choices } });
  }

  // A repeated question to a pure command is answered from the rendered-answer cache.
  const cacheable = input.kind === "command" && findCommand(invocation.command)?.pure === true;
  const version = cacheable
    ? await loadContent(env.CONTENT).then(
        (c) => c.version,
        () => undefined,
      )
    : undefined;
  const key = version && answerKey(invocation.command, invocation.options, invocation.locale);
  const hit = version && key ? answers.get(version, key) : undefined;
  if (hit) {
    log("cached");
    return jsonText(hit);
  }

  const ctx = commandContext(env);
  let reply: Reply;
  let outcome = "ok";
  try {
    switch (input.kind) {
      case "command":
        reply = await runCommand(invocation, ctx);
        break;
      case "component":
        if (isReviewAction(input.customId)) {
          const answer = await handleReviewAction(input.customId, input.values, invocation.facts, env);
          if (isReviewModal(answer)) return json(toDiscordModal(answer));
          reply = answer;
        } else reply = await runComponent(invocation, input.customId, input.values, ctx);
        break;
      case "unsupported":
        reply = hint(t(invocation.locale, "error.generic"));
        outcome = "unsupported";
        break;
    }
  } catch (error) {
    reply = replyForError(error, invocation.locale, invocation);
    outcome = "error";
  }
  if (reply.visibility === "ephemeral" && outcome === "ok") outcome = "hint";
  log(outcome);
  const answer = encoder.encode(JSON.stringify(toDiscordResponse(reply)));
  if (version && key && reply.visibility === "public") answers.set(version, key, answer);
  return jsonText(answer);
}

const answers = new AnswerCache();

const encoder = new TextEncoder();
const JSON_HEADERS = { "content-type": "application/json" };
const jsonText = (body: Uint8Array) => new Response(body, { headers: JSON_HEADERS });
