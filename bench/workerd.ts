// CPU per request inside workerd, the runtime Workers run on: each Worker served by one workerd process on
// loopback, sent the same signed request over HTTP, and charged the CPU time of every thread of that
// process (Linux: /proc/<pid>/task/*/schedstat, in nanoseconds). workerd reports no CPU time of its own
// to a Worker (its traces carry 0), hence the process's. Requests come from this process, so none of the
// client's work is counted; the runtime's own work for each request (HTTP, handing the request to the
// Worker) is, and it is shown as its own row so that the ratios can be read with it in mind.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { projectConfig } from "../src/cli/split";
import { CONTENT_BUNDLE_KEY } from "../src/content/keys";
import { OUT } from "./build";
import { type CombinedFigure, type CpuFigure, combineProcesses } from "./cpu";
import { keys, median, percentile, type SignedRequest } from "./lib";

const DIR = join(OUT, "workerd");
const FIRST_PORT = 8810;
/** Requests in flight at once: a fan base's requests overlap, and one connection alone would leave workerd idle between them. */
export const CONCURRENCY = 2;

/** The runtime's own share: a Worker that answers a constant without reading the request. */
export const RUNTIME = "the runtime's own (a Worker answering a constant, reading nothing)";
const RUNTIME_WORKER = `export default { fetch: () => Response.json({ type: 4, data: { content: "ok" } }) };\n`;

/** Whether this machine can say what a process's threads spent: Linux's /proc. */
export const canMeasureInWorkerd = (): boolean => existsSync("/proc/self/task");

/**
 * Each Worker's module is wrapped so that it gets what bench/cpu.ts's benchEnv gives in process: the
 * content bundle behind a KV stand-in, the public key, and ANSWER (the least Worker's ready-made bytes).
 */
const wrapper = (module: string) => `import worker from "./${module}";
let content;
const CONTENT = { get: async (key) => (key === ${JSON.stringify(CONTENT_BUNDLE_KEY)} ? content : null) };
export default {
  fetch(request, env, ctx) {
    content = env.CONTENT_JSON;
    return worker.fetch(request, { ...env, CONTENT, ANSWER: new Uint8Array(env.ANSWER_BYTES) }, ctx);
  },
};
`;

