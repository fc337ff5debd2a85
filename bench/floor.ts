// The floor for CPU comparisons: a Worker that only verifies a Discord signature (the same library and
// key caching as the bot) and returns a constant.
import { verifyKey } from "discord-interactions";

let key: Promise<CryptoKey> | undefined;

/** The request's body when its signature holds, else null. */
export async function verified(request: Request, env: { DISCORD_PUBLIC_KEY: string }): Promise<Uint8Array | null> {
  const body = new Uint8Array(await request.arrayBuffer());
  key ??= crypto.subtle.importKey(
    "raw",
    new Uint8Array(env.DISCORD_PUBLIC_KEY.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? []),
    { name: "Ed25519" },
    false,
    ["verify"],
  );
  const ok = await verifyKey(
    body,
    request.headers.get("x-signature-ed25519") ?? "",
    request.headers.get("x-signature-timestamp") ?? "",
    await key,
  );
  return ok ? body : null;
}

export default {
  async fetch(request: Request, env: { DISCORD_PUBLIC_KEY: string }): Promise<Response> {
    if (!(await verified(request, env))) return new Response("invalid request signature", { status: 401 });
    return Response.json({ type: 4, data: { content: "ok" } });
  },
};
