// The KV-backed content store: read from KV once per isolate and again every CACHE_MS, so a re-seed shows up quickly
// (within 30 s under `wrangler dev`) while almost every request is answered from memory.

import { logError, logEvent } from "../log";
import type { ContentBundle } from "./bundle";
import { CONTENT_BUNDLE_KEY } from "./keys";
import type { Character, Episode, Inspiration, Name, NewsItem, Show } from "./schema";
import { bestMatches, type NameKey, nameKey, type Searchable, search } from "./search";

export const CACHE_MS = 20_000;

/**
 * The longest a read of KV holds answers up while the isolate has a copy to answer from (Discord wants an
 * answer within 3 seconds). Past it the copy answers, and KV's answer replaces it when it comes.
 */
export const KV_WAIT_MS = 1_000;

/** KV has no bundle, or an unreadable one: commands answer "content not available". */
export class ContentUnavailable extends Error {
  constructor(reason: string) {
    super(`content unavailable: ${reason}`);
    this.name = "ContentUnavailable";
  }
}

type Indexed<T> = T & Searchable;

export interface Content {
  version: string;
  show: Show;
  characters: readonly Character[];
  episodes: readonly Episode[];
  news: readonly NewsItem[];
  inspirations: readonly Inspiration[];
  /** The character asked for, or all that match the name equally well (see bestMatches). */
  charactersNamed(query: string): Character[];
  searchCharacters(query: string): Character[];
  episode(number: number): Episode | undefined;
  /** The topic asked for, or all that match the words equally well (see bestMatches). */
  inspirationsNamed(query: string): Inspiration[];
  searchInspirations(query: string): Inspiration[];
}

/** Every form of a name: romanized, Hangul, and the Indonesian or Tagalog one where it has its own. */
const forms = (name: Name): string[] => Object.values(name).filter((form): form is string => form !== undefined);

const characterNames = (c: Character): string[] => [...forms(c.name), ...c.nicknames.flatMap((n) => forms(n.name)), ...c.aliases];

const actorNames = (c: Character): string[] => (c.actor ? [...forms(c.actor), ...(c.actorAliases ?? [])] : []);

const inspirationNames = (i: Inspiration): string[] => [...Object.values(i.name), ...i.aliases];

/**
 * A record with its name keys (its own names', then its actor's), made on the first search that reads
 * them: a cold isolate whose first question is not a lookup by name (an episode, a click, Slack's
 * /episode) does not prepare every name.
 */
function withKeys<T extends object>(item: T, names: (item: T) => string[], actors?: (item: T) => string[]): Indexed<T> {
  let keys: NameKey[] | undefined;
  const prepared = () => [
    ...names(item).map(nameKey),
    ...(actors?.(item) ?? []).map((name): NameKey => ({ ...nameKey(name), actor: true })),
  ];
  return Object.defineProperty({ ...item }, "keys", { get: () => (keys ??= prepared()) }) as Indexed<T>;
}

function index(bundle: ContentBundle): Content {
  const characters = bundle.characters.map((c) => withKeys(c, characterNames, actorNames));
  const inspirations = bundle.inspirations.map((i) => withKeys(i, inspirationNames));
  return {
    version: bundle.version,
    show: bundle.show,
    characters,
    episodes: bundle.episodes,
    news: bundle.news,
    inspirations,
    charactersNamed: (query) => bestMatches(characters, query),
    searchCharacters: (query) => search(characters, query),
    episode: (number) => bundle.episodes.find((e) => e.number === number),
    inspirationsNamed: (query) => bestMatches(inspirations, query),
    searchInspirations: (query) => search(inspirations, query),
  };
}

function parseBundle(raw: string): ContentBundle {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ContentUnavailable("the stored bundle is not JSON");
  }
  const b = value as Partial<ContentBundle> | null;
  const lists = [b?.characters, b?.episodes, b?.news, b?.inspirations];
  if (typeof b?.version !== "string" || typeof b.show !== "object" || !lists.every(Array.isArray))
    throw new ContentUnavailable("the stored bundle has the wrong shape");
  return b as ContentBundle;
}

