import { env } from "cloudflare:workers";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import gitignore from "../.gitignore?raw";
import { COMMANDS } from "../commands/index";
import feedsFile from "../data/feeds.json";
import architecture from "../docs/ARCHITECTURE.md?raw";
import readme from "../README.md?raw";
import { README_BLOCKS, readmeBlock } from "../src/cli/readme-blocks";
import { NEWS_VAR_NAMES, SECRET_NAMES } from "../src/env";
import { DISCORD_INSTALL_PERMISSIONS } from "../src/install-links";
import { DEFAULT_EVERY_MINUTES } from "../src/news/feeds";
import { SLACK_BOT_SCOPES } from "../src/slack/manifest";
import wranglerToml from "../wrangler.toml?raw";

/** Every binding name in a wrangler config: `binding = "…"` anywhere, Durable Objects' `name`, and vars. */
function configNames(config: Record<string, unknown>): string[] {
  const names: string[] = Object.keys((config.vars as Record<string, unknown> | undefined) ?? {});
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (typeof record.binding === "string") names.push(record.binding);
      Object.values(record).forEach(walk);
    }
  };
  walk(config);
  const durable = (config.durable_objects as { bindings?: { name: string }[] } | undefined)?.bindings ?? [];
  return [...new Set([...names, ...durable.map((d) => d.name)])];
}

/** README's Configuration table: each name (its first column) and its kind (the second). */
function configurationTable(): Record<string, string> {
  const section = readme.slice(
    readme.indexOf("## Configuration"),
    readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1),
  );
  return Object.fromEntries([...section.matchAll(/^\| `([A-Z0-9_]+)` +\| ([^|]+?) +\|/gm)].map((m) => [m[1], m[2]]));
}

/** Each name the Worker's env has, as the Configuration table's Kind column calls it. */
function configurationKinds(): Record<string, string> {
  const config = parseToml(wranglerToml) as {
    vars?: Record<string, unknown>;
    kv_namespaces?: { binding: string }[];
    d1_databases?: { binding: string }[];
    queues?: { producers?: { binding: string }[] };
    durable_objects?: { bindings?: { name: string }[] };
  };
  const groups: [names: readonly string[], kind: string][] = [
    [(config.kv_namespaces ?? []).map((b) => b.binding), "KV binding"],
    [(config.d1_databases ?? []).map((b) => b.binding), "D1 binding"],
    [(config.queues?.producers ?? []).map((b) => b.binding), "Queue binding"],
    [(config.durable_objects?.bindings ?? []).map((b) => b.name), "DO binding"],
    // The front's binding to the back, which npm run deploy adds (src/cli/split.ts: BACK_BINDING).
    [["BACK"], "Service"],
    [[...Object.keys(config.vars ?? {}), ...NEWS_VAR_NAMES], "var"],
    [SECRET_NAMES, "secret"],
  ];
  const kinds: Record<string, string> = {};
  for (const [names, kind] of groups) for (const name of names) kinds[name] = kind;
  return kinds;
}

