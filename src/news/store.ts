// Every SQL statement of news discovery, against D1. Schema: migrations/0004_news.sql, 0007_news_round.sql
// 0008_review_doubt.sql, 0009_review_turns.sql, 0018_outlet_offset.sql, 0019_review_messages.sql and
// 0022_source_links.sql.
import type { NewsLabel } from "../content/schema";
import type { Locale } from "../i18n/locale";
import type { PlatformName } from "../platform-name";
import type { Validators } from "./fetch-feed";
import { normalizeUrl } from "./group";

/** Each published item's links (its url and sources) as rows `link` beside `news`, then a WHERE to go on from. */
const PUBLISHED_LINKS = `news, json_each(json_insert(COALESCE(json_extract(news.item, '$.sources'), '[]'), '$[#]', json_extract(news.item, '$.url'))) AS link
  WHERE link.type = 'text'`;

/**
 * The link a reader follows to a candidate or a source: the one its outlet gave, which may need its
 * scheme, www. or port; the normalized `url` where none was kept (found before 0022_source_links.sql).
 */
export const linkOf = (found: Pick<Source, "url" | "link">): string => found.link ?? found.url;

/**
 * A candidate whose card a review round still has to handle on a platform in the mask ?1: undecided
 * without its card there, or decided with a post there in doubt (looked for, never posted).
 */
const STILL_TO_GO = "(CASE WHEN state = 'new' THEN (review_posted & ?1) != ?1 ELSE (review_unsure & ?1) != 0 END)";

/** The prefix of items published from found candidates; the seed leaves them alone. */
export const FOUND_PREFIX = "found-";
/** The first id after every one that starts with FOUND_PREFIX ("." follows "-"). */
const AFTER_FOUND = "found.";

/** What a card's turn that left it still to go out came to (see NewsStore.reviewLater). */
export type ReviewTurn = "headway" | "waited" | "stalled";
/** Platforms a review message goes to, as bits of news_candidates.review_posted and review_unsure. */
export const REVIEW_BITS: Record<PlatformName, number> = { discord: 1, slack: 2 };
/** The first wait of a review card that made no headway (the next cron tick), and the longest. */
export const REVIEW_RETRY_MIN_MS = 60_000;
export const REVIEW_RETRY_MAX_MS = 60 * 60_000;

export type CandidateState = "new" | "published" | "dismissed" | "withdrawn";

/** Where a platform's review card is: its channel, and the platform's id of the message (Discord's id, Slack's ts). */
export interface ReviewMessage {
  channelId: string;
  messageId: string;
  /**
   * The candidate's sourcesAdded the card was last drawn at: below the candidate's, the card may not show
   * every source (a Publish pressed on it is refused). Undefined (a card recorded before sources were
   * counted, or by a press, whose drawing is not known): 0, as drawn before any source joined.
   */
  sources?: number;
}

/** A reviewer's wording: English is required, the other languages are optional. */
export type Edits = { title: Partial<Record<Locale, string>>; summary: Partial<Record<Locale, string>> };

export interface Candidate {
  id: string;
  state: CandidateState;
  title: string;
  language: Locale;
  outlet: string;
  /** Its first source's link normalized (src/news/group.ts): the story's identity, which lookups go by. */
  url: string;
  /** That link as its outlet gave it, which readers follow (see linkOf); undefined: `url`. */
  link?: string | undefined;
  publishedAt: number;
  /** Minutes from UTC of the feed it was found in, which dates it; undefined: its language's market's. */
  offsetMinutes?: number | undefined;
  foundAt: number;
  key: string;
  edits: Edits | null;
  label: NewsLabel | null;
  decidedBy: string | null;
  decidedAt: number | null;
  newsId: string | null;
  /** Platforms the review message went to (bits: 1 Discord, 2 Slack). */
  reviewPostedMask: number;
  /** Platforms whose last review post may have landed without an answer (same bits). */
  reviewUnsureMask: number;
  /** ms: the first review post that may have landed, which a look reads back to. */
  reviewTriedAt: number | null;
  /** Per platform, where the last look for it stopped. */
  reviewLook: Partial<Record<PlatformName, string>>;
  /** Per platform, its review card, where it was posted with an id (or found). */
  reviewMessages: Partial<Record<PlatformName, ReviewMessage>>;
  /** Platforms whose review card is behind the candidate's state or wording (same bits): redrawn by the news round. */
  reviewRedrawMask: number;
  /** How many rounds added sources to it after it was found: a card drawn before the last one is behind. */
  sourcesAdded: number;
}

export interface Source {
  /** The link normalized: unique across candidates, so a link seen again is the same story. */
  url: string;
  /** The link as its outlet gave it, which readers follow (see linkOf); undefined: `url`. */
  link?: string | undefined;
  candidateId: string;
  title: string;
  outlet: string;
  language: Locale;
  publishedAt: number;
  /** Minutes from UTC of the feed it was found in, which dates it; undefined: its language's market's. */
  offsetMinutes?: number | undefined;
}

