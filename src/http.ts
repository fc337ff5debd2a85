// Small HTTP helpers shared by the Discord and Slack routes.
import { logError } from "./log";

export const MAX_BODY_BYTES = 1_000_000;

/**
 * Reads the raw body once (bytes, as the signatures cover them), or the error response to send: 413
 * as soon as more than `max` bytes arrive, whatever the framing (a declared length over it is refused
 * before reading, one within it read whole; a chunked body is read only up to the limit, then the stream
 * is cancelled); 400 unreadable.
 * Written by hand: Hono's bodyLimit middleware buffers a chunked body before it can tell.
 */
export function readBody(request: Request, max = MAX_BODY_BYTES): Promise<Uint8Array | Response> {
  const declared = request.headers.get("content-length");
  // A declared length is the body's length (HTTP framing): one over the limit is refused unread, one within
  // it is read whole by the runtime, in one step of its own. In workerd, reading through a reader (a promise
  // per chunk, one more for the end), or even touching request.body first, costs a Worker that only checks
  // a signature about a fifth more CPU. Every interaction takes this path, so it adds no frame of its own.
  if (declared !== null && /^\d+$/.test(declared)) {
    if (Number(declared) > max) return Promise.resolve(tooLarge());
    return request.arrayBuffer().then(
      (bytes) => new Uint8Array(bytes),
      () => json({ error: "unreadable body" }, 400),
    );
  }
  return readStream(request, max);
}

const tooLarge = () => json({ error: "request body too large" }, 413);

/** A body without a declared length, read chunk by chunk up to `max` bytes. */
async function readStream(request: Request, max: number): Promise<Uint8Array | Response> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        return tooLarge();
      }
      chunks.push(value);
    }
  } catch {
    return json({ error: "unreadable body" }, 400);
  }
  return joinChunks(chunks, size);
}

/** The chunks of a stream read to its end, as one array of `size` bytes. */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Hex text to bytes; null for anything that is not an even run of hex digits. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (!/^([0-9a-f]{2})+$/i.test(hex)) return null;
  return new Uint8Array(hex.match(/../g)?.map((byte) => Number.parseInt(byte, 16)) ?? []);
}

/** A signed body that is not what the platform sends: answered with 400 and the reason. */
export class MalformedRequest extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "MalformedRequest";
  }
}

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A JSON object (not null, not an array), as parsed request bodies are checked. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A failure nothing else caught: logged, and answered with a JSON 500 rather than the runtime's page. */
export function internalError(error: unknown, path: string): Response {
  logError("unhandled", error, { path });
  return json({ error: "internal error" }, 500);
}

/** A handler's answer, or internalError should anything escape it (the routes answered without a router). */
export function answerOrInternalError(answer: () => Promise<Response>, path: string): Promise<Response> {
  try {
    return answer().catch((error: unknown) => internalError(error, path));
  } catch (error) {
    return Promise.resolve(internalError(error, path));
  }
}
