// Screenshots of real answers on both platforms, for people to look at: the renderers' JSON drawn as an
// HTML mock-up in headless Chromium. Written to screens/ (git-ignored).
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { characterCard } from "../../commands/character";
import { episodeCard } from "../../commands/episode";
import { renewalTimeline } from "../../commands/renewal";
import { buildBundle } from "../../src/content/bundle";
import type { DataFileName } from "../../src/content/schema";
import { type Content, loadContent } from "../../src/content/store";
import { toDiscordV2Message } from "../../src/discord/render";
import type { Reply } from "../../src/reply";
import { toSlackResponse } from "../../src/slack/render";
import { type LaunchedBrowser, launchBrowser } from "../helpers/browser";
import { discordHtml, slackHtml } from "../helpers/mockup";

const OUT = join(process.cwd(), "screens");
const FILES: DataFileName[] = ["show.json", "characters.json", "episodes.json", "news.json", "inspirations.json"];

let launched: LaunchedBrowser;
let content: Content;

beforeAll(async () => {
  const files = Object.fromEntries(FILES.map((f) => [f, JSON.parse(readFileSync(join("data", f), "utf8"))]));
  const built = await buildBundle(files);
  if (!built.ok) throw new Error(built.errors.join("\n"));
  // The store reads one bundle from KV; here a stand-in KV hands it the bundle the seed would write.
  const kv = { get: async () => JSON.stringify(built.bundle) } as unknown as KVNamespace;
  content = await loadContent(kv);
  mkdirSync(OUT, { recursive: true });
  launched = await launchBrowser();
});

afterAll(async () => {
  await launched?.close();
});

async function shoot(name: string, html: string, heading: string): Promise<string> {
  const page = await launched.context.newPage();
  // Nothing leaves the machine: pictures and links in a mock-up are not fetched.
  await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
  await page.setContent(html);
  expect(await page.locator("body").textContent()).toContain(heading);
  const file = join(OUT, `${name}.png`);
  await page.locator(".msg").screenshot({ path: file });
  await page.close();
  return file;
}

const answers = (): [string, Reply, string][] => {
  const baek = content.characters.find((c) => c.id === "baek-kang-hyuk");
  const ep = content.episode(3);
  if (!baek || !ep) throw new Error("content changed: Baek or episode 3 is missing");
  return [
    ["character", characterCard(baek, "en", content), "Baek Kang-hyuk"],
    ["episode", episodeCard(ep, "en", content), "Episode 3"],
    ["renewal", renewalTimeline(content, content.news, "en"), "Seasons 2 and 3"],
  ];
};

describe("screenshots of the answers", () => {
  it("draws a character, an episode and /renewal on Discord", async () => {
    for (const [name, reply, heading] of answers()) {
      const file = await shoot(`discord-${name}`, discordHtml(toDiscordV2Message(reply)), heading);
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }
  });

  it("draws a character, an episode and /renewal on Slack", async () => {
    for (const [name, reply, heading] of answers()) {
      const file = await shoot(`slack-${name}`, slackHtml(toSlackResponse(reply)), heading);
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }
  });
});
