// CPU per request, in process: bundled Workers' fetch called directly with signed requests.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../src/cli/project";
import { CONTENT_BUNDLE_KEY } from "../src/content/keys";
import { OUT } from "./build";
import { keys, median, percentile, type SignedRequest, SLACK_BOT_TOKEN, SLACK_SECRET, toRequest } from "./lib";

// The request a bot and its peers are compared on, and the scenarios' names that have a role.
export const CHARACTER = "/character name";
export const SLACK = "Slack /episode 3";
export const FLOOR = "floor (verify + constant)";
export const LEAST = "least for /character's answer (verify, parse, send its bytes)";
/** The scenarios whose answer the least Worker is measured sending too, by the name of its figure. */
export const LEAST_FOR: Record<string, string> = {
  [CHARACTER]: LEAST,
  autocomplete: "least for autocomplete's answer",
  "button click": "least for a button click's answer",
};
/** The bot's /character answer as it sends it, written by bench/requests.ts for the least Worker elsewhere. */
export const CHARACTER_ANSWER_FILE = join(OUT, "character-answer.bin");

export type Worker = { fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> };

const cpuUs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return d.user + d.system;
};

/** What the measured Workers get as env: keys, the content bundle in a KV stand-in, no database. */
export function benchEnv(contentJson: string) {
  return {
    DISCORD_PUBLIC_KEY: keys.publicHex,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN,
    CONTENT: { get: async (key: string) => (key === CONTENT_BUNDLE_KEY ? contentJson : null) },
    DB: new Proxy({}, { get: () => () => Promise.reject(new Error("no database in this measurement")) }),
  };
}

/** One request, answered and its waitUntil work done; the answer's body is returned. */
export function runner(worker: Worker, request: SignedRequest, env: unknown) {
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {} };
  return async () => {
    const response = await worker.fetch(toRequest(request), env, ctx);
    const body = await response.arrayBuffer();
    await Promise.allSettled(pending.splice(0));
    if (response.status !== 200) throw new Error(`${request.url} answered ${response.status}`);
    return body;
  };
}

/** Requests per sample, and the uncounted requests of the same scenario before each (see measureCpu). */
export const GROUP = 20;
export const PRIMING = GROUP;

export interface CpuFigure {
  scenario: string;
  median: number;
  p99: number;
  ratio: number;
}

/**
 * The scenarios take turns in rounds of GROUP requests each, so machine noise and drift fall on all of
 * them alike; each round gives one sample (its CPU / GROUP) per scenario, and the figures are the
 * median and p99 over rounds, with the median as a ratio to the floor's.
 *
 * Each group starts after PRIMING requests of its own that are not counted. Every Worker here shares one
 * process and one heap, so without them a group pays for what the scenario before it left behind (its
 * garbage still to collect, caches filled by other code): the floor, which follows the heaviest peer,
 * read dearer and every ratio to it a few hundredths low. A Worker's isolate has a heap of its own. The
 * ratios stop moving once the priming is about as long as the group, so it is.
 */
export async function measureCpu(
  runners: Record<string, () => Promise<unknown>>,
  floor: string,
  {
    iterations,
    warmup = 300,
    group = GROUP,
    priming = PRIMING,
  }: { iterations: number; warmup?: number; group?: number; priming?: number },
): Promise<CpuFigure[]> {
  const rounds = Math.ceil(iterations / group);
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(runners).map((k) => [k, []]));
  for (const run of Object.values(runners)) for (let i = 0; i < warmup; i++) await run();
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(runners)) {
      for (let i = 0; i < priming; i++) await run();
      const start = process.cpuUsage();
      for (let i = 0; i < group; i++) await run();
      samples[name]?.push(cpuUs(start) / group);
    }
  }
  const floorMedian = median(samples[floor] ?? []);
  return Object.entries(samples).map(([scenario, values]) => ({
    scenario,
    median: median(values),
    p99: percentile(values, 99),
    ratio: median(values) / floorMedian,
  }));
}

/** What bench/requests.ts measures: the bundles (small: floor, least, then the peers by name) and how long. */
export interface RequestSettings {
  front: string;
  back: string;
  small: Record<string, string>;
  contentFile: string;
  iterations: number;
}

/** Figures over several processes: the medians, with each process's ratio. */
export interface CombinedFigure extends CpuFigure {
  ratios: number[];
}

/**
 * CPU per request measured in `processes` fresh processes (bench/requests.ts), one after another. How
 * a process lays out and compiles the code moves its ratios by a few hundredths, so one process is
 * one sample: each figure is the median over them.
 */
export function measureRequestsInProcesses(settings: RequestSettings, processes: number): CombinedFigure[] {
  const file = join(OUT, "requests.json");
  writeFileSync(file, JSON.stringify(settings));
  const runs = Array.from({ length: processes }, () => {
    const out = execFileSync(process.execPath, [...process.execArgv, join(ROOT, "bench", "requests.ts"), file], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(out.trim().split("\n").at(-1) as string) as CpuFigure[];
  });
  return combineProcesses(runs);
}

/** Each process's figures combined: the medians over processes, with each process's own ratio. */
export function combineProcesses(runs: readonly CpuFigure[][]): CombinedFigure[] {
  return (runs[0] ?? []).map(({ scenario }) => {
    const of = runs.map((run) => run.find((f) => f.scenario === scenario) as CpuFigure);
    return {
      scenario,
      median: median(of.map((f) => f.median)),
      p99: median(of.map((f) => f.p99)),
      ratio: median(of.map((f) => f.ratio)),
      ratios: of.map((f) => f.ratio),
    };
  });
}
