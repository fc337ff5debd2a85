// A loopback stand-in for Discord's REST API for the fan-out benchmark, limited the way Discord limits:
// - 50 requests per second per bot token (sliding window, the strictest reading), answered beyond that
//   with 429 {global: true} and X-RateLimit-Global / X-RateLimit-Scope: global / Retry-After;
// - per channel, POST /channels/{id}/messages is a bucket of 5 per 5 seconds, and every answer carries
//   its X-RateLimit-Bucket / Limit / Remaining / Reset / Reset-After headers;
// - `nonce` with `enforce_nonce` returns the first message for a few minutes, then is forgotten;
// - a 20 ms answer time; 401/403/429 are counted as Discord counts invalid requests.
// The server runs in a worker thread (bench/mock-discord-server.ts), as a real API runs apart from its
// callers; this side keeps the counts from what it reports.
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { ROOT } from "../src/cli/project";

export const MOCK_GLOBAL_PER_SECOND = 50;
export const MOCK_LATENCY_MS = 20;
export const ROUTE_LIMIT = 5;
export const ROUTE_WINDOW_MS = 5_000;
export const NONCE_TTL_MS = 5 * 60_000;
export const BUCKET_HASH = "80c17d2f203122d936070c88c8d10f33";

/** What the server reports, as it happens. */
export type MockEvent =
  | { kind: "arrival"; at: number }
  | { kind: "invalid" }
  | { kind: "global429" }
  | { kind: "route429" }
  | { kind: "post" }
  | { kind: "message"; channel: string; at: number };

export interface MockDiscord {
  port: number;
  /** Messages created per channel (a repeated nonce within its lifetime creates none). */
  messages: Map<string, number>;
  /** Every request's arrival time, accepted or not. */
  arrivals: number[];
  posts: number;
  globalLimited: number;
  routeLimited: number;
  invalid: number;
  firstAt: number;
  lastAt: number;
  /** Starts a new count, and forgets the limits' state. */
  reset(): void;
  close(): Promise<void>;
}

export async function startMockDiscord(): Promise<MockDiscord> {
  const worker = new Worker(join(ROOT, "bench", "mock-discord-server.ts"));
  let generation = 0;
  const mock = {
    port: 0,
    messages: new Map<string, number>(),
    arrivals: [] as number[],
    posts: 0,
    globalLimited: 0,
    routeLimited: 0,
    invalid: 0,
    firstAt: 0,
    lastAt: 0,
    reset() {
      generation++;
      worker.postMessage({ reset: generation });
      mock.messages.clear();
      mock.arrivals = [];
      mock.posts = 0;
      mock.globalLimited = 0;
      mock.routeLimited = 0;
      mock.invalid = 0;
      mock.firstAt = 0;
      mock.lastAt = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Held until the server has closed, or the runner could end first and leave this unsettled.
        worker.ref();
        worker.on("message", (m: { closed?: true }) => {
          if (m.closed) void worker.terminate().then(() => resolve());
        });
        worker.postMessage({ close: true });
      }),
  } as MockDiscord;

  const count = (event: MockEvent) => {
    switch (event.kind) {
      case "arrival":
        mock.arrivals.push(event.at);
        return;
      case "invalid":
        mock.invalid++;
        return;
      case "global429":
        mock.globalLimited++;
        return;
      case "route429":
        mock.routeLimited++;
        return;
      case "post":
        mock.posts++;
        return;
      case "message":
        mock.messages.set(event.channel, (mock.messages.get(event.channel) ?? 0) + 1);
        mock.firstAt ||= event.at;
        mock.lastAt = event.at;
    }
  };
  // Reports from before the last reset belong to the count it ended.
  worker.on("message", (m: { generation?: number; event?: MockEvent }) => {
    if (m.event && m.generation === generation) count(m.event);
  });
  mock.port = await new Promise<number>((resolve, reject) => {
    worker.on("message", (m: { port?: number }) => {
      if (m.port !== undefined) resolve(m.port);
    });
    worker.once("error", reject);
  });
  // The server runs until close(), and does not keep a runner that failed before it from ending.
  worker.unref();
  return mock;
}
