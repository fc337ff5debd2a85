// Small HTTP helpers shared by the Discord and Slack routes.

export const MAX_BODY_BYTES = 1_000_000;

export class BodyTooLarge extends Error {}

/** Reads the raw body once, refusing more than MAX_BODY_BYTES before reading when the length is declared. */
export async function readBody(request: Request, max = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) throw new BodyTooLarge();
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.byteLength > max) throw new BodyTooLarge();
  return body;
}

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
