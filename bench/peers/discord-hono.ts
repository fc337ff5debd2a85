// Peer: the same /character answer from a minimal bot written with discord-hono, as its documentation
// shows (DiscordHono verifies the request with DISCORD_PUBLIC_KEY and routes by command name).
import { DiscordHono } from "discord-hono";
import { characterAnswer } from "./answer";

type Env = { Bindings: { DISCORD_PUBLIC_KEY: string; CONTENT: KVNamespace }; Variables: { name?: string } };

const app = new DiscordHono<Env>().command("character", async (c) => {
  const answer = await characterAnswer(c.env.CONTENT, String(c.var.name ?? ""), c.interaction.locale);
  return Response.json(answer);
});

export default app;
