// How a command is declared: names, localized descriptions, typed options, and a run() that returns a
// Reply. Discord registration, the Slack manifest, Slack text parsing, autocomplete and validation all
// read these definitions.
import type { NewsItem } from "./content/schema";
import type { Content } from "./content/store";
import type { Subscriptions } from "./delivery/subscriptions";
import { UserError } from "./errors";
import { LOCALES, type Locale, type Localized } from "./i18n/locale";
import type { PermissionKey, StringKey } from "./i18n/strings";
import type { ChannelProblem, FollowResult, PlatformName } from "./platform-name";
import { literal, type Reply } from "./reply";
import { fitted } from "./text";

/** Names in the Discord locales we localize (Discord has no Tagalog). */
export type NameLocalizations = { ko: string; id: string };
type NameLocale = keyof NameLocalizations;

export interface Choice {
  name: string;
  value: string;
}

export interface CommandFacts {
  platform: PlatformName;
  /** Used outside a server or workspace channel (a Discord DM). */
  inDM: boolean;
  /** The member may manage the channel (Discord: ADMINISTRATOR, MANAGE_GUILD or MANAGE_CHANNELS). */
  canManageChannel: boolean;
  /** The member has Manage Server (Discord MANAGE_GUILD or ADMINISTRATOR): may review news in the review channel. */
  canManageServer?: boolean;
  /** Changes to the channel's settings are announced to the channel (Slack) rather than to the asker alone (Discord). */
  confirmInChannel: boolean;
  /**
   * The client shows options by their localized names in its own language (Discord, in Korean and
   * Indonesian: clientLocale), so errors name them so, whatever the answer's language; otherwise by their
   * declared names, all that Slack's text reads (`number:3`, never `번호:3`).
   */
  localizedOptionNames?: boolean;
  /**
   * The language of the asker's Discord client, when it is one of the bot's: its settings name permissions
   * in it, and what a click that failed tells that reader alone (an expired button, a refusal) is said in it.
   */
  clientLocale?: Locale;
  /** Permissions the bot lacks in this channel to post alerts, by name (Discord app_permissions). */
  missingBotPermissions: PermissionKey[];
  /** Permissions the bot lacks in this channel to find a post whose answer was lost, by name. */
  missingLookupPermissions: PermissionKey[];
  /** Permissions the bot lacks to make this channel follow its announcement channel, by name. */
  missingFollowPermissions: PermissionKey[];
  /**
   * The channel is a thread a moderator locked, where the bot may not post (Discord lets only members with
   * Manage Threads write in a locked thread). Absent means no.
   */
  threadLocked?: boolean;
  /** The channel is a thread (Discord), which cannot follow an announcement channel. Absent means no. */
  inThread?: boolean;
  /**
   * The app itself is installed in this server or workspace (not only to the asker's account, as a
   * Discord user install is); alerts need it. Absent means yes.
   */
  appInServer?: boolean;
  /** A public answer may be posted here (Discord forces user-installed apps' answers private in some servers). Absent means yes. */
  publicReplyAllowed?: boolean;
  guildId?: string;
  channelId?: string;
  /** The channel message a button was pressed or a form was opened on (Discord's message id, Slack's ts). */
  messageId?: string;
  userId?: string;
  userName?: string;
}

/** Where the bot can be added (src/install-links.ts builds them); a missing one is a platform this deployment has not set up. */
export interface InstallLinks {
  discordServer?: string;
  discordAccount?: string;
  slack?: string;
}

/** What the news review buttons reach: the candidates' database and who may review. */
export interface ReviewAccess {
  db: D1Database;
  /** REVIEWER_IDS: Discord or Slack user ids. */
  reviewerIds: readonly string[];
  /** On Discord, a member with Manage Server may review in this channel. */
  reviewDiscordChannelId?: string;
  /** The Slack review channel (REVIEW_SLACK_CHANNEL_ID). */
  reviewSlackChannelId?: string;
  /** Hands a just-published message to delivery at once (a plan job on the queue) instead of at the next cron tick. */
  startDelivery?: (messageKey: string) => Promise<void>;
  /**
   * Has the review cards a decision left behind redrawn at once (a redraw job on the queue): the other
   * platform's card, and the one pressed when its answer came too late, instead of at the next news round.
   */
  redrawCards?: () => Promise<void>;
}

