// Shared by the Node-only tools in src/cli: project paths, .dev.vars, and running wrangler.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { parseDevVars } from "./dev-vars";
import { DEFAULT_PORT } from "./start-args";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEV_VARS = join(ROOT, ".dev.vars");
/** Git-ignored state of the local tools: the running bot's address, the last answer `npm run try` got. */
export const LOCAL_DIR = join(ROOT, ".local");
/** Written by `npm start` while it runs, so `npm run try` follows `--port` without being told. */
export const LOCAL_URL_FILE = join(LOCAL_DIR, "bot-url");

/** Where the local bot listens: BOT_URL, else PORT, else what a running `npm start` recorded, else :8787. */
export function localUrl(): string {
  if (process.env.BOT_URL) return process.env.BOT_URL.replace(/\/$/, "");
  if (process.env.PORT) return `http://localhost:${process.env.PORT}`;
  if (existsSync(LOCAL_URL_FILE)) return readFileSync(LOCAL_URL_FILE, "utf8").trim();
  return `http://localhost:${DEFAULT_PORT}`;
}

/** Records `url` as the running bot's address, for `npm run try`. */
export function recordLocalUrl(url: string, file = LOCAL_URL_FILE): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${url}\n`);
}

/**
 * Forgets `url` as the running bot's address, unless another `npm start` has recorded its own since:
 * that run is still up, and `npm run try` would otherwise lose its way to it.
 */
export function forgetLocalUrl(url: string, file = LOCAL_URL_FILE): void {
  if (existsSync(file) && readFileSync(file, "utf8").trim() === url) rmSync(file, { force: true });
}

/** KEY=value lines of .dev.vars, read as wrangler dev reads them; an empty object when the file is absent. */
export function readDevVars(): Record<string, string> {
  return existsSync(DEV_VARS) ? parseDevVars(readFileSync(DEV_VARS, "utf8")) : {};
}

/**
 * What a wrangler run may print before it is stopped. Node's default (1 MB) stopped `wrangler d1 execute`
 * in the middle of a long answer (the sources of a page of candidates), and the tool failed.
 */
const WRANGLER_OUTPUT_MAX = 256 * 1024 * 1024;

/** Runs the project's own wrangler; exits with its status when it fails. */
export function wrangler(args: string[], { quiet = false } = {}): string {
  const bin = join(ROOT, "node_modules", ".bin", "wrangler");
  const result = spawnSync(bin, args, {
    cwd: ROOT,
    encoding: "utf8",
    stdio: quiet ? "pipe" : ["ignore", "pipe", "inherit"],
    maxBuffer: WRANGLER_OUTPUT_MAX,
  });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(result.stderr ?? "");
    process.stderr.write(result.stdout ?? "");
    if (result.error) console.error(result.error.message);
    console.error(`wrangler ${args.join(" ")} failed`);
    process.exit(result.status ?? 1);
  }
  return result.stdout ?? "";
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

export interface WranglerConfig {
  vars?: Record<string, string>;
  triggers?: { crons?: string[] };
  alias?: Record<string, string>;
}

/** wrangler.toml, parsed. */
export function readWranglerConfig(): WranglerConfig {
  return parseToml(readFileSync(join(ROOT, "wrangler.toml"), "utf8")) as WranglerConfig;
}

/** README.md with the text between `<!-- name:start -->` and `<!-- name:end -->` replaced by `body`. */
export function replaceReadmeBlock(readme: string, name: string, body: string): string {
  const pattern = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
  if (!pattern.test(readme)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`);
  return readme.replace(pattern, () => `<!-- ${name}:start -->\n${body.trimEnd()}\n<!-- ${name}:end -->`);
}
