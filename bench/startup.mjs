// One fresh process: how much CPU importing a Worker bundle takes, then its first request.
// node --expose-gc bench/startup.mjs <bundle.js> <request.json | -> <content.json>
//
// Node loads its fetch implementation (Request, Response, TextDecoder) and Web Crypto lazily, on first
// use; workerd has them built in before any Worker code runs. So they are loaded here before timing
// starts, and their garbage is collected (a fresh isolate's heap holds none of it, and a young
// generation left nearly full by it would be swept inside whatever is timed next), so the figures are
// what the Worker's own code costs.
import "./cloudflare-shim.mjs";
import { readFileSync } from "node:fs";

const [bundle, requestFile, contentFile] = process.argv.slice(2);
const cpu = (since) => {
  const d = process.cpuUsage(since);
  return d.user + d.system;
};

async function loadWebPlatform() {
  const request = new Request("http://warm.local/a?b=1", {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: "x",
  });
  void [request.url, request.method, request.headers.get("content-type"), new URL(request.url).pathname];
  await request.arrayBuffer();
  await new Response("x").text();
  await Response.json({}).arrayBuffer();
  new TextDecoder().decode(new TextEncoder().encode("x"));
  new URLSearchParams("a=1").get("a");
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
  const raw = await crypto.subtle.exportKey("raw", pair.publicKey);
  const key = await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
  await crypto.subtle.verify({ name: "Ed25519" }, key, new Uint8Array(64), new Uint8Array(1));
  const hmac = await crypto.subtle.importKey("raw", new Uint8Array(8), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  await crypto.subtle.sign("HMAC", hmac, new Uint8Array(1));
}

await loadWebPlatform();
if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
globalThis.gc();
console.log = () => {};
const r = requestFile && requestFile !== "-" ? JSON.parse(readFileSync(requestFile, "utf8")) : undefined;
const content = contentFile ? readFileSync(contentFile, "utf8") : "";
// The Worker's bindings, there before its start-up as in workerd (cloudflare:workers' env, see the shim).
globalThis.__workerEnv ??= {};
const env = Object.assign(globalThis.__workerEnv, {
  ...r?.env,
  CONTENT: { get: async () => content },
  DB: new Proxy(
    {},
    {
      get: () => () => {
        throw new Error("no database in this measurement");
      },
    },
  ),
});
const c0 = process.cpuUsage();
const worker = (await import(bundle)).default;
const importUs = cpu(c0);
let firstUs = null;
if (r) {
  const pending = [];
  const ctx = { waitUntil: (p) => pending.push(p), passThroughOnException() {} };
  const request = new Request(r.url, { method: "POST", headers: r.headers, body: r.body });
  const c1 = process.cpuUsage();
  const response = await worker.fetch(request, env, ctx);
  await response.arrayBuffer();
  await Promise.allSettled(pending);
  firstUs = cpu(c1);
  if (response.status !== 200) throw new Error(`first request answered ${response.status}`);
}
process.stdout.write(`${JSON.stringify({ importUs, firstUs })}\n`);
