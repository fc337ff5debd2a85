// State carried by buttons and menus. It travels in Discord's custom_id and Slack's action_id/value
// (at most 100 characters), always with the language the answer was written in:
//   ep:<n>:<lang>      show episode n in place          sp:<n>:<lang>   reveal its spoilers privately
//   ch:<id>:<lang>     show a character in place        chs:<lang>      character menu (value = id)
//   ins:<lang>         inspiration menu (value = id)    src:<lang>      list every timeline source privately
//   al:on|off:<lang>   turn renewal alerts on or off
//   csp:<id>:<lang>    reveal a character's spoilers privately   eps:<lang>  episode menu (value = number)
//   tl:<page>:<lang>   show a page of the renewal timeline in place
// Anything else (stale, malformed or forged) decodes to undefined and gets a hint.
import { isLocale, type Locale } from "./i18n/locale";

export const CUSTOM_ID_MAX = 100;

export type Action =
  | { kind: "episode"; number: number; locale: Locale }
  | { kind: "spoilers"; number: number; locale: Locale }
  | { kind: "character"; id: string; locale: Locale }
  | { kind: "characterSpoilers"; id: string; locale: Locale }
  | { kind: "timeline"; page: number; locale: Locale }
  | { kind: "topic"; id: string; locale: Locale }
  | { kind: "sources"; locale: Locale }
  | { kind: "alerts"; on: boolean; locale: Locale };

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const actionId = {
  episode: (number: number, locale: Locale) => `ep:${number}:${locale}`,
  spoilers: (number: number, locale: Locale) => `sp:${number}:${locale}`,
  character: (id: string, locale: Locale) => `ch:${id}:${locale}`,
  characterMenu: (locale: Locale) => `chs:${locale}`,
  characterSpoilers: (id: string, locale: Locale) => `csp:${id}:${locale}`,
  episodeMenu: (locale: Locale) => `eps:${locale}`,
  timeline: (page: number, locale: Locale) => `tl:${page}:${locale}`,
  topicMenu: (locale: Locale) => `ins:${locale}`,
  sources: (locale: Locale) => `src:${locale}`,
  alerts: (on: boolean, locale: Locale) => `al:${on ? "on" : "off"}:${locale}`,
};

/** The action a click or a menu choice asks for, or undefined when the id cannot be trusted. */
export function decodeAction(customId: string, values: readonly string[] = []): Action | undefined {
  if (customId.length > CUSTOM_ID_MAX) return undefined;
  const parts = customId.split(":");
  const locale = parts.at(-1);
  if (!isLocale(locale)) return undefined;
  const [kind, arg] = parts;
  const number = Number(arg);
  const chosen = values[0];
  switch (parts.length === 3 ? kind : parts.length === 2 ? `${kind}/` : "") {
    case "ep":
    case "sp":
      if (!/^\d{1,2}$/.test(arg ?? "")) return undefined;
      return { kind: kind === "ep" ? "episode" : "spoilers", number, locale };
    case "ch":
      return arg && ID.test(arg) ? { kind: "character", id: arg, locale } : undefined;
    case "csp":
      return arg && ID.test(arg) ? { kind: "characterSpoilers", id: arg, locale } : undefined;
    case "tl":
      return /^\d{1,2}$/.test(arg ?? "") ? { kind: "timeline", page: number, locale } : undefined;
    case "eps/":
      return chosen && /^\d{1,2}$/.test(chosen) ? { kind: "episode", number: Number(chosen), locale } : undefined;
    case "al":
      return arg === "on" || arg === "off" ? { kind: "alerts", on: arg === "on", locale } : undefined;
    case "chs/":
      return chosen && ID.test(chosen) ? { kind: "character", id: chosen, locale } : undefined;
    case "ins/":
      return chosen && ID.test(chosen) ? { kind: "topic", id: chosen, locale } : undefined;
    case "src/":
      return { kind: "sources", locale };
    default:
      return undefined;
  }
}
