// Slack installations in D1, in the shape of @slack/oauth's InstallationStore, with the whole
// Installation (bot token included) encrypted at rest with AES-GCM. The key is the secret
// SLACK_TOKEN_KEY (32 random bytes, base64). Tokens never leave this file except as the result of
// slackTokenFor(), and are never logged.
import type { Installation, InstallationQuery, InstallationStore } from "@slack/oauth";
import type { Env } from "../env";
import { logEvent } from "../log";
import { isTokenWorkspace, workspaceOfToken } from "./single-workspace";

/** One row per workspace, or per enterprise for an org-wide (Grid) install. */
export const installKey = (query: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }): string => {
  if (query.isEnterpriseInstall) {
    if (!query.enterpriseId) throw new Error("an enterprise install needs an enterprise id");
    return `E:${query.enterpriseId}`;
  }
  if (!query.teamId) throw new Error("a workspace install needs a team id");
  return `T:${query.teamId}`;
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const IV_BYTES = 12;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

const keys = new Map<string, Promise<CryptoKey>>();

/** The AES-GCM key from SLACK_TOKEN_KEY, imported once per isolate. */
function tokenKey(env: Env): Promise<CryptoKey> {
  const secret = env.SLACK_TOKEN_KEY;
  if (!secret) return Promise.reject(new Error("SLACK_TOKEN_KEY is not set"));
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const raw = fromBase64(secret.trim());
      if (raw.byteLength !== 32) throw new Error("SLACK_TOKEN_KEY must be 32 bytes, base64-encoded");
      return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    })();
    key.catch(() => keys.delete(secret));
    keys.set(secret, key);
  }
  return key;
}

/**
 * "v1.<iv>.<ciphertext>", both base64. The row's key is the additional data, so a ciphertext copied
 * into another workspace's row does not decrypt.
 */
export async function sealInstallation(env: Env, rowKey: string, installation: Installation): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(rowKey) },
    await tokenKey(env),
    encoder.encode(JSON.stringify(installation)),
  );
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

/** A stored installation that cannot be opened: the workspace has to install again. */
export class UnreadableInstallation extends Error {
  constructor(
    readonly rowKey: string,
    readonly sealed: string,
    reason: string,
  ) {
    super(`the installation ${rowKey} cannot be read: ${reason}`);
    this.name = "UnreadableInstallation";
  }
}

export async function openInstallation(env: Env, rowKey: string, sealed: string): Promise<Installation> {
  const unreadable = (reason: string) => new UnreadableInstallation(rowKey, sealed, reason);
  const [version, iv, data] = sealed.split(".");
  if (version !== "v1" || !iv || !data) throw unreadable("unknown installation format");
  // A key that cannot be used at all is the operator's to fix (the lookups' errors are logged), not every
  // workspace's to install again: it is thrown as it is, and deliveries wait instead of stopping.
  const key = await tokenKey(env);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(iv), additionalData: encoder.encode(rowKey) },
      key,
      fromBase64(data),
    );
  } catch {
    // AES-GCM says no more than that the tag does not match: another key, or a row changed or moved.
    throw unreadable("it does not decrypt with the current SLACK_TOKEN_KEY (was the key changed?)");
  }
  try {
    return JSON.parse(decoder.decode(plain)) as Installation;
  } catch {
    throw unreadable("its contents are not an installation");
  }
}

interface InstallationRow {
  install_key: string;
  installation: string;
}

/** @slack/oauth's InstallationStore over D1. Every statement about installations is here. */
export class D1InstallationStore implements InstallationStore {
  constructor(
    private readonly env: Env,
    private readonly now: () => number = Date.now,
  ) {}

  async storeInstallation(installation: Installation): Promise<void> {
    await (await this.storeStatement(installation)).run();
  }

  /** storeInstallation's statement (the installation sealed), to run in one batch with what follows from it. */
  async storeStatement(installation: Installation): Promise<D1PreparedStatement> {
    const key = installKey({
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall,
    });
    const sealed = await sealInstallation(this.env, key, installation);
    const now = this.now();
    return this.env.DB.prepare(
      `INSERT INTO slack_installations (install_key, team_id, enterprise_id, is_enterprise_install, app_id, bot_user_id,
         bot_scopes, installed_by, installation, installed_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
       ON CONFLICT (install_key) DO UPDATE SET team_id = ?2, enterprise_id = ?3, is_enterprise_install = ?4, app_id = ?5,
         bot_user_id = ?6, bot_scopes = ?7, installed_by = ?8, installation = ?9, updated_at = ?10`,
    ).bind(
      key,
      installation.team?.id ?? null,
      installation.enterprise?.id ?? null,
      installation.isEnterpriseInstall ? 1 : 0,
      installation.appId ?? null,
      installation.bot?.userId ?? null,
      installation.bot?.scopes.join(",") ?? null,
      installation.user.id,
      sealed,
      now,
    );
  }

