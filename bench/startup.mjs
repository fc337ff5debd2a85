// One fresh process: how much CPU importing the Worker bundle takes, then the first request.
// node bench/startup.mjs <bundle.js> <request.json | -> <content.json>
import "./cloudflare-shim.mjs";
import { readFileSync } from "node:fs";

const [bundle, requestFile, contentFile] = process.argv.slice(2);
const cpu = (since) => {
  const d = process.cpuUsage(since);
  return d.user + d.system;
};
console.log = () => {};
const c0 = process.cpuUsage();
const worker = (await import(bundle)).default;
const importUs = cpu(c0);
let firstUs = null;
if (requestFile && requestFile !== "-") {
  const r = JSON.parse(readFileSync(requestFile, "utf8"));
  const content = readFileSync(contentFile, "utf8");
  const env = {
    ...r.env,
    CONTENT: { get: async () => content },
    DB: new Proxy(
      {},
      {
        get: () => () => {
          throw new Error("no database in this measurement");
        },
      },
    ),
  };
  const pending = [];
  const ctx = { waitUntil: (p) => pending.push(p), passThroughOnException() {} };
  const c1 = process.cpuUsage();
  const response = await worker.fetch(new Request(r.url, { method: "POST", headers: r.headers, body: r.body }), env, ctx);
  await response.arrayBuffer();
  await Promise.allSettled(pending);
  firstUs = cpu(c1);
  if (response.status !== 200) throw new Error(`first request answered ${response.status}`);
}
process.stdout.write(`${JSON.stringify({ importUs, firstUs })}\n`);
