// The D1 and KV bindings the Worker's own code expects, backed by `wrangler d1 execute` and
// `wrangler kv key`, so a command-line tool runs the same SQL as the Worker, locally or --remote.
// Wrangler has no binding API that works against the deployed database from Node; this fills that gap.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wrangler } from "./project";

type Value = string | number | boolean | null | undefined;

/**
 * The database's clock, in milliseconds since the epoch (as the column `now`). A command-line tool dates
 * what it publishes by it: the Worker dates a subscription by Cloudflare's clock, and a publication
 * dated by an operator's clock a few minutes slow would skip the channels subscribed in those minutes.
 * julianday('now') rather than unixepoch('subsec'), which older SQLite lacks.
 */
const DATABASE_NOW_SQL = "SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER) AS now";

/** A value as an SQL literal (strings quoted, quotes doubled). */
export function sqlLiteral(value: Value): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "1" : "0";
  return `'${value.replaceAll("'", "''")}'`;
}

/** Inlines `?` and `?N` parameters (the statements here have no `?` inside string literals). */
export function inline(sql: string, values: readonly Value[]): string {
  let next = 0;
  return sql.replace(/\?(\d+)?/g, (_whole, n: string | undefined) => sqlLiteral(values[n ? Number(n) - 1 : next++]));
}

interface Result {
  results: Record<string, unknown>[];
  success: boolean;
  meta: { changes?: number };
}

class Statement {
  constructor(
    private readonly db: WranglerD1,
    readonly sql: string,
    readonly values: readonly Value[] = [],
  ) {}
  bind(...values: Value[]) {
    return new Statement(this.db, this.sql, values);
  }
  text() {
    return inline(this.sql, this.values);
  }
  async all<T>() {
    const [result] = this.db.execute([this]);
    return { results: (result?.results ?? []) as T[], success: true, meta: result?.meta ?? {} };
  }
  async first<T>() {
    return ((await this.all<T>()).results[0] ?? null) as T | null;
  }
  async run() {
    return this.all();
  }
}

/**
 * Which state a tool reads and writes, as wrangler's flags: the deployed bot's (--remote), or the local
 * state `wrangler dev` keeps, in .wrangler/state or where `--persist-to DIR` put it.
 */
export type Where = readonly ["--remote"] | readonly ["--local"] | readonly ["--local", "--persist-to", string];

export const whereOf = ({ remote = false, persistTo }: { remote?: boolean; persistTo?: string }): Where =>
  remote ? ["--remote"] : persistTo ? ["--local", "--persist-to", persistTo] : ["--local"];

export class WranglerD1 {
  constructor(private readonly where: Where) {}
  prepare(sql: string) {
    return new Statement(this, sql);
  }
  async batch(statements: Statement[]) {
    return this.execute(statements).map((r) => ({ results: r.results, success: true, meta: r.meta }));
  }
  execute(statements: Statement[]): Result[] {
    const sql = statements.map((s) => s.text()).join(";\n");
    const out = wrangler(["d1", "execute", "DB", ...this.where, "--json", "--command", sql], { quiet: true });
    return JSON.parse(out) as Result[];
  }
  /** The database's clock (see DATABASE_NOW_SQL): what a tool dates a publication by. */
  now(): number {
    const [result] = this.execute([this.prepare(DATABASE_NOW_SQL)]);
    const now = Number(result?.results[0]?.now);
    if (!Number.isSafeInteger(now) || now <= 0) throw new Error(`The database gave no time: ${JSON.stringify(result)}`);
    return now;
  }
}

export class WranglerKV {
  constructor(private readonly where: Where) {}
  async get(key: string): Promise<string | null> {
    const out = wrangler(["kv", "key", "get", key, "--binding", "CONTENT", ...this.where, "--text"], { quiet: true });
    // wrangler prints the value and a line break of its own.
    return out.trim() === "Value not found" ? null : out.replace(/\n$/, "");
  }
  async put(key: string, value: string): Promise<void> {
    const file = join(tmpdir(), `trauma-code-kv-${process.pid}.json`);
    writeFileSync(file, value);
    wrangler(["kv", "key", "put", key, "--binding", "CONTENT", ...this.where, "--path", file], { quiet: true });
  }
}