/** The text of README's section that begins with `heading`, up to the next heading of any level. */
function section(heading: string): string {
  const start = readme.indexOf(heading);
  const end = readme.slice(start + heading.length).search(/\n(#+ |\*\*[^*\n]+\*\*\n)/);
  return end < 0 ? readme.slice(start) : readme.slice(start, start + heading.length + end);
}

/** Every file and folder directly under src/, as the tree in "How it is built" names them (`src/x.ts`, `src/x/`). */
const SRC_ENTRIES = [
  ...new Set(
    Object.keys(import.meta.glob("../src/**/*.ts")).map((path) => {
      const [entry, ...rest] = path.slice("../src/".length).split("/");
      return rest.length > 0 ? `src/${entry}/` : `src/${entry}`;
    }),
  ),
];

/** Every file of the folders the README and docs point into, as the repository has them. */
const FILES = Object.keys(
  // From the project's root, so that every key reads as the README writes the path (without the leading "/").
  import.meta.glob(["/src/**/*", "/commands/**/*", "/tests/**/*", "/bench/**/*", "/data/**/*", "/migrations/**/*", "/docs/**/*"]),
)
  .map((path) => path.slice(1))
  // The glob leaves out the file that asks: this one.
  .concat("tests/readme.test.ts");

/** Paths under git-ignored folders: what the tools and tests write (bench/results/, tests/browser/screenshots/). */
const ignored = (path: string) =>
  gitignore
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.endsWith("/") && !line.startsWith("#"))
    .some((folder) => path.startsWith(folder));

/** The tree at the top of "How it is built". */
const builtTree = () => {
  const start = readme.indexOf("```", readme.indexOf("## How it is built"));
  return readme.slice(start, readme.indexOf("```", start + 3));
};

/** Numbers as the README writes them in prose. */
const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

describe("README.md", () => {
  it("names every file and folder under src/ in its tree", () => {
    expect(SRC_ENTRIES).toContain("src/index.ts");
    expect(SRC_ENTRIES.filter((entry) => !builtTree().includes(entry))).toEqual([]);
  });

  it.each(Object.keys(README_BLOCKS))("has the %s block as `npm run readme` writes it", (name) => {
    expect(readmeBlock(readme, name), `run \`npm run readme\` to regenerate the ${name} block`).toBe(README_BLOCKS[name]?.());
  });

  it("gives the server install link with the permissions the bot asks for", () => {
    const written = [...readme.matchAll(/[?&]permissions=(\d+)/g)].map((m) => m[1]);
    expect(written.length).toBeGreaterThan(0);
    for (const permissions of written) expect(permissions).toBe(String(DISCORD_INSTALL_PERMISSIONS));
  });

  it("names no Slack scope the manifest does not ask for", () => {
    // Slack scopes are resource:action (chat:write, channels:history); commands stands alone.
    const named = [...readme.matchAll(/`((?:chat|channels|groups|im|mpim|users|team|reactions|files|pins):[a-z.:]+)`/g)].map(
      (m) => m[1],
    );
    expect(named.length).toBeGreaterThan(0);
    for (const scope of named) expect(SLACK_BOT_SCOPES as readonly string[]).toContain(scope);
  });

  it("names every D1 table the migrations make in what it stores", async () => {
    const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{ name: string }>();
    // SQLite's own tables, D1's and its migrations' record are no data of the bot's.
    const tables = results.map((r) => r.name).filter((name) => !/^(sqlite_|_cf_|d1_migrations$)/.test(name));
    expect(tables).toContain("deliveries");
    const stores = section("**What it stores, and for how long.**");
    expect(tables.filter((name) => !stores.includes(`\`${name}\``))).toEqual([]);
  });

  it("lists every binding and var of wrangler.toml and every secret in Configuration", () => {
    const listed = Object.keys(configurationTable());
    const expected = [...configNames(parseToml(wranglerToml) as Record<string, unknown>), ...SECRET_NAMES];
    expect(expected).toContain("CONTENT");
    expect(expected).toContain("DISCORD_PUBLIC_KEY");
    for (const name of expected) expect(listed, `README's Configuration table lacks ${name}`).toContain(name);
  });

  it("lists in Configuration only what the Worker's env has, each as the kind it is", () => {
    const kinds = configurationKinds();
    expect(Object.keys(kinds)).toEqual(expect.arrayContaining(configNames(parseToml(wranglerToml) as Record<string, unknown>)));
    expect(kinds.REVIEWER_IDS).toBe("var");
    expect(configurationTable()).toEqual(kinds);
  });

  it("lists every command, in the order /help gives them, in its table and its first paragraph", () => {
    const rows = [...readme.matchAll(/^\| `\/([a-z]+)((?: \[[^\]]+\])*)` +\|/gm)];
    const names = COMMANDS.map((command) => command.name);
    expect(rows.map((row) => row[1])).toEqual(names);
    // An argument shown is the one the command's usage line takes (`/episode [1-8]`: its episodes).
    for (const [, name, args] of rows)
      for (const arg of args?.match(/\[[^\]]+\]/g) ?? [])
        expect(COMMANDS.find((command) => command.name === name)?.usage, `/${name} ${arg}`).toContain(arg);
    const intro = readme.slice(0, readme.indexOf("\n## "));
    for (const name of names) expect(intro, `the first paragraph names /${name}`).toMatch(new RegExp(`\`/${name}[\` ]`));
  });

  it("counts the feeds of data/feeds.json, and their polls, as the file has them", () => {
    const feeds = feedsFile as { everyMinutes?: number }[];
    const n = feeds.length;
    const every = DEFAULT_EVERY_MINUTES;
    // The arithmetic below assumes every feed at the default interval and the news round every 2 minutes.
    expect(feeds.every((feed) => (feed.everyMinutes ?? every) === every)).toBe(true);
    expect(parseToml(wranglerToml)).toMatchObject({ triggers: { crons: expect.arrayContaining(["*/2 * * * *"]) } });
    const text = section("**Feeds** are data").replace(/\s+/g, " ");
    expect(text).toContain(
      `the ${NUMBER_WORDS[n]} feeds of \`data/feeds.json\`, each due every ${every} minutes, need ${n} polls in ${every} minutes, ` +
        `and a tick every 2 minutes makes ${every / 2} ticks in ${every} minutes`,
    );
    // One full page a tick: the first round takes n ticks, and a feed comes round again after n ticks or
    // at the first tick once it is due, whichever is later.
    const again = Math.max(2 * n, 2 * Math.ceil(every / 2));
    expect(text).toContain(
      `the ${NUMBER_WORDS[n]}, due at once, are polled over the first ${NUMBER_WORDS[n]} ticks (${2 * (n - 1)} minutes), ` +
        `and from then on each every ${again} minutes`,
    );
  });

  it.each([
    ["README.md", readme],
    ["docs/ARCHITECTURE.md", architecture],
  ])("%s names only files and folders the repository has", (_, text) => {
    const named = [
      ...new Set(
        [...text.matchAll(/`((?:src|commands|tests|bench|data|migrations|docs)\/[^`\s<>*]*)`/g)].map((m) => m[1] as string),
      ),
    ].filter((path) => !ignored(path));
    expect(named.length).toBeGreaterThan(20);
    // A folder is named with or without its trailing slash (`src/pacing`).
    const exists = (path: string) =>
      FILES.includes(path) || FILES.some((file) => file.startsWith(path.endsWith("/") ? path : `${path}/`));
    const missing = named.filter((path) => !exists(path));
    expect(missing).toEqual([]);
  });
});
