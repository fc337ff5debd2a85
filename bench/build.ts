// Builds Workers the way `wrangler deploy` does, from the project's own wrangler.toml, or from a variant of
// it (another entry, other aliases): each variant gets a generated wrangler.json under bench/.build, so the
// options weighed for loading Bolt are measured from real builds, not estimated.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "../src/cli/project";
import { projectConfig, withAbsolutePaths } from "../src/cli/split";

export const OUT = join(ROOT, "bench", ".build");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");

export interface Variant {
  /** Folder name under bench/.build. */
  id: string;
  /** The config to start from, paths absolute (one of the two deployed Workers); wrangler.toml when absent. */
  config?: Record<string, unknown>;
  /** The entry, relative to the project root; the config's `main` when absent. */
  main?: string;
  /** Aliases to add; a value of null removes the config's alias of that name. */
  alias?: Record<string, string | null>;
  /** Overrides the config's `minify`. */
  minify?: boolean;
}

export interface Build {
  file: string;
  raw: number;
  gzip: number;
  /** Bytes in the output by npm package (the project's own files as "(this project)"), largest first. */
  packages: { name: string; bytes: number }[];
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** The package an esbuild input belongs to, from its path. */
export function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match) return match[1] as string;
  if (input.startsWith("node-built-in-modules:")) return "(Node built-in imports)";
  return "(this project)";
}

export function byPackage(meta: Metafile): { name: string; bytes: number }[] {
  const sizes = new Map<string, number>();
  for (const output of Object.values(meta.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      sizes.set(packageOf(input), (sizes.get(packageOf(input)) ?? 0) + bytesInOutput);
  return [...sizes].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** `wrangler deploy --dry-run` of a variant of the project's config; returns the bundle and its make-up. */
export function buildWorker(variant: Variant): Build {
  const dir = join(OUT, variant.id);
  mkdirSync(dir, { recursive: true });
  const config = variant.config ?? projectConfig();
  const alias = Object.entries({ ...(config.alias as Record<string, string>), ...variant.alias }).filter(
    (entry): entry is [string, string] => entry[1] !== null,
  );
  const configFile = join(dir, "wrangler.json");
  const written = withAbsolutePaths({
    ...config,
    main: variant.main ?? config.main,
    alias: Object.fromEntries(alias),
    ...(variant.minify === undefined ? {} : { minify: variant.minify }),
  });
  writeFileSync(configFile, JSON.stringify(written, null, 2));
  const metafile = join(dir, "meta.json");
  execFileSync(WRANGLER, ["deploy", "--dry-run", "--config", configFile, "--outdir", join(dir, "out"), "--metafile", metafile], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const file = join(dir, "out", `${basename(variant.main ?? (config.main as string)).replace(/\.[cm]?[jt]s$/, "")}.js`);
  const code = readFileSync(file);
  return {
    file,
    raw: code.length,
    gzip: gzipSync(code).length,
    packages: byPackage(JSON.parse(readFileSync(metafile, "utf8")) as Metafile),
  };
}
