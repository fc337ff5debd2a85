// Slack's part of the command-line tools: how `npm run try` signs a request (v0 HMAC with the local
// signing secret), catches an answer sent to response_url, prints it and clicks its buttons, and how
// `npm run register -- --platform slack` writes the app manifest to paste into Slack.
import { createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { COMMANDS } from "../../commands/index";
import { PLATFORMS } from "../platforms";
import { escapeText } from "../slack/render";
import { fail, ROOT } from "./project";
import type { RegisterArgs } from "./register-args";
import {
  type CliPlatform,
  type Control,
  findControl,
  type LastAnswer,
  post,
  printControls,
  saveLast,
  type TryArgs,
  unixNow,
} from "./try-kit";

/** How long to wait for an answer the bot sends to Slack's response_url after acknowledging. */
const RESPONSE_URL_WAIT_MS = 5_000;
const SLACK_CONTEXT = { team_id: "T0LOCAL", team_domain: "local", channel_id: "C0LOCAL", channel_name: "general" };

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

async function trySlack(args: TryArgs, vars: Record<string, string>, last?: LastAnswer) {
  if (!vars.SLACK_SIGNING_SECRET) fail("No SLACK_SIGNING_SECRET in .dev.vars: run `npm start` once to create it.");
  const catcher = await responseCatcher();
  let body: string;
  let messageTs = `${Math.floor(Date.now() / 1000)}.000100`;
  let channel = args.channel ?? SLACK_CONTEXT.channel_id;
  if (last && args.click) {
    channel = last.channel ?? channel;
    const message = last.message as SlackMessage;
    const control = findControl(slackControls(message), args.click);
    messageTs = last.messageTs ?? messageTs;
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
      message: { type: "message", ts: messageTs, text: message.text ?? "", blocks: message.blocks ?? [] },
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
      // As Slack sends a command's text: the user's &, < and > as entities.
      text: escapeText(args.text),
      api_app_id: "A0LOCAL",
      response_url: catcher.url,
      trigger_id: "local",
    }).toString();
  }
  const timestamp = unixNow();
  const signature = `v0=${createHmac("sha256", vars.SLACK_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  const response = await post(PLATFORMS.slack.route, body, {
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

/** Writes slack-manifest.json for the Worker at `--url`: paste it into api.slack.com/apps > Create New App > From a manifest. */
async function writeSlackManifest({ url: given }: RegisterArgs) {
  const url = given ?? "https://trauma-code-bot.example.workers.dev";
  if (!/^https:\/\//.test(url))
    fail("--url needs the Worker's https address, e.g. --url https://trauma-code-bot.you.workers.dev");
  const file = join(ROOT, "slack-manifest.json");
  writeFileSync(file, `${JSON.stringify(PLATFORMS.slack.registration(COMMANDS, url), null, 2)}\n`);
  console.log(`Wrote ${file} for ${url}${given === undefined ? " (placeholder: pass --url with your Worker's address)" : ""}.`);
}

export const slackCli: CliPlatform = { try: trySlack, register: writeSlackManifest };
