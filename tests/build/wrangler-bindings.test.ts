// The D1 binding the command-line tools run the Worker's own SQL through (`wrangler d1 execute`, here on
// the local database): on the Node side, where it can start wrangler.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listSubscriptions } from "../../src/cli/start";
import { WranglerD1, WranglerKV, whereOf } from "../../src/cli/wrangler-bindings";

describe("the D1 binding of the command-line tools", () => {
  const db = new WranglerD1(whereOf({}));

  it("gives back values inlined into the SQL as they were bound: quotes, backslashes, semicolons, comments, Hangul", async () => {
    const values = [
      'It\'s "on"',
      "a \\ backslash\\n",
      "x; DROP TABLE news; --",
      "/* not */ ?1 ?",
      "중증외상센터 '시즌2'",
      "Ika-2",
    ];
    const row = await db
      .prepare("SELECT ? AS a, ? AS b, ? AS c, ? AS d, ? AS e, ? AS f, ? AS g")
      .bind(...values, 1_700_000_000_123)
      .first<Record<string, unknown>>();
    expect(row).toEqual({
      a: values[0],
      b: values[1],
      c: values[2],
      d: values[3],
      e: values[4],
      f: values[5],
      g: 1_700_000_000_123,
    });
  });

  it("reads an answer longer than a megabyte whole (a long list of candidates' sources), instead of failing", async () => {
    const row = await db.prepare("SELECT hex(zeroblob(?)) AS x").bind(700_000).first<{ x: string }>();
    expect(row?.x.length).toBe(1_400_000);
  });

  it("dates a publication by the database's clock, in milliseconds, as the machine's own clock reads it", async () => {
    for (let i = 0; i < 2; i++) {
      const before = Date.now();
      const now = db.now();
      const after = Date.now();
      expect(Number.isSafeInteger(now)).toBe(true);
      // julianday's double rounds to the millisecond either way.
      expect(now).toBeGreaterThanOrEqual(before - 1);
      expect(now).toBeLessThanOrEqual(after + 1);
    }
  });
});

describe("the command-line tools' local state kept elsewhere (npm start -- --persist-to DIR)", () => {
  const dir = mkdtempSync(join(tmpdir(), "trauma-code-state-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads and writes KV and D1 in that folder, and not in the default local state", async () => {
    const key = `persist-to-test-${process.pid}-${Date.now()}`;
    const there = whereOf({ persistTo: dir });
    await new WranglerKV(there).put(key, "kept there");
    expect(await new WranglerKV(there).get(key)).toBe("kept there");
    await new WranglerKV(there).put(key, "two lines\n\n");
    expect(await new WranglerKV(there).get(key)).toBe("two lines\n\n");
    expect(await new WranglerKV(whereOf({})).get(key)).toBeNull();

    const table = `persist_to_${process.pid}`;
    await new WranglerD1(there).prepare(`CREATE TABLE ${table} (x)`).run();
    const tables = "SELECT count(*) AS n FROM sqlite_master WHERE name = ?";
    expect((await new WranglerD1(there).prepare(tables).bind(table).first<{ n: number }>())?.n).toBe(1);
    expect((await new WranglerD1(whereOf({})).prepare(tables).bind(table).first<{ n: number }>())?.n).toBe(0);
    expect(existsSync(join(dir, "v3"))).toBe(true);
  });

  it("lists, as npm start does, the channels subscribed in that folder", async () => {
    const there = whereOf({ persistTo: dir });
    await new WranglerD1(there)
      .prepare("CREATE TABLE IF NOT EXISTS subscriptions (id INTEGER PRIMARY KEY, platform, channel_id, locale, active)")
      .run();
    await new WranglerD1(there)
      .prepare("INSERT INTO subscriptions (platform, channel_id, locale, active) VALUES ('discord', 'kept-there', 'ko', 1)")
      .run();
    expect(listSubscriptions(there)).toBe("  Subscribed: discord kept-there (ko)");
  });

  it("names the deployed bot's state with --remote alone", () => {
    expect(whereOf({ remote: true })).toEqual(["--remote"]);
    expect(whereOf({ persistTo: dir })).toEqual(["--local", "--persist-to", dir]);
  });
});
