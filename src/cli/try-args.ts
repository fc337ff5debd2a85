// The command line of `npm run try`: its flags, each as `--name value` or `--name=value`, then the command
// and its options. A flag it does not take, or one without its value, is refused with the usage instead of
// read as the command (`--locale=ko /help` answered with the usage alone, as if no command were given).
// Words after the command that look like flags but are not its own are the command's text, as typed.
// Pure, so tests/cli/try-args.test.ts runs it.
import { PLATFORM_NAMES, type PlatformName } from "../platform-name";
import { flagArgument, splitFlag } from "./flags";
import type { TryArgs } from "./try-kit";

export const TRY_USAGE = [
  `Usage: npm run try -- [--platform ${PLATFORM_NAMES.join("|")} | --slack] [--locale ko] [--channel ID] [--autocomplete] [--json] /command [option:value ...]`,
  "       npm run try -- [--json] --click ID            (a button of the last answer)",
  "       npm run try -- [--json] --select ID=VALUE     (a menu of the last answer)",
].join("\n");

export class TryArgsError extends Error {}

const isPlatformName = (name: string | undefined): name is PlatformName => PLATFORM_NAMES.some((p) => p === name);
const SWITCHES = ["--slack", "--autocomplete", "--json"];
const VALUE_FLAGS = ["--platform", "--locale", "--channel", "--click", "--select"];

export function parseTryArgs(argv: readonly string[]): TryArgs {
  const args: TryArgs = { platform: "discord", autocomplete: false, json: false, locale: "en-US", command: "", text: "" };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = splitFlag(arg);
    const known = SWITCHES.includes(flag) ? inline === undefined : VALUE_FLAGS.includes(flag);
    if (!known) {
      // Before the command, a word it does not know is a mistyped flag; after it, the command's own text.
      if (arg.startsWith("--") && !rest.length) throw new TryArgsError(`Unknown flag "${arg}".`);
      rest.push(arg);
      continue;
    }
    if (flag === "--slack") args.platform = "slack";
    else if (flag === "--autocomplete") args.autocomplete = true;
    else if (flag === "--json") args.json = true;
    else {
      const value = flagArgument(inline, () => argv[++i]);
      if (!value) throw new TryArgsError(`${flag} needs a value.`);
      if (flag === "--platform") {
        if (!isPlatformName(value)) throw new TryArgsError(`--platform takes one of ${PLATFORM_NAMES.join(", ")}.`);
        args.platform = value;
      } else if (flag === "--locale") args.locale = value;
      else if (flag === "--channel") args.channel = value;
      else if (flag === "--click") args.click = { id: value };
      else {
        const eq = value.lastIndexOf("=");
        if (eq <= 0) throw new TryArgsError("--select takes ID=VALUE, e.g. --select chs:en=yang-jae-won.");
        args.click = { id: value.slice(0, eq), value: value.slice(eq + 1) };
      }
    }
  }
  if (args.click) return args;
  const [first, ...words] = rest;
  if (!first?.startsWith("/")) throw new TryArgsError("Give a command, starting with /.");
  return { ...args, command: first.slice(1), text: words.join(" ") };
}

/**
 * "name:Baek Kang-hyuk number:3" -> [["name", "Baek Kang-hyuk"], ["number", "3"]], as Discord sends a
 * command's options: each by its name. Words before the first name (`/character baek`) are refused with
 * how to write them, since Discord could never send them and dropping them would answer another question.
 */
export function namedOptions(command: string, text: string, optionNames: readonly string[]): [name: string, value: string][] {
  // Split at the command's own option names only: a word of a value may end with a colon ("Dr. Baek: ...").
  const name = optionNames.length
    ? `(?:${optionNames.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})`
    : "[\\p{L}_]+";
  const matches = [...text.matchAll(new RegExp(`(?<![^\\s])(${name}):(.*?)(?=\\s+${name}:|$)`, "gu"))];
  const before = text.slice(0, matches[0]?.index ?? text.length).trim();
  if (before) {
    const example = optionNames.length
      ? `e.g. /${command} ${optionNames[0]}:${before.split(/\s+/)[0]} (its options: ${optionNames.join(", ")})`
      : `/${command} takes no options`;
    throw new TryArgsError(
      `Discord sends a command's options by name, so "${before}" can't be sent as it is: ${example}. Slack reads free text: --platform slack.`,
    );
  }
  return matches.map((m) => [m[1] as string, (m[2] as string).trim()]);
}
