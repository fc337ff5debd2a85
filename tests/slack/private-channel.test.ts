// `/renewal alerts on` in a private Slack channel. The bot sees one only once invited: before that,
// conversations.join and chat.postMessage answer channel_not_found, and no item could reach it.
import type { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { deliverNew, deliveryWorld, type RecordingQueue, store } from "../helpers/alerts";
import type { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, slackJson, slackText, slashBody } from "../helpers/slack";

const PRIVATE = "G0SECRET";
let api: MockApis;
let queue: RecordingQueue;
let testEnv: typeof env;

beforeEach(async () => {
  ({ api, queue, testEnv } = await deliveryWorld());
  api.slackPrivate.add(PRIVATE);
});

const alertsOn = async () =>
  slackJson(
    await sendSlackRaw(
      slashBody("/renewal", "alerts on", { channel_id: PRIVATE, channel_name: "privategroup", user_name: "minji" }),
    ),
  );

/** An item published and delivered: what reached the channel. */
async function deliverOne() {
  await deliverNew(testEnv, queue);
  return api.slackIn(PRIVATE);
}

describe("alerts in a private Slack channel", () => {
  it("are not turned on before the bot is invited: the asker alone is told to invite it", async () => {
    const reply = await alertsOn();
    expect(reply).toMatchObject({ response_type: "ephemeral" });
    expect(slackText(reply)).toContain("/invite");
    expect(slackText(reply)).not.toContain("minji");
    expect(await store().subscription("slack", PRIVATE)).toBeNull();
    expect(await deliverOne()).toHaveLength(0);
  });

  it("work once the bot is invited, though it cannot join a private channel itself", async () => {
    await alertsOn();
    api.joined.add(PRIVATE);
    const reply = await alertsOn();
    expect(slackText(reply)).toContain("minji");
    expect(await store().subscription("slack", PRIVATE)).toMatchObject({ active: true });
    expect(await deliverOne()).toHaveLength(1);
  });
});
