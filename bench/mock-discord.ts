// A loopback stand-in for Discord's REST API for the fan-out benchmark, limited the way Discord limits:
// - 50 requests per second per bot token (sliding window, the strictest reading), answered beyond that
//   with 429 {global: true} and X-RateLimit-Global / X-RateLimit-Scope: global / Retry-After;
// - per channel, POST /channels/{id}/messages is a bucket of 5 per 5 seconds, and every answer carries
//   its X-RateLimit-Bucket / Limit / Remaining / Reset / Reset-After headers;
// - `nonce` with `enforce_nonce` returns the first message for a few minutes, then is forgotten;
// - a 20 ms answer time; 401/403/429 are counted as Discord counts invalid requests.
import { createServer, type Server } from "node:http";

export const MOCK_GLOBAL_PER_SECOND = 50;
export const MOCK_LATENCY_MS = 20;
const ROUTE_LIMIT = 5;
const ROUTE_WINDOW_MS = 5_000;
const NONCE_TTL_MS = 5 * 60_000;
const BUCKET_HASH = "80c17d2f203122d936070c88c8d10f33";

export interface MockDiscord {
  server: Server;
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
  reset(): void;
  close(): Promise<void>;
}

export async function startMockDiscord(): Promise<MockDiscord> {
  const perToken = new Map<string, number[]>();
  const buckets = new Map<string, { remaining: number; resetAt: number }>();
  const nonces = new Map<string, { id: string; at: number }>();
  let seq = 0;
  const mock = {
    messages: new Map<string, number>(),
    arrivals: [] as number[],
    posts: 0,
    globalLimited: 0,
    routeLimited: 0,
    invalid: 0,
    firstAt: 0,
    lastAt: 0,
    reset() {
      mock.messages.clear();
      perToken.clear();
      buckets.clear();
      nonces.clear();
      mock.arrivals = [];
      mock.posts = 0;
      mock.globalLimited = 0;
      mock.routeLimited = 0;
      mock.invalid = 0;
      mock.firstAt = 0;
      mock.lastAt = 0;
    },
  } as MockDiscord;

  /** The global limit, decided when the request arrives; true when it fits. */
  const admit = (token: string, now: number): { ok: true } | { ok: false; retryAfter: number } => {
    const recent = (perToken.get(token) ?? []).filter((t) => t > now - 1000);
    perToken.set(token, recent);
    if (recent.length >= MOCK_GLOBAL_PER_SECOND) return { ok: false, retryAfter: ((recent[0] as number) + 1000 - now) / 1000 };
    recent.push(now);
    return { ok: true };
  };

  mock.server = createServer((req, res) => {
    // A request counts from when it reaches the API, as Discord counts it, not from when its body was read.
    const now = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      mock.arrivals.push(now);
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        if (status === 401 || status === 403 || (status === 429 && headers["x-ratelimit-scope"] !== "shared")) mock.invalid++;
        setTimeout(
          () => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body)),
          MOCK_LATENCY_MS,
        );
      };
      const token = req.headers.authorization ?? "";
      if (!token.startsWith("Bot ")) return answer(401, { code: 0, message: "401: Unauthorized" });
      const admitted = admit(token, now);
      if (!admitted.ok) {
        mock.globalLimited++;
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
      mock.posts++;
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
        mock.routeLimited++;
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
      mock.messages.set(channel, (mock.messages.get(channel) ?? 0) + 1);
      mock.firstAt ||= now;
      mock.lastAt = now;
      answer(200, { id, channel_id: channel, nonce: body.nonce }, routeHeaders(bucket.remaining));
    });
  });
  await new Promise<void>((resolve) => mock.server.listen(0, "127.0.0.1", resolve));
  const address = mock.server.address();
  mock.port = typeof address === "object" && address ? address.port : 0;
  mock.close = () => new Promise((resolve) => mock.server.close(() => resolve()));
  return mock;
}