  /** The workspace's own install first, else its enterprise's org-wide one; throws when there is none, as Bolt expects. */
  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const found = await this.find(query.teamId, query.enterpriseId);
    if (!found) throw new Error("no installation for this workspace");
    return found;
  }

  /** Undefined when neither the team nor its enterprise installed the app. */
  async find(teamId?: string, enterpriseId?: string): Promise<Installation | undefined> {
    if (!teamId && !enterpriseId) return undefined;
    // 'T:' sorts after 'E:', so a workspace's own install wins over its enterprise's.
    const row = await this.env.DB.prepare(
      "SELECT install_key, installation FROM slack_installations WHERE install_key IN (?1, ?2) ORDER BY install_key DESC LIMIT 1",
    )
      .bind(teamId ? `T:${teamId}` : "", enterpriseId ? `E:${enterpriseId}` : "")
      .first<InstallationRow>();
    return row ? openInstallation(this.env, row.install_key, row.installation) : undefined;
  }

  /** Whether the workspace has an installation of its own stored, readable or not. */
  async has(teamId: string): Promise<boolean> {
    const row = await this.env.DB.prepare("SELECT 1 AS found FROM slack_installations WHERE install_key = ?1")
      .bind(installKey({ teamId }))
      .first();
    return row !== null;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.remove(query);
  }

  /** Deletes the installation; true when there was one. */
  async remove(query: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }): Promise<boolean> {
    const result = await this.env.DB.prepare("DELETE FROM slack_installations WHERE install_key = ?")
      .bind(installKey(query))
      .run();
    return result.meta.changes > 0;
  }

  /**
   * Deletes the installation unless it was stored after `at` (ms): an uninstall that Slack reports,
   * or reports again, after the app was installed anew is about the old installation. "newer" then.
   */
  async removeAsOf(
    query: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
    at: number,
  ): Promise<"removed" | "none" | "newer"> {
    const key = installKey(query);
    const [deleted, kept] = await this.env.DB.batch<{ install_key: string }>([
      this.env.DB.prepare(
        "DELETE FROM slack_installations WHERE install_key = ?1 AND updated_at <= ?2 RETURNING install_key",
      ).bind(key, at),
      this.env.DB.prepare("SELECT install_key FROM slack_installations WHERE install_key = ?1").bind(key),
    ]);
    if (deleted?.results.length) return "removed";
    return kept?.results.length ? "newer" : "none";
  }

  /** Whether an installation stored after `at` (ms) is there: the app was installed again since. */
  async storedAfter(
    query: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
    at: number,
  ): Promise<boolean> {
    const row = await this.env.DB.prepare("SELECT 1 AS found FROM slack_installations WHERE install_key = ?1 AND updated_at > ?2")
      .bind(installKey(query), at)
      .first();
    return row !== null;
  }
}

export interface SlackToken {
  token: string;
  botId?: string;
  botUserId?: string;
  /** Where the token came from: an OAuth installation, or SLACK_BOT_TOKEN for a single-workspace install. */
  from: "installation" | "single-workspace";
}

/** Unreadable installations already logged by this isolate: each row's sealed value is reported once. */
const reported = new Set<string>();

/**
 * The workspace's installation, or undefined when there is none or it cannot be opened (SLACK_TOKEN_KEY
 * replaced, a row altered): such a workspace is one that has to install again, and installing stores
 * it anew under the current key. Logged once per row and isolate, without the ciphertext.
 */
async function readableInstallation(env: Env, teamId?: string, enterpriseId?: string): Promise<Installation | undefined> {
  try {
    return await new D1InstallationStore(env).find(teamId, enterpriseId);
  } catch (error) {
    if (!(error instanceof UnreadableInstallation)) throw error;
    const id = `${error.rowKey}\u0000${error.sealed}`;
    if (!reported.has(id)) {
      reported.add(id);
      logEvent("slack.installation_unreadable", {
        install: error.rowKey,
        reason: error.message,
        fix: "the workspace installs the app again",
      });
    }
    return undefined;
  }
}

/**
 * The one token lookup every Slack call uses: the workspace's OAuth installation (or its enterprise's),
 * else SLACK_BOT_TOKEN, else null (not installed).
 * Without OAuth (no SLACK_TOKEN_KEY), SLACK_BOT_TOKEN is the one install and serves every workspace, as
 * does a lookup that names no workspace (the review channel without REVIEW_SLACK_TEAM_ID: the operator's
 * own). With OAuth set up it serves only the workspace it was issued in, which Slack's auth.test names
 * (asked once per isolate, `spend` counting the call): any other workspace without an installation of
 * its own is not installed, and never gets another workspace's token. Throws when the lookup cannot
 * tell (D1 or Slack unreachable).
 */
export async function slackTokenFor(
  env: Env,
  teamId?: string,
  enterpriseId?: string,
  spend?: (calls: number) => void,
): Promise<SlackToken | null> {
  const single: SlackToken | null = env.SLACK_BOT_TOKEN ? { token: env.SLACK_BOT_TOKEN, from: "single-workspace" } : null;
  if (!env.SLACK_TOKEN_KEY || (!teamId && !enterpriseId)) return single;
  const installation = await readableInstallation(env, teamId, enterpriseId);
  if (installation?.bot?.token)
    return {
      token: installation.bot.token,
      botId: installation.bot.id,
      botUserId: installation.bot.userId,
      from: "installation",
    };
  if (!single) return null;
  const home = await workspaceOfToken(env, single.token, spend);
  // A token Slack refuses belongs to no workspace it can act in: it is used as before OAuth, so its
  // refusal stops the shared token (shown in /health, resumed by a new one) instead of counting every
  // workspace without an installation as gone.
  if (home === null) return single;
  return isTokenWorkspace(home, teamId, enterpriseId) ? single : null;
}
