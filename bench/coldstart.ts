// Start-up figures from fresh processes (bench/startup.mjs): importing a bundle, then its first request.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../src/cli/project";
import { OUT } from "./build";
import { keys, median, type SignedRequest, SLACK_BOT_TOKEN, SLACK_SECRET } from "./lib";

const RUNS = 7;

function requestFile(name: string, request: SignedRequest): string {
  const file = join(OUT, `request-${name.replace(/\W+/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      ...request,
      env: { DISCORD_PUBLIC_KEY: keys.publicHex, SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN },
    }),
  );
  return file;
}

function once(bundle: string, request: string, contentFile: string) {
  const out = execFileSync(process.execPath, ["--expose-gc", join(ROOT, "bench", "startup.mjs"), bundle, request, contentFile], {
    encoding: "utf8",
  });
  return JSON.parse(out) as { importUs: number; firstUs: number | null };
}

export interface ColdStart {
  importUs: number;
  /** First request of a fresh isolate, by scenario name. */
  first: Record<string, number>;
}

/**
 * Medians over RUNS fresh processes: importing the bundle alone, then importing it and answering one
 * request of each kind (each in its own process, so each is the first request of its isolate).
 */
export function coldStart(bundle: string, requests: Record<string, SignedRequest>, contentFile: string): ColdStart {
  const sample = (request: string) => Array.from({ length: RUNS }, () => once(bundle, request, contentFile));
  const first: Record<string, number> = {};
  for (const [name, request] of Object.entries(requests)) {
    const file = requestFile(name, request);
    first[name] = median(sample(file).map((r) => r.firstUs ?? 0));
  }
  return { importUs: median(sample("-").map((r) => r.importUs)), first };
}
