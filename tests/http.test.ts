// One bounded way to read a request body, in front of both platforms: 413 as soon as more than 1 MB
// arrives, whatever the framing, before any signature work.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, readBody } from "../src/http";
import worker from "../src/index";
import { PLATFORMS } from "../src/platforms";

const CHUNK = 64 * 1024;

/** A body sent without Content-Length (chunked) that never ends; counts what was pulled from it. */
function endlessBody() {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled.bytes += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x78));
    },
  });
  return { stream, pulled };
}

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  worker.fetch(
    new Request(`https://bot.test${path}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } }),
    env,
    createExecutionContext(),
  );

describe.each(Object.values(PLATFORMS).map((p) => [p.name, p.route] as const))("the %s route", (_name, route) => {
  it("answers 413 to a chunked body as soon as it passes 1 MB, without reading the rest", async () => {
    const { stream, pulled } = endlessBody();
    const response = await post(route, stream);
    expect(response.status).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(MAX_BODY_BYTES + 3 * CHUNK);
  });

  it("answers 413 to a declared length over 1 MB before reading it, and before checking any signature", async () => {
    const response = await post(route, "x".repeat(MAX_BODY_BYTES + 1), {
      "x-signature-ed25519": "00",
      "x-signature-timestamp": "1",
      "x-slack-signature": "v0=00",
      "x-slack-request-timestamp": "1",
    });
    expect(response.status).toBe(413);
  });

  it("still checks the signature of a chunked body under the limit", async () => {
    const small = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"type":1}'));
        controller.close();
      },
    });
    expect((await post(route, small)).status).toBe(401);
  });
});

describe("readBody", () => {
  it("returns exactly the bytes of a body of declared length", async () => {
    const sent = new TextEncoder().encode('{"type":1,"é":"백"}');
    const request = new Request("https://x.test", {
      method: "POST",
      body: sent,
      headers: { "content-length": String(sent.byteLength) },
    });
    expect(request.headers.get("content-length")).toBe(String(sent.byteLength));
    expect(await readBody(request)).toEqual(sent);
  });

  it("returns exactly the bytes sent, across chunks", async () => {
    const parts = ["ab", "cd", "ef"].map((p) => new TextEncoder().encode(p));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const p of parts) controller.enqueue(p);
        controller.close();
      },
    });
    const body = await readBody(new Request("https://x.test", { method: "POST", body: stream }));
    expect(new TextDecoder().decode(body as Uint8Array)).toBe("abcdef");
  });
});
