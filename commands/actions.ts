// What a click on a button or a menu choice does. Same rules as the commands themselves (the alerts
// toggle checks the same permissions); answers that replace the message carry `replace: true`.
import type { Action } from "../src/actions";
import type { CommandContext, CommandFacts } from "../src/command";
import { UserError } from "../src/errors";
import type { Reply } from "../src/reply";
import { manageAlerts } from "./alerts";
import { characterCard, characterSpoilers } from "./character";
import { episodeCard, episodeSpoilers } from "./episode";
import { inspirationCard } from "./inspiration";
import { renewalSources, renewalTimeline } from "./renewal";

const inPlace = (reply: Reply): Reply => ({ ...reply, replace: true });

export async function runAction(action: Action, facts: CommandFacts, ctx: CommandContext): Promise<Reply> {
  const content = await ctx.content();
  const { locale } = action;
  switch (action.kind) {
    case "episode":
    case "spoilers": {
      const ep = content.episode(action.number);
      if (!ep) throw new UserError("error.staleButton");
      return action.kind === "episode" ? inPlace(episodeCard(ep, locale, content)) : episodeSpoilers(ep, locale);
    }
    case "character": {
      const found = content.characters.find((c) => c.id === action.id);
      if (!found) throw new UserError("error.staleButton");
      return inPlace(characterCard(found, locale, content));
    }
    case "characterSpoilers": {
      const found = content.characters.find((c) => c.id === action.id);
      if (!found) throw new UserError("error.staleButton");
      return characterSpoilers(found, locale);
    }
    case "timeline":
      return inPlace(renewalTimeline(content, locale, { page: action.page }));
    case "topic": {
      const found = content.inspirations.find((i) => i.id === action.id);
      if (!found) throw new UserError("error.staleButton");
      return inPlace(inspirationCard(found, locale));
    }
    case "sources":
      return renewalSources(content, locale);
    case "alerts":
      return manageAlerts(action.on ? "on" : "off", locale, facts, ctx);
  }
}
