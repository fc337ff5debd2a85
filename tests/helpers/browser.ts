// Node-side helpers for tests that look at the pages in a real browser: the system's headless
// Chromium driven by playwright-core (no browser is ever downloaded), and the Worker served by
// `wrangler dev` on a free local port, with its own throwaway local state seeded from data/.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { buildBundle } from "../../src/content/bundle";
import { CONTENT_BUNDLE_KEY } from "../../src/content/keys";
import { DATA_FILES } from "../../src/content/schema";

export const ROOT = resolve(import.meta.dirname, "..", "..");
/** Debian's chromium package (.ci/run installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Screenshots for people to look at; git ignores the folder. */
export const SCREENSHOTS = join(ROOT, "tests", "browser", "screenshots");

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile (its --user-data-dir, removed on close). `locale` sets the
 * browser's language, and so the Accept-Language it sends.
 */
export async function launchBrowser({ locale = "en-US" }: { locale?: string } = {}): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  const profile = mkdtempSync(join(tmpdir(), "trauma-code-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    locale,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A TCP port nobody is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");
const QUIET_ENV = { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };

function wrangler(args: string[]): void {
  const result = spawnSync(WRANGLER, args, { cwd: ROOT, encoding: "utf8", env: QUIET_ENV });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
}

export interface ServedWorker {
  url: string;
  stop(): Promise<void>;
}

/**
 * Serves the Worker with `wrangler dev` (the bundle and aliases that deploy uses) on a free port of
 * localhost, with local KV seeded from data/ and the D1 migrations applied in a throwaway state
 * folder. `vars` are passed as --var (e.g. DISCORD_APPLICATION_ID, SLACK_API_BASE).
 */
export async function serveWorker(vars: Record<string, string> = {}): Promise<ServedWorker> {
  const state = mkdtempSync(join(tmpdir(), "trauma-code-state-"));
  const files = Object.fromEntries(
    Object.keys(DATA_FILES).map((name) => [name, JSON.parse(readFileSync(join(ROOT, "data", name), "utf8"))]),
  );
  const built = await buildBundle(files);
  if (!built.ok) throw new Error(built.errors.join("\n"));
  const bundleFile = join(state, "bundle.json");
  writeFileSync(bundleFile, JSON.stringify(built.bundle));
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", state]);
  wrangler([
    "kv",
    "key",
    "put",
    CONTENT_BUNDLE_KEY,
    "--binding",
    "CONTENT",
    "--local",
    "--persist-to",
    state,
    "--path",
    bundleFile,
  ]);

  const port = await freePort();
  const url = `http://localhost:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    WRANGLER,
    [
      "dev",
      "--port",
      String(port),
      "--ip",
      "localhost",
      "--persist-to",
      state,
      "--inspector-port",
      String(await freePort()),
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: QUIET_ENV },
  );
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(state, { recursive: true, force: true });
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) break;
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, stop };
    await new Promise((done) => setTimeout(done, 500));
  }
  await stop();
  throw new Error(`wrangler dev did not start:\n${output.join("").slice(-3000)}`);
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}