export interface FeedState extends Validators {
  url: string;
  nextPollAt: number;
  lastPolledAt: number | null;
  lastOkAt: number | null;
  failures: number;
  lastError: string | null;
}

interface CandidateRow {
  id: string;
  state: CandidateState;
  title: string;
  language: Locale;
  outlet: string;
  url: string;
  link: string | null;
  published_at: number;
  offset_minutes: number | null;
  found_at: number;
  key: string;
  edits: string | null;
  label: NewsLabel | null;
  decided_by: string | null;
  decided_at: number | null;
  news_id: string | null;
  review_posted: number;
  review_unsure: number;
  review_tried_at: number | null;
  review_look: string | null;
  review_next_at: number | null;
  review_stalls: number;
  review_messages: string | null;
  review_redraw: number;
  sources_added: number;
}

function parseEdits(raw: string | null): Edits | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Edits;
  } catch {
    return null;
  }
}

const toCandidate = (r: CandidateRow): Candidate => ({
  id: r.id,
  state: r.state,
  title: r.title,
  language: r.language,
  outlet: r.outlet,
  url: r.url,
  link: r.link ?? undefined,
  publishedAt: r.published_at,
  offsetMinutes: r.offset_minutes ?? undefined,
  foundAt: r.found_at,
  key: r.key,
  edits: parseEdits(r.edits),
  label: r.label,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  newsId: r.news_id,
  reviewPostedMask: r.review_posted,
  reviewUnsureMask: r.review_unsure,
  reviewTriedAt: r.review_tried_at,
  reviewLook: parseByPlatform<string>(r.review_look),
  reviewMessages: parseByPlatform<ReviewMessage>(r.review_messages),
  reviewRedrawMask: r.review_redraw,
  sourcesAdded: r.sources_added,
});

/** An item's headlines (its `title`, one per language, as JSON), each once. */
function titlesOf(raw: string | null): string[] {
  try {
    const titles: unknown = JSON.parse(raw ?? "{}");
    return [...new Set(Object.values(titles ?? {}).filter((t): t is string => typeof t === "string" && t.trim() !== ""))];
  } catch {
    return [];
  }
}

function parseByPlatform<T>(raw: string | null): Partial<Record<PlatformName, T>> {
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Partial<Record<PlatformName, T>>;
  } catch {
    return {};
  }
}

export type NewCandidate = Omit<
  Candidate,
  | "state"
  | "edits"
  | "label"
  | "decidedBy"
  | "decidedAt"
  | "newsId"
  | "reviewPostedMask"
  | "reviewUnsureMask"
  | "reviewTriedAt"
  | "reviewLook"
  | "reviewMessages"
  | "reviewRedrawMask"
  | "sourcesAdded"
>;

/** The outcome of a guarded state change: the candidate after it, and whether this caller made it. */
export type Decision = { changed: true; candidate: Candidate } | { changed: false; candidate: Candidate | null };

/**
 * How long a round holds the news round: far longer than a round takes (its polls time out after
 * FEED_TIMEOUT_MS each, its review posts after their request timeout). A round that died gives it up
 * after this; one that outlived it writes nothing.
 */
export const ROUND_LEASE_MS = 5 * 60_000;

/** A news round's hold: its own id, and until when (ms) no other round may take over. */
export interface NewsRound {
  holder: string;
  until: number;
}

/**
 * A new round's hold, from `now` (the round's clock, the cron's scheduled time) or, for a tick run later
 * than scheduled, from when it runs: counted from the scheduled time, a tick started minutes late would
 * hold a round already run out, and the next tick would take it over while this one still posts.
 */
export const newRound = (now: number): NewsRound => ({
  holder: crypto.randomUUID(),
  until: Math.max(now, Date.now()) + ROUND_LEASE_MS,
});

/** A story published by hand (data/news.json): its headlines in every language, and its day (ms). */
export interface PublishedStory {
  titles: string[];
  publishedAt: number;
}

/** What a round found: new candidates and every new source link. */
export interface Found {
  candidates: readonly NewCandidate[];
  sources: readonly Source[];
}

/**
 * SQL: true while the candidate shows what a review card drawn from a candidate shows of its state, wording
 * and sources, that candidate's drawnValues bound as parameters `n` to `n + 4`.
 */
const drawnAs = (n: number) =>
  `(state, COALESCE(label, ''), COALESCE(decided_by, ''), COALESCE(edits, ''), sources_added) = (?${n}, ?${n + 1}, ?${n + 2}, ?${n + 3}, ?${n + 4})`;
const drawnValues = (c: Candidate | undefined) =>
  c ? [c.state, c.label ?? "", c.decidedBy ?? "", c.edits ? JSON.stringify(c.edits) : "", c.sourcesAdded] : ["", "", "", "", 0];

