// npm run bench [-- --quick] [-- --full] [-- --update-readme]
// Measures what fans and operators feel: CPU per request against a floor Worker and against peers (the
// same /character answer from discord-hono and from a bot in the style of Discord's Workers sample),
// start-up and how Bolt is loaded, bundle size by package, load through `wrangler dev`, and alert fan-out.
// Prints the tables, checks the targets, and writes bench/results/latest.json and latest.md.
// --quick skips the load test and fans out to 1,000 only; --full delivers all 100,000 in the fan-out;
// --cpu-only stops after CPU per request, start-up and bundle; --requests-only measures CPU per request alone.
// CPU per request is measured in fresh processes (bench/requests.ts), each figure the median over them.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { build as esbuild } from "esbuild";
import { ROOT } from "../src/cli/project";
import { projectConfig, splitConfigs } from "../src/cli/split";
import { CONTENT_BUNDLE_KEY } from "../src/content/keys";
import { FEEDS_PER_TICK, XML_PER_TICK } from "../src/news/poll";
import { type Build, buildWorker, OUT, type Variant } from "./build";
import { type ColdStart, coldStarts } from "./coldstart";
import {
  CHARACTER,
  CHARACTER_ANSWER_FILE,
  FLOOR,
  GROUP,
  LEAST,
  LEAST_FOR,
  measureRequestsInProcesses,
  PRIMING,
  SLACK,
} from "./cpu";
import { fanoutBench } from "./fanout";
import {
  contentBundle,
  discordRequest,
  interaction,
  keys,
  median,
  percentile,
  type SignedRequest,
  SLACK_SECRET,
  scenarios,
  table,
} from "./lib";
import { startMockDiscord } from "./mock-discord";
import { measureFeedCpu } from "./news";
import { CONCURRENCY, canMeasureInWorkerd, measureInWorkerd, RUNTIME } from "./workerd";

const quick = process.argv.includes("--quick");
/** --cpu-only measures CPU per request, start-up and bundle, nothing through wrangler dev. */
const cpuOnly = process.argv.includes("--cpu-only");
/** --requests-only measures CPU per request alone (the Worker as it ships, the floor and the peers). */
const requestsOnly = process.argv.includes("--requests-only");
/** --full delivers all 100,000 in the fan-out instead of a steady-state window. */
const full = process.argv.includes("--full");
const RESULTS = join(ROOT, "bench", "results");
const STATE = join(OUT, "state");
const PORT = 8799;
const BASE = `http://127.0.0.1:${PORT}`;
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");
const ITERATIONS = quick ? 1000 : 3000;

