// npm run news -- <command> [--remote]: the review of found news from a terminal, with the same code
// as the review buttons (a change happens once, whoever makes it first).
//   list [--state new|published|dismissed|withdrawn]   candidates, newest first
//   show ID                                            one candidate and all of its sources
//   edit ID --title "…" --summary "…" [--ko "title|summary" or "|summary"] [--id …] [--tl …]
//   publish ID --label official|author|report|rumor    publish; the cron delivers it within a minute
//   dismiss ID | withdraw ID
//   status --en "…" [--ko "…"] [--id "…"] [--tl "…"] --source URL [--source URL]   the /renewal sentence
//   serve FILE [--port 9001]                           serve a feed file (ETag, 304) for a local run
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { resolve } from "node:path";
import type { Env } from "../env";
import { LOCALES, type Localized } from "../i18n/locale";
import { firstReported, localDay, updateRenewalStatus } from "../news/publish";
import { applyReview, type ReviewVerb } from "../news/review";
import { type CandidateState, linkOf, NewsStore } from "../news/store";
import { fail } from "./project";
import { WranglerD1, WranglerKV } from "./wrangler-bindings";

const LABEL_VERBS: Record<string, ReviewVerb> = {
  official: "official",
  author: "author",
  "author statement": "author",
  report: "report",
  rumor: "rumor",
};
const STATES = ["new", "published", "dismissed", "withdrawn"];
/** Flags followed by a value. */
const VALUE_FLAGS = ["state", "title", "summary", "ko", "id", "tl", "label", "en", "source", "port"];
const USAGE = `Usage: npm run news -- list [--state new|published|dismissed|withdrawn] | show ID | edit ID --title T --summary S [--ko "T|S"] [--id "T|S"] [--tl "T|S"]
       | publish ID --label official|author|report|rumor | dismiss ID | withdraw ID | serve FILE [--port 9001]
       | status --en "…" [--ko "…"] [--id "…"] [--tl "…"] --source URL [--source URL]   (add --remote for the deployed bot)`;

function flag(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) fail(`--${name} needs a value.\n${USAGE}`);
  return value;
}

/** Serves one file as a feed: ETag and Last-Modified, 304 when unchanged, re-read on every request. */
function serve(file: string, port: number) {
  const path = resolve(file);
  const server = createServer((request, response) => {
    let body: Buffer;
    try {
      body = readFileSync(path);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
    const lastModified = statSync(path).mtime.toUTCString();
    const headers = { etag, "last-modified": lastModified, "content-type": "application/xml; charset=utf-8" };
    const fresh = request.headers["if-none-match"] === etag;
    response.writeHead(fresh ? 304 : 200, headers).end(fresh ? undefined : body);
    console.log(`${new Date().toISOString()} ${request.method} ${request.url} -> ${fresh ? 304 : 200}`);
  });
  server.listen(port, () => console.log(`Serving ${path} as a feed on http://localhost:${port}/ (Ctrl-C to stop)`));
}

async function main(args: string[]) {
  // Words that are neither a flag nor a flag's value; --remote takes none, so `--remote list` is a list.
  const takesValue = (arg: string | undefined) => arg?.startsWith("--") && VALUE_FLAGS.includes(arg.slice(2));
  const [command, id] = args.filter((a, i) => !a.startsWith("--") && !takesValue(args[i - 1]));
  if (command === "serve") {
    if (!id) fail(USAGE);
    serve(id, Number(flag(args, "port") ?? "9001"));
    return;
  }
  const where = args.includes("--remote") ? "--remote" : "--local";
  const env = { DB: new WranglerD1(where), CONTENT: new WranglerKV(where) } as unknown as Env;
  const store = new NewsStore(env.DB);
  switch (command) {
    case "list": {
      const state = flag(args, "state");
      if (state && !STATES.includes(state)) fail(`--state must be one of ${STATES.join(", ")}`);
      const candidates = await store.list({ state: state as CandidateState | undefined });
      if (!candidates.length) console.log("No candidates.");
      // Dated as the review card and the published item date them: by the earliest source.
      const sources = await store.sourcesOf(candidates.map((c) => c.id));
      for (const c of candidates)
        console.log(`${c.id}  ${c.state.padEnd(9)}  ${firstReported(c, sources.get(c.id) ?? [])}  ${c.language}  ${c.title}`);
      return;
    }
    case "show": {
      if (!id) fail(USAGE);
      const c = await store.candidate(id);
      if (!c) fail(`No candidate ${id}.`);
      const sources = await store.sources(id);
      console.log(
        `${c.title}\n  id ${c.id} · ${c.state}${c.label ? ` as ${c.label}` : ""} · ${c.language} · ${c.outlet} · ${firstReported(c, sources)}`,
      );
      if (c.edits) console.log(`  edited: ${JSON.stringify(c.edits)}`);
      for (const s of sources) console.log(`  - [${s.language}] ${s.outlet}: ${s.title}\n    ${linkOf(s)}`);
      if (c.state === "published" && c.newsId) {
        // The item as published in D1, ready to be kept in data/news.json.
        const row = await env.DB.prepare("SELECT item FROM news WHERE id = ?").bind(c.newsId).first<{ item: string }>();
        console.log(
          row ? `\nAs published (for data/news.json):\n${JSON.stringify(JSON.parse(row.item), null, 2)}` : "\nNot in D1's news.",
        );
      }
      return;
    }
    case "edit":
    case "publish":
    case "dismiss":
    case "withdraw": {
      if (!id) fail(USAGE);
      let verb: ReviewVerb = command;
      let values: string[] = [];
      if (command === "publish") {
        const label = flag(args, "label");
        const chosen = label ? LABEL_VERBS[label] : undefined;
        if (!chosen) fail(`publish needs --label official|author|report|rumor.\n${USAGE}`);
        verb = chosen;
      }
      if (command === "edit") {
        const other = (l: string) => (flag(args, l) ?? "").replace("|", "\n");
        values = [flag(args, "title") ?? "", flag(args, "summary") ?? "", other("ko"), other("id"), other("tl")];
      }
      const result = await applyReview(env, verb, id, "cli", { values });
      console.log(result.message.replaceAll("`", ""));
      if (result.ok && command === "publish") console.log("The cron trigger delivers it to subscribed channels within a minute.");
      if (!result.ok) process.exit(1);
      return;
    }
    case "status": {
      const en = flag(args, "en");
      const sources = args.flatMap((a, i) => (a === "--source" && args[i + 1] ? [args[i + 1] as string] : []));
      if (!en || !sources.length) fail(`status needs --en and at least one --source.\n${USAGE}`);
      if (!sources.every((s) => /^https?:\/\/\S+$/.test(s))) fail("Every --source must be a URL.");
      const text = Object.fromEntries(LOCALES.map((l) => [l, flag(args, l)?.trim() || en])) as Localized;
      await updateRenewalStatus(env, { asOf: localDay(), text, sources });
      console.log("The /renewal sentence is updated; languages not given use the English text.");
      return;
    }
    default:
      fail(USAGE);
  }
}

await main(process.argv.slice(2));