/** SQL: true while the round whose holder is bound as parameter `n` holds the news round. */
const holdsRound = (n: number) => `EXISTS (SELECT 1 FROM news_round WHERE holder = ?${n})`;

export class NewsStore {
  constructor(private readonly db: D1Database) {}

  async feedStates(): Promise<Map<string, FeedState>> {
    const { results } = await this.db.prepare("SELECT * FROM feed_state").all<{
      url: string;
      etag: string | null;
      last_modified: string | null;
      next_poll_at: number;
      last_polled_at: number | null;
      last_ok_at: number | null;
      failures: number;
      last_error: string | null;
    }>();
    return new Map(
      results.map((r) => [
        r.url,
        {
          url: r.url,
          etag: r.etag,
          lastModified: r.last_modified,
          nextPollAt: r.next_poll_at,
          lastPolledAt: r.last_polled_at,
          lastOkAt: r.last_ok_at,
          failures: r.failures,
          lastError: r.last_error,
        },
      ]),
    );
  }

  /**
   * Takes the news round for `round`, unless another round holds it beyond `now`, and leases it the feeds
   * that are due, but for those another tick is polling (lease not expired): none when another round holds it.
   * The first of `urls`, polled first, is recorded in the same statement as a poll that failed (`unfinished`:
   * its error, and its next poll `backoffMs` after `now`, as MAX_BACKOFF_MS-capped SQL of its interval): an
   * invocation killed while it is read (past the Free plan's 10 ms of CPU) records nothing after this, and
   * the feed would otherwise be due first again at every tick and kill each. A poll that ends writes its
   * own outcome over this one.
   */
  async leaseFeeds(
    urls: readonly string[],
    now: number,
    leaseMs: number,
    round: NewsRound,
    unfinished: { everyMs: number; maxBackoffMs: number; error: string },
  ): Promise<string[]> {
    if (!urls.length) return [];
    const list = JSON.stringify(urls);
    const [, , leased] = await this.db.batch<{ url: string }>([
      this.takeRoundStatement(round, now),
      this.db.prepare("INSERT OR IGNORE INTO feed_state (url, next_poll_at) SELECT value, 0 FROM json_each(?)").bind(list),
      // The right-hand sides read the row as it was: `failures` is the count before this poll.
      this.db
        .prepare(
          `UPDATE feed_state SET polling_until = ?1,
             next_poll_at = CASE WHEN url = ?5 THEN ?3 + MIN(?6, ?7 << MIN(failures + 1, 16)) ELSE next_poll_at END,
             last_polled_at = CASE WHEN url = ?5 THEN ?3 ELSE last_polled_at END,
             failures = failures + (url = ?5),
             last_error = CASE WHEN url = ?5 THEN ?8 ELSE last_error END
           WHERE url IN (SELECT value FROM json_each(?2)) AND polling_until < ?3 AND next_poll_at <= ?3 AND ${holdsRound(4)}
           RETURNING url`,
        )
        .bind(now + leaseMs, list, now, round.holder, urls[0], unfinished.maxBackoffMs, unfinished.everyMs, unfinished.error),
    ]);
    return (leased?.results ?? []).map((r) => r.url);
  }

  /** A feed's poll recorded, if `round` still holds the news round when the statement runs. */
  feedPolled(
    url: string,
    result:
      | { ok: true; validators?: Validators; nextPollAt: number }
      | { ok: false; error: string; failures: number; nextPollAt: number },
    now: number,
    round: NewsRound,
  ): D1PreparedStatement {
    if (result.ok) {
      const v = result.validators;
      return this.db
        .prepare(
          `UPDATE feed_state SET next_poll_at = ?2, last_polled_at = ?3, last_ok_at = ?3, failures = 0, last_error = NULL,
             polling_until = 0, etag = CASE WHEN ?4 THEN ?5 ELSE etag END, last_modified = CASE WHEN ?4 THEN ?6 ELSE last_modified END
           WHERE url = ?1 AND ${holdsRound(7)}`,
        )
        .bind(url, result.nextPollAt, now, v ? 1 : 0, v?.etag ?? null, v?.lastModified ?? null, round.holder);
    }
    return (
      this.db
        .prepare(
          `UPDATE feed_state SET next_poll_at = ?2, last_polled_at = ?3, failures = ?6, last_error = ?4, polling_until = 0
         WHERE url = ?1 AND ${holdsRound(5)}`,
        )
        // The count itself, not one more than the row's: the lease may have counted this poll already.
        .bind(url, result.nextPollAt, now, result.error.slice(0, 300), round.holder, result.failures)
    );
  }

