// The OAuth `state` for Slack installs: signed, short-lived, single-use and bound to a cookie.
// @slack/oauth's InstallProvider takes any StateStore; its own ClearStateStore signs with
// jsonwebtoken, which the Worker does not bundle (see wrangler.toml [alias]), so this one signs with
// Web Crypto HMAC-SHA256 (key: SLACK_CLIENT_SECRET) and remembers used states in D1.
import type { InstallURLOptions, StateStore } from "@slack/oauth";
import type { Env } from "../env";
import { isJsonObject } from "../http";

/** Bolt's cookie name; the browser that started an install must be the one that finishes it. */
export const STATE_COOKIE = "slack-app-oauth-state";
/** Bolt's default lifetime for a state. */
export const STATE_TTL_MS = 10 * 60 * 1000;

export class InvalidState extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "InvalidState";
  }
}

/** A state whose signature and age hold, spent by an earlier load of the callback. */
export class SpentState extends InvalidState {
  constructor() {
    super("state already used");
  }
}

const encoder = new TextEncoder();
const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** HMAC-SHA256 of `text` with the app's client secret, base64url: what signs the state and the reload cookie. */
async function hmac(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(text))));
}

export class SignedStateStore implements StateStore {
  constructor(
    private readonly env: Env,
    private readonly installOptions: InstallURLOptions,
  ) {}

  private sign(payload: string): Promise<string> {
    return hmac(this.env.SLACK_CLIENT_SECRET ?? "", `slack-install-state:${payload}`);
  }

  /** "<nonce>.<expiry ms>.<signature>" */
  async generateStateParam(_installOptions: InstallURLOptions, now: Date): Promise<string> {
    const nonce = base64url(crypto.getRandomValues(new Uint8Array(16)));
    const payload = `${nonce}.${now.getTime() + STATE_TTL_MS}`;
    return `${payload}.${await this.sign(payload)}`;
  }

  /** Checks signature and age, then spends the state: a second use throws. */
  async verifyStateParam(now: Date, state: string): Promise<InstallURLOptions> {
    const match = /^([A-Za-z0-9_-]{22})\.(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(state);
    if (!match) throw new InvalidState("malformed state");
    const [, nonce, expiry, signature] = match as unknown as [string, string, string, string];
    const expected = await this.sign(`${nonce}.${expiry}`);
    if (!timingSafeEqual(expected, signature)) throw new InvalidState("state signature does not match");
    const expiresAt = Number(expiry);
    if (expiresAt <= now.getTime()) throw new InvalidState("state expired");
    const spent = await this.env.DB.batch([
      this.env.DB.prepare("DELETE FROM slack_oauth_states WHERE expires_at < ?").bind(now.getTime()),
      this.env.DB.prepare("INSERT OR IGNORE INTO slack_oauth_states (nonce, expires_at) VALUES (?, ?)").bind(nonce, expiresAt),
    ]);
    if ((spent[1]?.meta.changes ?? 0) === 0) throw new SpentState();
    return this.installOptions;
  }
}

/** The nonce a state is spent under (its first part). */
const nonceOf = (state: string): string => state.split(".")[0] ?? "";

/** What the first load of a callback address ended in: the workspace installed, or the page it showed. */
export type InstallOutcome = { installed: string } | { page: string; status: number; params?: Record<string, string> };

const OUTCOME = /^(?:installed:(.+)|page:([\w.]+):(\d{3})(?::(\{[\s\S]*\}))?)$/;

/** A page's recorded parameters: only string values, none when the record is not a JSON object. */
function pageParams(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(parsed)) return undefined;
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

const codeMac = (secret: string, state: string, code: string): Promise<string> =>
  hmac(secret, JSON.stringify(["slack-install-code", state, code]));

/** Records what the load that spent `state` (with `code`) ended in, for a second load of the same address. */
export async function outcomeStatement(
  db: D1Database,
  secret: string,
  { state, code }: { state: string; code: string },
  outcome: InstallOutcome,
): Promise<D1PreparedStatement> {
  const text =
    "installed" in outcome
      ? `installed:${outcome.installed}`
      : `page:${outcome.page}:${outcome.status}${outcome.params ? `:${JSON.stringify(outcome.params)}` : ""}`;
  return db
    .prepare("UPDATE slack_oauth_states SET outcome = ?, code_mac = ? WHERE nonce = ?")
    .bind(text, await codeMac(secret, state, code), nonceOf(state));
}

/**
 * How long a second load of a callback address waits for the first to end, between looks (ms): about ten
 * seconds in all, at most 13 reads of D1, within a Free plan invocation's 50 subrequests.
 */
const OUTCOME_WAITS_MS = [250, 250, 500, 500, ...Array<number>(9).fill(1000)];

/**
 * What the first load of this callback address (the same state and code) ended in, waiting for it while it
 * runs; undefined when it has not ended in time, or when the state was spent with another code.
 */
export async function earlierOutcome(
  env: Env,
  { state, code }: { state: string; code: string },
): Promise<InstallOutcome | undefined> {
  const mac = await codeMac(env.SLACK_CLIENT_SECRET ?? "", state, code);
  for (const wait of OUTCOME_WAITS_MS) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    const row = await env.DB.prepare("SELECT outcome, code_mac FROM slack_oauth_states WHERE nonce = ?")
      .bind(nonceOf(state))
      .first<{ outcome: string | null; code_mac: string | null }>();
    if (!row) return undefined;
    if (row.outcome === null) continue;
    if (!row.code_mac || !timingSafeEqual(row.code_mac, mac)) return undefined;
    const match = OUTCOME.exec(row.outcome);
    if (match?.[1]) return { installed: match[1] };
    if (match?.[2]) {
      const params = pageParams(match[4]);
      return { page: match[2], status: Number(match[3]), ...(params ? { params } : {}) };
    }
    return undefined;
  }
  return undefined;
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The language the install was started in (the site's `?lang=`), for the page it comes back to. */
export const LANG_COOKIE = "tc-install-lang";

/** A cookie's value from a Cookie header. */
function cookie(header: string | null, wanted: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === wanted) return value.join("=");
  }
  return undefined;
}

