// A verified Discord interaction body -> our neutral input. Nothing from discord-api-types leaves this
// folder; commands see an Invocation only.
import type { InteractionType, MessageFlags } from "discord-api-types/v10";
import { clickKey } from "../answer-cache";
import type { CommandFacts } from "../command";
import type { Invocation } from "../dispatch";
import { isJsonObject, MalformedRequest } from "../http";
import { fromDiscordLocale, resolveDiscordLocale } from "../i18n/locale";
import type { PermissionKey } from "../i18n/strings";

export type DiscordInput =
  | { kind: "ping" }
  | { kind: "command"; invocation: Invocation }
  | { kind: "autocomplete"; invocation: Invocation; focused: string; query: unknown }
  | { kind: "component"; invocation: Invocation; customId: string; values: string[] }
  | { kind: "unsupported"; invocation: Invocation };

type Json = Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

// discord-api-types is used for its types only: its runtime enums are CommonJS and would add their
// whole module to the Worker for a handful of numbers, so the few values needed are spelled out here.
const PING: InteractionType.Ping = 1;
const APPLICATION_COMMAND: InteractionType.ApplicationCommand = 2;
const MESSAGE_COMPONENT: InteractionType.MessageComponent = 3;
const AUTOCOMPLETE: InteractionType.ApplicationCommandAutocomplete = 4;
const MODAL_SUBMIT: InteractionType.ModalSubmit = 5;
const EPHEMERAL: MessageFlags.Ephemeral = 64;

/** Permission bits (PermissionFlagsBits in discord-api-types). */
export const PERMISSIONS = {
  ADMINISTRATOR: 1n << 3n,
  MANAGE_CHANNELS: 1n << 4n,
  MANAGE_GUILD: 1n << 5n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  EMBED_LINKS: 1n << 14n,
  /** Without it Discord lists a channel's messages as none (not a refusal): a lost post could not be found. */
  READ_MESSAGE_HISTORY: 1n << 16n,
  /** In a voice or stage channel, also needed to read its text chat's messages. */
  CONNECT: 1n << 20n,
  MANAGE_WEBHOOKS: 1n << 29n,
  /** In a locked thread, only members with it may post. */
  MANAGE_THREADS: 1n << 34n,
  /** In a thread this, not SEND_MESSAGES, lets the bot post. */
  SEND_MESSAGES_IN_THREADS: 1n << 38n,
  /** Lets a member's user-installed apps answer publicly in a server that has not added them. */
  USE_EXTERNAL_APPS: 1n << 50n,
} as const;

// ApplicationIntegrationType and InteractionContextType values.
const GUILD_INSTALL = "0";
const GUILD_CONTEXT = 0;

const MANAGE = PERMISSIONS.ADMINISTRATOR | PERMISSIONS.MANAGE_GUILD | PERMISSIONS.MANAGE_CHANNELS;

/** What the bot needs in a channel to post alerts there, by the string naming it as Discord's settings show users. */
export const BOT_CHANNEL_PERMISSIONS = {
  "permission.viewChannel": PERMISSIONS.VIEW_CHANNEL,
  "permission.sendMessages": PERMISSIONS.SEND_MESSAGES,
  "permission.embedLinks": PERMISSIONS.EMBED_LINKS,
} as const;

/**
 * What the bot needs in an alert channel to find a post whose answer was lost: without it Discord lists
 * the channel's messages as none, and the post would be taken for unmade and made again.
 */
export const BOT_LOOKUP_PERMISSIONS = {
  "permission.readMessageHistory": PERMISSIONS.READ_MESSAGE_HISTORY,
} as const;

/**
 * The same in a voice or stage channel's text chat: Discord lists its messages only to a bot that may
 * also connect to the channel, and answers Missing Access otherwise.
 */
export const BOT_VOICE_LOOKUP_PERMISSIONS = {
  ...BOT_LOOKUP_PERMISSIONS,
  "permission.connect": PERMISSIONS.CONNECT,
} as const;