  /** A leased feed given back unpolled (its tick read all it may), if `round` still holds the news round: still due. */
  feedReleased(url: string, round: NewsRound): D1PreparedStatement {
    return this.db.prepare(`UPDATE feed_state SET polling_until = 0 WHERE url = ?1 AND ${holdsRound(2)}`).bind(url, round.holder);
  }

  /**
   * The end of a round, in one transaction: the candidates and sources it found, its feeds' polls, and
   * the news round given up. Each write takes effect only if the round still holds the news round at
   * `at`, so a round that outlived its hold writes nothing, and its feeds are polled again. False then.
   */
  async endRound(round: NewsRound, found: Found, polls: readonly D1PreparedStatement[], at: number): Promise<boolean> {
    const results = await this.db.batch([
      // A hold that ran out by `at` (the round's clock) is given up first, so that nothing after it is written.
      this.db.prepare("DELETE FROM news_round WHERE holder = ? AND until <= ?").bind(round.holder, at),
      ...this.foundStatements(found, round),
      ...polls,
      this.leaveStatement(round),
    ]);
    return (results.at(-1)?.meta.changes ?? 0) > 0;
  }

  /** Takes the news round for `round` unless another round holds it beyond `now`; whether it did. */
  async takeRound(round: NewsRound, now: number): Promise<boolean> {
    const taken = await this.takeRoundStatement(round, now).first<{ holder: string }>();
    return taken?.holder === round.holder;
  }

  /** The news round taken for `round`, returning its holder, unless another round holds it beyond `now`. */
  private takeRoundStatement(round: NewsRound, now: number): D1PreparedStatement {
    return this.db
      .prepare(
        `INSERT INTO news_round (id, holder, until) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, until = excluded.until WHERE news_round.until <= ?3
         RETURNING holder`,
      )
      .bind(round.holder, round.until, now);
  }

  /**
   * Gives up the news round, if `round` holds it (a round that failed before its end), and the leases of
   * `feeds` it took: still due, they are polled by the next tick, not once their lease has run out. The
   * feed the lease recorded as a failed poll (`first`) gets back its state from before (none: a feed never
   * polled): its poll did not fail, the round did.
   */
  async leaveRound(
    round: NewsRound,
    feeds: readonly string[] = [],
    first?: { url: string; before: FeedState | undefined },
  ): Promise<void> {
    if (!feeds.length) {
      await this.leaveStatement(round).run();
      return;
    }
    const before = first?.before;
    const was = (column: string, n: number) => `${column} = CASE WHEN url = ?3 THEN ?${n} ELSE ${column} END`;
    await this.db.batch([
      this.db
        .prepare(
          `UPDATE feed_state SET polling_until = 0, ${was("next_poll_at", 4)}, ${was("last_polled_at", 5)},
             ${was("failures", 6)}, ${was("last_error", 7)}
           WHERE url IN (SELECT value FROM json_each(?1)) AND ${holdsRound(2)}`,
        )
        .bind(
          JSON.stringify(feeds),
          round.holder,
          first?.url ?? null,
          before?.nextPollAt ?? 0,
          before?.lastPolledAt ?? null,
          before?.failures ?? 0,
          before?.lastError ?? null,
        ),
      this.leaveStatement(round),
    ]);
  }

  /** The news round given up, if `round` holds it. */
  private leaveStatement(round: NewsRound): D1PreparedStatement {
    return this.db.prepare("DELETE FROM news_round WHERE holder = ?").bind(round.holder);
  }

  /**
   * Which of these normalized links are known already, and what they belong to: a source of some candidate
   * (its id), or a link of a published item (the item's id). An item published by hand (data/news.json,
   * through the seed) has no candidate, and a feed that brings one of its links later must not open one
   * for a story decided already. Its links are as an editor wrote them (`www.`, a tracking parameter), so
   * they are read, all of them (a few dozen items), in the same query, and normalized here. An item
   * published from the feeds (FOUND_PREFIX) is not read: its links are its candidate's sources, found by
   * their key, and reading them too would cost every poll rows for every story ever published.
   *
   * From the same rows, `published`: the stories published by hand and not withdrawn, with their
   * headlines in every language and their dates. A news search feed links such a story at a page of its
   * own (Google News), no link of the item's: it is told by its headline (see groupEntries).
   */
  async known(urls: readonly string[]): Promise<{ links: Map<string, string>; published: PublishedStory[] }> {
    if (!urls.length) return { links: new Map(), published: [] };
    const { results } = await this.db
      .prepare(
        `SELECT url, candidate_id AS owner, 0 AS published, NULL AS titles, NULL AS date, NULL AS withdrawn
         FROM news_sources WHERE url IN (SELECT value FROM json_each(?1))
         UNION ALL
         SELECT link.value, news.id, 1, json_extract(news.item, '$.title'), json_extract(news.item, '$.date'), news.withdrawn_at IS NOT NULL
         FROM ${PUBLISHED_LINKS} AND (news.id < ?2 OR news.id >= ?3)`,
      )
      // The ids before and after the feeds' items': two ranges of the id's index, the only rows read.
      .bind(JSON.stringify(urls), FOUND_PREFIX, AFTER_FOUND)
      .all<{
        url: string;
        owner: string;
        published: number;
        titles: string | null;
        date: string | null;
        withdrawn: number | null;
      }>();
    const wanted = new Set(urls);
    const links = new Map<string, string>();
    const published = new Map<string, PublishedStory>();
    for (const r of results) {
      const url = r.published ? normalizeUrl(r.url) : r.url;
      if (wanted.has(url) && !links.has(url)) links.set(url, r.owner);
      if (!r.published || r.withdrawn || published.has(r.owner)) continue;
      const publishedAt = Date.parse(r.date ?? "");
      if (!Number.isNaN(publishedAt)) published.set(r.owner, { titles: titlesOf(r.titles), publishedAt });
    }
    return { links, published: [...published.values()] };
  }