export interface CommandContext {
  content(): Promise<Content>;
  /** The news published and not withdrawn, in publishing order: what delivery posts from (D1), not the KV bundle. */
  news(): Promise<NewsItem[]>;
  review: ReviewAccess;
  /** A channel's alerts: on, off, following (the rest of the delivery core is not for commands). */
  alerts: Subscriptions;
  /** Readies a channel the bot will post alerts to; what stands in the way when it cannot. */
  prepareChannel(channel: { workspaceId: string; channelId: string }): Promise<ChannelProblem | undefined>;
  /**
   * Makes the channel follow the bot's announcement channel (Discord's announcement mode). `claim` is
   * asked once the platform is about to ask Discord (it lists the channel's webhooks first): false, and the
   * follow is left to the press that holds the channel ("busy").
   */
  follow(channel: { workspaceId: string; channelId: string }, claim?: () => Promise<boolean>): Promise<FollowResult>;
  now: Date;
  /** Where the bot can be added (for /help); absent links are platforms this deployment has not set up. */
  links?: () => InstallLinks;
  /** A feature's button or form (the news review's), where this Worker has the features; else undefined. */
  featureComponent(prefix: string): Promise<Component | undefined>;
}

export type AutocompleteFn = (query: string, locale: Locale, ctx: CommandContext) => Promise<Choice[]>;

interface BaseOption {
  description: Localized;
  names?: NameLocalizations;
  required?: boolean;
}

export interface StringOption extends BaseOption {
  type: "string";
  /**
   * `only`: the one platform where the choice does anything. Elsewhere it is still read, so that its
   * answer can say where it works, but it is not offered: not registered, not listed in a refusal.
   */
  choices?: readonly { value: string; name: Localized; only?: PlatformName }[];
  autocomplete?: AutocompleteFn;
  maxLength?: number;
}

export interface IntegerOption extends BaseOption {
  type: "integer";
  min: number;
  max: number;
  /**
   * Words fans write around such a number in the four languages (`3화`, `ep 3`), lower case: where the
   * option is typed as text (Slack), `before` the number and `after` it are read as the number itself.
   * Discord's integer option takes digits only. `within` names what holds such a number and the one there
   * is (a season: `S1E3`, `시즌1 3화`, or with its word `after` the number, `1기 3화`): written before the
   * words, it is read only when it is that one. One `later` than it, up to `upTo` (a season not out:
   * `S2E3`), gets its own `refusal`; any other is refused as no number. `ordinal` reads the number
   * written as an ordinal (`3rd episode`, `3번째 화`, `ika-3 na episode`): a number marked so by one of
   * `before`'s words or a suffix `after` it may be followed by a word naming what is counted (`counts`),
   * with a linking word between (`linkers`). `polite` words may end the text (`episode 3 po`, `3화요`).
   * One of `total`'s words after the number may give the count it is one of (`episode 3 of 8`): a count no
   * smaller than the number is read past.
   */
  written?: {
    before: readonly string[];
    after: readonly string[];
    within?: { words: readonly string[]; after?: readonly string[]; only: number; later?: { upTo: number; refusal: StringKey } };
    ordinal?: { before: readonly string[]; after: readonly string[]; counts: readonly string[]; linkers: readonly string[] };
    polite?: readonly string[];
    total?: readonly string[];
  };
}

/** An option's number written within a later one than there is (`S2E3`): read as text, refused with `later`'s words. */
export class WrittenLater {
  constructor(readonly within: number) {}
}

/** Several of an option's numbers written at once (`2,3화`): read as text, refused with a request for one at a time. */
export class WrittenSeveral {
  constructor(readonly numbers: readonly number[]) {}
}

export type OptionDef = StringOption | IntegerOption;
export type OptionDefs = Record<string, OptionDef>;
export type OptionValues<O extends OptionDefs> = {
  [K in keyof O]?: O[K] extends IntegerOption ? number : string;
};

export interface CommandInput<O extends OptionDefs> {
  options: OptionValues<O>;
  locale: Locale;
  facts: CommandFacts;
}

/** The longest id a button or menu may carry (Discord's custom_id limit; Slack allows more). */
export const COMPONENT_ID_MAX = 100;

/** A click on a button or a menu choice, as a command's component receives it. */
export interface Click {
  /** The part of the id between prefix and language (`prefix:arg:lang`), absent for `prefix:lang`. */
  arg: string | undefined;
  /** The chosen values of a menu. */
  values: readonly string[];
  locale: Locale;
  facts: CommandFacts;
}

/**
 * A button or menu a command draws, declared beside its run(): the prefix of its ids and what a click
 * does. Ids are untrusted input: `run` checks `arg` and `values` and throws UserError("error.staleButton").
 */
export interface Component {
  prefix: string;
  run(click: Click, ctx: CommandContext): Promise<Reply>;
}

