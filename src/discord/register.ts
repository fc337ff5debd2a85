// The Discord application-command payload, built from commands/index.ts so registration can never
// drift from what the router accepts. Used by `npm run register` and checked by tests.
import type { RESTPutAPIApplicationCommandsJSONBody } from "discord-api-types/v10";
import { COMMANDS } from "../../commands/index";
import { type Command, type NameLocalizations, type OptionDef, offeredOn } from "../command";
import type { Localized } from "../i18n/locale";

// ApplicationCommandOptionType values (types only are imported from discord-api-types).
const STRING = 3;
const INTEGER = 4;
const CHAT_INPUT = 1;
/** ApplicationIntegrationType: GUILD_INSTALL, USER_INSTALL. */
export const INTEGRATION_TYPES = [0, 1] as const;
/** InteractionContextType: GUILD, BOT_DM, PRIVATE_CHANNEL. */
export const INTERACTION_CONTEXTS = [0, 1, 2] as const;
/** Discord's limit on command and option descriptions. */
export const DISCORD_DESCRIPTION_MAX = 100;

const cut = (text: string) => (text.length > DISCORD_DESCRIPTION_MAX ? `${text.slice(0, DISCORD_DESCRIPTION_MAX - 1)}…` : text);

/** Discord locales we translate into; Tagalog has no Discord locale (the `language` option covers it). */
const descriptions = (text: Localized) => ({
  description: cut(text.en),
  description_localizations: { ko: cut(text.ko), id: cut(text.id) },
});

const names = (localized?: NameLocalizations) =>
  localized ? { name_localizations: { ko: localized.ko, id: localized.id } } : {};

function toOption(name: string, def: OptionDef) {
  const common = { name, ...names(def.names), ...descriptions(def.description), required: def.required ?? false };
  if (def.type === "integer") return { ...common, type: INTEGER, min_value: def.min, max_value: def.max };
  return {
    ...common,
    type: STRING,
    ...(def.maxLength ? { max_length: def.maxLength } : {}),
    ...(def.autocomplete ? { autocomplete: true } : {}),
    ...(def.choices
      ? {
          choices: offeredOn(def.choices, "discord").map((c) => ({
            name: c.name.en,
            name_localizations: { ko: c.name.ko, id: c.name.id },
            value: c.value,
          })),
        }
      : {}),
  };
}

export function toDiscordCommand(command: Command) {
  return {
    type: CHAT_INPUT,
    name: command.name,
    ...names(command.names),
    ...descriptions(command.description),
    // Usable in servers, bot DMs and private channels (group DMs) alike, from a server install or a
    // user's own install (where alerts are refused: they need the bot in the server).
    contexts: [...INTERACTION_CONTEXTS],
    integration_types: [...INTEGRATION_TYPES],
    options: Object.entries(command.options).map(([name, def]) => toOption(name, def)),
  };
}

export const toDiscordCommands = (commands: readonly Command[] = COMMANDS): RESTPutAPIApplicationCommandsJSONBody =>
  commands.map(toDiscordCommand) as RESTPutAPIApplicationCommandsJSONBody;