  /**
   * The id of a published item, not withdrawn and other than `except`, with one of these normalized links:
   * the same story published already (by hand, or from another candidate), else null. Read as known
   * reads published links.
   */
  async publishedWith(urls: readonly string[], except: string): Promise<string | null> {
    const { results } = await this.db
      .prepare(`SELECT link.value AS url, news.id FROM ${PUBLISHED_LINKS} AND news.withdrawn_at IS NULL AND news.id != ?`)
      .bind(except)
      .all<{ url: string; id: string }>();
    const wanted = new Set(urls);
    return results.find((r) => wanted.has(normalizeUrl(r.url)))?.id ?? null;
  }

  /** Candidates found since `since`, to group new entries with. */
  async recentCandidates(since: number): Promise<Candidate[]> {
    const { results } = await this.db
      .prepare("SELECT * FROM news_candidates WHERE published_at >= ? ORDER BY published_at")
      .bind(since)
      .all<CandidateRow>();
    return results.map(toCandidate);
  }

  /** Writes new candidates and new sources in one transaction; links already known are ignored. */
  async addFound(candidates: readonly NewCandidate[], sources: readonly Source[]): Promise<void> {
    const statements = this.foundStatements({ candidates, sources });
    if (statements.length) await this.db.batch(statements);
  }

  /**
   * New candidates and sources as two statements, however many were found (each one of the invocation's
   * queries), and a third where a candidate found before gained a source: its review cards are redrawn,
   * since they list its sources and, in a language with no title typed, title the story by a source's
   * headline, which is what that language's readers get if it is published. With `round`, each takes
   * effect only while it holds the news round.
   */
  private foundStatements({ candidates, sources }: Found, round?: NewsRound): D1PreparedStatement[] {
    const held = round ? `AND ${holdsRound(2)}` : "";
    const holder = round ? [round.holder] : [];
    const field = (name: string) => `json_extract(value, '$.${name}')`;
    const created = new Set(candidates.map((c) => c.id));
    const grown = [...new Set(sources.map((s) => s.candidateId))].filter((id) => !created.has(id));
    return [
      ...(candidates.length
        ? [
            this.db
              .prepare(
                `INSERT OR IGNORE INTO news_candidates (id, state, title, language, outlet, url, link, published_at, offset_minutes, found_at, key)
                 SELECT ${field("id")}, 'new', ${field("title")}, ${field("language")}, ${field("outlet")}, ${field("url")}, ${field("link")},
                   ${field("publishedAt")}, ${field("offsetMinutes")}, ${field("foundAt")}, ${field("key")}
                 FROM json_each(?1) WHERE 1 ${held}`,
              )
              .bind(JSON.stringify(candidates), ...holder),
          ]
        : []),
      ...(sources.length
        ? [
            this.db
              .prepare(
                `INSERT OR IGNORE INTO news_sources (url, link, candidate_id, title, outlet, language, published_at, offset_minutes)
                 SELECT ${field("url")}, ${field("link")}, ${field("candidateId")}, ${field("title")}, ${field("outlet")}, ${field("language")},
                   ${field("publishedAt")}, ${field("offsetMinutes")}
                 FROM json_each(?1) WHERE 1 ${held}`,
              )
              .bind(JSON.stringify(sources), ...holder),
          ]
        : []),
      ...(grown.length
        ? [
            this.db
              .prepare(
                `UPDATE news_candidates SET review_redraw = review_redraw | review_posted, sources_added = sources_added + 1
                 WHERE id IN (SELECT value FROM json_each(?1)) ${held}`,
              )
              .bind(JSON.stringify(grown), ...holder),
          ]
        : []),
    ];
  }

  async candidate(id: string): Promise<Candidate | null> {
    const row = await this.db.prepare("SELECT * FROM news_candidates WHERE id = ?").bind(id).first<CandidateRow>();
    return row ? toCandidate(row) : null;
  }