type Entry = { kv: KVNamespace; at: number; content: Promise<Content>; ready?: Content };

let cached: Entry | undefined;

/**
 * The content, from memory when fresh, else from KV. Throws ContentUnavailable. While KV cannot be read
 * (its get rejects: an outage) or is slower than KV_WAIT_MS, the copy this isolate has keeps being served,
 * and KV is asked again after CACHE_MS: fans get the answers of a few seconds ago rather than an error or
 * none in time. What KV does answer (nothing seeded, an unreadable bundle) is believed.
 */
export function loadContent(kv: KVNamespace, now = Date.now()): Promise<Content> {
  if (cached && cached.kv === kv && now - cached.at < CACHE_MS) return cached.content;
  const held = cached?.kv === kv ? cached.ready : undefined;
  const read = kv.get(CONTENT_BUNDLE_KEY).then(
    (raw) => {
      if (raw === null) throw new ContentUnavailable("nothing is seeded");
      return index(parseBundle(raw));
    },
    (error: unknown) => {
      if (!held) throw error;
      logError("content.stale", error, { version: held.version });
      return held;
    },
  );
  const entry: Entry = { kv, at: now, content: held ? withinWait(read, held) : read };
  cached = entry;
  entry.content.then(
    (content) => {
      entry.ready ??= content;
    },
    // A failed read is not cached: the next request tries again.
    () => {
      if (cached === entry) cached = undefined;
    },
  );
  // A read that answers after KV_WAIT_MS replaces the copy held as soon as it lands (unless a later read has
  // taken its place); one that fails after it leaves the copy until the next read.
  if (held)
    read.then(
      (content) => {
        if (cached !== entry) return;
        entry.ready = content;
        entry.content = read;
      },
      () => {},
    );
  return entry.content;
}

/**
 * The read, or the copy held once KV_WAIT_MS have passed without an answer: one timer per read of KV, none per
 * request. The copy lets the request that started the read answer and end, and a request's pending I/O ends
 * with it: the read is handed to that request's waitUntil before the copy answers (keepGoing), so that it lands.
 */
function withinWait(read: Promise<Content>, held: Content): Promise<Content> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<Content>((resolve) => {
    timer = setTimeout(() => {
      logEvent("content.slow", { version: held.version, waitedMs: KV_WAIT_MS });
      keepGoing(read).finally(() => resolve(held));
    }, KV_WAIT_MS);
  });
  const done = () => clearTimeout(timer);
  read.then(done, done);
  return Promise.race([read, waited]);
}

/**
 * Keeps the invocation going until the read settles, for CACHE_MS at most: after that the next request reads
 * KV again anyway. `cloudflare:workers` is imported here, not at the top, as the Node tools load this module too.
 */
async function keepGoing(read: Promise<unknown>): Promise<void> {
  let cut: ReturnType<typeof setTimeout> | undefined;
  const until = new Promise((resolve) => {
    cut = setTimeout(resolve, CACHE_MS);
  });
  const kept = Promise.race([read, until])
    .catch(() => undefined)
    .finally(() => clearTimeout(cut));
  try {
    const { waitUntil } = await import("cloudflare:workers");
    waitUntil(kept);
  } catch {
    // Outside a request (no invocation to keep going), the read lands or not on its own.
  }
}

/**
 * The content loadContent would give right now when it is already read and still fresh, else undefined.
 * Answers from the rendered-answer cache need only its version, and this spares them the promise hops.
 */
export function readyContent(kv: KVNamespace, now = Date.now()): Content | undefined {
  return cached && cached.kv === kv && now - cached.at < CACHE_MS ? cached.ready : undefined;
}

/** Forget the cached content (tests, and after a seed in the same isolate). */
export function clearContentCache(): void {
  cached = undefined;
}

/** The characters shown for an empty autocomplete query and in the roster first. */
export const mainCharacters = (content: Content) => content.characters.filter((c) => c.main);
