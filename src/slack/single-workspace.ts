// Which workspace SLACK_BOT_TOKEN belongs to. Without OAuth it is the one install and serves whatever
// workspace asks. Once OAuth is set up (SLACK_TOKEN_KEY) other workspaces install the app themselves,
// and the token must serve only the workspace Slack issued it in: the one its auth.test names.
import type { Env } from "../env";
import { logEvent } from "../log";
import { slackApi } from "./web-api";

/** Where a bot token was issued: a workspace, or a whole enterprise for an org-wide install. */
export interface TokenWorkspace {
  teamId?: string;
  enterpriseId?: string;
  orgWide: boolean;
}

/** auth.test's errors for a token Slack no longer accepts: it serves no workspace. */
const REFUSED = new Set(["invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"]);

/**
 * auth.test's answer per token, once per isolate: a token's workspace never changes, and a refused
 * token stays refused (a new one is a new secret). An answer Slack could not give is not kept.
 */
const workspaces = new Map<string, Promise<TokenWorkspace | null>>();

/**
 * The workspace `token` was issued in, or null when Slack refuses the token. Throws when Slack cannot
 * say (unreachable, rate limited): the caller cannot tell whose the token is, and must not guess.
 * `spend` counts the one call made, when it is made.
 */
export function workspaceOfToken(env: Env, token: string, spend?: (calls: number) => void): Promise<TokenWorkspace | null> {
  let found = workspaces.get(token);
  if (!found) {
    spend?.(1);
    found = askSlack(env, token);
    workspaces.set(token, found);
    found.catch(() => workspaces.delete(token));
  }
  return found;
}

async function askSlack(env: Env, token: string): Promise<TokenWorkspace | null> {
  const auth = await slackApi(env, "auth.test", {}, token);
  const str = (value: unknown) => (typeof value === "string" && value ? value : undefined);
  if (auth.ok === true && (str(auth.team_id) || str(auth.enterprise_id))) {
    const workspace = {
      teamId: str(auth.team_id),
      enterpriseId: str(auth.enterprise_id),
      orgWide: auth.is_enterprise_install === true,
    };
    logEvent("slack.single_workspace", {
      team: workspace.teamId,
      enterprise: workspace.enterpriseId,
      orgWide: workspace.orgWide,
    });
    return workspace;
  }
  if (auth.ok === false && REFUSED.has(String(auth.error))) {
    logEvent("slack.single_workspace", { refused: String(auth.error) });
    return null;
  }
  throw new Error(`Slack auth.test answered ${auth.ok ? "without a workspace" : String(auth.error)}`);
}

/** Whether a request from this team (or enterprise) is in the token's workspace. */
export const isTokenWorkspace = (workspace: TokenWorkspace, teamId?: string, enterpriseId?: string): boolean =>
  workspace.orgWide
    ? workspace.enterpriseId !== undefined && workspace.enterpriseId === enterpriseId
    : workspace.teamId !== undefined && workspace.teamId === teamId;
