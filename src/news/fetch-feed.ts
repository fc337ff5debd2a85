// One conditional GET of one feed: If-None-Match / If-Modified-Since, a deadline for the whole
// exchange (headers and body), a size cap that stops reading an endless body, and at most
// FEED_REDIRECTS_MAX redirects, each a request counted in the invocation's budget.

import { joinChunks } from "../http";
import type { Subrequests } from "../platform-outcome";
import type { Feed } from "./feeds";

/**
 * Redirects followed per feed (http to https, then a new path). Each hop is a subrequest of its own, and
 * fetch's own following would go up to 20 of them: a feed that redirects in a loop would spend the
 * whole tick's 50.
 */
export const FEED_REDIRECTS_MAX = 2;
/** The requests one feed's poll may make. */
export const FEED_REQUESTS_MAX = 1 + FEED_REDIRECTS_MAX;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * One request per host at a time, whichever feed it is for: a redirect can lead to a host another feed
 * of the same tick is on. Written here because a turn must last from a request to the end of its body,
 * across awaits, which no fetch option or Workers API provides.
 */
export class HostTurns {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for the host's turn; the function returned ends it. */
  async take(host: string): Promise<() => void> {
    const before = this.tails.get(host) ?? Promise.resolve();
    let end!: () => void;
    const mine = new Promise<void>((resolve) => {
      end = resolve;
    });
    const tail = before.then(() => mine);
    this.tails.set(host, tail);
    await before;
    return () => {
      end();
      if (this.tails.get(host) === tail) this.tails.delete(host);
    };
  }

  /** Hosts that answered a feed with Retry-After: until when (ms), and what they answered. */
  private readonly waits = new Map<string, { until: number; reason: string }>();

  /**
   * The host asked this client to wait (a 429 or 503 with Retry-After): its other feeds of the tick are
   * not asked, since every request before then would only be refused again, and count as another one.
   */
  wait(host: string, until: number, reason: string): void {
    if (until > (this.waits.get(host)?.until ?? 0)) this.waits.set(host, { until, reason });
  }

  /** What the host answered when it asked to wait, if that wait still lasts. */
  waiting(host: string, now: number): { until: number; reason: string } | undefined {
    const wait = this.waits.get(host);
    return wait && wait.until > now ? wait : undefined;
  }
}

/** Feeds are a few hundred KB at most; anything bigger is not a feed worth reading. */
export const MAX_FEED_BYTES = 1_000_000;
/** Headers and body together, per feed. */
export const FEED_TIMEOUT_MS = 8_000;
export const USER_AGENT = "TraumaCodeBot/0.1 (+https://github.com/trauma-code-bot/trauma-code-bot)";

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchResult =
  | { kind: "not-modified" }
  /** `url`: where the feed was served from, after its redirects (its relative links are read against it). */
  | { kind: "ok"; text: string; validators: Validators; contentType: string; url: string }
  | { kind: "error"; reason: string; retryAfterMs?: number };

class Deadline extends Error {}

/** Reads at most `max` bytes before `deadline`; throws when either is passed. */
async function readCapped(body: ReadableStream<Uint8Array>, max: number, deadline: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Deadline("timed out reading the body");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Deadline("timed out reading the body")), left);
      });
      const { done, value } = await Promise.race([reader.read(), expired]).finally(() => clearTimeout(timer));
      if (done) break;
      size += value.byteLength;
      if (size > max) throw new Deadline(`body larger than ${max} bytes`);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  return joinChunks(chunks, size);
}

/**
 * The encoding a feed's bytes are written in, in XML's order of precedence (RFC 7303): a byte order
 * mark, the Content-Type's charset, the XML declaration's encoding, else UTF-8. Korean outlets still
 * serve EUC-KR; read as UTF-8, their headlines no longer name the show.
 */
export function feedEncoding(bytes: Uint8Array, contentType: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  // Quoted either way, as servers write it (`charset="utf-8"`, and PHP's `charset='utf-8'`).
  const charset = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1];
  if (charset) return charset;
  return declaredEncoding(bytes) ?? "utf-8";
}

/**
 * The encoding the XML declaration names, if any (the declaration is ASCII in every encoding it may name).
 * PHP pages often send a blank line before it, which feed readers pass over, and so does parseFeed.
 */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  return /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(head)?.[1];
}

/**
 * Names Java and Windows servers give Korean's code page 949, which the Encoding standard (TextDecoder's
 * labels) does not list: its EUC-KR decoder is that code page, so they are read as EUC-KR.
 */
const CODE_PAGE_949 = new Set(["ms949", "cp949", "x-windows-949", "uhc"]);

/** The label TextDecoder takes for an encoding a feed names. */
const decoderLabel = (encoding: string) => (CODE_PAGE_949.has(encoding.toLowerCase()) ? "euc-kr" : encoding);

/** The encodings of more than one byte a character: their decoders refuse bytes not written in them. */
const MULTI_BYTE = new Set([
  "utf-8",
  "utf-16le",
  "utf-16be",
  "big5",
  "euc-jp",
  "iso-2022-jp",
  "shift_jis",
  "euc-kr",
  "gbk",
  "gb18030",
]);

/**
 * Whether bytes not written in this encoding fail to read in it. A single-byte one (ISO-8859-1, windows-1252)
 * reads any bytes as some letters; an unknown one reads none, and says so.
 */
function refusesOtherBytes(encoding: string): boolean {
  try {
    return MULTI_BYTE.has(new TextDecoder(decoderLabel(encoding)).encoding);
  } catch {
    return true;
  }
}

