// The least any bot pays for a given answer: the floor's signature check, the interaction parsed (as
// any bot must, to know what was asked), and the answer's bytes sent, handed in ready-made through env
// (ANSWER) so that nothing is looked up, built or rendered. Its ratio to the floor is what parsing and
// sending that answer alone cost in the runtime measured; no framework can come in under it.
import { verified } from "./floor";

const decoder = new TextDecoder();
const HEADERS = { "content-type": "application/json" };

export default {
  async fetch(request: Request, env: { DISCORD_PUBLIC_KEY: string; ANSWER: Uint8Array }): Promise<Response> {
    const body = await verified(request, env);
    if (!body) return new Response("invalid request signature", { status: 401 });
    const interaction = JSON.parse(decoder.decode(body)) as { type?: unknown };
    if (interaction.type === 1) return Response.json({ type: 1 });
    return new Response(env.ANSWER, { headers: HEADERS });
  },
};
