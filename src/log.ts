// One structured JSON line per interaction and per delivery. Never pass secrets or tokens in here.

import type { PlatformName } from "./platform-name";

export type LogFields = Record<string, string | number | boolean | undefined>;

/** One line: the event's name and its fields. */
export const logEvent = (event: string, fields: LogFields): void => console.log(JSON.stringify({ event, ...fields }));

/** What an interaction was, and what came of it, in its log line. */
export type InteractionKind = "command" | "autocomplete" | "component" | "unsupported";
export type InteractionOutcome = "cached" | "ok" | "hint" | "error" | "unsupported";

/**
 * An answered interaction's line: the same JSON as logEvent("interaction", ...) with these fields writes,
 * spelled out rather than built as an object and serialized, since every interaction writes one, a repeated
 * question answered from the cache included. Strings that come from a request are escaped by JSON.stringify;
 * the rest are the fixed words above.
 */
export function logInteraction(
  platform: PlatformName,
  kind: InteractionKind,
  command: string,
  id: string,
  outcome: InteractionOutcome,
  ms: number,
): void {
  const named = command ? `"command":${JSON.stringify(command)},` : "";
  console.log(
    `{"event":"interaction","platform":"${platform}","kind":"${kind}",${named}"id":${JSON.stringify(id)},"outcome":"${outcome}","ms":${ms}}`,
  );
}

export function logError(event: string, error: unknown, fields: LogFields): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(JSON.stringify({ event, error: message, ...fields }));
}
