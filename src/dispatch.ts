// The platform-neutral path from "this command with these raw options" to a Reply. Discord and Slack
// both parse into an Invocation and render whatever comes back.
import { COMMANDS, findCommand, findComponent, isPureComponent } from "../commands/index";
import { AnswerCache, answerKey, clickKey } from "./answer-cache";
import type { Choice, CommandContext, CommandFacts } from "./command";
import { COMPONENT_ID_MAX, validateOptions } from "./command";
import { ContentUnavailable, loadContent, readyContent } from "./content/store";
import type { Env } from "./env";
import { UserError } from "./errors";
import { isLocale, type Locale } from "./i18n/locale";
import { t } from "./i18n/strings";
import { type InteractionOutcome, logError } from "./log";
import type { PlatformName } from "./platform-name";
import { hint, type Reply } from "./reply";
import { fitted } from "./text";

export interface Invocation {
  command: string;
  /** Raw option values by name, not yet checked. */
  options: Record<string, unknown>;
  locale: Locale;
  facts: CommandFacts;
  /** The interaction or request id, for logs. */
  requestId: string;
}

/** Any failure as an ephemeral reply: UserErrors explain themselves, everything else is logged. */
export function replyForError(
  error: unknown,
  locale: Locale,
  where: { command: string; requestId: string },
  { usage }: { usage?: string } = {},
): Reply {
  if (error instanceof UserError) {
    const text = t(locale, error.key, error.params);
    return hint(usage && error.key.startsWith("error.") ? `${text}\n${t(locale, "usage", { usage: `\`${usage}\`` })}` : text);
  }
  logError("command.failed", error, { command: where.command, id: where.requestId });
  if (error instanceof ContentUnavailable) return hint(t(locale, "error.contentUnavailable"));
  return hint(t(locale, "error.generic"));
}

/** How much of an unknown command's name is repeated back. */
const SHOWN_NAME_MAX = 32;

/**
 * What a command the bot does not have is told: its name, and the commands there are. `shown` prepares
 * the name for where it is repeated: Discord's command names are its own registered ones, while Slack
 * sends whatever an app manifest (an old one, or anyone's) declared, so Slack passes `literal`.
 */
export const unknownCommand = (locale: Locale, name: string, shown: (name: string) => string = (n) => n): Reply =>
  hint(
    t(locale, "error.unknownCommand", {
      name: shown(fitted(name, SHOWN_NAME_MAX)),
      commands: COMMANDS.map((c) => `\`/${c.name}\``).join(", "),
    }),
  );

/** `usage` is added to hints about options that did not fit (Slack, where options are typed as free text). */
export async function runCommand(
  invocation: Invocation,
  ctx: CommandContext,
  { usage }: { usage?: string } = {},
): Promise<Reply> {
  const { locale } = invocation;
  const command = findCommand(invocation.command);
  if (!command) return unknownCommand(locale, invocation.command);
  try {
    // Options are named in the client's language, which shows them so, not the answer's, which the language option may change.
    const { localizedOptionNames, clientLocale, platform } = invocation.facts;
    const options = validateOptions(command, invocation.options, localizedOptionNames ? clientLocale : undefined, platform);
    return await command.run({ options, locale, facts: invocation.facts }, ctx);
  } catch (error) {
    return replyForError(error, locale, invocation, { usage });
  }
}

/** Rendered answers, a cache per platform: a hit looks up the key the platform read, with nothing added to it. */
const answers: Record<PlatformName, AnswerCache<unknown>> = { discord: new AnswerCache(), slack: new AnswerCache() };

/**
 * A command's answer, rendered for the platform. A pure command's public answer is kept per platform
 * and content version, so a repeated question skips building the context, the answer and its rendering.
 * It is kept under `key` when the platform read one from the request (see keptAnswer), else under the
 * command, its options, the answer's language and the client's.
 */