/** Channel types with a voice (ChannelType.GuildVoice, GuildStageVoice) whose text chat alerts may go to. */
const VOICE_TYPES: readonly unknown[] = [2, 13];

/**
 * The same in a thread (announcement, public or private thread, a forum's post included): there Discord
 * asks for Send Messages in Threads, and Send Messages does not let the bot post.
 */
export const BOT_THREAD_PERMISSIONS = {
  "permission.viewChannel": PERMISSIONS.VIEW_CHANNEL,
  "permission.sendMessagesInThreads": PERMISSIONS.SEND_MESSAGES_IN_THREADS,
  "permission.embedLinks": PERMISSIONS.EMBED_LINKS,
} as const;

/** Channel types of threads (ChannelType.AnnouncementThread, PublicThread, PrivateThread). */
const THREAD_TYPES: readonly unknown[] = [10, 11, 12];

/**
 * Is the thread one a moderator locked, where the bot may not post? Discord refuses messages in a locked
 * thread to anyone without Manage Threads (Administrator includes it).
 */
function lockedToBot(thread: Json | undefined, appBits: bigint | undefined): boolean {
  if (!isJsonObject(thread?.thread_metadata) || thread.thread_metadata.locked !== true) return false;
  return appBits !== undefined && (appBits & (PERMISSIONS.ADMINISTRATOR | PERMISSIONS.MANAGE_THREADS)) === 0n;
}

/** What the bot needs in a channel to make it follow the announcement channel (Discord adds a webhook there). */
export const BOT_FOLLOW_PERMISSIONS = {
  "permission.manageWebhooks": PERMISSIONS.MANAGE_WEBHOOKS,
} as const;

const lacking = (appBits: bigint | undefined, wanted: Partial<Record<PermissionKey, bigint>>): PermissionKey[] =>
  appBits === undefined || (appBits & PERMISSIONS.ADMINISTRATOR) !== 0n
    ? []
    : Object.entries(wanted)
        .filter(([, bit]) => (appBits & (bit as bigint)) === 0n)
        .map(([name]) => name as PermissionKey);

function bits(value: unknown): bigint | undefined {
  if (typeof value !== "string" || !/^\d{1,30}$/.test(value)) return undefined;
  return BigInt(value);
}

/** Is the interaction in a server, rather than a DM or a group DM? */
const inGuildOf = (body: Json, guildId: string | undefined): boolean =>
  guildId !== undefined && (typeof body.context !== "number" || body.context === GUILD_CONTEXT);

/**
 * Did the server install the app (rather than only the member who asked)? "0" in the map of who installed
 * it -> the server (its id), "1" -> the user. Interactions from before user installs carry no map and came
 * from a server install.
 */
function appInServerOf(body: Json, inGuild: boolean, guildId: string | undefined): boolean {
  if (!inGuild) return false;
  const owners = isJsonObject(body.authorizing_integration_owners) ? body.authorizing_integration_owners : undefined;
  return !owners || Object.keys(owners).length === 0 || owners[GUILD_INSTALL] === guildId;
}

const memberOf = (body: Json): Json | undefined => (isJsonObject(body.member) ? body.member : undefined);

/**
 * Will Discord show a public answer here? Everywhere but in a server that has not added the app: there a
 * member's own install answers publicly only where the member may use external apps and the app may send
 * messages, and Discord forces the answer private elsewhere.
 */
function publicReplyAllowedOf(body: Json, guildId: string | undefined): boolean {
  const inGuild = inGuildOf(body, guildId);
  if (!inGuild || appInServerOf(body, inGuild, guildId)) return true;
  const memberBits = bits(memberOf(body)?.permissions) ?? 0n;
  const appBits = bits(body.app_permissions);
  return (
    (memberBits & PERMISSIONS.USE_EXTERNAL_APPS) !== 0n &&
    (appBits === undefined || (appBits & PERMISSIONS.ADMINISTRATOR) !== 0n || (appBits & PERMISSIONS.SEND_MESSAGES) !== 0n)
  );
}

