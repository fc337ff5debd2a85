// npm run size: builds the Workers as `wrangler deploy` would and rewrites the bundle table in README.md:
// the front and back Workers `npm run deploy` ships, and wrangler.toml as one Worker, with Bolt slimmed
// by its [alias] table and without it (full Bolt).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, replaceReadmeBlock, wrangler } from "./project";
import { projectConfig, withAbsolutePaths, writeSplitConfigs } from "./split";

/** KiB, as `wrangler deploy` reports them. */
export interface BundleSize {
  raw: number;
  gzip: number;
}

/** The size a `wrangler deploy` run printed: the figures it prints for every deploy, so the table matches what operators see. */
export function uploadSize(out: string): BundleSize {
  const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(out);
  if (!match) throw new Error(`wrangler deploy --dry-run printed no "Total Upload" line:\n${out}`);
  return { raw: Number(match[1]), gzip: Number(match[2]) };
}

/** Bytes of the bundle `wrangler deploy --dry-run --config <config>` would upload (wrangler.toml if none). */
export function measureBundle(config?: string): BundleSize {
  const dir = mkdtempSync(join(tmpdir(), "trauma-code-size-"));
  try {
    const out = wrangler(["deploy", "--dry-run", "--outdir", join(dir, "out"), ...(config ? ["--config", config] : [])], {
      quiet: true,
    });
    return uploadSize(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** wrangler.toml without its [alias] table: one Worker with the whole of Bolt. */
function fullBoltConfig(dir: string): string {
  const { alias: _alias, ...config } = withAbsolutePaths(projectConfig());
  const file = join(dir, "wrangler.json");
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const kib = (value: number) => `${Math.round(value).toLocaleString("en-US")} KiB`;

function table(rows: [string, BundleSize][]): string {
  const cells = [
    ["Worker bundle (`wrangler deploy --dry-run`)", "raw", "gzip"],
    ...rows.map(([name, s]) => [name, kib(s.raw), kib(s.gzip)]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...cells.map((r) => (r[i] as string).length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  return [line(cells[0] as string[]), line(widths.map((w) => "-".repeat(w))), ...cells.slice(1).map(line)].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const split = writeSplitConfigs();
  const dir = mkdtempSync(join(tmpdir(), "trauma-code-full-"));
  try {
    const body = table([
      ["front Worker (ships; every Discord interaction)", measureBundle(split.front)],
      ["back Worker (ships; Slack, pages, cron, queue)", measureBundle(split.back)],
      ["one Worker (wrangler.toml), slimmed Bolt", measureBundle()],
      ["one Worker, full Bolt", measureBundle(fullBoltConfig(dir))],
    ]);
    console.log(body);
    const file = join(ROOT, "README.md");
    writeFileSync(file, replaceReadmeBlock(readFileSync(file, "utf8"), "size", body));
    console.log("README.md: bundle table rewritten.");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
