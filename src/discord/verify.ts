// Discord request verification: Ed25519 over timestamp + raw body, checked by discord-interactions,
// plus a freshness window on the signed timestamp. The imported public key is cached per isolate.
import { verifyKey } from "discord-interactions";

import { hexToBytes } from "../http";

export const SIGNATURE_MAX_AGE_S = 300;

const keys = new Map<string, Promise<CryptoKey | null>>();

/**
 * Imports the public key now, so that the first interaction of an isolate finds it ready: the front
 * Worker calls this at start-up, from cloudflare:workers' env.
 */
export const prepareDiscordKey = (hex: string | undefined): void => {
  if (hex) void publicKey(hex);
};

function publicKey(hex: string): Promise<CryptoKey | null> {
  let key = keys.get(hex);
  if (!key) {
    const bytes = hexToBytes(hex);
    key = bytes
      ? crypto.subtle.importKey("raw", bytes, { name: "Ed25519" }, false, ["verify"]).catch(() => null)
      : Promise.resolve(null);
    keys.set(hex, key);
  }
  return key;
}

export async function verifyDiscordRequest(
  body: Uint8Array,
  headers: { signature?: string | null; timestamp?: string | null },
  publicKeyHex: string | undefined,
  nowMs = Date.now(),
): Promise<boolean> {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !publicKeyHex) return false;
  // Seconds since the epoch, within the window either side of now (not a number -> refused). The signature
  // covers the timestamp as sent, so only the one Discord signed can pass; a signature that is not hex
  // fails verifyKey, which turns any error into false.
  const age = nowMs / 1000 - Number(timestamp);
  if (!(age <= SIGNATURE_MAX_AGE_S && age >= -SIGNATURE_MAX_AGE_S)) return false;
  const key = await publicKey(publicKeyHex);
  if (!key) return false;
  return verifyKey(body, signature, timestamp, key);
}
