// A loopback stand-in for Discord's REST API for the fan-out benchmark: network-like latency, a
// per-channel rate limit, an occasional 429 with retry_after, and enforced nonces.
import { createServer, type Server } from "node:http";

export interface MockDiscord {
  server: Server;
  port: number;
  /** Accepted messages: channel -> nonces. */
  messages: Map<string, string[]>;
  posts: number;
  limited: number;
  firstAt: number;
  lastAt: number;
  reset(): void;
}

const LATENCY_MS = 20;
const CHANNEL_WINDOW_MS = 5_000;
const CHANNEL_LIMIT = 5;
const RANDOM_429_EVERY = 97;

export async function startMockDiscord(): Promise<MockDiscord> {
  const recent = new Map<string, number[]>();
  const mock = {
    messages: new Map<string, string[]>(),
    posts: 0,
    limited: 0,
    firstAt: 0,
    lastAt: 0,
    reset() {
      mock.messages.clear();
      recent.clear();
      mock.posts = 0;
      mock.limited = 0;
      mock.firstAt = 0;
      mock.lastAt = 0;
    },
  } as MockDiscord;
  mock.server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      setTimeout(() => {
        const match = /\/channels\/([^/]+)\/messages$/.exec(req.url ?? "");
        if (!match || req.method !== "POST") {
          res.writeHead(404, { "content-type": "application/json" }).end('{"code":0,"message":"404: Not Found"}');
          return;
        }
        mock.posts++;
        const channel = match[1] as string;
        const now = Date.now();
        const window = (recent.get(channel) ?? []).filter((t) => now - t < CHANNEL_WINDOW_MS);
        if (window.length >= CHANNEL_LIMIT || mock.posts % RANDOM_429_EVERY === 0) {
          mock.limited++;
          res
            .writeHead(429, {
              "content-type": "application/json",
              "retry-after": "1",
              "x-ratelimit-scope": "user",
              "x-ratelimit-remaining": "0",
            })
            .end(JSON.stringify({ message: "You are being rate limited.", retry_after: 0.8, global: false }));
          return;
        }
        recent.set(channel, [...window, now]);
        const body = JSON.parse(raw) as { nonce?: string };
        const nonces = mock.messages.get(channel) ?? [];
        if (!nonces.includes(body.nonce ?? "")) nonces.push(body.nonce ?? "");
        mock.messages.set(channel, nonces);
        mock.firstAt ||= now;
        mock.lastAt = now;
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ id: String(now), channel_id: channel, nonce: body.nonce }));
      }, LATENCY_MS);
    });
  });
  await new Promise<void>((resolve) => mock.server.listen(0, "127.0.0.1", resolve));
  const address = mock.server.address();
  mock.port = typeof address === "object" && address ? address.port : 0;
  return mock;
}