/** The feed's text, or null when its encoding is one this runtime cannot read (or, `fatal`, the bytes are not in it). */
function decodeFeed(bytes: Uint8Array, encoding: string, fatal = false): string | null {
  try {
    return new TextDecoder(decoderLabel(encoding), { fatal, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Seconds or an HTTP date, as Retry-After may be written. */
function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The response at the end of a feed's redirects (followed here, so that each is counted), with its host's
 * turn still held (to end once its body is read) and the feed's deadline, or why there is none. The
 * deadline starts with the first request, not while the feed waits for its host's first turn.
 */
async function follow(
  url: string,
  headers: Record<string, string>,
  { timeoutMs, calls, turns }: { timeoutMs: number; calls: Subrequests; turns: HostTurns },
): Promise<{ response: Response; at: string; endTurn: () => void; deadline: number } | Extract<FetchResult, { kind: "error" }>> {
  let at = url;
  let deadline = Number.POSITIVE_INFINITY;
  for (let hops = 0; ; hops++) {
    const host = new URL(at).host;
    const endTurn = await turns.take(host);
    const wait = turns.waiting(host, Date.now());
    if (wait) {
      endTurn();
      return { kind: "error", reason: `${wait.reason} to another feed of its host`, retryAfterMs: wait.until - Date.now() };
    }
    if (hops === 0) deadline = Date.now() + timeoutMs;
    let response: Response;
    try {
      response = await calls.fetch(at, {
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      });
    } catch (error) {
      endTurn();
      return { kind: "error", reason: `unreachable: ${(error as Error).name}` };
    }
    const location = response.headers.get("location");
    if (!REDIRECTS.has(response.status) || !location) return { response, at, endTurn, deadline };
    await response.body?.cancel().catch(() => {});
    endTurn();
    if (hops >= FEED_REDIRECTS_MAX) return { kind: "error", reason: `more than ${FEED_REDIRECTS_MAX} redirects` };
    let next: URL;
    try {
      next = new URL(location, at);
    } catch {
      return { kind: "error", reason: "redirect to an address that is not one" };
    }
    if (next.protocol !== "https:" && next.protocol !== "http:")
      return { kind: "error", reason: "redirect to an address that is not one" };
    at = next.toString();
  }
}

export async function fetchFeed(
  feed: Feed,
  validators: Validators,
  {
    calls,
    turns,
    timeoutMs = FEED_TIMEOUT_MS,
    maxBytes = MAX_FEED_BYTES,
  }: { calls: Subrequests; turns: HostTurns; timeoutMs?: number; maxBytes?: number },
): Promise<FetchResult> {
  const headers: Record<string, string> = {
    accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1",
    "user-agent": USER_AGENT,
  };
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  const followed = await follow(feed.url, headers, { timeoutMs, calls, turns });
  if (!("response" in followed)) return followed;
  try {
    const result = await readFeed(followed.response, followed.at, followed.deadline, maxBytes);
    // Recorded before the host's turn ends, so that its next feed in line finds it.
    if (result.kind === "error" && result.retryAfterMs !== undefined)
      turns.wait(new URL(followed.at).host, Date.now() + result.retryAfterMs, result.reason);
    return result;
  } finally {
    followed.endTurn();
  }
}

/** The feed's answer read: not modified, an error, or its text in the encoding it is written in. */
async function readFeed(response: Response, url: string, deadline: number, maxBytes: number): Promise<FetchResult> {
  if (response.status === 304) {
    response.body?.cancel().catch(() => {});
    return { kind: "not-modified" };
  }
  if (response.status < 200 || response.status >= 300) {
    response.body?.cancel().catch(() => {});
    return {
      kind: "error",
      reason: `HTTP ${response.status}`,
      retryAfterMs: retryAfterMs(response.headers.get("retry-after"), Date.now()),
    };
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    response.body?.cancel().catch(() => {});
    return { kind: "error", reason: `body larger than ${maxBytes} bytes` };
  }
  let bytes: Uint8Array;
  try {
    bytes = response.body ? await readCapped(response.body, maxBytes, deadline) : new Uint8Array();
  } catch (error) {
    return { kind: "error", reason: error instanceof Deadline ? error.message : `body unreadable: ${(error as Error).name}` };
  }
  const contentType = response.headers.get("content-type") ?? "";
  const encoding = feedEncoding(bytes, contentType);
  // A charset the runtime does not know (a typo in a header), or one the bytes are not written in (a
  // server's charset=utf-8 sent with every file, an EUC-KR feed's too), leaves the declaration, or UTF-8,
  // to go by; bytes that read in neither are read as best they can be. A single-byte charset (a Java
  // server's ISO-8859-1 for any text) reads any bytes, so it cannot tell: the declaration goes first then,
  // and a Latin-1 feed that wrongly declares UTF-8 is still read in Latin-1, its accents being no UTF-8.
  const declaration = declaredEncoding(bytes) ?? "utf-8";
  const [first, second] = refusesOtherBytes(encoding) ? [encoding, declaration] : [declaration, encoding];
  const text =
    decodeFeed(bytes, first, true) ??
    decodeFeed(bytes, second, true) ??
    decodeFeed(bytes, encoding) ??
    decodeFeed(bytes, declaration);
  if (text === null) return { kind: "error", reason: `unknown encoding ${JSON.stringify(encoding.slice(0, 40))}` };
  return {
    kind: "ok",
    text,
    contentType,
    url,
    validators: { etag: response.headers.get("etag"), lastModified: response.headers.get("last-modified") },
  };
}
