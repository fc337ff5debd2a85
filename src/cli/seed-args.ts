// The command line of `npm run seed`: --remote, and --withdraw ID (as often as needed), each id also as
// `--withdraw=ID`. Anything else is refused with the usage instead of ignored: an ignored `--withdraw`
// without its id, or a mistyped flag, ran a plain seed. Pure, so tests/cli/seed-args.test.ts runs it.
import { FOUND_PREFIX } from "../news/store";
import { flagArgument, PERSIST_TO_NEEDS_FOLDER, PERSIST_TO_NOT_REMOTE, splitFlag } from "./flags";

export const SEED_USAGE = `Usage: npm run seed [-- [--remote | --persist-to DIR] [--withdraw ID ...]]
         checks data/*.json, applies the D1 migrations, writes the content to KV and publishes data/news.json,
         in the local state (--persist-to DIR: the one \`npm start -- --persist-to DIR\` keeps there) or the deployed bot's;
         --withdraw ID withdraws an item of data/news.json that was published (found- items: npm run news -- withdraw)`;

export class SeedArgsError extends Error {}

export interface SeedArgs {
  remote: boolean;
  /** The local state's folder, as `wrangler dev --persist-to` takes it. */
  persistTo?: string;
  withdraw: string[];
  help: boolean;
}

export function parseSeedArgs(argv: string[]): SeedArgs {
  const args: SeedArgs = { remote: false, withdraw: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = splitFlag(arg);
    if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "--remote") args.remote = true;
    else if (flag === "--persist-to") {
      args.persistTo = flagArgument(inline, () => argv[++i]);
      if (!args.persistTo) throw new SeedArgsError(PERSIST_TO_NEEDS_FOLDER);
    } else if (flag === "--withdraw") {
      const id = inline ?? argv[++i];
      if (!id || id.startsWith("--")) throw new SeedArgsError("--withdraw needs the id of the item to withdraw.");
      // Found items are not data/news.json's: the seed neither publishes nor withdraws them.
      if (id.startsWith(FOUND_PREFIX))
        throw new SeedArgsError(
          `${id} was published from the feeds: withdraw it with \`npm run news -- withdraw ${id.slice(FOUND_PREFIX.length)}\`.`,
        );
      args.withdraw.push(id);
    } else throw new SeedArgsError(`Unknown argument "${arg}".`);
  }
  if (args.remote && args.persistTo !== undefined) throw new SeedArgsError(PERSIST_TO_NOT_REMOTE);
  return args;
}

/**
 * Why the seed refuses to drop items that were published and delivered, with the command that withdraws
 * every one of them: a hint naming only the first left the operator to be refused again for the next.
 * A seed of the deployed bot is told to withdraw there (--remote): without it the hint's seed ran locally.
 */
export function removedItemsRefusal(refused: readonly string[], remote = false): string {
  const one = refused.length === 1;
  const withdraw = [...(remote ? ["--remote"] : []), ...refused.map((id) => `--withdraw ${id}`)].join(" ");
  return (
    `Seed refused: ${refused.join(", ")} ${one ? "was" : "were"} published and delivered, and data/news.json no longer ` +
    `has ${one ? "it" : "them"}. Renaming an item would deliver it again. Put ${one ? "it" : "them"} back, or run ` +
    `\`npm run seed -- ${withdraw}\` to withdraw ${one ? "it" : "them"} on purpose. No content or news was written.`
  );
}