function config(names: string[]): string {
  const { compatibility_date: date, compatibility_flags: flags = [] } = projectConfig() as {
    compatibility_date: string;
    compatibility_flags?: string[];
  };
  const service = (_: string, i: number) => `(name = "w${i}", worker = (
      modules = [(name = "main.js", esModule = embed "w${i}-main.js"), (name = "w${i}.js", esModule = embed "w${i}.js")],
      compatibilityDate = "${date}", compatibilityFlags = ${JSON.stringify(flags)},
      bindings = [(name = "DISCORD_PUBLIC_KEY", text = "${keys.publicHex}"), (name = "CONTENT_JSON", text = embed "content.json"),
        (name = "ANSWER_BYTES", data = embed "answer.bin")]))`;
  const socket = (_: string, i: number) =>
    `(name = "s${i}", address = "127.0.0.1:${FIRST_PORT + i}", http = (), service = "w${i}")`;
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [${names.map(service).join(",\n    ")}],
  sockets = [${names.map(socket).join(",\n    ")}]
);
`;
}

/** CPU nanoseconds spent so far by every thread of the process. */
function processCpuNs(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return total;
}

function send(agent: http.Agent, port: number, request: SignedRequest): Promise<void> {
  const url = new URL(request.url);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: "127.0.0.1", port, path: url.pathname, method: "POST", headers: request.headers, agent },
      (response) => {
        response.resume();
        response.on("end", () =>
          response.statusCode === 200
            ? resolve()
            : reject(new Error(`${url.pathname} on ${port} answered ${response.statusCode}`)),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

async function batch(agent: http.Agent, port: number, request: SignedRequest, count: number): Promise<void> {
  let left = count;
  const lane = async () => {
    while (left-- > 0) await send(agent, port, request);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

async function started(workerd: ChildProcess, ports: number[]): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (workerd.exitCode !== null) throw new Error(`workerd exited with ${workerd.exitCode}`);
    const up = await Promise.all(
      ports.map(
        (port) =>
          new Promise<boolean>((resolve) => {
            const probe = http.get({ host: "127.0.0.1", port, path: "/" }, (r) => {
              r.resume();
              resolve(true);
            });
            probe.on("error", () => resolve(false));
          }),
      ),
    );
    if (up.every(Boolean)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("workerd did not start listening");
}

interface Settings {
  /** Signed afresh for each round: the bot refuses a signature more than five minutes old. */
  request: () => SignedRequest;
  answer: Uint8Array;
  contentFile: string;
  rounds: number;
  group?: number;
  priming?: number;
}

/**
 * The figures over `processes` fresh workerd processes, one after another, each figure the median over
 * them: as in Node (bench/cpu.ts), how a process lays out the code moves its ratios by some hundredths.
 */
export async function measureInWorkerd(
  workers: Record<string, string>,
  floor: string,
  processes: number,
  settings: Settings,
): Promise<CombinedFigure[]> {
  const runs: CpuFigure[][] = [];
  for (let i = 0; i < processes; i++) runs.push(await measureInOneProcess(workers, floor, settings));
  return combineProcesses(runs);
}

/**
 * One workerd process serving every Worker, each in turn, in rounds (as in bench/cpu.ts, so that machine
 * noise falls on all alike): `priming` uncounted requests, then `group` counted ones; one sample per round
 * is the group's CPU / group. The figures are the median and p99 over rounds, with the median as a ratio
 * to `floor`'s. Log lines go where workerd writes them (here, nowhere), at the runtime's cost.
 */
async function measureInOneProcess(
  workers: Record<string, string>,
  floor: string,
  { request, answer, contentFile, rounds, group = 200, priming = 50 }: Settings,
): Promise<CpuFigure[]> {
  mkdirSync(DIR, { recursive: true });
  const all: Record<string, string> = { ...workers, [RUNTIME]: join(DIR, "runtime.js") };
  writeFileSync(join(DIR, "runtime.js"), RUNTIME_WORKER);
  const names = Object.keys(all);
  names.forEach((name, i) => {
    copyFileSync(all[name] as string, join(DIR, `w${i}.js`));
    writeFileSync(join(DIR, `w${i}-main.js`), wrapper(`w${i}.js`));
  });
  copyFileSync(contentFile, join(DIR, "content.json"));
  writeFileSync(join(DIR, "answer.bin"), answer);
  writeFileSync(join(DIR, "config.capnp"), config(names));
  // The runtime wrangler runs and deploys against: its own workerd.
  const fromWrangler = createRequire(createRequire(import.meta.url).resolve("wrangler/package.json"));
  const binary = (fromWrangler("workerd") as { default: string }).default;
  const workerd = spawn(binary, ["serve", join(DIR, "config.capnp")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  workerd.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const ports = names.map((_, i) => FIRST_PORT + i);
    await started(workerd, ports);
    const warm = request();
    for (const port of ports) await batch(agent, port, warm, 500);
    const samples: number[][] = names.map(() => []);
    for (let round = 0; round < rounds; round++) {
      const signed = request();
      for (const [i, port] of ports.entries()) {
        await batch(agent, port, signed, priming);
        const before = processCpuNs(workerd.pid as number);
        await batch(agent, port, signed, group);
        samples[i]?.push((processCpuNs(workerd.pid as number) - before) / group / 1000);
      }
    }
    const floorMedian = median(samples[names.indexOf(floor)] ?? []);
    return names.map((scenario, i) => ({
      scenario,
      median: median(samples[i] ?? []),
      p99: percentile(samples[i] ?? [], 99),
      ratio: median(samples[i] ?? []) / floorMedian,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr}`);
  } finally {
    workerd.kill();
    agent.destroy();
    await new Promise((resolve) => (workerd.exitCode !== null ? resolve(null) : workerd.once("exit", resolve)));
  }
}
