// Small HTTP helpers shared by the Discord and Slack routes.

export const MAX_BODY_BYTES = 1_000_000;

/**
 * Reads the raw body once (bytes, as the signatures cover them), or the error response to send: 413
 * over MAX_BODY_BYTES, refused before reading when the declared length already says so; 400 unreadable.
 */
export async function readBody(request: Request, max = MAX_BODY_BYTES): Promise<Uint8Array | Response> {
  const tooLarge = () => json({ error: "request body too large" }, 413);
  if (Number(request.headers.get("content-length") ?? "0") > max) return tooLarge();
  try {
    const body = new Uint8Array(await request.arrayBuffer());
    return body.byteLength > max ? tooLarge() : body;
  } catch {
    return json({ error: "unreadable body" }, 400);
  }
}

/** Hex text to bytes; null for anything that is not an even run of hex digits. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (!/^([0-9a-f]{2})+$/i.test(hex)) return null;
  return new Uint8Array(hex.match(/../g)?.map((byte) => Number.parseInt(byte, 16)) ?? []);
}

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A JSON object (not null, not an array), as parsed request bodies are checked. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