const log = (message: string) => process.stderr.write(`${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const wrangler = (args: string[]) =>
  execFileSync(WRANGLER, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const kb = (bytes: number) => `${fmt(bytes / 1000, 1)} KB`;

/** The goals the bench checks on every run; `met` is null where the run did not measure it. */
interface Target {
  goal: string;
  result: string;
  met: boolean | null;
}

/** A part of the report: its tables, the targets it checks, and its figures for latest.json. */
interface Section {
  tables: string[];
  targets: Target[];
  results: Record<string, unknown>;
}

const target = (goal: string, value: string, met: boolean): Target => ({
  goal,
  result: `${value} ${met ? "met" : "MISSED"}`,
  met,
});

/** Fresh processes the CPU per request is measured in; each figure is the median over them. */
const PROCESSES = quick ? 1 : 5;
const PEERS = {
  "discord-hono": join(ROOT, "bench", "peers", "discord-hono.ts"),
  "Discord sample style (itty-router)": join(ROOT, "bench", "peers", "sample.ts"),
};

/** The floor, the least Worker and the peers, bundled like small Workers (esbuild, ES module, nothing left out). */
async function buildSmallWorkers(): Promise<Record<string, string>> {
  const entries = { floor: join(ROOT, "bench", "floor.ts"), least: join(ROOT, "bench", "least.ts"), ...PEERS };
  const files: Record<string, string> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const outfile = join(OUT, "small", `${name.replace(/\W+/g, "-")}.js`);
    await esbuild({ entryPoints: [entry], bundle: true, format: "esm", platform: "browser", outfile, logLevel: "error" });
    files[name] = outfile;
  }
  return files;
}

/** The shipped pair: the front answers Discord, the back Slack. */
interface Shipped {
  front: Build;
  back: Build;
}

const shippedBuilds = (): Shipped => {
  const { front, back } = splitConfigs();
  return { front: buildWorker({ id: "front", config: front }), back: buildWorker({ id: "back", config: back }) };
};

/** Each scenario's body size, as the report names them. */
const requestSizes = () =>
  Object.entries(scenarios("http://bench.local"))
    .map(([name, request]) => `${name} ${fmt(Buffer.byteLength(request.body))} bytes`)
    .join(", ");

async function cpuSection(ships: Shipped, small: Record<string, string>, contentFile: string): Promise<Section> {
  const figures = measureRequestsInProcesses(
    { front: ships.front.file, back: ships.back.file, small, contentFile, iterations: ITERATIONS },
    PROCESSES,
  );
  const find = (scenario: string) => figures.find((f) => f.scenario === scenario);
  // Each with the least any bot pays for the same answer, measured in the same run.
  const ratioTarget = (scenario: string, label: string, max: number) => {
    const ratio = find(scenario)?.ratio ?? Number.POSITIVE_INFINITY;
    const leastName = LEAST_FOR[scenario];
    const least = leastName ? find(leastName)?.ratio : undefined;
    const note = least === undefined ? "" : ` (least possible: ${fmt(least, 2)}×)`;
    return target(`${label} CPU ≤ ${fmt(max, 2)}× floor`, `${fmt(ratio, 2)}×${note}`, ratio <= max);
  };
  const sideBySide = [
    ["least any bot pays for it (bench/least.ts)", find(LEAST)],
    ["this bot", find(CHARACTER)],
    ...Object.keys(PEERS).map((name) => [name, find(`peer: ${name} ${CHARACTER}`)] as const),
  ] as const;
  return {
    results: { cpu: figures },
    tables: [
      table(
        [`CPU per request (in process, per group of ${GROUP})`, "median µs", "p99 µs", "× floor", "× floor by process"],
        figures.map((r) => [r.scenario, fmt(r.median), fmt(r.p99), fmt(r.ratio, 2), r.ratios.map((x) => fmt(x, 2)).join(" ")]),
      ),
      `Each figure is the median over ${PROCESSES} fresh process${PROCESSES === 1 ? "" : "es"}, each measuring every scenario in turn, each group\nafter ${PRIMING} uncounted requests of its own (so that no scenario pays for the one before it); the last\ncolumn gives each process's own ratio, since the same code measures a few hundredths apart from one\nprocess to the next.`,
      `Each scenario repeats one request, so after the first, the bot answers /character and /episode from its\nrendered-answer cache; the peers build the answer every time. The least Worker verifies, parses the\ninteraction and sends the bot's answer as ready-made bytes, nothing else: no bot giving that answer can\ncost less. Requests carry every field Discord and Slack send (bench/lib.ts): ${requestSizes()}.`,
      table(
        [`${CHARACTER}, same answer (peers build it each time)`, "median µs", "× floor"],
        sideBySide.map(([name, f]) => [name, fmt(f?.median ?? 0), fmt(f?.ratio ?? 0, 2)]),
      ),
    ],
    targets: [
      ratioTarget(CHARACTER, "/character", 1.05),
      ratioTarget("autocomplete", "autocomplete", 1.1),
      ratioTarget("button click", "button click", 1.15),
    ],
  };
}

/** Rounds of the workerd measurement (each sends every Worker its priming and its group of requests). */
const WORKERD_ROUNDS = quick ? 10 : 20;

/**
 * The same /character request in workerd: the floor, the least Worker, the bot's front Worker as it
 * ships and the peers, each a ratio to the floor. Node's in-process figures leave out what only workerd
 * charges a Worker for (its streams, its console), and this is where those show.
 */