export function answerCommand<R>(
  invocation: Invocation,
  env: Pick<Env, "CONTENT">,
  platform: PlatformName,
  render: (reply: Reply) => R,
  context: () => CommandContext,
  options: { usage?: string; key?: string } = {},
): Promise<{ answer: R; reply?: Reply }> {
  const pure = findCommand(invocation.command)?.pure === true;
  return cachedAnswer(
    pure
      ? (options.key ?? answerKey(invocation.command, invocation.options, invocation.locale, invocation.facts.clientLocale))
      : undefined,
    answers[platform],
    invocation.facts,
    env,
    render,
    async () => runCommand(invocation, context(), options),
  );
}

/** What an answer came to, for the interaction's log line: kept from before (no reply built), a hint, or an answer. */
export const outcomeOf = (reply: Reply | undefined): InteractionOutcome =>
  !reply ? "cached" : reply.visibility === "ephemeral" ? "hint" : "ok";

/**
 * A pure command's answer as already rendered for the platform, under the key the platform read from the
 * request (`key` in answerCommand's options), or undefined: nothing is built, and content still loading
 * counts as not kept. answerCommand and answerAutocomplete keep only pure commands' answers, so any other
 * command misses here.
 */
export function keptAnswer<R>(platform: PlatformName, key: string, env: Pick<Env, "CONTENT">): R | undefined {
  const version = readyContent(env.CONTENT)?.version;
  return version === undefined ? undefined : (answers[platform].get(version, key) as R | undefined);
}

/**
 * A click's answer, rendered for the platform: kept like a command's when the component belongs to a pure
 * command (the episode card behind "Next", a character chosen in the roster's menu).
 */
export function answerComponent<R>(
  invocation: Invocation,
  customId: string,
  values: readonly string[],
  env: Pick<Env, "CONTENT">,
  platform: PlatformName,
  render: (reply: Reply) => R,
  context: () => CommandContext,
): Promise<{ answer: R; reply?: Reply }> {
  const pure = isPureComponent(customId.slice(0, customId.indexOf(":")));
  return cachedAnswer(pure ? clickKey(customId, values) : undefined, answers[platform], invocation.facts, env, render, async () =>
    runComponent(invocation, customId, values, context()),
  );
}

/** The rendered answer under `key` for the current content version, or a fresh one, kept when public. */
async function cachedAnswer<R>(
  key: string | undefined,
  cache: AnswerCache<unknown>,
  facts: CommandFacts,
  env: Pick<Env, "CONTENT">,
  render: (reply: Reply) => R,
  build: () => Promise<Reply>,
): Promise<{ answer: R; reply?: Reply }> {
  // Only answers that may be public are kept: not where Discord lets a user-installed app answer privately only.
  let version = key !== undefined && facts.publicReplyAllowed !== false ? contentVersion(env) : undefined;
  if (version instanceof Promise) version = await version;
  const hit = version ? (cache.get(version, key as string) as R | undefined) : undefined;
  if (hit !== undefined) return { answer: hit };
  const reply = privateWhereRequired(await build(), facts);
  const answer = render(reply);
  if (version && reply.visibility === "public") cache.set(version, key as string, answer);
  return { answer, reply };
}

/**
 * Where only the asker's account has the app and the server does not allow its public answers, a public
 * answer goes to the asker privately rather than have Discord refuse or hide it.
 */
export function privateWhereRequired(reply: Reply, facts: CommandFacts): Reply {
  return facts.publicReplyAllowed === false && reply.visibility === "public" && reply.replace !== true
    ? { ...reply, visibility: "ephemeral" }
    : reply;
}

/**
 * Choices for the focused option, an empty list whenever anything is off, and whether they are the
 * option's own answer (false: a failure answered with none).
 */
