// The one list of commands. The Discord and Slack routers, autocomplete, Discord registration and the
// Slack manifest all read it.
import type { Command, Component } from "../src/command";
import { about } from "./about";
import { character } from "./character";
import { episode } from "./episode";
import { helpCommand } from "./help";
import { inspiration } from "./inspiration";
import { renewal } from "./renewal";

export const COMMANDS: readonly Command[] = [character, episode, renewal, inspiration, about, helpCommand(() => COMMANDS)];

// By name in a Map: every interaction looks its command up, some twice.
const BY_NAME = new Map(COMMANDS.map((c) => [c.name, c]));

export const findCommand = (name: string): Command | undefined => BY_NAME.get(name);

const COMPONENTS = new Map<string, Component>(COMMANDS.flatMap((c) => c.components ?? []).map((k) => [k.prefix, k]));

/** The component whose ids start with this prefix. */
export const findComponent = (prefix: string): Component | undefined => COMPONENTS.get(prefix);

/** Prefixes of the components of `pure` commands: a click's answer depends only on content, id and values. */
const PURE_PREFIXES = new Set(COMMANDS.filter((c) => c.pure).flatMap((c) => (c.components ?? []).map((k) => k.prefix)));

export const isPureComponent = (prefix: string): boolean => PURE_PREFIXES.has(prefix);
