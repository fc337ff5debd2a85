// One structured JSON line per interaction and per delivery. Never pass secrets or tokens in here.

export type LogFields = Record<string, string | number | boolean | undefined>;

export function logEvent(event: string, fields: LogFields): void {
  console.log(JSON.stringify({ event, ...fields }));
}

export function logError(event: string, error: unknown, fields: LogFields): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(JSON.stringify({ event, error: message, ...fields }));
}