function facts(body: Json): CommandFacts {
  const member = memberOf(body);
  const user = isJsonObject(member?.user) ? member.user : isJsonObject(body.user) ? body.user : undefined;
  const memberBits = bits(member?.permissions) ?? 0n;
  const appBits = bits(body.app_permissions);

  const channel = isJsonObject(body.channel) ? body.channel : undefined;
  const guildId = str(body.guild_id);
  const inGuild = inGuildOf(body, guildId);
  const appInServer = appInServerOf(body, inGuild, guildId);
  const inThread = THREAD_TYPES.includes(channel?.type);
  return {
    platform: "discord",
    inDM: !inGuild,
    appInServer,
    publicReplyAllowed: publicReplyAllowedOf(body, guildId),
    canManageChannel: (memberBits & MANAGE) !== 0n,
    canManageServer: (memberBits & (PERMISSIONS.ADMINISTRATOR | PERMISSIONS.MANAGE_GUILD)) !== 0n,
    confirmInChannel: false,
    localizedOptionNames: true,
    clientLocale: fromDiscordLocale(str(body.locale)),
    missingBotPermissions: lacking(appBits, inThread ? BOT_THREAD_PERMISSIONS : BOT_CHANNEL_PERMISSIONS),
    missingLookupPermissions: lacking(
      appBits,
      VOICE_TYPES.includes(channel?.type) ? BOT_VOICE_LOOKUP_PERMISSIONS : BOT_LOOKUP_PERMISSIONS,
    ),
    missingFollowPermissions: lacking(appBits, BOT_FOLLOW_PERMISSIONS),
    threadLocked: inThread && lockedToBot(channel, appBits),
    inThread,
    guildId,
    channelId: str(body.channel_id) ?? str(channel?.id),
    // Unless only the presser sees it (an ephemeral message's id names no message in the channel).
    messageId: isJsonObject(body.message) && (Number(body.message.flags) & EPHEMERAL) === 0 ? str(body.message.id) : undefined,
    userId: str(user?.id),
    userName: str(user?.global_name) ?? str(user?.username),
  };
}

/** The longest key questionOf gives: the longest a pure command's options, as Discord sends them, can be. */
export const QUESTION_KEY_MAX = 1_000;

/**
 * A slash command, the name being typed into one of its options, or a click on a button or a menu, as the
 * rendered-answer cache knows it.
 */
export interface Question {
  kind: "command" | "autocomplete" | "component";
  command: string;
  key: string;
}

/**
 * A slash command's (or an autocomplete's) key in the rendered-answer cache, read straight from the
 * verified interaction: its name, the user's and the server's languages, and its options exactly as
 * Discord sent them; a click's is its button's or menu's id and the values chosen (clickOf). Equal keys
 * mean the same question, so the same answer. A repeated question is answered from this alone, before
 * the rest of the interaction is read. Undefined for any other interaction, where Discord would force
 * the answer private (only public answers are kept), and past QUESTION_KEY_MAX (the answer is then kept
 * under the command, its options and languages: see answerKey).
 */
export function questionOf(body: unknown): Question | undefined {
  if (!isJsonObject(body) || !isJsonObject(body.data)) return undefined;
  if (body.type === MESSAGE_COMPONENT) return clickOf(body, body.data);
  const command = body.data.name;
  if (typeof command !== "string") return undefined;
  // Autocomplete: the choices for what is being typed, which depend on the same and are never a message.
  const kind = body.type === APPLICATION_COMMAND ? "command" : body.type === AUTOCOMPLETE ? "autocomplete" : undefined;
  if (!kind || (kind === "command" && !publicReplyAllowedOf(body, str(body.guild_id)))) return undefined;
  // One JSON array, so that no value can run into the next one's place; a list of choices is marked apart.
  const asked = JSON.stringify([command, str(body.locale) ?? "", str(body.guild_locale) ?? "", body.data.options ?? null]);
  const key = kind === "command" ? asked : `\u0002${asked}`;
  // Options carry only what the user chose; a longer key holds bytes no answer depends on, and is not kept.
  return key.length <= QUESTION_KEY_MAX ? { kind, command, key } : undefined;
}

