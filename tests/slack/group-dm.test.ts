// `/renewal alerts on` in a Slack group DM. Slack sends such a command with a C… id like a channel's,
// and names the conversation `mpdm-` and its members. The bot cannot be added to a group DM people
// started, so it neither sees it (conversations.join and chat.postMessage answer channel_not_found) nor
// can be invited: the asker is told alerts are set per channel, as in a DM, not to invite the bot.
import { expect, it } from "vitest";
import { t } from "../../src/i18n/strings";
import { deliveryWorldEach, store } from "../helpers/alerts";
import { sendSlackRaw, slackJson, slackText, slashBody } from "../helpers/slack";

const GROUP_DM = "C05GROUPDM";
const world = deliveryWorldEach();

it("refuses alerts in a group DM as in a DM, without asking Slack anything", async () => {
  world.api.slackPrivate.add(GROUP_DM);
  const body = slashBody("/renewal", "alerts on", { channel_id: GROUP_DM, channel_name: "mpdm-minji--jisoo--hyun-1" });
  const reply = await slackJson(await sendSlackRaw(body));
  expect(reply.response_type).toBe("ephemeral");
  expect(slackText(reply)).toContain(t("en", "alerts.dm"));
  // Slack has workspaces and channels, no servers.
  expect(slackText(reply)).not.toMatch(/server/i);
  expect(await store().subscription("slack", GROUP_DM)).toBeNull();
  expect(world.api.slackCalls).toBe(0);
});
