// Peer: the same /character answer from a bot in the style of Discord's Cloudflare Workers sample app:
// an itty-router AutoRouter, verifyKey from discord-interactions given the hex public key, and a
// JsonResponse class.
import { InteractionResponseType, InteractionType, verifyKey } from "discord-interactions";
import { AutoRouter } from "itty-router";
import { characterAnswer } from "./answer";

type Env = { DISCORD_PUBLIC_KEY: string; CONTENT: KVNamespace };

class JsonResponse extends Response {
  constructor(body: unknown, init?: ResponseInit) {
    super(JSON.stringify(body), init ?? { headers: { "content-type": "application/json;charset=UTF-8" } });
  }
}

async function verifyDiscordRequest(request: Request, env: Env) {
  const signature = request.headers.get("x-signature-ed25519");
  const timestamp = request.headers.get("x-signature-timestamp");
  const body = await request.text();
  const isValidRequest = signature && timestamp && (await verifyKey(body, signature, timestamp, env.DISCORD_PUBLIC_KEY));
  if (!isValidRequest) return { isValid: false } as const;
  return { interaction: JSON.parse(body), isValid: true } as const;
}

const router = AutoRouter();

router.post("/discord/interactions", async (request: Request, env: Env) => {
  const { isValid, interaction } = await verifyDiscordRequest(request, env);
  if (!isValid || !interaction) return new Response("Bad request signature.", { status: 401 });
  if (interaction.type === InteractionType.PING) return new JsonResponse({ type: InteractionResponseType.PONG });
  if (interaction.type === InteractionType.APPLICATION_COMMAND && interaction.data.name.toLowerCase() === "character") {
    const name = interaction.data.options?.find((o: { name: string }) => o.name === "name")?.value ?? "";
    return new JsonResponse(await characterAnswer(env.CONTENT, String(name), interaction.locale));
  }
  return new JsonResponse({ error: "Unknown Type" }, { status: 400 });
});
router.all("*", () => new Response("Not Found.", { status: 404 }));

export default { fetch: router.fetch };
