// npm run try -- /character name:baek        sign like Discord, send to the local Worker, print the answer
// npm run try -- --locale ko /episode number:3
// npm run try -- --autocomplete /character name:ㅂ
// npm run try -- --slack /episode 3          sign like Slack (v0 HMAC) instead
// npm run try -- --click ep:4:en             click a button of the last answer (Discord or Slack)
// npm run try -- --select chs:en=yang-jae-won  choose in a menu of the last answer
// npm run try -- --json /renewal             print the platform's raw JSON
// npm run try -- --channel 404 /renewal alerts:on   ask in another channel (see mock-apis.ts for failing ones)
// The bot's address: BOT_URL, else PORT, else the one a running `npm start` recorded, else :8787.
// The last answer is kept in .local/last-answer.json (git-ignored), which is what --click reads.
import { createHmac, createPrivateKey, sign } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { findCommand } from "../../commands/index";
import type { DiscordComponent, DiscordInteractionResponse } from "../discord/render";
import { fail, LOCAL_DIR, localUrl, readDevVars } from "./project";

const USAGE = [
  "Usage: npm run try -- [--slack] [--locale ko] [--channel ID] [--autocomplete] [--json] /command [option:value ...]",
  "       npm run try -- [--json] --click ID            (a button of the last answer)",
  "       npm run try -- [--json] --select ID=VALUE     (a menu of the last answer)",
].join("\n");
const LAST_ANSWER = join(LOCAL_DIR, "last-answer.json");
/** How long to wait for an answer the bot sends to Slack's response_url after acknowledging. */
const RESPONSE_URL_WAIT_MS = 5_000;

type DiscordData = DiscordInteractionResponse["data"];
interface SlackBlock {
  type: string;
  text?: { text?: string };
  fields?: { text?: string }[];
  elements?: SlackElement[];
  alt_text?: string;
  image_url?: string;
  accessory?: SlackElement;
}
interface SlackElement {
  type: string;
  text?: string | { text?: string };
  action_id?: string;
  value?: string;
  url?: string;
  placeholder?: { text?: string };
  options?: { text: { text: string }; value: string }[];
}
interface SlackMessage {
  text?: string;
  blocks?: SlackBlock[];
  response_type?: string;
  replace_original?: boolean;
}

/** What --click and --select act on: the last answer and where it was given. */
type LastAnswer =
  | { platform: "discord"; locale: string; channel: string; message: DiscordData }
  | { platform: "slack"; channel: string; message: SlackMessage; messageTs: string };

interface Args {
  slack: boolean;
  autocomplete: boolean;
  json: boolean;
  locale: string;
  channel?: string;
  click?: { id: string; value?: string };
  command: string;
  text: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { slack: false, autocomplete: false, json: false, locale: "en-US", command: "", text: "" };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--slack") args.slack = true;
    else if (arg === "--autocomplete") args.autocomplete = true;
    else if (arg === "--json") args.json = true;
    else if (arg === "--locale") args.locale = argv[++i] ?? "en-US";
    else if (arg === "--channel") args.channel = argv[++i];
    else if (arg === "--click") args.click = { id: argv[++i] ?? "" };
    else if (arg === "--select") {
      const pair = argv[++i] ?? "";
      const eq = pair.lastIndexOf("=");
      if (eq <= 0) fail(`--select takes ID=VALUE, e.g. --select chs:en=yang-jae-won\n${USAGE}`);
      args.click = { id: pair.slice(0, eq), value: pair.slice(eq + 1) };
    } else rest.push(arg);
  }
  if (args.click) {
    if (!args.click.id) fail(USAGE);
    return args;
  }
  const [first, ...words] = rest;
  if (!first?.startsWith("/")) fail(USAGE);
  return { ...args, command: first.slice(1), text: words.join(" ") };
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

/** Every button and menu the bot answers to, wherever it sits: rows, Components V2 containers, section accessories. */
function controlsOf(data: DiscordData): DiscordComponent[] {
  const walk = (list: readonly Walked[]): DiscordComponent[] =>
    list.flatMap((c) => [
      ...(c.custom_id ? [c as DiscordComponent] : []),
      ...walk(c.components ?? []),
      ...(c.accessory ? walk([c.accessory]) : []),
    ]);
  return walk((data.components ?? []) as Walked[]);
}
type Walked = DiscordComponent & { components?: Walked[]; accessory?: Walked };

