// npm run bench [-- --quick] [-- --full] [-- --update-readme]
// Measures what fans and operators feel: CPU per request against a floor Worker, start-up, bundle size,
// load through `wrangler dev`, and alert fan-out (bench/fanout.ts). Prints a table and writes
// bench/results/latest.json. --quick skips the load test and fans out to 1,000 only; --full delivers
// all 100,000 subscriptions; --cpu-only stops after CPU per request and start-up.
import "./cloudflare-shim.mjs";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { ROOT } from "../src/cli/project";
import { CONTENT_BUNDLE_KEY } from "../src/content/keys";
import { fanoutBench } from "./fanout";
import {
  contentBundle,
  discordRequest,
  interaction,
  keys,
  median,
  percentile,
  SLACK_SECRET,
  scenarios,
  table,
  toRequest,
} from "./lib";
import { startMockDiscord } from "./mock-discord";

const quick = process.argv.includes("--quick");
/** --cpu-only measures CPU per request and start-up, nothing through wrangler dev. */
const cpuOnly = process.argv.includes("--cpu-only");
const OUT = join(ROOT, "bench", ".build");
const RESULTS = join(ROOT, "bench", "results");
const STATE = join(OUT, "state");
const PORT = 8799;
const BASE = `http://127.0.0.1:${PORT}`;
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");
const WARMUP = 300;
const ITERATIONS = quick ? 1000 : 3000;

