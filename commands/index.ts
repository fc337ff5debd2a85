// The one list of commands. The Discord and Slack routers, autocomplete, Discord registration and the
// Slack manifest all read it.
import type { Command } from "../src/command";
import { character } from "./character";
import { episode } from "./episode";
import { help } from "./help";
import { inspiration } from "./inspiration";
import { renewal } from "./renewal";

export const COMMANDS: readonly Command[] = [character, episode, renewal, inspiration, help];

export const findCommand = (name: string): Command | undefined => COMMANDS.find((c) => c.name === name);