/**
 * A click's key: the one a pure command's button or menu is kept under (src/dispatch.ts answerComponent),
 * so that a repeated click is answered before the rest of the interaction is read. A click on anything
 * else is never kept under it, and finds nothing. Undefined where Discord would force the answer private.
 */
function clickOf(body: Json, data: Json): Question | undefined {
  const customId = str(data.custom_id);
  if (customId === undefined || !publicReplyAllowedOf(body, str(body.guild_id))) return undefined;
  const key = clickKey(customId, clickedValues(data));
  return key.length <= QUESTION_KEY_MAX ? { kind: "component", command: "", key } : undefined;
}

/** The values chosen in a menu (none for a button). */
const clickedValues = (data: Json): string[] =>
  Array.isArray(data.values) ? data.values.filter((v): v is string => typeof v === "string") : [];

/** Raw option values by name; the command's definitions decide later whether they are valid. */
function rawOptions(data: Json): { options: Record<string, unknown>; focused?: { name: string; value: unknown } } {
  // No prototype: an option named `__proto__` is a name like any other.
  const options: Record<string, unknown> = Object.create(null);
  let focused: { name: string; value: unknown } | undefined;
  const list = Array.isArray(data.options) ? data.options : [];
  for (const option of list.slice(0, 25)) {
    if (!isJsonObject(option) || typeof option.name !== "string") continue;
    options[option.name] = option.value;
    if (option.focused === true) focused = { name: option.name, value: option.value };
  }
  return { options, focused };
}

/** The application the interaction was sent to (a snowflake), when it says. */
export const applicationIdOf = (body: unknown): string | undefined => {
  const id = isJsonObject(body) ? str(body.application_id) : undefined;
  return id && /^\d{1,20}$/.test(id) ? id : undefined;
};

/** The interaction's id, for logs. */
export const requestIdOf = (body: unknown): string => (isJsonObject(body) ? str(body.id) : undefined) ?? "unknown";

export function parseDiscordInteraction(body: unknown): DiscordInput {
  if (!isJsonObject(body) || typeof body.type !== "number") throw new MalformedRequest("not an interaction");
  if (body.type === PING) return { kind: "ping" };
  const data = isJsonObject(body.data) ? body.data : {};
  const base = {
    facts: facts(body),
    requestId: requestIdOf(body),
  };
  const localeFrom = (options: Record<string, unknown>) =>
    resolveDiscordLocale({ override: str(options.language), locale: str(body.locale), guildLocale: str(body.guild_locale) });

  switch (body.type) {
    case APPLICATION_COMMAND:
    case AUTOCOMPLETE: {
      if (typeof data.name !== "string") throw new MalformedRequest("command without a name");
      const { options, focused } = rawOptions(data);
      const invocation: Invocation = { ...base, command: data.name, options, locale: localeFrom(options) };
      if (body.type === APPLICATION_COMMAND) return { kind: "command", invocation };
      return { kind: "autocomplete", invocation, focused: focused?.name ?? "", query: focused?.value };
    }
    case MESSAGE_COMPONENT: {
      const customId = str(data.custom_id) ?? "";
      const values = clickedValues(data);
      const invocation: Invocation = { ...base, command: "", options: {}, locale: localeFrom({}) };
      return { kind: "component", invocation, customId, values };
    }
    case MODAL_SUBMIT: {
      // A form sent back: its text inputs' values, in the form's order, stand in for a menu's values.
      const rows = Array.isArray(data.components) ? data.components.filter(isJsonObject).slice(0, 5) : [];
      const values = rows.flatMap((row) =>
        (Array.isArray(row.components) ? row.components.filter(isJsonObject) : []).map((input) => str(input.value) ?? ""),
      );
      const invocation: Invocation = { ...base, command: "", options: {}, locale: localeFrom({}) };
      return { kind: "component", invocation, customId: str(data.custom_id) ?? "", values };
    }
    default:
      return { kind: "unsupported", invocation: { ...base, command: "", options: {}, locale: localeFrom({}) } };
  }
}
