// The mock Discord's HTTP server (bench/mock-discord.ts), run in a worker thread of its own: its clock and
// event loop are not held up by the benchmark's own work (a garbage collection of the runner's heap
// would hold every arriving request and stamp them all at once, a burst the Worker never sent). What
// it sees goes to the runner as events, each tagged with the generation of the count it belongs to.
import { createServer } from "node:http";
import { parentPort } from "node:worker_threads";
import {
  BUCKET_HASH,
  MOCK_GLOBAL_PER_SECOND,
  MOCK_LATENCY_MS,
  type MockEvent,
  NONCE_TTL_MS,
  ROUTE_LIMIT,
  ROUTE_WINDOW_MS,
} from "./mock-discord";

const port = parentPort;
if (!port) throw new Error("bench/mock-discord-server.ts runs in a worker thread (startMockDiscord)");

const perToken = new Map<string, number[]>();
const buckets = new Map<string, { remaining: number; resetAt: number }>();
const nonces = new Map<string, { id: string; at: number }>();
let seq = 0;
let generation = 0;
const emit = (event: MockEvent) => port.postMessage({ generation, event });

/** The global limit, decided when the request arrives; true when it fits. */
const admit = (token: string, now: number): { ok: true } | { ok: false; retryAfter: number } => {
  const recent = (perToken.get(token) ?? []).filter((t) => t > now - 1000);
  perToken.set(token, recent);
  if (recent.length >= MOCK_GLOBAL_PER_SECOND) return { ok: false, retryAfter: ((recent[0] as number) + 1000 - now) / 1000 };
  recent.push(now);
  return { ok: true };
};

const server = createServer((req, res) => {
  // A request counts from when it reaches the API, as Discord counts it, not from when its body was read.
  const now = Date.now();
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    emit({ kind: "arrival", at: now });
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (status === 401 || status === 403 || (status === 429 && headers["x-ratelimit-scope"] !== "shared"))
        emit({ kind: "invalid" });
      setTimeout(
        () => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body)),
        MOCK_LATENCY_MS,
      );
    };
    const token = req.headers.authorization ?? "";
    if (!token.startsWith("Bot ")) return answer(401, { code: 0, message: "401: Unauthorized" });
    const admitted = admit(token, now);
    if (!admitted.ok) {
      emit({ kind: "global429" });
      return answer(
        429,
        { message: "You are being rate limited.", retry_after: admitted.retryAfter, global: true },
        {
          "retry-after": String(Math.ceil(admitted.retryAfter)),
          "x-ratelimit-global": "true",
          "x-ratelimit-scope": "global",
        },
      );
    }
    const match = /\/channels\/([^/]+)\/messages$/.exec(req.url ?? "");
    if (!match || req.method !== "POST") return answer(404, { code: 0, message: "404: Not Found" });
    emit({ kind: "post" });
    const channel = decodeURIComponent(match[1] as string);
    let bucket = buckets.get(channel);
    if (!bucket || bucket.resetAt <= now) {
      bucket = { remaining: ROUTE_LIMIT, resetAt: now + ROUTE_WINDOW_MS };
      buckets.set(channel, bucket);
    }
    const routeHeaders = (remaining: number) => ({
      "x-ratelimit-bucket": BUCKET_HASH,
      "x-ratelimit-limit": String(ROUTE_LIMIT),
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": String((bucket?.resetAt ?? now) / 1000),
      "x-ratelimit-reset-after": String(((bucket?.resetAt ?? now) - now) / 1000),
    });
    if (bucket.remaining <= 0) {
      emit({ kind: "route429" });
      const retryAfter = (bucket.resetAt - now) / 1000;
      return answer(
        429,
        { message: "You are being rate limited.", retry_after: retryAfter, global: false },
        { ...routeHeaders(0), "retry-after": String(Math.ceil(retryAfter)), "x-ratelimit-scope": "user" },
      );
    }
    bucket.remaining--;
    let body: { nonce?: string; enforce_nonce?: boolean };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return answer(400, { code: 50109, message: "The request body contains invalid JSON." }, routeHeaders(bucket.remaining));
    }
    const nonceKey = body.enforce_nonce && body.nonce ? `${channel}:${body.nonce}` : "";
    const known = nonceKey ? nonces.get(nonceKey) : undefined;
    if (known && known.at > now - NONCE_TTL_MS)
      return answer(200, { id: known.id, channel_id: channel, nonce: body.nonce }, routeHeaders(bucket.remaining));
    const id = String(1_300_000_000_000_000_000n + BigInt(++seq));
    if (nonceKey) nonces.set(nonceKey, { id, at: now });
    if (nonces.size > 200_000) for (const [k, v] of nonces) if (v.at <= now - NONCE_TTL_MS) nonces.delete(k);
    emit({ kind: "message", channel, at: now });
    answer(200, { id, channel_id: channel, nonce: body.nonce }, routeHeaders(bucket.remaining));
  });
});

port.on("message", (message: { reset?: number; close?: true }) => {
  if (message.reset !== undefined) {
    generation = message.reset;
    perToken.clear();
    buckets.clear();
    nonces.clear();
  }
  if (message.close) {
    server.close(() => port.postMessage({ closed: true }));
    server.closeAllConnections();
  }
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  port.postMessage({ port: typeof address === "object" && address ? address.port : 0 });
});
