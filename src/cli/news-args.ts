// The command line of `npm run news`: a command, the id (or, for serve, the file) it acts on, and its
// flags, each as `--name value` or `--name=value` (--source as often as needed). A flag it does not take,
// or a word too many, is refused with the usage instead of ignored: an ignored `--state=published` listed
// every candidate, and `publish ID rumor` read as no label. Pure, so tests/cli/news-args.test.ts runs it.
import * as v from "valibot";
import { RenewalStatusSchema } from "../content/schema";
import { LOCALES, type Localized } from "../i18n/locale";
import { editForm } from "../news/modal";
import type { Candidate } from "../news/store";
import { flagArgument, PERSIST_TO_NEEDS_FOLDER, PERSIST_TO_NOT_REMOTE, portNumber, splitFlag } from "./flags";

export const NEWS_USAGE = `Usage: npm run news -- list [--state new|published|dismissed|withdrawn] | show ID | edit ID --title T --summary S [--ko "T|S"] [--id "T|S"] [--tl "T|S"]
       | publish ID --label official|author|report|rumor | dismiss ID | withdraw ID | serve FILE [--port 9001]
       | status --en "…" [--ko "…"] [--id "…"] [--tl "…"] --source URL [--source URL]   (add --remote for the deployed bot, --persist-to DIR for local state kept there)`;

/** The port `serve` listens on unless told. */
export const SERVE_PORT = 9001;

export class NewsArgsError extends Error {}

/** Flags followed by a value. */
const VALUE_FLAGS = ["state", "title", "summary", "ko", "id", "tl", "label", "en", "source", "port", "persist-to"] as const;
export type ValueFlag = (typeof VALUE_FLAGS)[number];
const isValueFlag = (name: string): name is ValueFlag => (VALUE_FLAGS as readonly string[]).includes(name);

export interface NewsArgs {
  command?: string;
  /** The candidate's id, or serve's file. */
  id?: string;
  remote: boolean;
  /** Each flag's values, in the order given (only --source is read more than once). */
  flags: Partial<Record<ValueFlag, string[]>>;
  /** serve's port. */
  port: number;
}

export function parseNewsArgs(argv: readonly string[]): NewsArgs {
  const words: string[] = [];
  const flags: NewsArgs["flags"] = {};
  let remote = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = splitFlag(arg);
    if (!flag.startsWith("--")) {
      words.push(arg);
      continue;
    }
    const name = flag.slice(2);
    if (name === "remote" && inline === undefined) {
      remote = true;
      continue;
    }
    if (!isValueFlag(name)) throw new NewsArgsError(`Unknown flag "${arg}".`);
    const value = flagArgument(inline, () => argv[++i]);
    if (value === undefined) throw new NewsArgsError(`--${name} needs a value.`);
    flags[name] = [...(flags[name] ?? []), value];
  }
  if (words.length > 2) throw new NewsArgsError(`Unexpected "${words[2]}": values follow their flag (--label rumor).`);
  const given = flags.port?.at(-1);
  const port = given === undefined ? SERVE_PORT : portNumber(given);
  if (port === undefined) throw new NewsArgsError(`--port must be a port number (1-65535), not "${given}".`);
  if (flags["persist-to"]?.includes("")) throw new NewsArgsError(PERSIST_TO_NEEDS_FOLDER);
  if (remote && flags["persist-to"]) throw new NewsArgsError(PERSIST_TO_NOT_REMOTE);
  const [command, id] = words;
  return { command, id, remote, flags, port };
}

/** A flag's value: the last one given. */
export const flagValue = (args: NewsArgs, name: ValueFlag): string | undefined => args.flags[name]?.at(-1);

/**
 * The wording `edit` saves, in the boxes of the review card's Edit form: each given on the command line,
 * else as saved before, since the form opens filled with it. Otherwise an edit without --ko erased the
 * Korean wording saved before, and one giving --ko alone was refused for want of the English.
 * `--ko "title|summary"` (or `"|summary"`) is the form's box: a title line, then the summary.
 */
export function editValues(args: NewsArgs, candidate: Candidate | null): string[] {
  const saved = new Map(candidate ? editForm(candidate, "").inputs.map((input) => [input.id, input.value ?? ""]) : []);
  // Only a language's box splits at its first `|`: an English title or summary keeps a pipe as typed.
  const box = (name: ValueFlag, id: string, split = true) => {
    const given = flagValue(args, name);
    return (split ? given?.replace("|", "\n") : given) ?? saved.get(id) ?? "";
  };
  return [
    box("title", "title_en", false),
    box("summary", "summary_en", false),
    box("ko", "ko"),
    box("id", "id"),
    box("tl", "tl"),
  ];
}

/**
 * The /renewal sentence `status` writes, dated `asOf`: a language not given (or given blank) uses the
 * English. Refused as the seed's schema refuses it, since the seed keeps a sentence set since only while
 * that schema reads it: a source `new URL` cannot read (`https://[x]/a`) passed a look at its scheme, was
 * written, and the next `npm run seed` dropped the sentence without a word, and a blank --en was shown.
 */
export function renewalStatusFrom(args: NewsArgs, asOf: string): v.InferOutput<typeof RenewalStatusSchema> {
  const en = flagValue(args, "en")?.trim();
  const sources = args.flags.source ?? [];
  if (!en || !sources.length) throw new NewsArgsError("status needs --en and at least one --source.");
  const unreadable = sources.filter((s) => !/^https?:\/\/\S+$/.test(s) || !URL.canParse(s));
  if (unreadable.length)
    throw new NewsArgsError(`Every --source must be a URL, not ${unreadable.map((s) => `"${s}"`).join(", ")}.`);
  const text = Object.fromEntries(LOCALES.map((l) => [l, flagValue(args, l)?.trim() || en])) as Localized;
  const status = v.safeParse(RenewalStatusSchema, { asOf, text, sources });
  if (!status.success) throw new NewsArgsError(`The sentence is not valid: ${v.summarize(status.issues)}`);
  return status.output;
}