  async sources(candidateId: string): Promise<Source[]> {
    return (await this.sourcesOf([candidateId])).get(candidateId) ?? [];
  }

  /** The sources of each of these candidates, oldest first, in one query (`npm run news -- list` dates each story by them). */
  async sourcesOf(candidateIds: readonly string[]): Promise<Map<string, Source[]>> {
    const { results } = await this.db
      .prepare("SELECT * FROM news_sources WHERE candidate_id IN (SELECT value FROM json_each(?)) ORDER BY published_at, url")
      .bind(JSON.stringify(candidateIds))
      .all<{
        url: string;
        link: string | null;
        candidate_id: string;
        title: string;
        outlet: string;
        language: Locale;
        published_at: number;
        offset_minutes: number | null;
      }>();
    const of = new Map<string, Source[]>();
    for (const r of results) {
      const list = of.get(r.candidate_id) ?? [];
      list.push({
        url: r.url,
        link: r.link ?? undefined,
        candidateId: r.candidate_id,
        title: r.title,
        outlet: r.outlet,
        language: r.language,
        publishedAt: r.published_at,
        offsetMinutes: r.offset_minutes ?? undefined,
      });
      of.set(r.candidate_id, list);
    }
    return of;
  }

  /**
   * Candidates, newest first by the date each is shown with: its earliest source's (firstReported), since
   * a source found later may be older than the one the candidate was found by.
   */
  async list({ state, limit = 50 }: { state?: CandidateState; limit?: number } = {}): Promise<Candidate[]> {
    const { results } = await this.db
      .prepare(
        `SELECT * FROM news_candidates c WHERE ?1 IS NULL OR c.state = ?1
         ORDER BY MIN(c.published_at, COALESCE((SELECT MIN(s.published_at) FROM news_sources s WHERE s.candidate_id = c.id), c.published_at)) DESC
         LIMIT ?2`,
      )
      .bind(state ?? null, limit)
      .all<CandidateRow>();
    return results.map(toCandidate);
  }

  /**
   * Candidates whose review card is still to go out to a platform in `mask`, or, decided meanwhile, whose
   * card there may have landed unanswered (to be looked for, and redrawn if found), and whose turn has come:
   * those never tried first, in the order they were published, then those waiting since the longest.
   */
  async unposted(mask: number, limit: number, now: number): Promise<Candidate[]> {
    const { results } = await this.db
      .prepare(
        `SELECT * FROM news_candidates
         WHERE ${STILL_TO_GO} AND COALESCE(review_next_at, 0) <= ?3
         ORDER BY COALESCE(review_next_at, 0), published_at LIMIT ?2`,
      )
      .bind(mask, limit, now)
      .all<CandidateRow>();
    return results.map(toCandidate);
  }

  /**
   * The review cards still to go out to a platform in `mask`, or looked for there (see STILL_TO_GO): how
   * many, how many of them in doubt (a post that may have landed, looked for before it is sent again, or
   * for a decided candidate, instead), and when the longest-waiting one was found.
   */
  async reviewBacklog(mask: number): Promise<{ waiting: number; inDoubt: number; oldestFoundAt: number | null }> {
    const row = await this.db
      .prepare(
        `SELECT COUNT(*) AS waiting, COALESCE(SUM((review_unsure & ?1) != 0), 0) AS in_doubt, MIN(found_at) AS oldest
         FROM news_candidates WHERE ${STILL_TO_GO}`,
      )
      .bind(mask)
      .first<{ waiting: number; in_doubt: number; oldest: number | null }>();
    return { waiting: row?.waiting ?? 0, inDoubt: row?.in_doubt ?? 0, oldestFoundAt: row?.oldest ?? null };
  }

  /**
   * A card still to go out after its turn waits for the next: a minute when its look read on ("headway"),
   * or when its look's turn at the platform's limit had not come ("waited", the waits before it kept as
   * they were), otherwise twice as long as the time before, from REVIEW_RETRY_MIN_MS up to REVIEW_RETRY_MAX_MS.
   */
  async reviewLater(id: string, now: number, turn: ReviewTurn): Promise<void> {
    await this.db
      .prepare(
        `UPDATE news_candidates SET
           review_stalls = CASE ?3 WHEN 'headway' THEN 0 WHEN 'stalled' THEN review_stalls + 1 ELSE review_stalls END,
           review_next_at = ?2 + CASE WHEN ?3 = 'stalled' THEN MIN(?5, ?4 << MIN(review_stalls, 12)) ELSE ?4 END
         WHERE id = ?1`,
      )
      .bind(id, now, turn, REVIEW_RETRY_MIN_MS, REVIEW_RETRY_MAX_MS)
      .run();
  }