/** The id of a component's button or menu: `prefix:arg:lang` or `prefix:lang`, with the answer's language. */
export function componentId(prefix: string, locale: Locale, arg?: string | number): string {
  const id = arg === undefined ? `${prefix}:${locale}` : `${prefix}:${arg}:${locale}`;
  // A cut id would carry corrupted state: refuse to make one.
  if (id.length > COMPONENT_ID_MAX) throw new Error(`component id over ${COMPONENT_ID_MAX} characters: ${id.slice(0, 40)}…`);
  return id;
}

/**
 * Where Slack's text goes when no option of the command reads it (`/about cast list`): validation refuses
 * it by quoting it, since the fan typed words, not an option of that name. Discord's option names cannot
 * hold brackets, so no option of theirs is taken for it.
 */
export const UNREAD_TEXT = "(text)";

/** The ids that buttons and menus carry for records (characters, topics). */
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A stale, malformed or forged id gets a hint. */
export const staleButton = (): never => {
  throw new UserError("error.staleButton");
};

/** An answer that replaces the message the user clicked on. */
export const inPlace = (reply: Reply): Reply => ({ ...reply, replace: true });

/**
 * An option's value in a Discord example: as typed, or, where a Korean or Indonesian reader would type it
 * otherwise (a name in Hangul), by the language of the asker's client, English the rest.
 */
export type ExampleValue = string | ({ en: string } & Partial<NameLocalizations>);

export interface Command<O extends OptionDefs = OptionDefs> {
  name: string;
  names?: NameLocalizations;
  description: Localized;
  /** Shown in Slack's usage hint and in "usage" errors, e.g. "[name] [lang:xx]". */
  usage: string;
  /**
   * One example per platform for /help: on Discord the options it sets, by declared name (commandAsShown
   * writes them as the asker's client shows them); on Slack the line as typed, plain text.
   */
  examples: { discord: Readonly<Record<string, ExampleValue>> } & Record<Exclude<PlatformName, "discord">, string>;
  /**
   * The answer depends only on content, options and language, and a click on one of its components only on
   * content and the component's id and values, so both may be cached per content version.
   */
  pure?: boolean;
  options: O;
  run(input: CommandInput<O>, ctx: CommandContext): Promise<Reply>;
  /** The buttons and menus its answers carry, found by the router through their id prefix. */
  components?: readonly Component[];
}

export const defineCommand = <O extends OptionDefs>(command: Command<O>): Command<O> => command;

export const string = (def: Omit<StringOption, "type">): StringOption => ({ type: "string", maxLength: 100, ...def });
export const integer = (def: Omit<IntegerOption, "type">): IntegerOption => ({ type: "integer", ...def });

export const LANGUAGE_NAMES: Record<Locale, Localized> = {
  en: { en: "English", ko: "영어", id: "Inggris", tl: "Ingles" },
  ko: { en: "Korean", ko: "한국어", id: "Korea", tl: "Korean" },
  id: { en: "Indonesian", ko: "인도네시아어", id: "Indonesia", tl: "Indonesian" },
  tl: { en: "Tagalog", ko: "타갈로그어", id: "Tagalog", tl: "Tagalog" },
};

/** The `language` option every command takes: it overrides the user's locale. */
export const language = (): StringOption =>
  string({
    description: {
      en: "Answer in this language",
      ko: "이 언어로 답하기",
      id: "Jawab dalam bahasa ini",
      tl: "Sumagot sa wikang ito",
    },
    names: { ko: "언어", id: "bahasa" },
    choices: LOCALES.map((value) => ({ value, name: LANGUAGE_NAMES[value] })),
  });

/**
 * Checks raw option values (from Discord's JSON or parsed Slack text) against the definitions.
 * Unknown names, wrong types, out-of-range numbers and bad choices become UserErrors. `namesIn` is the
 * language whose option names the reader's client shows (Discord's localized names); without it the
 * options are named as declared, which is all Slack's text reads (`number:3`, never `번호:3`).
 */
