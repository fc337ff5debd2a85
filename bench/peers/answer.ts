// What every peer answers to `/character name:<query>`: the bot's own data (the KV bundle, read once per
// isolate) and the bot's own embed, so the peers differ from the bot only in how a request gets there.
// They build the answer on every request, as a minimal bot would; the bot keeps rendered answers.
import { characterCard } from "../../commands/character";
import { loadContent } from "../../src/content/store";
import { toDiscordResponse } from "../../src/discord/render";
import { resolveDiscordLocale } from "../../src/i18n/locale";

export async function characterAnswer(kv: KVNamespace, query: string, discordLocale: string | undefined) {
  const content = await loadContent(kv);
  const locale = resolveDiscordLocale({ locale: discordLocale });
  // The bench asks for a name one character has: the card, as the bot answers it.
  const [found] = content.charactersNamed(query);
  if (!found) return { type: 4, data: { content: "unknown character", flags: 64 } };
  return toDiscordResponse(characterCard(found, locale, content));
}
