// npm run slack:manifest -- --url https://trauma-code-bot.<you>.workers.dev
// Writes slack-manifest.json: paste it into https://api.slack.com/apps > Create New App > From a manifest.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { slackManifest } from "../slack/manifest";
import { ROOT } from "./project";

const index = process.argv.indexOf("--url");
const url = index >= 0 ? process.argv[index + 1] : "https://trauma-code-bot.example.workers.dev";
if (!url || !/^https:\/\//.test(url)) {
  console.error("--url needs the Worker's https address, e.g. --url https://trauma-code-bot.you.workers.dev");
  process.exit(1);
}
const file = join(ROOT, "slack-manifest.json");
writeFileSync(file, `${JSON.stringify(slackManifest(url), null, 2)}\n`);
console.log(`Wrote ${file} for ${url}${index < 0 ? " (placeholder: pass --url with your Worker's address)" : ""}.`);