const log = (message: string) => process.stderr.write(`${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuUs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return d.user + d.system;
};
const wrangler = (args: string[]) =>
  execFileSync(WRANGLER, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });

type Worker = { fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> };

async function buildBundles() {
  mkdirSync(OUT, { recursive: true });
  wrangler(["deploy", "--dry-run", "--outdir", join(OUT, "worker")]);
  await build({
    entryPoints: [join(ROOT, "bench", "floor.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    outfile: join(OUT, "floor.js"),
    logLevel: "error",
  });
  const code = readFileSync(join(OUT, "worker", "index.js"));
  return { raw: code.length, gzip: gzipSync(code).length };
}

/** One request, answered and its waitUntil work done. */
function runner(worker: Worker, request: ReturnType<typeof scenarios>[string], env: unknown) {
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {} };
  return async () => {
    const response = await worker.fetch(toRequest(request), env, ctx);
    await response.arrayBuffer();
    await Promise.allSettled(pending.splice(0));
    if (response.status !== 200) throw new Error(`${request.url} answered ${response.status}`);
  };
}

/**
 * CPU per request, in process. The scenarios take turns in rounds of GROUP requests each, so machine
 * noise and drift fall on all of them alike; each round gives one sample (its CPU / GROUP) per
 * scenario, and the figures are the median and p99 over rounds.
 */
async function measureAll(runners: Record<string, () => Promise<void>>) {
  const GROUP = 20;
  const rounds = Math.ceil(ITERATIONS / GROUP);
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(runners).map((k) => [k, []]));
  for (const run of Object.values(runners)) for (let i = 0; i < WARMUP; i++) await run();
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(runners)) {
      const start = process.cpuUsage();
      for (let i = 0; i < GROUP; i++) await run();
      samples[name]?.push(cpuUs(start) / GROUP);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, { median: median(values), p99: percentile(values, 99) }]),
  );
}

async function cpuPerRequest(contentJson: string) {
  const env = {
    DISCORD_PUBLIC_KEY: keys.publicHex,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    CONTENT: { get: async (key: string) => (key === CONTENT_BUNDLE_KEY ? contentJson : null) },
    DB: new Proxy({}, { get: () => () => Promise.reject(new Error("no database in this measurement")) }),
  };
  const quiet = console.log;
  console.log = () => {};
  try {
    const worker = (await import(join(OUT, "worker", "index.js"))).default as Worker;
    const floor = (await import(join(OUT, "floor.js"))).default as Worker;
    const all = scenarios("http://bench.local");
    const FLOOR = "floor (verify + constant)";
    const runners: Record<string, () => Promise<void>> = { [FLOOR]: runner(floor, all["/character name"] as never, env) };
    for (const [name, request] of Object.entries(all)) runners[name] = runner(worker, request, env);
    const figures = await measureAll(runners);
    const floorMedian = figures[FLOOR]?.median ?? 1;
    return Object.entries(figures).map(([scenario, f]) => ({ scenario, ...f, ratio: f.median / floorMedian }));
  } finally {
    console.log = quiet;
  }
}

/** Each figure from fresh processes: importing the bundle, then the first request. */
function startup(contentFile: string) {
  const runs = 5;
  const requestFile = (name: string) => {
    const file = join(OUT, `${name.replace(/\W+/g, "-")}.json`);
    const r = scenarios("http://bench.local")[name];
    writeFileSync(
      file,
      JSON.stringify({ ...r, env: { DISCORD_PUBLIC_KEY: keys.publicHex, SLACK_SIGNING_SECRET: SLACK_SECRET } }),
    );
    return file;
  };
  const run = (request: string) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [join(ROOT, "bench", "startup.mjs"), join(OUT, "worker", "index.js"), request, contentFile],
        { encoding: "utf8" },
      ),
    ) as { importUs: number; firstUs: number | null };
  const sample = (request: string) => Array.from({ length: runs }, () => run(request));
  const none = sample("-");
  const discord = sample(requestFile("/character name"));
  const slack = sample(requestFile("Slack /episode 3"));
  return {
    importUs: median(none.map((r) => r.importUs)),
    firstDiscordUs: median(discord.map((r) => r.firstUs ?? 0)),
    firstSlackUs: median(slack.map((r) => r.firstUs ?? 0)),
  };
}

async function startWrangler(mockPort: number): Promise<{ child: ChildProcess; output: string[] }> {
  const output: string[] = [];
  const child = spawn(
    WRANGLER,
    [
      "dev",
      "--port",
      String(PORT),
      "--ip",
      "127.0.0.1",
      "--persist-to",
      STATE,
      "--var",
      `DISCORD_PUBLIC_KEY:${keys.publicHex}`,
      "--var",
      `SLACK_SIGNING_SECRET:${SLACK_SECRET}`,
      "--var",
      `DISCORD_API_BASE:http://127.0.0.1:${mockPort}/api/v10`,
      "--var",
      "DISCORD_BOT_TOKEN:bench-token",
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } },
  );
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split("\n"));
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  for (let i = 0; i < 120; i++) {
    await sleep(500);
    const ok = await fetch(`${BASE}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, output };
  }
  child.kill();
  throw new Error(`wrangler dev did not start:\n${output.slice(-20).join("\n")}`);
}

/** A bounded load: fixed connections and duration, one pre-signed /character request. */
async function load(seconds = 10, connections = 16) {
  const request = discordRequest(
    BASE,
    interaction(2, { id: "1", name: "character", type: 1, options: [{ name: "name", type: 3, value: "baek" }] }),
  );
  const latencies: number[] = [];
  let failures = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const start = performance.now();
        const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body }).catch(
          () => null,
        );
        await response?.arrayBuffer();
        latencies.push(performance.now() - start);
        if (!response || response.status < 200 || response.status >= 300) failures++;
      }
    }),
  );
  return {
    seconds,
    connections,
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: median(latencies),
    p99: percentile(latencies, 99),
    non2xx: failures,
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  log("Building the Worker bundle and the floor...");
  const bundle = await buildBundles();
  const content = await contentBundle();
  const contentJson = JSON.stringify(content);
  const contentFile = join(OUT, "content.json");
  writeFileSync(contentFile, contentJson);

  log("CPU per request (in process)...");
  const cpu = await cpuPerRequest(contentJson);
  log("Start-up...");
  const start = startup(contentFile);

  let loadFigures: Awaited<ReturnType<typeof load>> | undefined;
  if (cpuOnly) {
    console.log(
      table(
        ["CPU per request", "median µs", "× floor"],
        cpu.map((r) => [r.scenario, fmt(r.median), fmt(r.ratio, 2)]),
      ),
    );
    return;
  }
  log("Seeding the benchmark's own local state and starting wrangler dev...");
  const bundleFile = join(OUT, "bundle.json");
  writeFileSync(bundleFile, contentJson);
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", STATE]);
  wrangler([
    "kv",
    "key",
    "put",
    CONTENT_BUNDLE_KEY,
    "--binding",
    "CONTENT",
    "--local",
    "--persist-to",
    STATE,
    "--path",
    bundleFile,
  ]);
  const mock = await startMockDiscord();
  const { child } = await startWrangler(mock.port);
  try {
    if (!quick) {
      log("Load through wrangler dev...");
      loadFigures = await load();
    }
  } finally {
    child.kill("SIGINT");
    mock.server.close();
  }
  const fanout = await fanoutBench({ quick, full: process.argv.includes("--full"), log });

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const results = {
    date: new Date().toISOString().slice(0, 10),
    machine,
    quick,
    bundle,
    cpu,
    startup: start,
    load: loadFigures,
    fanout: fanout.results,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);

  const character = cpu.find((r) => r.scenario === "/character name");
  const sections = [
    `Benchmark of ${results.date} on ${machine}${quick ? " (quick run)" : ""}`,
    "",
    table(
      ["CPU per request (in process, per group of 20)", "median µs", "p99 µs", "× floor"],
      cpu.map((r) => [r.scenario, fmt(r.median), fmt(r.p99), fmt(r.ratio, 2)]),
    ),
    "",
    table(
      ["Start-up (fresh process)", "CPU µs"],
      [
        ["import the Worker", fmt(start.importUs)],
        ["first Discord request (/character)", fmt(start.firstDiscordUs)],
        ["first Slack request (loads Bolt)", fmt(start.firstSlackUs)],
      ],
    ),
    "",
    table(
      ["Bundle (wrangler deploy --dry-run)", "bytes"],
      [
        ["raw", fmt(bundle.raw)],
        ["gzip", fmt(bundle.gzip)],
      ],
    ),
    "",
    loadFigures
      ? table(
          ["Load (wrangler dev, loopback)", "value"],
          [
            ["connections × seconds", `${loadFigures.connections} × ${loadFigures.seconds}`],
            ["requests per second", fmt(loadFigures.rps)],
            ["p50 / p99 ms", `${fmt(loadFigures.p50, 1)} / ${fmt(loadFigures.p99, 1)}`],
            ["non-2xx", fmt(loadFigures.non2xx)],
          ],
        )
      : "Load: skipped (--quick)",
    "",
    fanout.markdown,
    "",
    table(
      ["Target", "result"],
      [
        ["/character CPU ≤ 1.1× floor", `${fmt(character?.ratio ?? 0, 2)}× ${(character?.ratio ?? 9) <= 1.1 ? "met" : "missed"}`],
        [
          "Discord path unaffected by Bolt",
          `first Discord ${fmt(start.firstDiscordUs)} µs vs first Slack ${fmt(start.firstSlackUs)} µs`,
        ],
      ],
    ),
  ];
  const report = sections.join("\n");
  console.log(report);
  writeFileSync(join(RESULTS, "latest.md"), `${report}\n`);
  if (process.argv.includes("--update-readme")) {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const updated = readme.replace(
      /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
      `<!-- bench:start -->\n\`\`\`\n${report}\n\`\`\`\n<!-- bench:end -->`,
    );
    writeFileSync(join(ROOT, "README.md"), updated);
  }
}

await main();