  /**
   * The review message is in the platform's channel: no longer in doubt there. `card`: where it is, kept so
   * that a decision made elsewhere redraws it, and what it was drawn from (`drawn`): a candidate decided or
   * edited while it was being posted has it redrawn.
   */
  async markPosted(id: string, platform: PlatformName, card?: { message: ReviewMessage; drawn: Candidate }): Promise<void> {
    await this.endDoubt(id, platform, true, card);
  }

  /**
   * A look for a review post that may have landed, which read up to `look` without finding it: the next
   * tick looks on from there before posting again. Not once the platform's card is recorded: a press on it
   * while the look read (see cardPressed) said where it is.
   */
  async markUnsure(id: string, platform: PlatformName, now: number, look: string): Promise<void> {
    await this.db
      .prepare(
        `UPDATE news_candidates SET review_unsure = review_unsure | ?1, review_tried_at = COALESCE(review_tried_at, ?3),
           review_look = json_set(COALESCE(review_look, '{}'), '$.' || ?5, ?4)
         WHERE id = ?2 AND (review_posted & ?1) = 0`,
      )
      .bind(REVIEW_BITS[platform], id, now, look, platform)
      .run();
  }

  /**
   * A review post about to leave, marked as maybe landing, with no look begun, only while the candidate is
   * undecided and no card of it is recorded on the platform: false, with nothing marked, once it is decided
   * (no card is posted for it then) or a press on its card recorded it (see cardPressed).
   */
  async markSending(id: string, platform: PlatformName, now: number): Promise<boolean> {
    const row = await this.db
      .prepare(
        `UPDATE news_candidates SET review_unsure = review_unsure | ?1, review_tried_at = COALESCE(review_tried_at, ?3),
           review_look = json_remove(COALESCE(review_look, '{}'), '$.' || ?4)
         WHERE id = ?2 AND state = 'new' AND (review_posted & ?1) = 0 RETURNING id`,
      )
      .bind(REVIEW_BITS[platform], id, now, platform)
      .first<{ id: string }>();
    return row !== null;
  }

  /**
   * A press on the platform's card, at `message` in its review channel: the card is there, whatever its
   * post's answer said, and is recorded as posted at `message`, no longer looked for. What it shows is not
   * known (the press's own answer may not land), so the news round redraws it. Only where no card is
   * recorded yet: a press on a second copy moves nothing. A card posted without its message kept (before
   * 0019_review_messages.sql, or an answer that named none) is recorded too. True when recorded now.
   */
  async cardPressed(id: string, platform: PlatformName, message: ReviewMessage): Promise<boolean> {
    const row = await this.db
      .prepare(
        `UPDATE news_candidates SET review_posted = review_posted | ?1, review_unsure = review_unsure & ~?1,
           review_look = json_remove(COALESCE(review_look, '{}'), '$.' || ?3),
           review_messages = json_set(COALESCE(review_messages, '{}'), '$.' || ?3, json(?4)),
           review_redraw = review_redraw | ?1
         WHERE id = ?2 AND ((review_posted & ?1) = 0 OR json_extract(COALESCE(review_messages, '{}'), '$.' || ?3) IS NULL)
         RETURNING id`,
      )
      .bind(REVIEW_BITS[platform], id, platform, JSON.stringify(message))
      .first<{ id: string }>();
    return row !== null;
  }

  /** The review post surely did not land (the platform refused it, and no earlier post is in doubt): no longer in doubt. */
  async clearUnsure(id: string, platform: PlatformName): Promise<void> {
    await this.endDoubt(id, platform, false);
  }

  /** The platform's review post no longer in doubt (and, `posted`, in the channel): its look is done. */
  private async endDoubt(
    id: string,
    platform: PlatformName,
    posted: boolean,
    card?: { message: ReviewMessage; drawn: Candidate },
  ): Promise<void> {
    await this.db
      .prepare(
        `UPDATE news_candidates SET review_posted = review_posted | ?4, review_unsure = review_unsure & ~?1,
           review_look = json_remove(COALESCE(review_look, '{}'), '$.' || ?3),
           review_messages = CASE WHEN ?5 IS NULL THEN review_messages
             ELSE json_set(COALESCE(review_messages, '{}'), '$.' || ?3, json(?5)) END,
           review_redraw = review_redraw | CASE WHEN ?5 IS NOT NULL AND NOT ${drawnAs(6)} THEN ?1 ELSE 0 END
         WHERE id = ?2`,
      )
      .bind(
        REVIEW_BITS[platform],
        id,
        platform,
        posted ? REVIEW_BITS[platform] : 0,
        card ? JSON.stringify({ ...card.message, sources: card.drawn.sourcesAdded }) : null,
        ...drawnValues(card?.drawn),
      )
      .run();
  }

