// npm run seed [-- --remote]: validate data/*.json, write the content bundle to KV and apply the D1
// migrations. Invalid data is reported (file, record, field) and nothing is written.
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBundle } from "../content/bundle";
import { CONTENT_BUNDLE_KEY } from "../content/keys";
import { DATA_FILES, type DataFileName } from "../content/schema";
import { ROOT, wrangler } from "./project";

export async function seed({ remote = false } = {}): Promise<void> {
  const files: Partial<Record<DataFileName, unknown>> = {};
  const errors: string[] = [];
  for (const name of Object.keys(DATA_FILES) as DataFileName[]) {
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
  const where = remote ? "--remote" : "--local";
  const file = join(tmpdir(), `trauma-code-content-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(result.bundle));
  wrangler(["d1", "migrations", "apply", "DB", where], { quiet: true });
  wrangler(["kv", "key", "put", CONTENT_BUNDLE_KEY, "--binding", "CONTENT", where, "--path", file], { quiet: true });
  const b = result.bundle;
  console.log(
    `Seeded ${remote ? "the deployed" : "local"} KV with content ${b.version}: ${b.characters.length} characters, ` +
      `${b.episodes.length} episodes, ${b.news.length} news items, ${b.inspirations.length} inspirations. D1 migrations applied.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await seed({ remote: process.argv.includes("--remote") });
}
