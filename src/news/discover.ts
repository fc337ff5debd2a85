// Found entries -> candidates: a link already known is skipped, an entry telling a story already
// found (same headline concepts within SAME_STORY_MS) becomes one more source of that candidate, and
// anything else a new candidate.
import type { Locale } from "../i18n/locale";
import { normalizeUrl, outletLink, SAME_STORY_MS, sameStory, titleKey } from "./group";
import type { FeedEntry } from "./parse";
import type { Candidate, NewCandidate, PublishedStory, Source } from "./store";

/** An entry with its feed's language, and the feed's offset from UTC in minutes, which dates the story. */
export type FoundEntry = FeedEntry & { language: Locale; offsetMinutes?: number };

export const CANDIDATE_ID_LENGTH = 10;

/** A short id that stays the same for the same first link (buttons and the CLI use it). */
export async function candidateId(normalizedUrl: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(normalizedUrl));
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, CANDIDATE_ID_LENGTH);
}

export async function groupEntries(
  entries: readonly FoundEntry[],
  known: ReadonlyMap<string, string>,
  recent: readonly Pick<Candidate, "id" | "key" | "publishedAt">[],
  now: number,
  published: readonly PublishedStory[] = [],
): Promise<{ candidates: NewCandidate[]; sources: Source[] }> {
  const seen = new Map(known);
  // Stories published by hand, by the keys of their headlines: an entry telling one within SAME_STORY_MS
  // of its day, and no candidate's story, is passed over, as one bringing a link of it is.
  const told = published.map((p) => ({ publishedAt: p.publishedAt, keys: p.titles.map(titleKey) }));
  const stories: Pick<Candidate, "id" | "key" | "publishedAt">[] = [...recent];
  const candidates: NewCandidate[] = [];
  const sources: Source[] = [];
  const ordered = [...entries].sort((a, b) => (a.publishedAt ?? now) - (b.publishedAt ?? now));
  for (const entry of ordered) {
    const url = normalizeUrl(entry.url);
    if (seen.has(url)) continue;
    // Kept beside the key: the normalized link may not reach the page (http only, www. needed, a port).
    const link = outletLink(entry.url);
    const publishedAt = entry.publishedAt ?? now;
    const key = titleKey(entry.title);
    let story = stories.find((s) => Math.abs(s.publishedAt - publishedAt) <= SAME_STORY_MS && sameStory(key, s.key));
    if (
      !story &&
      told.some((p) => Math.abs(p.publishedAt - publishedAt) <= SAME_STORY_MS && p.keys.some((k) => sameStory(key, k)))
    )
      continue;
    if (!story) {
      const id = await candidateId(url);
      const created: NewCandidate = {
        id,
        title: entry.title,
        language: entry.language,
        outlet: entry.outlet,
        url,
        link,
        publishedAt,
        offsetMinutes: entry.offsetMinutes,
        foundAt: now,
        key,
      };
      candidates.push(created);
      stories.push(created);
      story = created;
    }
    seen.set(url, story.id);
    sources.push({
      url,
      link,
      candidateId: story.id,
      title: entry.title,
      outlet: entry.outlet,
      language: entry.language,
      publishedAt,
      offsetMinutes: entry.offsetMinutes,
    });
  }
  return { candidates, sources };
}
