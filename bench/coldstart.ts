// Start-up figures from fresh processes (bench/startup.mjs): importing a bundle, then its first request.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../src/cli/project";
import { OUT } from "./build";
import { keys, median, type SignedRequest, SLACK_BOT_TOKEN, SLACK_SECRET } from "./lib";

const RUNS = 7;

const requestFile = (name: string): string => join(OUT, `request-${name.replace(/\W+/g, "-")}.json`);

function writeRequest(file: string, request: SignedRequest): void {
  writeFileSync(
    file,
    JSON.stringify({
      ...request,
      env: { DISCORD_PUBLIC_KEY: keys.publicHex, SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN },
    }),
  );
}

type Sample = { importUs: number; firstUs: number | null };

function once(bundle: string, request: string, contentFile: string): Sample {
  const out = execFileSync(process.execPath, ["--expose-gc", join(ROOT, "bench", "startup.mjs"), bundle, request, contentFile], {
    encoding: "utf8",
  });
  return JSON.parse(out) as Sample;
}

export interface ColdStart {
  importUs: number;
  /** First request of a fresh isolate, by scenario name. */
  first: Record<string, number>;
}

/**
 * One bundle's start-up to measure: importing it alone, and its first request of each kind, signed afresh
 * for each round (a round of every case takes a while, and a signature is good for 5 minutes).
 */
export interface StartupCase {
  bundle: string;
  requests: () => Record<string, SignedRequest>;
}

/**
 * Medians over RUNS fresh processes, for each case: importing the bundle alone, then importing it and
 * answering one request of each kind (each in its own process, so each is the first request of its
 * isolate). The cases take turns, one process each per round, so that a stretch of a slower machine falls
 * on all of them alike instead of on whichever was measured then.
 */
export function coldStarts(cases: readonly StartupCase[], contentFile: string): ColdStart[] {
  // Per case, what each of its processes does: import alone ("-"), or import and answer the named request.
  const kinds = cases.map(({ bundle, requests }, c) => [
    { bundle, file: "-", name: undefined, samples: [] as Sample[] },
    ...Object.keys(requests()).map((name) => ({ bundle, file: requestFile(`${c}-${name}`), name, samples: [] as Sample[] })),
  ]);
  for (let run = 0; run < RUNS; run++) {
    cases.forEach(({ requests }, c) => {
      for (const [name, request] of Object.entries(requests())) writeRequest(requestFile(`${c}-${name}`), request);
    });
    for (const kind of kinds.flat()) kind.samples.push(once(kind.bundle, kind.file, contentFile));
  }
  return kinds.map(([alone, ...withRequest]) => ({
    importUs: median((alone?.samples ?? []).map((r) => r.importUs)),
    first: Object.fromEntries(withRequest.map((k) => [k.name, median(k.samples.map((r) => r.firstUs ?? 0))])),
  }));
}
