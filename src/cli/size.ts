// npm run size: builds the Worker as `wrangler deploy` would, with Bolt slimmed by the [alias] table in
// wrangler.toml (what ships) and without it (full Bolt), and rewrites the bundle table in README.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseToml, stringify as stringifyToml } from "smol-toml";
import { ROOT, replaceReadmeBlock, wrangler } from "./project";

/** KiB, as `wrangler deploy` reports them. */
export interface BundleSize {
  raw: number;
  gzip: number;
}

/** Bytes of the bundle `wrangler deploy` would upload; `slim: false` drops the [alias] table first. */
export function measureBundle({ slim = true } = {}): BundleSize {
  const dir = mkdtempSync(join(tmpdir(), "trauma-code-size-"));
  try {
    const args = ["deploy", "--dry-run", "--outdir", join(dir, "out")];
    if (!slim) {
      const config = parseToml(readFileSync(join(ROOT, "wrangler.toml"), "utf8")) as Record<string, unknown>;
      delete config.alias;
      config.main = join(ROOT, String(config.main));
      writeFileSync(join(dir, "wrangler.toml"), stringifyToml(config));
      args.push("--config", join(dir, "wrangler.toml"));
    }
    const out = wrangler(args, { quiet: true });
    // The figures wrangler prints for every deploy, so the table matches what operators see.
    const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(out);
    if (!match) throw new Error(`wrangler deploy --dry-run printed no "Total Upload" line:\n${out}`);
    return { raw: Number(match[1]), gzip: Number(match[2]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kib = (value: number) => `${Math.round(value).toLocaleString("en-US")} KiB`;

function table(full: BundleSize, slim: BundleSize): string {
  const rows = [
    ["Worker bundle (`wrangler deploy --dry-run`)", "raw", "gzip"],
    ["full Bolt", kib(full.raw), kib(full.gzip)],
    ["slimmed Bolt (what ships)", kib(slim.raw), kib(slim.gzip)],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  return [line(rows[0] as string[]), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const slim = measureBundle();
  const full = measureBundle({ slim: false });
  const body = table(full, slim);
  console.log(body);
  const file = join(ROOT, "README.md");
  writeFileSync(file, replaceReadmeBlock(readFileSync(file, "utf8"), "size", body));
  console.log("README.md: bundle table rewritten.");
}
