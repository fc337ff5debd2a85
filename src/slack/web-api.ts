// Slack Web API methods called with plain fetch, where Bolt's Web API client is not loaded: the install
// callback (oauth.v2.access, auth.test) and the token lookup (auth.test), which deliveries use too.
import type { Env } from "../env";
import { isJsonObject } from "../http";
import { apiBase } from "../platform-kit";
import { REQUEST_TIMEOUT_MS } from "../platform-outcome";

/** A form-encoded call; Slack's answer, ok or not. Throws when Slack could not say (unreachable, not JSON). */
export async function slackApi(
  env: Env,
  method: string,
  form: Record<string, string>,
  token?: string,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${apiBase(env, "SLACK_API_BASE")}/${method}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  // Slack answers with JSON, ok or not; anything else (an HTML error page, a 5xx) means it could not say.
  const body: unknown = await response.json().catch(() => undefined);
  if (!isJsonObject(body) || typeof body.ok !== "boolean") throw new Error(`Slack ${method} answered HTTP ${response.status}`);
  return body;
}
