// Slack request verification: v0 HMAC-SHA256 over "v0:{timestamp}:{raw body}" with the signing secret,
// timestamps within 5 minutes either way. Written with Web Crypto because Bolt's own verifier expects a
// Node request stream; this runs before Bolt is loaded. The imported HMAC key is cached per isolate.

import { hexToBytes } from "../http";

export const SLACK_MAX_AGE_S = 300;

const keys = new Map<string, Promise<CryptoKey>>();
const encoder = new TextEncoder();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    keys.set(secret, key);
    // A failed import is not kept: the next request tries again.
    key.catch(() => keys.delete(secret));
  }
  return key;
}

/**
 * Imports the signing key now, so that the first Slack request of an isolate finds it ready: the back
 * Worker calls this at start-up, from cloudflare:workers' env.
 */
export const prepareSlackKey = (secret: string | undefined): void => {
  if (secret) void hmacKey(secret);
};

export async function verifySlackRequest(
  body: Uint8Array,
  headers: { signature?: string | null; timestamp?: string | null },
  secret: string | undefined,
  nowMs = Date.now(),
): Promise<boolean> {
  const { signature, timestamp } = headers;
  if (!secret || !signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_MAX_AGE_S) return false;
  const mac = signature.startsWith("v0=") ? hexToBytes(signature.slice(3)) : null;
  if (mac?.length !== 32) return false;
  const prefix = encoder.encode(`v0:${timestamp}:`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix);
  message.set(body, prefix.length);
  // crypto.subtle.verify compares in constant time.
  return crypto.subtle.verify("HMAC", await hmacKey(secret), mac, message);
}
