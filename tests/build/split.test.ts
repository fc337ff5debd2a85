// The two Workers `npm run deploy` ships, built as `wrangler deploy --dry-run` builds them: the front
// (every Discord interaction's cold start) must stay free of what only the back needs, and small.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../src/cli/project";
import { type BundleSize, uploadSize } from "../../src/cli/size";
import { BACK_BINDING, backName, FRONT_EXCLUDES, projectConfig, splitConfigs, writeSplitConfigs } from "../../src/cli/split";

const dir = mkdtempSync(join(tmpdir(), "trauma-code-split-"));
type Built = { code: Buffer; inputs: string[]; size: BundleSize };
const built: Record<"front" | "back", Built> = {} as never;

beforeAll(() => {
  const files = writeSplitConfigs(dir);
  for (const which of ["front", "back"] as const) {
    const out = join(dir, which, "out");
    const meta = join(dir, which, "meta.json");
    const run = spawnSync(
      join(ROOT, "node_modules", ".bin", "wrangler"),
      ["deploy", "--dry-run", "--config", files[which], "--outdir", out, "--metafile", meta],
      { cwd: ROOT, encoding: "utf8" },
    );
    if (run.status !== 0) throw new Error(`wrangler deploy --dry-run of the ${which} failed:\n${run.stdout}\n${run.stderr}`);
    const metafile = JSON.parse(readFileSync(meta, "utf8")) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    const [output] = Object.entries(metafile.outputs).filter(([name]) => name.endsWith(".js"));
    if (!output) throw new Error(`no bundle for the ${which}`);
    built[which] = {
      code: readFileSync(join(out, `${which}.js`)),
      inputs: Object.keys(output[1].inputs),
      size: uploadSize(run.stdout),
    };
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fromPackage = (inputs: string[], name: string) => inputs.filter((input) => input.includes(`node_modules/${name}/`));

describe("the front Worker's bundle", () => {
  it("holds nothing of Slack's packages or the feed parser", () => {
    for (const name of [...FRONT_EXCLUDES, "@slack/"]) expect(fromPackage(built.front.inputs, name), name).toEqual([]);
  });

  it("holds none of the back's own modules: Bolt's glue, the install, the delivery core, feed polling, the news review", () => {
    for (const module of [
      "src/slack/bolt.ts",
      "src/slack/install.ts",
      "src/delivery/consumer.ts",
      "src/delivery/store.ts",
      "src/news/poll.ts",
      "src/pacing/pacer.ts",
      "src/feature-components.ts",
      "src/news/review.ts",
      "src/news/store.ts",
    ])
      expect(
        built.front.inputs.some((input) => input.endsWith(module)),
        module,
      ).toBe(false);
  });

  it("is ASCII, so its script is taken as one-byte text, without decoding, and scanned faster", () => {
    expect(built.front.code.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it("is at most 400 KB, 90 KB gzipped", () => {
    expect(built.front.code.length).toBeLessThanOrEqual(400_000);
    expect(gzipSync(built.front.code).length).toBeLessThanOrEqual(90_000);
  });

  it("is the back's, not the front's, that holds Bolt and the feed parser", () => {
    expect(fromPackage(built.back.inputs, "@slack/bolt").length).toBeGreaterThan(0);
    expect(fromPackage(built.back.inputs, "fast-xml-parser").length).toBeGreaterThan(0);
  });
});

describe("README's bundle table (`npm run size` writes it)", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  // Rounded to whole KiB there, and a change of a few bytes need not rewrite it: off by more than 2 % is stale.
  const near = (written: number, built: number) => Math.abs(written - built) <= Math.max(1, built * 0.02);

  it.each(["front", "back"] as const)("gives the %s Worker's size as wrangler builds it", (which) => {
    const row = new RegExp(`^\\| ${which} Worker \\(ships[^|]*\\| ([\\d,]+) KiB +\\| ([\\d,]+) KiB`, "m").exec(readme);
    expect(row, `README has no ${which} Worker row in its bundle table`).not.toBeNull();
    const [raw, gzip] = [row?.[1], row?.[2]].map((cell) => Number(cell?.replace(/,/g, "")));
    const { size } = built[which];
    const hint = `README says ${raw} / ${gzip} KiB, the build ${size.raw} / ${size.gzip} KiB: run \`npm run size\``;
    expect(near(raw as number, size.raw) && near(gzip as number, size.gzip), hint).toBe(true);
  });
});

describe("the two configs made from wrangler.toml", () => {
  const project = projectConfig();
  const { front, back } = splitConfigs(project);

  it("give the front wrangler.toml's name and a binding to the back, and the back everything that runs on its own", () => {
    expect(front.name).toBe(project.name);
    expect(front.services).toEqual([{ binding: BACK_BINDING, service: backName(project) }]);
    expect(back.name).toBe(backName(project));
    for (const key of ["triggers", "durable_objects", "migrations"]) expect(back[key], key).toEqual(project[key]);
    for (const key of ["durable_objects", "migrations"]) expect(front[key], key).toBeUndefined();
    expect((front.queues as { consumers?: unknown }).consumers).toBeUndefined();
    expect(back.queues).toEqual(project.queues);
    expect(back.workers_dev).toBe(false);
  });

  // wrangler deploy leaves a Worker's schedules alone when its config names no crons, so the cron of a
  // deployment as one Worker under the front's name would go on firing every minute at a front that has
  // no scheduled handler. An empty list is what removes them.
  it("give the front an empty list of crons, which removes any its name had", () => {
    expect(front.triggers).toEqual({ crons: [] });
  });

  // A custom domain or a route added to wrangler.toml is the bot's public address: the front's. Given to
  // the back as well, the back would answer the internet on it, or the front's deploy would find the
  // address taken by the back.
  it("give a route or custom domain in wrangler.toml to the front only, so the back has no public address", () => {
    const routes = [{ pattern: "bot.example.com", custom_domain: true }];
    const route = "example.com/bot/*";
    for (const extra of [{ routes }, { route }]) {
      const split = splitConfigs({ ...project, ...extra });
      for (const [key, value] of Object.entries(extra)) expect(split.front[key], key).toEqual(value);
      expect(split.back.routes, JSON.stringify(extra)).toBeUndefined();
      expect(split.back.route, JSON.stringify(extra)).toBeUndefined();
    }
  });

  it("share wrangler.toml's storage, producer and vars", () => {
    for (const config of [front, back]) {
      expect(config.kv_namespaces).toEqual(project.kv_namespaces);
      expect((config.d1_databases as { database_id: string }[]).map((d) => d.database_id)).toEqual(
        (project.d1_databases as { database_id: string }[]).map((d) => d.database_id),
      );
      expect((config.queues as { producers: unknown }).producers).toEqual((project.queues as { producers: unknown }).producers);
      expect(config.vars).toEqual(project.vars);
      expect(config.compatibility_date).toBe(project.compatibility_date);
    }
  });
});

describe("the configs written for a local run of the two Workers", () => {
  // wrangler dev reads .dev.vars beside each config (its --env-file reaches the first Worker only), so
  // without these the back, and the front, would run without the secrets npm start made.
  it("give each Worker the project's .dev.vars, and none once it is gone", () => {
    const local = mkdtempSync(join(tmpdir(), "trauma-code-devvars-"));
    try {
      const devVars = join(local, "project.dev.vars");
      writeFileSync(devVars, "SLACK_SIGNING_SECRET=local\n");
      writeSplitConfigs(join(local, "out"), devVars);
      for (const which of ["front", "back"])
        expect(readFileSync(join(local, "out", which, ".dev.vars"), "utf8"), which).toBe("SLACK_SIGNING_SECRET=local\n");
      writeFileSync(devVars, "SLACK_SIGNING_SECRET=changed\n");
      expect(readFileSync(join(local, "out", "back", ".dev.vars"), "utf8")).toBe("SLACK_SIGNING_SECRET=changed\n");
      rmSync(devVars);
      writeSplitConfigs(join(local, "out"), devVars);
      for (const which of ["front", "back"]) expect(existsSync(join(local, "out", which, ".dev.vars")), which).toBe(false);
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });
});
