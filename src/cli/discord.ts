// Discord's part of the command-line tools: how `npm run try` signs an interaction (Ed25519 with the
// local key `npm start` made), prints the answer and clicks its buttons, and how `npm run register`
// hands Discord the commands.
import { createPrivateKey, sign } from "node:crypto";
import { COMMANDS, findCommand } from "../../commands/index";
import type { DiscordComponent, DiscordComponentJson, DiscordInteractionResponse } from "../discord/render";
import { PLATFORMS } from "../platforms";
import { fail } from "./project";
import type { RegisterArgs } from "./register-args";
import { namedOptions } from "./try-args";
import { type CliPlatform, findControl, type LastAnswer, post, printControls, saveLast, type TryArgs, unixNow } from "./try-kit";

type DiscordData = DiscordInteractionResponse["data"];
const DISCORD_CHANNEL = "2";

/** A command's options as Discord sends them, typed by the command's definition. */
function discordOptions(command: string, text: string, focusLast: boolean) {
  const defs = findCommand(command)?.options ?? {};
  const pairs = namedOptions(command, text, Object.keys(defs));
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
  const walk = (list: readonly DiscordComponentJson[]): DiscordComponent[] =>
    list.flatMap((c) => [
      ...(c.custom_id ? [c as DiscordComponent] : []),
      ...walk(c.components ?? []),
      ...(c.accessory ? walk([c.accessory]) : []),
    ]);
  return walk((data.components ?? []) as DiscordComponentJson[]);
}

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
  printComponents((body.components ?? []) as DiscordComponentJson[]);
  printControls(
    controlsOf(body).map((c) => ({
      id: c.custom_id ?? "",
      label: c.label ?? c.placeholder ?? "",
      options: c.options?.map((o) => ({ label: o.label, value: o.value })),
      disabled: c.disabled === true,
    })),
  );
}

/** Components as text: V2 text displays, sections, separators and pictures, and link buttons (the others are listed after). */
function printComponents(list: DiscordComponentJson[]) {
  const links = (row: DiscordComponentJson[]) => row.filter((c) => c.url).map((c) => `[${c.label} ↗ ${c.url}]`);
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

async function sendDiscord(interaction: Record<string, unknown>, vars: Record<string, string>) {
  if (!vars.DEV_DISCORD_PRIVATE_KEY)
    fail(
      vars.DISCORD_PUBLIC_KEY
        ? "The DISCORD_PUBLIC_KEY in .dev.vars has no DEV_DISCORD_PRIVATE_KEY beside it (an application's real key?), so " +
            "nothing can sign for it here: remove that line and run `npm start`, which makes a development pair."
        : "No DEV_DISCORD_PRIVATE_KEY in .dev.vars: run `npm start` once to create it.",
    );
  const body = JSON.stringify(interaction);
  const timestamp = unixNow();
  const key = createPrivateKey({ key: Buffer.from(vars.DEV_DISCORD_PRIVATE_KEY, "base64"), format: "der", type: "pkcs8" });
  const signature = sign(null, Buffer.from(timestamp + body), key).toString("hex");
  const response = await post(PLATFORMS.discord.route, body, {
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

async function tryDiscord(args: TryArgs, vars: Record<string, string>, last?: LastAnswer) {
  let interaction: Record<string, unknown>;
  let locale = args.locale;
  let channel = args.channel ?? DISCORD_CHANNEL;
  if (last && args.click) {
    locale = last.locale ?? locale;
    channel = last.channel ?? channel;
    const control = findControl(
      controlsOf(last.message as DiscordData).map((c) => ({
        id: c.custom_id ?? "",
        label: c.label ?? c.placeholder ?? "",
        options: c.options,
      })),
      args.click,
    );
    const data = control.options
      ? { custom_id: control.id, component_type: 3, values: [args.click.value] }
      : { custom_id: control.id, component_type: 2 };
    interaction = discordInteraction(3, locale, channel, data, last.message as DiscordData);
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

/** Bulk-overwrites the bot's commands, globally or in one server (`--guild ID`, instant, for testing). */
async function registerDiscord({ guild }: RegisterArgs, vars: Record<string, string | undefined>) {
  const appId = vars.DISCORD_APPLICATION_ID;
  const token = vars.DISCORD_BOT_TOKEN;
  const base = vars.DISCORD_API_BASE ?? "https://discord.com/api/v10";

  if (!appId || !/^\d+$/.test(appId) || appId === "100000000000000001")
    fail("DISCORD_APPLICATION_ID is missing: copy the Application ID from the Discord Developer Portal (General Information).");
  if (!token) fail("DISCORD_BOT_TOKEN is missing: copy the bot token from the Discord Developer Portal (Bot > Reset Token).");
  if (guild !== undefined && !/^\d+$/.test(guild)) fail("--guild needs a server id (right-click the server > Copy Server ID).");

  const url = guild ? `${base}/applications/${appId}/guilds/${guild}/commands` : `${base}/applications/${appId}/commands`;
  // The interactions endpoint URL is set in the Developer Portal, so no origin goes into the commands.
  const commands = PLATFORMS.discord.registration(COMMANDS, "");
  const response = await fetch(url, {
    method: "PUT",
    headers: { authorization: `Bot ${token}`, "content-type": "application/json" },
    body: JSON.stringify(commands),
  }).catch((error: Error) => fail(`Could not reach Discord: ${error.message}`));

  if (!response.ok) {
    const detail = await response.text();
    const why: Record<number, string> = {
      401: "the bot token was refused (reset it in the Developer Portal and try again)",
      403: "this token may not manage that application or guild",
      404: "unknown application or guild id",
      429: "rate limited; wait a minute and try again",
    };
    fail(`Discord refused the commands: HTTP ${response.status}, ${why[response.status] ?? "see below"}\n${detail}`);
  }
  console.log(
    `Registered ${COMMANDS.map((c) => `/${c.name}`).join(", ")} ${guild ? `in guild ${guild}` : "globally (can take up to an hour to appear everywhere)"}.`,
  );
}

export const discordCli: CliPlatform = { try: tryDiscord, register: registerDiscord };
