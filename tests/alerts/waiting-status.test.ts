// A channel whose alerts are on while what was published waits, parked, is told so by /renewal alerts:status,
// and what it waits for: the app installed again in the workspace (its token lacks a scope the posts need),
// which the workspace can do, or a new bot token, which only the bot's operator can give. "On since"
// alone sends an admin looking for a fault in the channel while nothing arrives.
import { describe, expect, it } from "vitest";
import { planDeliveries } from "../../src/delivery/planner";
import {
  alertEnv,
  deliveryWorld,
  discordAlerts,
  publish,
  publishTo,
  recordingQueue,
  runCron,
  runQueue,
  sleep,
} from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { sendSlackRaw, slackJson, slackText, slashBody } from "../helpers/slack";
import { Browser, installWithAlerts, oauthEnv, quietOAuthWorld, type Workspace } from "../helpers/slack-oauth";

describe("/renewal alerts:status while posts wait", { timeout: 60_000 }, () => {
  it("says on Discord that posts wait for the bot's operator once its token was refused", async () => {
    const { api, queue, testEnv } = await deliveryWorld();
    const { jobs } = await publishTo(testEnv, queue, ["c-wait"]);
    api.scriptDiscord("c-wait", { status: 401, body: { message: "401: Unauthorized", code: 0 } });
    await runQueue(testEnv, jobs);
    const text = (await discordAlerts("status", "c-wait", {}, "ko")).data.content ?? "";
    // The platform is named as the rest of the Korean answers name it, not in Latin letters.
    expect(text).toContain("디스코드 쪽에서 봇의 접근을 거부했어요");
    expect(text).toContain("봇 운영자만 고칠 수 있고");
    expect(text).toMatch(/\(`Discord 401[^`]*`\)/);
    expect((await discordAlerts("status", "c-wait")).data.content).toContain(
      "but posts wait: Discord refused the bot's own access",
    );
  });

  it("says on Slack that posts wait for the app to be installed again, with the install link", async () => {
    const CLINIC: Workspace = { teamId: "T0CLINIC", name: "Night Shift Clinic" };
    await seedContent();
    const { apis, slack } = quietOAuthWorld();
    const queue = recordingQueue();
    const testEnv = alertEnv(queue, oauthEnv());
    await installWithAlerts(slack, CLINIC, ["C0CLINIC"]);
    const ask = (text: string) =>
      sendSlackRaw(slashBody("/renewal", text, { team_id: CLINIC.teamId, channel_id: "C0CLINIC", user_name: "minji" }), {
        env: oauthEnv(),
      });
    await sleep(3);
    apis.scriptSlack("C0CLINIC", { status: 200, body: { ok: false, error: "missing_scope", needed: "chat:write" } });
    await publish("season-2-filming");
    await runCron(testEnv);
    await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );

    const waiting = slackText(await slackJson(await ask("alerts status lang:id")));
    expect(waiting).toContain("kiriman sedang menunggu");
    expect(waiting).toContain("Memasangnya lagi akan memberi izin itu");
    expect(waiting).toContain("`Slack missing_scope (needed: chat:write)`");
    expect(waiting).toContain("/slack/install");

    // Installed again: what waited goes out, and the status is plainly on.
    await new Browser().install(slack, CLINIC, oauthEnv());
    await planDeliveries(testEnv, Date.now());
    await runQueue(
      testEnv,
      queue.sent.splice(0).map((m) => m.body),
    );
    expect(apis.slackIn("C0CLINIC")).toHaveLength(1);
    const on = slackText(await slackJson(await ask("alerts status")));
    expect(on).toContain("on here since");
    expect(on).not.toContain("wait");
  });
});