function printDiscord(response: { type?: number; data?: DiscordData }, status: number) {
  const body = response.data ?? (response as DiscordData);
  if (status !== 200) console.log(`HTTP ${status}`);
  if (body.choices) {
    console.log(body.choices.length ? body.choices.map((c) => `  ${c.name}  (${c.value})`).join("\n") : "  (no choices)");
    return;
  }
  if (response.type === 7) console.log("(replaces the answer that was clicked)\n");
  if ((body.flags ?? 0) & 64) console.log("(ephemeral: only the person who asked sees this)\n");
  if (body.content) console.log(body.content);
  for (const e of body.embeds ?? []) {
    console.log(`━━ ${e.title ?? ""}${e.url ? `  <${e.url}>` : ""}`);
    if (e.description) console.log(e.description);
    for (const f of e.fields ?? []) console.log(`\n▸ ${f.name}\n${f.value}`);
    if (e.footer) console.log(`\n— ${e.footer.text}`);
  }
  printComponents((body.components ?? []) as Shown[]);
  printControls(
    controlsOf(body).map((c) => ({
      id: c.custom_id ?? "",
      label: c.label ?? c.placeholder ?? "",
      options: c.options?.map((o) => ({ label: o.label, value: o.value })),
    })),
  );
}

/** Components as text: V2 text displays, sections, separators and pictures, and link buttons (the others are listed after). */
interface Shown {
  type: number;
  content?: string;
  components?: Shown[];
  accessory?: Shown;
  label?: string;
  url?: string;
  items?: { media: { url: string } }[];
  media?: { url: string };
}

function printComponents(list: Shown[]) {
  const links = (row: Shown[]) => row.filter((c) => c.url).map((c) => `[${c.label} ↗ ${c.url}]`);
  for (const c of list) {
    if (c.type === 1) {
      const shown = links(c.components ?? []);
      if (shown.length) console.log(shown.join(" "));
    } else if (c.type === 10) console.log(c.content);
    else if (c.type === 14) console.log("────────");
    else if (c.type === 12) for (const item of c.items ?? []) console.log(`(picture ${item.media.url})`);
    else if (c.type === 9) {
      printComponents(c.components ?? []);
      if (c.accessory?.type === 11) console.log(`(picture ${c.accessory.media?.url})`);
      else if (c.accessory) console.log(links([c.accessory]).join(""));
    } else printComponents(c.components ?? []);
  }
}

interface Control {
  id: string;
  label: string;
  options?: { label: string; value: string }[];
}

function printControls(controls: Control[]) {
  if (!controls.length) return;
  console.log("");
  for (const c of controls) {
    if (c.options) {
      console.log(`[${c.label} ▾]  --select ${c.id}=VALUE`);
      for (const o of c.options) console.log(`    ${o.value.padEnd(24)} ${o.label}`);
    } else console.log(`[${c.label}]  --click ${c.id}`);
  }
}

const slackText = (t: SlackElement["text"]) => (typeof t === "string" ? t : (t?.text ?? ""));

/** Buttons and menus of actions blocks and section accessories; link buttons only open a page. */
function slackControls(message: SlackMessage): Control[] {
  return (message.blocks ?? [])
    .flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : b.type === "section" && b.accessory ? [b.accessory] : []))
    .filter((e) => (e.type === "button" || e.type === "static_select") && !e.url)
    .map((e) => ({
      id: e.action_id ?? "",
      label: e.type === "static_select" ? (e.placeholder?.text ?? "") : slackText(e.text),
      options: e.type === "static_select" ? e.options?.map((o) => ({ label: o.text.text, value: o.value })) : undefined,
    }));
}

function printSlack(message: SlackMessage) {
  if (message.replace_original) console.log("(replaces the answer that was clicked)\n");
  if (message.response_type === "ephemeral") console.log("(ephemeral: only the person who asked sees this)\n");
  if (!message.blocks?.length && message.text) console.log(message.text);
  for (const block of message.blocks ?? []) {
    if (block.type === "header") console.log(`━━ ${block.text?.text ?? ""}`);
    else if (block.type === "section") {
      if (block.text?.text) console.log(block.text.text);
      for (const f of block.fields ?? []) console.log(`\n${f.text ?? ""}`);
    } else if (block.type === "context") console.log(`— ${(block.elements ?? []).map((e) => slackText(e.text)).join(" ")}`);
    else if (block.type === "image") console.log(`[image: ${block.alt_text ?? ""}] <${block.image_url ?? ""}>`);
    else if (block.type === "divider") console.log("───");
    for (const e of [...(block.type === "actions" ? (block.elements ?? []) : []), ...(block.accessory ? [block.accessory] : [])])
      if (e.url) console.log(`[${slackText(e.text)} ↗ ${e.url}]`);
  }
  printControls(slackControls(message));
}