/** The state cookie's value from a Cookie header. */
export const stateCookie = (header: string | null): string | undefined => cookie(header, STATE_COOKIE);

/** The install's language from a Cookie header (any value; the caller checks it is one of ours). */
export const langCookie = (header: string | null): string | undefined => cookie(header, LANG_COOKIE);

const setCookie = (name: string, value: string, path: string) =>
  `${name}=${value}; Path=${path}; Max-Age=${STATE_TTL_MS / 1000}; HttpOnly; Secure; SameSite=Lax`;
const clearCookie = (name: string, path: string) => `${name}=; Path=${path}; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;

export const setStateCookie = (state: string, path: string) => setCookie(STATE_COOKIE, state, path);
export const clearStateCookie = (path: string) => clearCookie(STATE_COOKIE, path);
export const setLangCookie = (locale: string, path: string) => setCookie(LANG_COOKIE, locale, path);
export const clearLangCookie = (path: string) => clearCookie(LANG_COOKIE, path);

/**
 * An install that worked in this browser: the workspace and the page's language, signed together with
 * the spent state and code of that install (HMAC, SLACK_CLIENT_SECRET), so that reloading the page that
 * said so says it again, and no other address or made-up cookie can (neither the state nor the code can
 * be spent twice).
 */
export const INSTALLED_COOKIE = "tc-installed";

export interface InstallDone {
  state: string;
  code: string;
  teamId: string;
  locale: string;
}

const installedMac = (secret: string, done: InstallDone): Promise<string> =>
  hmac(secret, JSON.stringify(["slack-installed", done.state, done.code, done.teamId, done.locale]));

/** Team ids and locales are letters and digits; anything else never goes into the cookie. */
const SAFE = "[A-Za-z0-9_-]{1,64}";
const COOKIE_SAFE = new RegExp(`^${SAFE}$`);
/** The cookie: team id, locale and the base64url HMAC-SHA256 (43 characters), dot-separated. */
const INSTALLED_VALUE = new RegExp(`^(${SAFE})\\.(${SAFE})\\.([A-Za-z0-9_-]{43})$`);

export async function setInstalledCookie(secret: string, done: InstallDone, path: string): Promise<string | undefined> {
  if (!COOKIE_SAFE.test(done.teamId) || !COOKIE_SAFE.test(done.locale)) return undefined;
  return setCookie(INSTALLED_COOKIE, `${done.teamId}.${done.locale}.${await installedMac(secret, done)}`, path);
}

/**
 * The workspace and language of the install this browser finished at this address (its state and code),
 * from a Cookie header; undefined unless the cookie's signature holds for them.
 */
export async function installedHere(
  secret: string,
  header: string | null,
  { state, code }: { state: string; code: string },
): Promise<{ teamId: string; locale: string } | undefined> {
  const match = INSTALLED_VALUE.exec(cookie(header, INSTALLED_COOKIE) ?? "");
  if (!match) return undefined;
  const [, teamId, locale, mac] = match as unknown as [string, string, string, string];
  const expected = await installedMac(secret, { state, code, teamId, locale });
  return timingSafeEqual(expected, mac) ? { teamId, locale } : undefined;
}
