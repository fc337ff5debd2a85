// Validates the data files and builds the bundle that `npm run seed` writes to KV. Used by the seed
// (Node) and by the tests (workerd); the Worker itself only reads the finished bundle.
import * as v from "valibot";
import { FeedsSchema } from "../news/feeds";
import {
  type Character,
  DATA_FILES,
  type DataFileName,
  type Episode,
  type Inspiration,
  type NewsItem,
  type Show,
} from "./schema";

export interface ContentBundle {
  /** A hash of the content, shown by /health. */
  version: string;
  show: Show;
  characters: Character[];
  episodes: Episode[];
  news: NewsItem[];
  inspirations: Inspiration[];
}

export type BuildResult = { ok: true; bundle: ContentBundle } | { ok: false; errors: string[] };

function describeIssue(file: string, raw: unknown, issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  const parts = path.map((item) => String(item.key));
  let where = "";
  if (Array.isArray(raw) && typeof path[0]?.key === "number") {
    const index = path[0].key;
    const record = raw[index] as { id?: unknown; number?: unknown } | undefined;
    const label = record?.id ?? record?.number;
    where = ` record ${index}${label === undefined ? "" : ` (${String(label)})`}`;
    parts.shift();
  }
  const field = parts.length ? ` field ${parts.join(".")}` : "";
  const location = `${where}${field}`;
  return `data/${file}:${location ? `${location}:` : ""} ${issue.message}`;
}

/**
 * Checks links between files: related characters exist, each listed once (a card draws a button per
 * one, and two buttons with one id make Discord refuse the whole answer), episodes fit the show's count.
 */
function crossCheck(show: Show, characters: Character[], episodes: Episode[]): string[] {
  const errors: string[] = [];
  const ids = new Set(characters.map((c) => c.id));
  characters.forEach((c, index) => {
    c.related.forEach((other, at) => {
      const field = `data/characters.json: record ${index} (${c.id}) field related:`;
      if (!ids.has(other)) errors.push(`${field} unknown character "${other}"`);
      else if (c.related.indexOf(other) < at) errors.push(`${field} "${other}" is listed twice`);
    });
  });
  episodes.forEach((e, index) => {
    if (e.number > show.episodeCount)
      errors.push(`data/episodes.json: record ${index} (${e.number}) field number: the show has ${show.episodeCount} episodes`);
  });
  return errors;
}

async function hash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Validates every data file; returns the bundle, or every problem found, each naming file, record and field.
 * data/feeds.json, when given, is checked too but stays out of the bundle: the Worker is built with it, and
 * one record news discovery refuses stops every feed (loadFeeds refuses the whole list), which the deployed
 * bot would only show in /health.
 */
export async function buildBundle(files: Partial<Record<DataFileName | "feeds.json", unknown>>): Promise<BuildResult> {
  const errors: string[] = [];
  if ("feeds.json" in files) {
    const feeds = v.safeParse(FeedsSchema, files["feeds.json"]);
    if (!feeds.success) errors.push(...feeds.issues.map((issue) => describeIssue("feeds.json", files["feeds.json"], issue)));
  }
  const parsed: Partial<Record<DataFileName, unknown>> = {};
  for (const name of Object.keys(DATA_FILES) as DataFileName[]) {
    if (!(name in files)) {
      errors.push(`data/${name}: file is missing`);
      continue;
    }
    const result = v.safeParse(DATA_FILES[name], files[name]);
    if (result.success) parsed[name] = result.output;
    else errors.push(...result.issues.map((issue) => describeIssue(name, files[name], issue)));
  }
  if (errors.length) return { ok: false, errors };
  const show = parsed["show.json"] as Show;
  const characters = parsed["characters.json"] as Character[];
  const episodes = (parsed["episodes.json"] as Episode[]).sort((a, b) => a.number - b.number);
  const news = (parsed["news.json"] as NewsItem[]).sort((a, b) => a.date.localeCompare(b.date));
  const inspirations = parsed["inspirations.json"] as Inspiration[];
  const crossErrors = crossCheck(show, characters, episodes);
  if (crossErrors.length) return { ok: false, errors: crossErrors };
  const body = { show, characters, episodes, news, inspirations };
  return { ok: true, bundle: { version: await hash(JSON.stringify(body)), ...body } };
}
