// npm run seed [-- [--remote | --persist-to DIR] [--withdraw ID ...]]: validate data/*.json, apply the D1 migrations,
// write the content bundle to KV and publish data/news.json into D1 (idempotently: an item published
// before keeps the message frozen for delivery, and /renewal shows it as the data now words it). Invalid
// data is reported (file, record, field) and nothing is written. An item that was published and has
// deliveries cannot silently disappear from news.json (renamed or removed): the seed refuses unless
// told `--withdraw ID`, which records the withdrawal.
// A /renewal sentence set since with `npm run news -- status` is kept while it speaks for a later date
// than data/show.json's.
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBundle } from "../content/bundle";
import { CONTENT_BUNDLE_KEY } from "../content/keys";
import { DATA_FILES, type DataFileName } from "../content/schema";
import { WITHDRAWN_BY_EDITOR } from "../delivery/policy";
import { seedBundle } from "../news/publish";
import { FOUND_PREFIX } from "../news/store";
import { importNewsSql, missingNews, PUBLISHED_WITH_DELIVERIES_SQL, withdrawNewsSql } from "../topics/renewal";
import { ROOT, wrangler } from "./project";
import { parseSeedArgs, removedItemsRefusal, SEED_USAGE, type SeedArgs, SeedArgsError } from "./seed-args";
import { WranglerD1, WranglerKV, whereOf } from "./wrangler-bindings";

export async function seed({
  remote = false,
  persistTo,
  withdraw = [] as string[],
}: {
  remote?: boolean;
  persistTo?: string;
  withdraw?: string[];
} = {}): Promise<void> {
  const files: Partial<Record<DataFileName | "feeds.json", unknown>> = {};
  const errors: string[] = [];
  // feeds.json is not seeded, but checked with the rest: the Worker deployed next is built with it.
  for (const name of [...(Object.keys(DATA_FILES) as DataFileName[]), "feeds.json" as const]) {
    try {
      files[name] = JSON.parse(readFileSync(join(ROOT, "data", name), "utf8"));
    } catch (error) {
      errors.push(`data/${name}: ${(error as Error).message}`);
    }
  }
  const result = errors.length ? { ok: false as const, errors } : await buildBundle(files);
  if (!result.ok) {
    console.error(`Seed refused: the data has ${result.errors.length} problem(s); nothing was written.`);
    for (const error of result.errors) console.error(`  - ${error}`);
    process.exit(1);
  }
  const where = whereOf({ remote, persistTo });
  wrangler(["d1", "migrations", "apply", "DB", ...where], { quiet: true });
  // A /renewal sentence set since with `npm run news -- status` stays while it is newer than data/show.json's.
  const { bundle: b, kept } = seedBundle(result.bundle, await new WranglerKV(where).get(CONTENT_BUNDLE_KEY));

  const output = wrangler(["d1", "execute", "DB", ...where, "--json", "--command", PUBLISHED_WITH_DELIVERIES_SQL], {
    quiet: true,
  });
  // Items a reviewer published from the feeds are not in data/news.json: the seed neither refuses nor withdraws them.
  const published = ((JSON.parse(output) as { results?: { id: string; deliveries: number }[] }[])[0]?.results ?? [])
    .filter((r) => !r.id.startsWith(FOUND_PREFIX))
    .map((r) => ({ id: r.id, deliveries: Number(r.deliveries) }));
  const { refused, withdrawn, unknown } = missingNews(published, new Set(b.news.map((n) => n.id)), new Set(withdraw));
  if (unknown.length) {
    console.error(
      `Seed refused: nothing to withdraw under ${unknown.join(", ")}: no item published or in data/news.json has ` +
        `${unknown.length === 1 ? "that id" : "those ids"}. No content or news was written.`,
    );
    process.exit(1);
  }
  if (refused.length) {
    console.error(removedItemsRefusal(refused, remote));
    process.exit(1);
  }

  // Dated by the database's clock, as subscriptions are by Cloudflare's, not by this machine's.
  const now = new WranglerD1(where).now();
  const contentFile = join(tmpdir(), `trauma-code-content-${process.pid}.json`);
  writeFileSync(contentFile, JSON.stringify(b));
  const sqlFile = join(tmpdir(), `trauma-code-news-${process.pid}.sql`);
  const live = b.news.filter((n) => !withdrawn.includes(n.id));
  writeFileSync(sqlFile, [withdrawNewsSql(withdrawn, WITHDRAWN_BY_EDITOR, now), importNewsSql(live, now)].join("\n"));
  wrangler(["d1", "execute", "DB", ...where, "--file", sqlFile], { quiet: true });
  wrangler(["kv", "key", "put", CONTENT_BUNDLE_KEY, "--binding", "CONTENT", ...where, "--path", contentFile], { quiet: true });
  console.log(
    `Seeded ${remote ? "the deployed" : "local"} KV with content ${b.version}: ${b.characters.length} characters, ` +
      `${b.episodes.length} episodes, ${b.news.length} news items, ${b.inspirations.length} inspirations. ` +
      `D1 migrations applied; news published in D1${withdrawn.length ? `, withdrawn: ${withdrawn.join(", ")}` : ""}.`,
  );
  if (kept)
    console.log(
      `Kept the /renewal sentence of ${kept.asOf} set with \`npm run news -- status\`: data/show.json's is of ` +
        `${result.bundle.show.renewalStatus.asOf}. Update data/show.json to replace it.`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let args: SeedArgs;
  try {
    args = parseSeedArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SeedArgsError)) throw error;
    console.error(`${error.message}\n${SEED_USAGE}`);
    process.exit(1);
  }
  if (args.help) console.log(SEED_USAGE);
  else await seed(args);
}
