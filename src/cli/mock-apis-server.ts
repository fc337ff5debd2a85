// Serves the mock Discord and Slack APIs (mock-apis.ts) on a local port, for `npm start -- --mock-apis`.
import { createServer } from "node:http";
import { createMockApis, DISCORD_MOCK_PATH, type MockMessage, SLACK_MOCK_PATH } from "./mock-apis";

export interface MockApisServer {
  discordBase: string;
  slackBase: string;
  messages: MockMessage[];
  close(): Promise<void>;
}

export function serveMockApis({ port = 0, log = console.log } = {}): Promise<MockApisServer> {
  const mock = createMockApis({ log });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
      mock
        .fetch(new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, headers, body }))
        .then(async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch((error: Error) => {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: error.message }));
        });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}`;
      resolve({
        discordBase: `${url}${DISCORD_MOCK_PATH}`,
        slackBase: `${url}${SLACK_MOCK_PATH}`,
        messages: mock.messages,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
