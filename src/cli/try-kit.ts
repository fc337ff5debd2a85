// What a platform gives the command-line tools, and what `npm run try` does the same way on every platform: its arguments, the last answer it keeps for
// --click and --select, listing and finding an answer's buttons and menus, and reaching the local bot.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { PLATFORM_NAMES, type PlatformName } from "../platform-name";
import { fail, LOCAL_DIR, localUrl } from "./project";
import type { RegisterArgs } from "./register-args";

export interface TryArgs {
  platform: PlatformName;
  autocomplete: boolean;
  json: boolean;
  locale: string;
  channel?: string;
  click?: { id: string; value?: string };
  command: string;
  text: string;
}

/** A platform's piece of the command-line tools; src/cli/platforms.ts lists one per platform. */
export interface CliPlatform {
  /**
   * `npm run try`: signs a command (or autocomplete) the way the platform does, or a click on `last`, its
   * own last answer; sends it to the local bot, prints the answer and keeps it for the next click.
   */
  try(args: TryArgs, vars: Record<string, string>, last?: LastAnswer): Promise<void>;
  /** `npm run register`: hands the platform its registration (PLATFORMS[name].registration). */
  register(args: RegisterArgs, vars: Record<string, string | undefined>): Promise<void>;
}

/** What --click and --select act on: the last answer, the platform it came from, and where it was given. */
export interface LastAnswer {
  platform: PlatformName;
  channel: string;
  message: unknown;
  /** Discord: the language the question was asked in. */
  locale?: string;
  /** Slack: the message's timestamp. */
  messageTs?: string;
}

const LAST_ANSWER = join(LOCAL_DIR, "last-answer.json");

const LastAnswerSchema = v.object({
  platform: v.picklist(PLATFORM_NAMES),
  channel: v.string(),
  message: v.record(v.string(), v.unknown()),
  locale: v.optional(v.string()),
  messageTs: v.optional(v.string()),
});

/** The kept answer, or null when the file is not one (cut short, edited by hand, from another version). */
export function parseLast(text: string): LastAnswer | null {
  try {
    const parsed = v.safeParse(LastAnswerSchema, JSON.parse(text));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

export function saveLast(last: LastAnswer) {
  mkdirSync(LOCAL_DIR, { recursive: true });
  writeFileSync(LAST_ANSWER, `${JSON.stringify(last, null, 2)}\n`);
}

export function readLast(): LastAnswer {
  if (!existsSync(LAST_ANSWER))
    fail("There is no last answer to click on yet: ask something first, e.g. `npm run try -- /episode number:3`.");
  return (
    parseLast(readFileSync(LAST_ANSWER, "utf8")) ??
    fail(`${LAST_ANSWER} is not an answer this tool kept: ask something again first, e.g. \`npm run try -- /episode number:3\`.`)
  );
}

/** A button or a menu of an answer, as --click and --select name it. */
export interface Control {
  id: string;
  label: string;
  options?: { label: string; value: string }[];
  /** Shown greyed out, and not clickable in the platform's client (the Next button of the last episode). */
  disabled?: boolean;
}

export function printControls(controls: Control[]) {
  if (!controls.length) return;
  console.log("");
  for (const c of controls) {
    if (c.options) {
      console.log(`[${c.label} ▾]  --select ${c.id}=VALUE`);
      for (const o of c.options) console.log(`    ${o.value.padEnd(24)} ${o.label}`);
    } else console.log(`[${c.label}]  --click ${c.id}${c.disabled ? "  (disabled)" : ""}`);
  }
}

/** The control --click/--select names: by id, or by its label when that is unambiguous. */
export function findControl(controls: Control[], wanted: TryArgs["click"] & {}): Control {
  const exact = controls.find((c) => c.id === wanted.id);
  const byLabel = controls.filter((c) => c.label.toLowerCase() === wanted.id.toLowerCase());
  const control = exact ?? (byLabel.length === 1 ? byLabel[0] : undefined);
  if (!control) {
    const list = controls.length ? controls.map((c) => `  ${c.id}  (${c.label})`).join("\n") : "  (none)";
    fail(`The last answer has no button or menu "${wanted.id}". It has:\n${list}`);
  }
  if (control.options && wanted.value === undefined) fail(`"${control.id}" is a menu: use --select ${control.id}=VALUE.`);
  if (!control.options && wanted.value !== undefined) fail(`"${control.id}" is a button: use --click ${control.id}.`);
  if (control.disabled)
    console.log(`(note: "${control.id}" is disabled, so no one can click it; sending it anyway, as a forged click would)\n`);
  if (control.options && !control.options.some((o) => o.value === wanted.value))
    console.log(`(note: "${wanted.value}" is not one of the menu's values; sending it anyway, as a forged click would)\n`);
  return control;
}

/** POSTs to the local bot's `route`, failing with a hint when it cannot be reached. */
export async function post(route: string, body: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(`${localUrl()}${route}`, { method: "POST", headers, body });
  } catch (error) {
    return fail(`Could not reach the bot at ${localUrl()} (${(error as Error).message}). Is \`npm start\` running?`);
  }
}

/** Seconds since the epoch, as both platforms sign them. */
export const unixNow = () => String(Math.floor(Date.now() / 1000));
