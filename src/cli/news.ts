// npm run news -- <command> [--remote | --persist-to DIR]: the review of found news from a terminal, with the same code
// as the review buttons (a change happens once, whoever makes it first).
//   list [--state new|published|dismissed|withdrawn]   candidates, newest first
//   show ID                                            one candidate and all of its sources
//   edit ID --title "…" --summary "…" [--ko "title|summary" or "|summary"] [--id …] [--tl …]
//                                                      what is left out keeps the wording saved before
//   publish ID --label official|author|report|rumor    publish; the cron delivers it within a minute
//   dismiss ID | withdraw ID
//   status --en "…" [--ko "…"] [--id "…"] [--tl "…"] --source URL [--source URL]   the /renewal sentence
//   serve FILE [--port 9001]                           serve a feed file (ETag, 304) for a local run
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { resolve } from "node:path";
import type { Env } from "../env";
import { firstReported, localDay, NothingSeeded, updateRenewalStatus } from "../news/publish";
import { applyReview, type ReviewVerb } from "../news/review";
import { type CandidateState, linkOf, NewsStore } from "../news/store";
import {
  editValues,
  flagValue,
  type NewsArgs,
  NewsArgsError,
  parseNewsArgs,
  renewalStatusFrom,
  NEWS_USAGE as USAGE,
  type ValueFlag,
} from "./news-args";
import { fail } from "./project";
import { WranglerD1, WranglerKV, whereOf } from "./wrangler-bindings";

const LABEL_VERBS: Record<string, ReviewVerb> = {
  official: "official",
  author: "author",
  "author statement": "author",
  report: "report",
  rumor: "rumor",
};
const STATES = ["new", "published", "dismissed", "withdrawn"];

/** Serves one file as a feed: ETag and Last-Modified, 304 when unchanged, re-read on every request. */
function serve(file: string, port: number) {
  const path = resolve(file);
  if (!existsSync(path)) fail(`No file ${path} to serve.`);
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
  // A port taken or refused is said in a line, not thrown as a stack trace.
  server.on("error", (error: NodeJS.ErrnoException) =>
    fail(
      error.code === "EADDRINUSE"
        ? `Port ${port} is in use: try another with --port.`
        : `Cannot serve on port ${port}: ${error.message}`,
    ),
  );
  server.listen(port, () => console.log(`Serving ${path} as a feed on http://localhost:${port}/ (Ctrl-C to stop)`));
}

async function main(argv: string[]) {
  let args: NewsArgs;
  try {
    args = parseNewsArgs(argv);
  } catch (error) {
    if (error instanceof NewsArgsError) fail(`${error.message}\n${USAGE}`);
    throw error;
  }
  const { command, id } = args;
  const flag = (name: ValueFlag) => flagValue(args, name);
  if (command === "serve") {
    if (!id) fail(USAGE);
    serve(id, args.port);
    return;
  }
  const where = whereOf({ remote: args.remote, persistTo: flag("persist-to") });
  const db = new WranglerD1(where);
  const env = { DB: db, CONTENT: new WranglerKV(where) } as unknown as Env;
  const store = new NewsStore(env.DB);
  switch (command) {
    case "list": {
      const state = flag("state");
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
        const label = flag("label");
        const chosen = label ? LABEL_VERBS[label] : undefined;
        if (!chosen) fail(`publish needs --label official|author|report|rumor.\n${USAGE}`);
        verb = chosen;
      }
      if (command === "edit") values = editValues(args, await store.candidate(id));
      // Dated by the database's clock, as the Worker's own publications are dated by Cloudflare's.
      const result = await applyReview(env, verb, id, "cli", { values, now: db.now() });
      console.log(result.message.replaceAll("`", ""));
      if (result.ok && command === "publish") console.log("The cron trigger delivers it to subscribed channels within a minute.");
      if (!result.ok) process.exit(1);
      return;
    }
    case "status": {
      let status: ReturnType<typeof renewalStatusFrom>;
      try {
        status = renewalStatusFrom(args, localDay());
      } catch (error) {
        if (error instanceof NewsArgsError) fail(`${error.message}\n${USAGE}`);
        throw error;
      }
      await updateRenewalStatus(env, status).catch((error: unknown) => {
        if (error instanceof NothingSeeded) fail(error.message);
        throw error;
      });
      console.log("The /renewal sentence is updated; languages not given use the English text.");
      return;
    }
    default:
      fail(USAGE);
  }
}

await main(process.argv.slice(2));