function saveLast(last: LastAnswer) {
  mkdirSync(LOCAL_DIR, { recursive: true });
  writeFileSync(LAST_ANSWER, `${JSON.stringify(last, null, 2)}\n`);
}

function readLast(): LastAnswer {
  if (!existsSync(LAST_ANSWER))
    fail("There is no last answer to click on yet: ask something first, e.g. `npm run try -- /episode 3`.");
  return JSON.parse(readFileSync(LAST_ANSWER, "utf8")) as LastAnswer;
}

/** The control --click/--select names: by id, or by its label when that is unambiguous. */
function findControl(controls: Control[], wanted: Args["click"] & {}): Control {
  const exact = controls.find((c) => c.id === wanted.id);
  const byLabel = controls.filter((c) => c.label.toLowerCase() === wanted.id.toLowerCase());
  const control = exact ?? (byLabel.length === 1 ? byLabel[0] : undefined);
  if (!control) {
    const list = controls.length ? controls.map((c) => `  ${c.id}  (${c.label})`).join("\n") : "  (none)";
    fail(`The last answer has no button or menu "${wanted.id}". It has:\n${list}`);
  }
  if (control.options && wanted.value === undefined) fail(`"${control.id}" is a menu: use --select ${control.id}=VALUE.`);
  if (!control.options && wanted.value !== undefined) fail(`"${control.id}" is a button: use --click ${control.id}.`);
  if (control.options && !control.options.some((o) => o.value === wanted.value))
    console.log(`(note: "${wanted.value}" is not one of the menu's values; sending it anyway, as a forged click would)\n`);
  return control;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { method: "POST", headers, body });
  } catch (error) {
    return fail(`Could not reach the bot at ${localUrl()} (${(error as Error).message}). Is \`npm start\` running?`);
  }
}

async function sendDiscord(interaction: Record<string, unknown>, vars: Record<string, string>) {
  if (!vars.DEV_DISCORD_PRIVATE_KEY) fail("No DEV_DISCORD_PRIVATE_KEY in .dev.vars: run `npm start` once to create it.");
  const body = JSON.stringify(interaction);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = createPrivateKey({ key: Buffer.from(vars.DEV_DISCORD_PRIVATE_KEY, "base64"), format: "der", type: "pkcs8" });
  const signature = sign(null, Buffer.from(timestamp + body), key).toString("hex");
  const response = await post(`${localUrl()}/discord/interactions`, body, {
    "content-type": "application/json",
    "x-signature-ed25519": signature,
    "x-signature-timestamp": timestamp,
  });
  return { status: response.status, text: await response.text() };
}

function discordInteraction(type: number, locale: string, channel: string, data: Record<string, unknown>, message?: DiscordData) {
  return {
    id: String(Date.now()),
    application_id: "100000000000000001",
    type,
    token: "local",
    version: 1,
    locale,
    guild_locale: "en-US",
    guild_id: "1",
    channel_id: channel,
    member: { user: { id: "3", username: "local-fan" }, permissions: "8" },
    app_permissions: "2251799813685247",
    data,
    ...(message ? { message: { id: "5", channel_id: channel, ...message } } : {}),
  };
}

async function tryDiscord(args: Args, vars: Record<string, string>, last?: LastAnswer & { platform: "discord" }) {
  let interaction: Record<string, unknown>;
  let locale = args.locale;
  let channel = args.channel ?? DISCORD_CHANNEL;
  if (last && args.click) {
    locale = last.locale;
    channel = last.channel ?? channel;
    const control = findControl(
      controlsOf(last.message).map((c) => ({ id: c.custom_id ?? "", label: c.label ?? c.placeholder ?? "", options: c.options })),
      args.click,
    );
    const data = control.options
      ? { custom_id: control.id, component_type: 3, values: [args.click.value] }
      : { custom_id: control.id, component_type: 2 };
    interaction = discordInteraction(3, locale, channel, data, last.message);
  } else {
    const data = { id: "4", name: args.command, type: 1, options: discordOptions(args.command, args.text, args.autocomplete) };
    interaction = discordInteraction(args.autocomplete ? 4 : 2, locale, channel, data);
  }
  const { status, text } = await sendDiscord(interaction, vars);
  let parsed: { type?: number; data?: DiscordData };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    console.log(`HTTP ${status}\n${text}`);
    return;
  }
  if (args.json) console.log(JSON.stringify(parsed, null, 2));
  else printDiscord(parsed, status);
  if (parsed.data && !parsed.data.choices && (parsed.type === 4 || parsed.type === 7))
    saveLast({ platform: "discord", locale, channel, message: parsed.data });
}

