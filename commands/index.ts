// The one list of commands. The Discord and Slack routers, autocomplete, Discord registration and the
// Slack manifest all read it.
import type { Command } from "../src/command";
import { about } from "./about";
import { character } from "./character";
import { episode } from "./episode";
import { inspiration } from "./inspiration";
import { renewal } from "./renewal";

export const COMMANDS: readonly Command[] = [character, episode, renewal, inspiration, about];

export const findCommand = (name: string): Command | undefined => COMMANDS.find((c) => c.name === name);