  /**
   * Candidates whose review card is behind on some platform (see review_redraw), taken by this round at
   * `now`: those taken longest ago (never first), then decided longest ago. A card that cannot be redrawn
   * yet (a press that died, a platform without its token) goes to the back of the line, behind the others.
   */
  async toRedraw(limit: number, now: number): Promise<Candidate[]> {
    const { results } = await this.db
      .prepare(
        `UPDATE news_candidates SET review_redraw_at = ?2 WHERE id IN
           (SELECT id FROM news_candidates WHERE review_redraw != 0 ORDER BY review_redraw_at, decided_at LIMIT ?1)
         RETURNING *`,
      )
      .bind(limit, now)
      .all<CandidateRow>();
    return results.map(toCandidate).sort((a, b) => (a.decidedAt ?? 0) - (b.decidedAt ?? 0));
  }

  /**
   * The platform's card shows the candidate as `drawn`: no longer to redraw, unless the candidate changed
   * since it was read (a decision or an edit meanwhile keeps it for the next round). Then it is to redraw
   * again, even where a newer redraw cleared it meanwhile: a decision's redraw job and a news round redraw
   * side by side, and the older edit may land last.
   */
  async redrawn(drawn: Candidate, platform: PlatformName): Promise<void> {
    await this.db
      .prepare(
        `UPDATE news_candidates SET review_redraw = CASE WHEN ${drawnAs(3)} THEN review_redraw & ~?1 ELSE review_redraw | ?1 END,
           review_messages = CASE WHEN json_extract(review_messages, '$.' || ?8) IS NULL THEN review_messages
             ELSE json_set(review_messages, '$.' || ?8 || '.sources', ?7) END
         WHERE id = ?2`,
      )
      .bind(REVIEW_BITS[platform], drawn.id, ...drawnValues(drawn), platform)
      .run();
  }

  /**
   * The newest published item's date, to set the window of what is still news: from D1's `news`, where
   * every published item lives (found ones and those of data/news.json alike).
   */
  async newestPublished(): Promise<number | null> {
    const row = await this.db
      .prepare("SELECT MAX(json_extract(item, '$.date')) AS newest FROM news WHERE withdrawn_at IS NULL")
      .first<{ newest: string | null }>();
    const newest = row?.newest ? Date.parse(row.newest) : Number.NaN;
    return Number.isNaN(newest) ? null : newest;
  }

  /**
   * Moves a candidate from one state to another; only one caller can win a given change, so two
   * reviewers pressing Publish at once publish once.
   */
  async decide(
    id: string,
    from: CandidateState,
    to: CandidateState,
    by: string,
    now: number,
    extra: { label?: NewsLabel; newsId?: string; edits?: Edits | null; sourcesAdded?: number } = {},
  ): Promise<Decision> {
    // `edits`: only if the wording is still what the caller read (publishing uses it), so an edit saved
    // in between is never shown on the card as published while the old wording went out. `sourcesAdded`:
    // likewise, only if no source joined since the caller read the candidate and its sources.
    // Every review card is redrawn by the news round, the one pressed too: the answer that redraws it at
    // once may not reach it (Discord takes none after 3 seconds), or be overtaken by a round's older edit.
    const row = await this.db
      .prepare(
        `UPDATE news_candidates SET state = ?3, decided_by = ?4, decided_at = ?5,
           label = COALESCE(?6, label), news_id = COALESCE(?7, news_id),
           review_redraw = review_redraw | review_posted
         WHERE id = ?1 AND state = ?2 AND (?8 = 0 OR COALESCE(edits, '') = ?9) AND (?10 IS NULL OR sources_added = ?10) RETURNING *`,
      )
      .bind(
        id,
        from,
        to,
        by,
        now,
        extra.label ?? null,
        extra.newsId ?? null,
        extra.edits === undefined ? 0 : 1,
        extra.edits ? JSON.stringify(extra.edits) : "",
        extra.sourcesAdded ?? null,
      )
      .first<CandidateRow>();
    if (row) return { changed: true, candidate: toCandidate(row) };
    return { changed: false, candidate: await this.candidate(id) };
  }

  /** Undoes a change this caller made (publishing failed after the state changed). */
  async revert(id: string, from: CandidateState, to: CandidateState, decidedAt: number): Promise<void> {
    await this.db
      .prepare(
        `UPDATE news_candidates SET state = ?3, decided_by = NULL, decided_at = NULL, review_redraw = review_redraw | review_posted
         WHERE id = ?1 AND state = ?2 AND decided_at = ?4`,
      )
      .bind(id, from, to, decidedAt)
      .run();
  }

  /** The wording saved; every review card is redrawn by the news round (see decide). */
  async setEdits(id: string, edits: Edits): Promise<Candidate | null> {
    const row = await this.db
      .prepare(
        `UPDATE news_candidates SET edits = ?1, review_redraw = review_redraw | review_posted
         WHERE id = ?2 AND state = 'new' RETURNING *`,
      )
      .bind(JSON.stringify(edits), id)
      .first<CandidateRow>();
    return row ? toCandidate(row) : null;
  }
}
