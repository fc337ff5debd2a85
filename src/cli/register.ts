// npm run register [-- --guild ID]: bulk-overwrite the bot's Discord commands from commands/index.ts.
// Needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN in the environment (or in .dev.vars).
import { toDiscordCommands } from "../discord/register";
import { fail, readDevVars } from "./project";

const vars = { ...readDevVars(), ...process.env };
const appId = vars.DISCORD_APPLICATION_ID;
const token = vars.DISCORD_BOT_TOKEN;
const base = vars.DISCORD_API_BASE ?? "https://discord.com/api/v10";
const guildIndex = process.argv.indexOf("--guild");
const guild = guildIndex >= 0 ? process.argv[guildIndex + 1] : undefined;

if (!appId || !/^\d+$/.test(appId) || appId === "100000000000000001")
  fail("DISCORD_APPLICATION_ID is missing: copy the Application ID from the Discord Developer Portal (General Information).");
if (!token) fail("DISCORD_BOT_TOKEN is missing: copy the bot token from the Discord Developer Portal (Bot > Reset Token).");
if (guildIndex >= 0 && !guild?.match(/^\d+$/)) fail("--guild needs a server id (right-click the server > Copy Server ID).");

const url = guild ? `${base}/applications/${appId}/guilds/${guild}/commands` : `${base}/applications/${appId}/commands`;
const commands = toDiscordCommands();
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
  `Registered ${commands.map((c) => `/${c.name}`).join(", ")} ${guild ? `in guild ${guild}` : "globally (can take up to an hour to appear everywhere)"}.`,
);