async function autocompleteChoices(
  invocation: Invocation,
  focused: string,
  query: unknown,
  ctx: CommandContext,
): Promise<{ choices: Choice[]; answered: boolean }> {
  const option = findCommand(invocation.command)?.options[focused];
  if (option?.type !== "string" || !option.autocomplete) return { choices: [], answered: true };
  try {
    const text = typeof query === "string" ? query.slice(0, 100) : "";
    return { choices: await option.autocomplete(text, invocation.locale, ctx), answered: true };
  } catch (error) {
    logError("autocomplete.failed", error, { command: invocation.command, id: invocation.requestId });
    return { choices: [], answered: false };
  }
}

/**
 * Autocomplete choices, rendered for the platform. Autocomplete fires on every keystroke and fans type the
 * same names, and a pure command's choices depend only on the content, the query and the language, so they
 * are kept like its answers (never a failure's empty list).
 */
export async function answerAutocomplete<R>(
  invocation: Invocation,
  focused: string,
  query: unknown,
  env: Pick<Env, "CONTENT">,
  platform: PlatformName,
  render: (choices: Choice[]) => R,
  context: () => CommandContext,
  options: { key?: string } = {},
): Promise<{ answer: R; cached: boolean }> {
  // Only a text query is kept: any other value (a signed body may hold anything) is not made into a key.
  // It is kept under `key` when the platform read one from the request (see keptAnswer), as answerCommand does.
  const kept = findCommand(invocation.command)?.pure === true && typeof query === "string" && query.length <= 100;
  const key = kept
    ? (options.key ?? `\u0002${invocation.command}\u0000${focused}\u0000${invocation.locale}\u0000${query}`)
    : undefined;
  let version = key ? contentVersion(env) : undefined;
  if (version instanceof Promise) version = await version;
  const cache = answers[platform];
  const hit = key && version ? (cache.get(version, key) as R | undefined) : undefined;
  if (hit !== undefined) return { answer: hit, cached: true };
  const { choices, answered } = await autocompleteChoices(invocation, focused, query, context());
  const answer = render(choices);
  if (key && version && answered) cache.set(version, key, answer);
  return { answer, cached: false };
}

/**
 * The content version the rendered answers are kept for; undefined when the content cannot be read.
 * Awaited only when the content is not already in memory and fresh (an isolate's first request, every
 * CACHE_MS), so a cached answer goes back without waiting on a promise.
 */
const contentVersion = (env: Pick<Env, "CONTENT">): string | Promise<string | undefined> =>
  readyContent(env.CONTENT)?.version ??
  loadContent(env.CONTENT).then(
    (c) => c.version,
    () => undefined,
  );

/** How much of a component id goes into logs. */
const LOGGED_ID_MAX = 20;

/**
 * A button click or menu choice: the component is found by the prefix of its id (`prefix:arg:lang` or
 * `prefix:lang`); a stale, malformed or forged id gets a hint.
 */
export async function runComponent(
  invocation: Invocation,
  customId: string,
  values: readonly string[],
  ctx: CommandContext,
): Promise<Reply> {
  const parts = customId.split(":");
  const locale = parts.at(-1);
  const component =
    parts.length === 2 || parts.length === 3
      ? (findComponent(parts[0] as string) ?? (await ctx.featureComponent(parts[0] as string)))
      : undefined;
  // What only the clicker is told of a click that failed (an expired or forged id, a refusal, an apology)
  // is said in their client's language where the platform says it (Discord), else the answer's, which a
  // button carries and which may be someone else's. What the click shows or changes stays in the answer's.
  const clickerLocale = invocation.facts.clientLocale ?? (isLocale(locale) ? locale : invocation.locale);
  if (customId.length > COMPONENT_ID_MAX || !isLocale(locale) || !component) return hint(t(clickerLocale, "error.staleButton"));
  try {
    return await component.run({ arg: parts.length === 3 ? parts[1] : undefined, values, locale, facts: invocation.facts }, ctx);
  } catch (error) {
    return replyForError(error, clickerLocale, {
      command: `component:${customId.slice(0, LOGGED_ID_MAX)}`,
      requestId: invocation.requestId,
    });
  }
}