async function workerdSection(ships: Shipped, small: Record<string, string>, contentFile: string): Promise<Section> {
  if (!canMeasureInWorkerd())
    return { tables: ["CPU per request in workerd: not measured (needs Linux's /proc)."], targets: [], results: {} };
  const { floor, least, ...peers } = small;
  const bot = `this bot (front Worker) ${CHARACTER}`;
  const workers: Record<string, string> = {
    [FLOOR]: floor as string,
    [LEAST]: least as string,
    [bot]: ships.front.file,
    ...Object.fromEntries(Object.entries(peers).map(([name, file]) => [`peer: ${name} ${CHARACTER}`, file])),
  };
  const figures = await measureInWorkerd(workers, FLOOR, PROCESSES, {
    request: () => scenarios("http://bench.local")[CHARACTER] as never,
    answer: readFileSync(CHARACTER_ANSWER_FILE),
    contentFile,
    rounds: WORKERD_ROUNDS,
  });
  const runtime = figures.find((f) => f.scenario === RUNTIME)?.median ?? 0;
  const floorMedian = figures.find((f) => f.scenario === FLOOR)?.median ?? Number.NaN;
  return {
    results: { workerd: figures },
    tables: [
      table(
        [
          "CPU per request in workerd (process CPU, all threads)",
          "median µs",
          "p99 µs",
          "× floor",
          "× floor by process",
          "× floor, runtime's own left out",
        ],
        figures.map((f) => [
          f.scenario,
          fmt(f.median),
          fmt(f.p99),
          fmt(f.ratio, 2),
          f.ratios.map((x) => fmt(x, 2)).join(" "),
          f.scenario === RUNTIME ? "" : fmt((f.median - runtime) / (floorMedian - runtime), 2),
        ]),
      ),
      `Each Worker is served by one workerd process (wrangler's) on loopback and sent the same signed
/character request over HTTP, ${CONCURRENCY} at a time. A process's figure is the CPU time of all its threads per
request, the median over ${WORKERD_ROUNDS} rounds that take the Workers in turn; each figure here is the median over
${PROCESSES} such process${PROCESSES === 1 ? "" : "es"}. It includes what the runtime spends on any request (its row),
which the last column leaves out of both sides of the ratio.`,
    ],
    targets: [],
  };
}

/**
 * The news round's CPU: a full page of a Google News search feed parsed as the Worker parses it, and what
 * one tick spends on the pages it may parse, against the Free plan's 10 ms an invocation.
 */
function newsSection(): Section {
  const f = measureFeedCpu({ rounds: quick ? 10 : 30 });
  const tick = f.pagesPerTick * f.median;
  return {
    results: { news: f },
    tables: [
      table(
        ["News round: feed parsing (in process, parseFeed)", "pages", "median µs", "p99 µs"],
        [
          [`one Google News search page (${f.entries} items, ${kb(f.chars)})`, 1, fmt(f.median), fmt(f.p99)],
          [`a tick polling ${FEEDS_PER_TICK} such feeds, all read`, f.pagesIfAllRead, fmt(f.pagesIfAllRead * f.median), ""],
          [
            `a tick as it polls, at worst: no further feed past ${kb(XML_PER_TICK)} read`,
            f.pagesPerTick.toFixed(2),
            fmt(tick),
            "",
          ],
        ],
      ),
      `The page is generated as Google News serves one (bench/news.ts): each item's link, guid and escaped-HTML
description. A tick's rows are that many pages' median; the Free plan allows an invocation 10 ms of CPU.`,
    ],
    targets: [target("a news tick's feed parsing ≤ 10,000 µs CPU", `${fmt(tick)} µs`, tick <= 10_000)],
  };
}

/** The ways of deploying that were weighed, each built for real. The first two are what ships. */
function deployOptions(ships: Shipped): { name: string; variant?: Variant; build?: Build; discord: boolean; slack: boolean }[] {
  const stubs = Object.keys((projectConfig().alias as Record<string, string>) ?? {});
  const unstubbed = Object.fromEntries(stubs.map((name) => [name, null]));
  return [
    { name: FRONT_ROW, build: ships.front, discord: true, slack: false },
    { name: BACK_ROW, build: ships.back, discord: false, slack: true },
    { name: ONE_WORKER_ROW, variant: { id: "worker" }, discord: true, slack: true },
    {
      name: "one Worker, Bolt slimmed, evaluated at start-up",
      variant: { id: "eager", main: "bench/variants/eager.ts" },
      discord: true,
      slack: true,
    },
    {
      name: "one Worker, full Bolt (no aliases), lazy",
      variant: { id: "full-bolt", alias: unstubbed },
      discord: true,
      slack: true,
    },
  ];
}

const FRONT_ROW = "ships: front Worker (Discord; the rest via service binding)";
const BACK_ROW = "ships: back Worker (Slack, Bolt at start-up; pages, cron, queue)";
const ONE_WORKER_ROW = "one Worker, Bolt slimmed, loaded on first Slack request";