/** A local stand-in for Slack's response_url: the first answer posted to it, or undefined after the wait. */
async function responseCatcher() {
  let deliver: (body: SlackMessage) => void = () => {};
  const answer = new Promise<SlackMessage>((resolve) => {
    deliver = resolve;
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      try {
        deliver(JSON.parse(Buffer.concat(chunks).toString("utf8")) as SlackMessage);
      } catch {
        deliver({ text: Buffer.concat(chunks).toString("utf8") });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/commands/T0LOCAL/1/local`,
    wait: (ms: number) => {
      // AbortSignal.timeout does not keep the process alive once the answer is in.
      const timeout = new Promise<undefined>((resolve) => {
        AbortSignal.timeout(ms).addEventListener("abort", () => resolve(undefined));
      });
      return Promise.race([answer, timeout]).finally(() => {
        server.close();
        server.closeAllConnections();
      });
    },
  };
}

const DISCORD_CHANNEL = "2";
const SLACK_CONTEXT = { team_id: "T0LOCAL", team_domain: "local", channel_id: "C0LOCAL", channel_name: "general" };

async function trySlack(args: Args, vars: Record<string, string>, last?: LastAnswer & { platform: "slack" }) {
  if (!vars.SLACK_SIGNING_SECRET) fail("No SLACK_SIGNING_SECRET in .dev.vars: run `npm start` once to create it.");
  const catcher = await responseCatcher();
  let body: string;
  let messageTs = `${Math.floor(Date.now() / 1000)}.000100`;
  let channel = args.channel ?? SLACK_CONTEXT.channel_id;
  if (last && args.click) {
    channel = last.channel ?? channel;
    const control = findControl(slackControls(last.message), args.click);
    messageTs = last.messageTs;
    const action = control.options
      ? {
          type: "static_select",
          action_id: control.id,
          block_id: "local",
          selected_option: { text: { type: "plain_text", text: args.click.value }, value: args.click.value },
          action_ts: String(Date.now() / 1000),
        }
      : { type: "button", action_id: control.id, block_id: "local", value: control.id, action_ts: String(Date.now() / 1000) };
    const payload = {
      type: "block_actions",
      team: { id: SLACK_CONTEXT.team_id, domain: SLACK_CONTEXT.team_domain },
      user: { id: "U0LOCAL", username: "local-fan", name: "local-fan", team_id: SLACK_CONTEXT.team_id },
      api_app_id: "A0LOCAL",
      token: "local",
      container: { type: "message", message_ts: messageTs, channel_id: channel, is_ephemeral: false },
      trigger_id: "local",
      channel: { id: channel, name: SLACK_CONTEXT.channel_name },
      message: { type: "message", ts: messageTs, text: last.message.text ?? "", blocks: last.message.blocks ?? [] },
      response_url: catcher.url,
      actions: [action],
    };
    body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  } else {
    body = new URLSearchParams({
      token: "local",
      ...SLACK_CONTEXT,
      channel_id: channel,
      user_id: "U0LOCAL",
      user_name: "local-fan",
      command: `/${args.command}`,
      text: args.text,
      api_app_id: "A0LOCAL",
      response_url: catcher.url,
      trigger_id: "local",
    }).toString();
  }
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", vars.SLACK_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  const response = await post(`${localUrl()}/slack/events`, body, {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": signature,
  });
  const text = await response.text();
  if (response.status !== 200) console.log(`HTTP ${response.status}`);
  let message: SlackMessage | undefined;
  if (text) {
    try {
      message = JSON.parse(text) as SlackMessage;
    } catch {
      console.log(text);
    }
  }
  // An empty acknowledgement means the answer comes through response_url.
  const deferred = message ? undefined : await catcher.wait(RESPONSE_URL_WAIT_MS);
  if (message) void catcher.wait(0);
  const answer = message ?? deferred;
  if (!answer) {
    if (!text) console.log(`(acknowledged, but nothing reached response_url within ${RESPONSE_URL_WAIT_MS / 1000} s)`);
    return;
  }
  if (deferred && !args.json) console.log("(answered through response_url)\n");
  if (args.json) console.log(JSON.stringify(answer, null, 2));
  else printSlack(answer);
  saveLast({ platform: "slack", channel, message: answer, messageTs });
}

const args = parseArgs(process.argv.slice(2));
const vars = readDevVars();
const last = args.click ? readLast() : undefined;
if (last?.platform === "slack" || (!last && args.slack))
  await trySlack(args, vars, last?.platform === "slack" ? last : undefined);
else await tryDiscord(args, vars, last?.platform === "discord" ? last : undefined);