export function validateOptions<O extends OptionDefs>(
  command: Command<O>,
  raw: Record<string, unknown>,
  namesIn?: Locale,
  platform?: PlatformName,
): OptionValues<O> {
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(raw)) {
    // Own options only: a name like `constructor` must not find Object.prototype's member.
    const def = Object.hasOwn(command.options, key) ? command.options[key] : undefined;
    if (!def && key === UNREAD_TEXT)
      throw new UserError("error.unreadText", { command: command.name, text: literal(fitted(String(value), 100)) });
    if (!def) throw new UserError("error.unknownOption", { command: command.name, option: literal(fitted(key, 32)) });
    // Errors name the option as the reader can type it.
    const name = (namesIn === "ko" || namesIn === "id" ? def.names?.[namesIn] : undefined) ?? key;
    if (def.type === "integer") {
      const within = def.written?.within;
      if (value instanceof WrittenLater && within?.later)
        throw new UserError(within.later.refusal, { within: value.within, only: within.only });
      if (value instanceof WrittenSeveral)
        throw new UserError("error.optionOneAtATime", {
          option: name,
          min: def.min,
          max: def.max,
          first: value.numbers[0] ?? def.min,
        });
      // Digits past a double's range read as Infinity: a number still, and out of range.
      if (typeof value !== "number" || Number.isNaN(value)) throw new UserError("error.optionNumber", { option: name });
      if (!Number.isInteger(value) || value < def.min || value > def.max)
        throw new UserError("error.optionRange", { option: name, min: def.min, max: def.max });
      values[key] = value;
      continue;
    }
    if (typeof value !== "string") throw new UserError("error.optionText", { option: name });
    const text = value.trim();
    if (def.maxLength !== undefined && text.length > def.maxLength)
      throw new UserError("error.optionTooLong", { option: name, max: def.maxLength });
    if (def.choices && !def.choices.some((c) => c.value === text))
      throw new UserError("error.optionChoice", {
        option: name,
        choices: offeredOn(def.choices, platform)
          .map((c) => c.value)
          .join(", "),
      });
    if (text) values[key] = text;
  }
  for (const [name, def] of Object.entries(command.options)) {
    if (def.required && values[name] === undefined)
      throw new UserError(def.type === "integer" ? "error.optionNumber" : "error.optionText", { option: name });
  }
  return values as OptionValues<O>;
}

/** The choices a platform offers (every one where the platform is not known). */
export const offeredOn = <C extends NonNullable<StringOption["choices"]>[number]>(
  choices: readonly C[],
  platform?: PlatformName,
): C[] => choices.filter((c) => !platform || !c.only || c.only === platform);

/** The language of the names the asker's Discord client shows, where the bot gives names in it (not English). */
const namesLocale = (facts: Pick<CommandFacts, "clientLocale">): NameLocale | undefined =>
  facts.clientLocale === "ko" || facts.clientLocale === "id" ? facts.clientLocale : undefined;

/** An option's name as the asker's Discord client shows it (`언어` in a Korean client, `language` in an English one). */
export const optionAsShown = (key: string, def: OptionDef, facts: Pick<CommandFacts, "clientLocale">): string => {
  const locale = namesLocale(facts);
  return (locale && def.names?.[locale]) || key;
};

/** An example's value as the asker's client would have it typed. */
export const exampleValue = (value: ExampleValue, facts: Pick<CommandFacts, "clientLocale">): string => {
  const locale = namesLocale(facts);
  return typeof value === "string" ? value : (locale && value[locale]) || value.en;
};

/** What commandAsShown needs of a command: its names and its options' names and choices. */
export type CommandNames = Pick<Command, "name" | "names" | "options">;

/**
 * A Discord command line as the asker's client shows it, to copy from an answer: the command, its options
 * and their choices under the names the client lists them by in its own language (`/후속시즌 알림:켜기` in a
 * Korean client, `/renewal alerts:on` in an English one), whatever language the answer is in. Values that
 * are not choices are written as given, in the client's language where given in it (ExampleValue).
 */
export function commandAsShown(
  command: CommandNames,
  facts: Pick<CommandFacts, "clientLocale">,
  values: Readonly<Record<string, ExampleValue>> = {},
): string {
  const locale = namesLocale(facts);
  const parts = [`/${(locale && command.names?.[locale]) || command.name}`];
  for (const [key, given] of Object.entries(values)) {
    const value = exampleValue(given, facts);
    const def = command.options[key];
    if (!def) continue;
    const name = optionAsShown(key, def, facts);
    const choice = def.type === "string" ? def.choices?.find((c) => c.value === value) : undefined;
    parts.push(`${name}:${choice ? choice.name[locale ?? "en"] : value}`);
  }
  return parts.join(" ");
}

/** The command alone, as the asker types it: Slack's slash commands keep their declared names. */
export const commandNameAsShown = (command: CommandNames, facts: Pick<CommandFacts, "platform" | "clientLocale">): string =>
  facts.platform === "discord" ? commandAsShown(command, facts) : `/${command.name}`;

/** A command's example as the asker types it on their platform (see Command.examples). */
export const exampleOf = (command: Command, facts: Pick<CommandFacts, "platform" | "clientLocale">): string =>
  facts.platform === "discord" ? commandAsShown(command, facts, command.examples.discord) : command.examples[facts.platform];
