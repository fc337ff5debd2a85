// The bot deployed as two Workers, both made from wrangler.toml (the one source of ids, vars and
// settings) by changing only what differs:
// - the front (wrangler.toml's name, src/workers/front.ts): the public address, Discord's interactions,
//   the queue's producer, and BACK, a service binding to the back, which gets every other request;
// - the back (name + "-back", src/workers/back.ts): Slack, its install, the web pages, /health, the cron
//   trigger, the queue consumers and the Pacer Durable Object; no public URL of its own.
// The front's bundle must hold none of FRONT_EXCLUDES: they are aliased to the module that throws on any
// use, so that a change pulling one of them into the front fails its tests instead of slowing every
// Discord cold start.
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { experimental_readRawConfig } from "wrangler";
import { DEV_VARS, ROOT } from "./project";

export type RawConfig = Record<string, unknown>;

export const FRONT_MAIN = "src/workers/front.ts";
export const BACK_MAIN = "src/workers/back.ts";
/** The front's binding to the back (src/workers/front.ts reads it). */
export const BACK_BINDING = "BACK";
/** Packages only the back uses: Slack's (Bolt, its Web API client, OAuth) and the feed parser. */
export const FRONT_EXCLUDES = ["@slack/bolt", "@slack/bolt/dist/App", "@slack/oauth", "@slack/web-api", "fast-xml-parser"];
const STUB = "src/slack/stubs/unused.cjs";

/** wrangler.toml as written (paths still relative to the project root). */
export function projectConfig(): RawConfig {
  return experimental_readRawConfig({ config: join(ROOT, "wrangler.toml") }).rawConfig as RawConfig;
}

const absolute = (path: string) => (isAbsolute(path) || !path.startsWith(".") ? path : resolve(ROOT, path));

/** The config with its paths made absolute, so that it can be written anywhere. */
export function withAbsolutePaths(config: RawConfig): RawConfig {
  const alias = (config.alias ?? {}) as Record<string, string>;
  return {
    ...config,
    main: resolve(ROOT, config.main as string),
    alias: Object.fromEntries(Object.entries(alias).map(([name, target]) => [name, absolute(target)])),
    d1_databases: ((config.d1_databases ?? []) as Record<string, string>[]).map((d) => ({
      ...d,
      migrations_dir: resolve(ROOT, d.migrations_dir ?? "migrations"),
    })),
  };
}

export const backName = (config: RawConfig): string => `${config.name as string}-back`;

/** The two Workers' configs, paths absolute. */
export function splitConfigs(config: RawConfig = projectConfig()): { front: RawConfig; back: RawConfig } {
  const base = withAbsolutePaths(config);
  const queues = (config.queues ?? {}) as { producers?: unknown[] };
  const { durable_objects: _objects, migrations: _migrations, triggers: _triggers, queues: _queues, ...shared } = base;
  const front: RawConfig = {
    ...shared,
    main: resolve(ROOT, FRONT_MAIN),
    alias: {
      ...(base.alias as Record<string, string>),
      ...Object.fromEntries(FRONT_EXCLUDES.map((name) => [name, resolve(ROOT, STUB)])),
    },
    queues: { producers: queues.producers ?? [] },
    services: [{ binding: BACK_BINDING, service: backName(config) }],
    // The cron runs on the back. Named, an empty list removes the schedules a deployment as one Worker
    // left under this name; left out, wrangler deploy keeps them firing at a Worker with no scheduled().
    triggers: { crons: [] },
  };
  // A route or custom domain is the bot's public address: the front's alone.
  const { routes: _routes, route: _route, ...unrouted } = base;
  const back: RawConfig = {
    ...unrouted,
    name: backName(config),
    main: resolve(ROOT, BACK_MAIN),
    // Reached through the front's service binding only.
    workers_dev: false,
    preview_urls: false,
  };
  return { front, back };
}

/**
 * Writes both configs under `dir` (default .wrangler/deploy) and returns their paths. Beside each, a link
 * to the project's .dev.vars when there is one: `wrangler dev` reads the secrets of a local run from the
 * config's own folder (its --env-file reaches only the first Worker), so without it the two Workers run
 * locally with no signing keys. `wrangler deploy` never reads it.
 */
export function writeSplitConfigs(dir = join(ROOT, ".wrangler", "deploy"), devVars = DEV_VARS): { front: string; back: string } {
  const configs = splitConfigs();
  const files = { front: join(dir, "front", "wrangler.json"), back: join(dir, "back", "wrangler.json") };
  for (const which of ["front", "back"] as const) {
    mkdirSync(join(dir, which), { recursive: true });
    writeFileSync(files[which], `${JSON.stringify(configs[which], null, 2)}\n`);
    const link = join(dir, which, ".dev.vars");
    rmSync(link, { force: true });
    if (existsSync(devVars)) symlinkSync(resolve(devVars), link);
  }
  return files;
}
