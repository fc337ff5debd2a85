// One structured JSON line per interaction and per delivery. Never pass secrets or tokens in here.

export type LogFields = Record<string, string | number | boolean | undefined>;

/** One line: the event's name and its fields. */
export const logEvent = (event: string, fields: LogFields): void => logLine({ event, ...fields });

/** logEvent's line from one object with `event` first, for the paths every request takes: nothing is copied. */
export function logLine(line: { event: string } & LogFields): void {
  console.log(JSON.stringify(line));
}

export function logError(event: string, error: unknown, fields: LogFields): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(JSON.stringify({ event, error: message, ...fields }));
}