async function startupSection(ships: Shipped, small: Record<string, string>, contentFile: string): Promise<Section> {
  const built = deployOptions(ships).map((option) => {
    log(`  ${option.name}`);
    const build = option.build ?? buildWorker(option.variant as Variant);
    const requests = () => {
      const all = scenarios("http://bench.local");
      const chosen: Record<string, SignedRequest> = {};
      if (option.discord && all[CHARACTER]) chosen.discord = all[CHARACTER];
      if (option.slack && all[SLACK]) chosen.slack = all[SLACK];
      return chosen;
    };
    return { name: option.name, build, requests };
  });
  const peerNames = Object.keys(PEERS);
  const discordOnly = () => ({ discord: scenarios("http://bench.local")[CHARACTER] as SignedRequest });
  log("  start-up: every build and peer in turn");
  const starts = coldStarts(
    [
      ...built.map(({ build, requests }) => ({ bundle: build.file, requests })),
      ...peerNames.map((name) => ({ bundle: small[name] as string, requests: discordOnly })),
    ],
    contentFile,
  );
  const rows: { name: string; build: Build; start: ColdStart }[] = built.map(({ name, build }, i) => ({
    name,
    build,
    start: starts[i] as ColdStart,
  }));
  const peers = peerNames.map((name, i) => ({ name, start: starts[built.length + i] as ColdStart }));
  const row = (name: string) => {
    const found = rows.find((r) => r.name === name);
    if (!found) throw new Error(`no start-up row ${name}`);
    return found;
  };
  const front = row(FRONT_ROW);
  const back = row(BACK_ROW);
  const oneWorker = row(ONE_WORKER_ROW);
  const us = (n: number | undefined) => (n === undefined ? "" : fmt(n));
  const firstSlack = back.start.first.slack ?? Number.POSITIVE_INFINITY;
  const firstDiscord = front.start.first.discord ?? Number.POSITIVE_INFINITY;
  const slackInFront = front.build.packages.filter((p) => p.name.startsWith("@slack/")).map((p) => p.name);
  const packagesTable = (title: string, build: Build) => {
    const shown = build.packages.slice(0, 12);
    const rest = build.packages.slice(12).reduce((sum, p) => sum + p.bytes, 0);
    return table(
      [title, "bytes", "share"],
      [
        ...shown.map((p) => [p.name, fmt(p.bytes), `${fmt((100 * p.bytes) / build.raw, 1)} %`]),
        ...(rest ? [[`${build.packages.length - shown.length} more`, fmt(rest), `${fmt((100 * rest) / build.raw, 1)} %`]] : []),
      ],
    );
  };
  return {
    results: {
      startup: rows.map((r) => ({ name: r.name, raw: r.build.raw, gzip: r.build.gzip, ...r.start })),
      peerStartup: peers,
      bundle: {
        front: { raw: front.build.raw, gzip: front.build.gzip, packages: front.build.packages },
        back: { raw: back.build.raw, gzip: back.build.gzip, packages: back.build.packages },
      },
    },
    tables: [
      table(
        ["Start-up, fresh process (CPU µs)", "raw", "gzip", "import", "first Discord", "first Slack"],
        rows.map((r) => [
          r.name,
          kb(r.build.raw),
          kb(r.build.gzip),
          fmt(r.start.importUs),
          us(r.start.first.discord),
          us(r.start.first.slack),
        ]),
      ),
      "A fan's Discord interaction meets the front Worker only; a review card's press, Slack, the pages, /health\nand the install pass through it to the back, whose start-up evaluates Bolt (start-up has its own,\nlarger CPU budget).",
      table(
        [`Start-up side by side (CPU µs, first request ${CHARACTER})`, "import", "first request"],
        [
          ["this bot (front Worker)", fmt(front.start.importUs), us(front.start.first.discord)],
          ...peers.map((p) => [p.name, fmt(p.start.importUs), us(p.start.first.discord)]),
        ],
      ),
      packagesTable("Front Worker by package (esbuild metafile, bytes)", front.build),
      packagesTable("Back Worker by package (esbuild metafile, bytes)", back.build),
    ],
    targets: [
      target("first Slack request ≤ 10,000 µs CPU", `${fmt(firstSlack)} µs`, firstSlack <= 10_000),
      target(
        "first Discord request needs nothing of Slack",
        `${fmt(firstDiscord)} µs (one Worker: ${fmt(oneWorker.start.first.discord ?? 0)}), ${slackInFront.length ? `front holds ${slackInFront.join(", ")}` : "no @slack/* in the front"}`,
        slackInFront.length === 0,
      ),
      target("importing the front Worker ≤ 15,000 µs CPU", `${fmt(front.start.importUs)} µs`, front.start.importUs <= 15_000),
      target("front bundle ≤ 400 KB raw", kb(front.build.raw), front.build.raw <= 400_000),
      target("front bundle ≤ 90 KB gzip", kb(front.build.gzip), front.build.gzip <= 90_000),
    ],
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

function loadSection(figures: Awaited<ReturnType<typeof load>> | undefined): Section {
  return {
    results: { load: figures },
    tables: [
      figures
        ? table(
            ["Load (wrangler dev, loopback)", "value"],
            [
              ["connections × seconds", `${figures.connections} × ${figures.seconds}`],
              ["requests per second", fmt(figures.rps)],
              ["p50 / p99 ms", `${fmt(figures.p50, 1)} / ${fmt(figures.p99, 1)}`],
              ["non-2xx", fmt(figures.non2xx)],
            ],
          )
        : "Load: skipped (--quick)",
    ],
    targets: [],
  };
}

/** Fan-out results join the report here, as one section like the others. */
function fanoutSection(fanout: Awaited<ReturnType<typeof fanoutBench>>): Section {
  // bench/fanout.ts prints its own targets table; its figures join the results here.
  return { results: { fanout: fanout.results }, tables: [fanout.markdown], targets: [] };
}

/** Sections measured through wrangler dev with the benchmark's own local state. */
async function liveSections(content: Awaited<ReturnType<typeof contentBundle>>): Promise<Section[]> {
  log("Seeding the benchmark's own local state and starting wrangler dev...");
  const bundleFile = join(OUT, "bundle.json");
  writeFileSync(
    bundleFile,
    JSON.stringify({ ...content, news: [...content.news, { ...content.news[0], id: "bench-fanout", date: "2026-11-20" }] }),
  );
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
  let loadFigures: Awaited<ReturnType<typeof load>> | undefined;
  try {
    if (!quick) {
      log("Load through wrangler dev...");
      loadFigures = await load();
    }
  } finally {
    child.kill("SIGINT");
    await mock.close();
  }
  // The fan-out runs its own wrangler dev, mock Discord (50 requests a second) and local state.
  const fanout = await fanoutBench({ quick, full, log });
  return [loadSection(loadFigures), fanoutSection(fanout)];
}

function targetsTable(targets: Target[]): string {
  return table(
    ["Target", "result"],
    targets.map((t) => [t.goal, t.result.trim()]),
  );
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const content = await contentBundle();
  const contentJson = JSON.stringify(content);
  const contentFile = join(OUT, "content.json");
  writeFileSync(contentFile, contentJson);
  log("Building the floor and the peers...");
  const small = await buildSmallWorkers();
  const sections: Section[] = [];
  if (requestsOnly) {
    log("Building the two Workers...");
    const ships = shippedBuilds();
    log("CPU per request (in process)...");
    sections.push(await cpuSection(ships, small, contentFile));
    log("CPU per request (in workerd)...");
    sections.push(await workerdSection(ships, small, contentFile));
  } else {
    log("Building the two Workers and the other ways of deploying, and their start-up...");
    const ships = shippedBuilds();
    const startup = await startupSection(ships, small, contentFile);
    log("CPU per request (in process)...");
    sections.push(await cpuSection(ships, small, contentFile));
    log("CPU per request (in workerd)...");
    sections.push(await workerdSection(ships, small, contentFile), startup);
    log("News round: a feed page's CPU...");
    sections.push(newsSection());
    if (!cpuOnly) sections.push(...(await liveSections(content)));
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  const targets = sections.flatMap((s) => s.targets);
  const results = {
    date,
    machine,
    quick,
    cpuOnly,
    requestsOnly,
    ...Object.assign({}, ...sections.map((s) => s.results)),
    targets,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);

  const missed = targets.filter((t) => t.met === false).length;
  const report = [
    `Benchmark of ${date} on ${machine}${quick ? " (quick run)" : ""}${cpuOnly ? " (CPU only)" : ""}${requestsOnly ? " (CPU per request only)" : ""}`,
    ...sections.flatMap((s) => s.tables),
    targetsTable(targets),
    `${targets.length - missed} of ${targets.length} targets met.`,
  ].join("\n\n");
  console.log(report);
  writeFileSync(join(RESULTS, "latest.md"), `${report}\n`);
  if (process.argv.includes("--update-readme")) {
    if (quick || cpuOnly || requestsOnly)
      throw new Error("--update-readme needs a plain run (no --quick, --cpu-only or --requests-only)");
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const updated = readme.replace(
      /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
      `<!-- bench:start -->\n\`\`\`\n${report}\n\`\`\`\n<!-- bench:end -->`,
    );
    writeFileSync(join(ROOT, "README.md"), updated);
  }
}

await main();
