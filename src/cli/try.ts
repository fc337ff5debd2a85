// npm run try -- /character name:baek        sign like Discord, send to the local Worker, print the answer
// npm run try -- --locale ko /episode number:3
// npm run try -- --autocomplete /character name:ㅂ
// npm run try -- --slack /episode 3          sign like Slack (v0 HMAC) instead
import { createHmac, createPrivateKey, sign } from "node:crypto";
import { findCommand } from "../../commands/index";
import type { DiscordInteractionResponse } from "../discord/render";
import { fail, LOCAL_URL, readDevVars } from "./project";

type Printable = DiscordInteractionResponse["data"];

function parseArgs(argv: string[]) {
  const flags = { slack: false, autocomplete: false, locale: "en-US" };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--slack") flags.slack = true;
    else if (arg === "--autocomplete") flags.autocomplete = true;
    else if (arg === "--locale") flags.locale = argv[++i] ?? "en-US";
    else rest.push(arg);
  }
  const [first, ...words] = rest;
  if (!first?.startsWith("/")) fail("Usage: npm run try -- [--slack] [--locale ko] [--autocomplete] /command [option:value ...]");
  return { ...flags, command: first.slice(1), text: words.join(" ") };
}

/** "name:Baek Kang-hyuk number:3" -> [["name", "Baek Kang-hyuk"], ["number", "3"]] */
function discordOptions(command: string, text: string, focusLast: boolean) {
  const defs = findCommand(command)?.options ?? {};
  const pairs = [...text.matchAll(/([\p{L}_]+):(.*?)(?=\s+[\p{L}_]+:|$)/gu)].map(
    (m) => [m[1] as string, (m[2] as string).trim()] as const,
  );
  return pairs.map(([name, value], i) => {
    const numeric = defs[name]?.type === "integer" && /^-?\d+(\.\d+)?$/.test(value);
    return {
      name,
      type: defs[name]?.type === "integer" ? 4 : 3,
      value: numeric ? Number(value) : value,
      ...(focusLast && i === pairs.length - 1 ? { focused: true } : {}),
    };
  });
}

function print(body: Printable, status: number) {
  if (status !== 200) console.log(`HTTP ${status}`);
  if (body.choices) {
    console.log(body.choices.length ? body.choices.map((c) => `  ${c.name}  (${c.value})`).join("\n") : "  (no choices)");
    return;
  }
  if ((body.flags ?? 0) & 64) console.log("(ephemeral: only the person who asked sees this)\n");
  if (body.content) console.log(body.content);
  for (const e of body.embeds ?? []) {
    console.log(`━━ ${e.title ?? ""}${e.url ? `  <${e.url}>` : ""}`);
    if (e.description) console.log(e.description);
    for (const f of e.fields ?? []) console.log(`\n▸ ${f.name}\n${f.value}`);
    if (e.footer) console.log(`\n— ${e.footer.text}`);
  }
  printComponents((body.components ?? []) as Shown[]);
}

/** Components as text: V2 text displays, sections, separators and pictures, and rows of buttons and menus. */
interface Shown {
  type: number;
  content?: string;
  components?: Shown[];
  accessory?: Shown;
  label?: string;
  url?: string;
  placeholder?: string;
  options?: { label: string }[];
  items?: { media: { url: string } }[];
  media?: { url: string };
}

function printComponents(list: Shown[]) {
  const control = (c: Shown) =>
    c.options ? `[${c.placeholder}: ${c.options.map((o) => o.label).join(" | ")}]` : `[${c.label}${c.url ? ` ↗ ${c.url}` : ""}]`;
  for (const c of list) {
    if (c.type === 1) console.log((c.components ?? []).map(control).join(" "));
    else if (c.type === 10) console.log(c.content);
    else if (c.type === 14) console.log("────────");
    else if (c.type === 12) for (const item of c.items ?? []) console.log(`(picture ${item.media.url})`);
    else if (c.type === 9) {
      printComponents(c.components ?? []);
      if (c.accessory) console.log(c.accessory.type === 11 ? `(picture ${c.accessory.media?.url})` : control(c.accessory));
    } else printComponents(c.components ?? []);
  }
}

async function tryDiscord(args: ReturnType<typeof parseArgs>, vars: Record<string, string>) {
  if (!vars.DEV_DISCORD_PRIVATE_KEY) fail("No DEV_DISCORD_PRIVATE_KEY in .dev.vars: run `npm start` once to create it.");
  const interaction = {
    id: String(Date.now()),
    application_id: vars.DISCORD_APPLICATION_ID ?? "1",
    type: args.autocomplete ? 4 : 2,
    token: "local",
    version: 1,
    locale: args.locale,
    guild_locale: "en-US",
    guild_id: "1",
    channel_id: "2",
    member: { user: { id: "3", username: "local-fan" }, permissions: "8" },
    app_permissions: "2251799813685247",
    data: { id: "4", name: args.command, type: 1, options: discordOptions(args.command, args.text, args.autocomplete) },
  };
  const body = JSON.stringify(interaction);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = createPrivateKey({ key: Buffer.from(vars.DEV_DISCORD_PRIVATE_KEY, "base64"), format: "der", type: "pkcs8" });
  const signature = sign(null, Buffer.from(timestamp + body), key).toString("hex");
  const response = await fetch(`${LOCAL_URL}/discord/interactions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-signature-ed25519": signature, "x-signature-timestamp": timestamp },
    body,
  });
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as { data?: Printable };
    print(parsed.data ?? (parsed as Printable), response.status);
  } catch {
    console.log(`HTTP ${response.status}\n${text}`);
  }
}

async function trySlack(args: ReturnType<typeof parseArgs>, vars: Record<string, string>) {
  if (!vars.SLACK_SIGNING_SECRET) fail("No SLACK_SIGNING_SECRET in .dev.vars: run `npm start` once to create it.");
  const body = new URLSearchParams({
    token: "local",
    team_id: "T0LOCAL",
    team_domain: "local",
    channel_id: "C0LOCAL",
    channel_name: "general",
    user_id: "U0LOCAL",
    user_name: "local-fan",
    command: `/${args.command}`,
    text: args.text,
    api_app_id: "A0LOCAL",
    response_url: "https://hooks.slack.com/commands/local",
    trigger_id: "local",
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", vars.SLACK_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  const response = await fetch(`${LOCAL_URL}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
    body,
  });
  const text = await response.text();
  console.log(`HTTP ${response.status}`);
  try {
    console.log(JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    console.log(text);
  }
}

const args = parseArgs(process.argv.slice(2));
const vars = readDevVars();
try {
  await (args.slack ? trySlack(args, vars) : tryDiscord(args, vars));
} catch (error) {
  fail(`Could not reach the bot at ${LOCAL_URL} (${(error as Error).message}). Is \`npm start\` running?`);
}
