import { beforeEach, describe, expect, it } from "vitest";
import { discordAlerts, MANAGE_CHANNELS, slackAlerts, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";

beforeEach(async () => {
  await seedContent();
  new MockApis().install();
});

describe("/renewal alerts on Discord", () => {
  it("turns alerts on for an administrator, privately, in the asker's language", async () => {
    const reply = await discordAlerts("on", "c-1", { locale: "ko" });
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("알림을 켰어요");
    const sub = await store().subscription("discord", "c-1");
    expect(sub).toMatchObject({ active: true, locale: "ko", workspaceId: "300000000000000001", subscribedBy: "501" });
  });

  it("lets a member with Manage Channels turn alerts on", async () => {
    const reply = await discordAlerts("on", "c-2", { member: { user: { id: "7" }, permissions: MANAGE_CHANNELS } });
    expect(reply.data.content).toContain("Renewal alerts are on");
  });

  it("refuses a member without permission, privately, and stores nothing", async () => {
    const reply = await discordAlerts("on", "c-3", { member: { user: { id: "7" }, permissions: String(1 << 11) } });
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("Manage Channels");
    expect(await store().subscription("discord", "c-3")).toBeNull();
    const off = await discordAlerts("off", "c-3", { member: { user: { id: "7" }, permissions: "0" } });
    expect(off.data.content).toContain("Manage Channels");
  });

  it("names who may turn alerts on as the asker's client names the permissions, whatever language the answer is in", async () => {
    const member = { user: { id: "7" }, permissions: String(1 << 11) };
    const korean = await discordAlerts("on", "c-4", { member, locale: "ko" });
    expect(korean.data.content).toBe(
      "채널 관리 권한(관리자 (Administrator), 서버 관리하기 (Manage Server), 채널 관리하기 (Manage Channels) 중 하나)이 있는 멤버만 알림을 켜거나 끌 수 있어요.",
    );
    // An English client shows the English names, in a Korean answer too.
    const english = await discordAlerts("on", "c-4", { member, locale: "en-US" }, "ko");
    expect(english.data.content).toContain("(Administrator, Manage Server, Manage Channels 중 하나)");
    const indonesian = await discordAlerts("on", "c-4", { member, locale: "id" });
    expect(indonesian.data.content).toContain("Kelola Saluran (Manage Channels)");
    expect(indonesian.data.content).not.toContain("Kelola Channel");
    expect(await store().subscription("discord", "c-4")).toBeNull();
  });

  it("refuses in a DM", async () => {
    const reply = await discordAlerts("on", "dm-1", {
      guild_id: undefined,
      member: undefined,
      user: { id: "9", username: "fan" },
    });
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("not in a DM");
  });

  it("says which permission the bot lacks in the channel", async () => {
    const viewAndSend = String((1 << 10) | (1 << 11));
    const reply = await discordAlerts("on", "c-4", { app_permissions: viewAndSend });
    expect(reply.data.flags).toBe(64);
    // Named as Discord's channel settings name them, not as the API's flag.
    expect(reply.data.content).toContain("Embed Links");
    expect(reply.data.content).not.toMatch(/EMBED_LINKS|Send Messages|View Channel/);
    expect(await store().subscription("discord", "c-4")).toBeNull();
  });

  it("asks for Read Message History: without it Discord lists no messages, and a post whose answer was lost would look unmade", async () => {
    const noHistory = String((1 << 10) | (1 << 11) | (1 << 14));
    const reply = await discordAlerts("on", "c-5", { app_permissions: noHistory });
    expect(reply.data.content).toContain("Read Message History");
    expect(await store().subscription("discord", "c-5")).toBeNull();
  });

  it("names the missing permissions as the asker's Discord client shows them, with Discord's English name beside", async () => {
    const viewOnly = String(1 << 10);
    const ko = (await discordAlerts("on", "c-9", { app_permissions: viewOnly, locale: "ko" })).data.content;
    for (const name of ["메시지 보내기 (Send Messages)", "링크 첨부 (Embed Links)", "메시지 기록 보기 (Read Message History)"])
      expect(ko).toContain(name);
    expect(ko).not.toContain("채널 보기");
    const id = (await discordAlerts("on", "c-9", { app_permissions: viewOnly, locale: "id" })).data.content;
    expect(id).toContain("Baca Riwayat Pesan (Read Message History)");
    // Discord's client has no Tagalog (it is chosen with the language option): its settings name them in English.
    const tl = (await discordAlerts("on", "c-9", { app_permissions: viewOnly }, "tl")).data.content;
    expect(tl).toContain("Hindi pa ako makapag-post");
    // The client's language names them, not the answer's: a Korean client asking in English, an English one in Korean.
    const koreanClient = (await discordAlerts("on", "c-9", { app_permissions: viewOnly, locale: "ko" }, "en")).data.content;
    expect(koreanClient).toContain("I can't post in this channel yet");
    expect(koreanClient).toContain("메시지 기록 보기 (Read Message History)");
    const englishClient = (await discordAlerts("on", "c-9", { app_permissions: viewOnly, locale: "en-US" }, "ko")).data.content;
    expect(englishClient).toContain("아직 이 채널에 글을 올릴 수 없어요");
    expect(englishClient).toContain("Send Messages, Embed Links, Read Message History");
    expect(tl).toContain("Send Messages, Embed Links, Read Message History");
    expect(await store().subscription("discord", "c-9")).toBeNull();
  });

  it("asks for Connect in a voice or stage channel's text chat, whose messages Discord does not list to the bot without it", async () => {
    const withHistory = String((1 << 10) | (1 << 11) | (1 << 14) | (1 << 16));
    for (const [channelId, type] of [
      ["v-1", 2],
      ["v-2", 13],
    ] as const) {
      const reply = await discordAlerts("on", channelId, { channel: { id: channelId, type }, app_permissions: withHistory });
      expect(reply.data.content).toContain("Connect");
      expect(await store().subscription("discord", channelId)).toBeNull();
    }
    const withConnect = String((1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 20));
    const reply = await discordAlerts("on", "v-3", { channel: { id: "v-3", type: 2 }, app_permissions: withConnect });
    expect(reply.data.content).toContain("Renewal alerts are on");
    // A text channel needs no Connect.
    await discordAlerts("on", "c-8", { channel: { id: "c-8", type: 0 }, app_permissions: withHistory });
    expect((await store().subscription("discord", "c-8"))?.active).toBe(true);
  });

  it("keeps alerts on in a channel that lacks a permission since, changes their language, and names what is missing", async () => {
    await discordAlerts("on", "c-6");
    const noHistory = String((1 << 10) | (1 << 11) | (1 << 14));
    const reply = await discordAlerts("on", "c-6", { app_permissions: noHistory, locale: "ko" });
    expect(reply.data.content).toContain("Read Message History");
    expect(reply.data.content).toContain("알림은 계속 켜져 있고");
    expect(await store().subscription("discord", "c-6")).toMatchObject({ active: true, locale: "ko" });
  });

  it("still refuses a channel already on where the bot may no longer post, changing nothing", async () => {
    await discordAlerts("on", "c-7");
    const noSend = String((1 << 10) | (1 << 14) | (1 << 16));
    const reply = await discordAlerts("on", "c-7", { app_permissions: noSend, locale: "ko" });
    expect(reply.data.content).toContain("Send Messages");
    expect(await store().subscription("discord", "c-7")).toMatchObject({ active: true, locale: "en" });
  });

  it("shows the status: off, then on since when and in which language, then stopped and why", async () => {
    expect((await discordAlerts("status", "c-5")).data.content).toContain("**off**");
    await discordAlerts("on", "c-5", { locale: "id" });
    const on = await discordAlerts("status", "c-5");
    expect(on.data.flags).toBe(64);
    expect(on.data.content).toMatch(/\*\*on\*\* here since \d{1,2} \w+ \d{4}, in Indonesian/);
    const sub = await store().subscription("discord", "c-5");
    await store().disable(sub!.id, "Discord 403 50001: Missing Access", Date.now());
    const stopped = await discordAlerts("status", "c-5");
    expect(stopped.data.content).toContain("**stopped**");
    expect(stopped.data.content).toContain("Missing Access");
  });

  it("dates the status by the day its reader's country had, not UTC's", async () => {
    // 08:30 in Seoul and 06:30 in Jakarta on 1 April are still 31 March in UTC.
    const at = Date.UTC(2026, 2, 31, 23, 30);
    await store().subscribe({ platform: "discord", workspaceId: "300000000000000001", channelId: "c-8", locale: "ko", now: at });
    expect((await discordAlerts("status", "c-8", { locale: "ko" })).data.content).toContain("2026년 4월 1일부터");
    expect((await discordAlerts("status", "c-8", { locale: "id" })).data.content).toContain("sejak 1 April 2026");
    expect((await discordAlerts("status", "c-8", {}, "tl")).data.content).toContain("mula Abril 1, 2026");
    expect((await discordAlerts("status", "c-8")).data.content).toContain("since 31 March 2026");
  });

  it("turns alerts off, and on again re-enables the same subscription", async () => {
    await discordAlerts("on", "c-6");
    const { id } = (await store().subscription("discord", "c-6"))!;
    expect((await discordAlerts("off", "c-6")).data.content).toContain("off");
    expect((await store().subscription("discord", "c-6"))?.active).toBe(false);
    const status = (await discordAlerts("status", "c-6")).data.content;
    expect(status).toContain("turned off on");
    expect(status).toContain("`/renewal alerts:on`");
    await store().disable(id, "Discord 404 10003: Unknown Channel", Date.now());
    expect((await discordAlerts("on", "c-6")).data.content).toContain("Renewal alerts are on");
    expect(await store().subscription("discord", "c-6")).toMatchObject({ id, active: true, disabledReason: null });
  });

  it("answers a second 'on' with the existing subscription, and a new language updates it", async () => {
    await discordAlerts("on", "c-7");
    expect((await discordAlerts("on", "c-7")).data.content).toContain("already on");
    expect((await discordAlerts("on", "c-7", { locale: "ko" })).data.content).toContain("한국어");
    expect((await store().subscription("discord", "c-7"))?.locale).toBe("ko");
  });

  it("refuses an alerts value that is not a choice", async () => {
    const reply = await discordAlerts("maybe", "c-8");
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("on, off, status, follow");
  });
});

describe("/renewal alerts on Discord, when one permission is missing", () => {
  const noHistory = String((1 << 10) | (1 << 11) | (1 << 14));
  const noEmbeds = String((1 << 10) | (1 << 11) | (1 << 16));

  it("asks for it as one permission, in English and Tagalog, which tell one from several", async () => {
    expect((await discordAlerts("on", "c-1", { app_permissions: noHistory })).data.content).toBe(
      "I can't post in this channel yet. Give me this permission here, then try again: Read Message History.",
    );
    expect((await discordAlerts("follow", "c-1", { app_permissions: noHistory })).data.content).toBe(
      "I can't post in this channel yet. Give me this permission here, then try again: Manage Webhooks.",
    );
    expect((await discordAlerts("on", "c-1", { app_permissions: noHistory }, "tl")).data.content).toBe(
      "Hindi pa ako makapag-post sa channel na ito. Ibigay muna ang pahintulot na ito rito, saka subukan ulit: Read Message History.",
    );
    // Several are still asked for as several.
    expect((await discordAlerts("on", "c-1", { app_permissions: String(1 << 10) })).data.content).toContain(
      "Give me these permissions here, then try again: Send Messages, Embed Links, Read Message History.",
    );
  });

  it("says so of a channel whose alerts stay on, and of one whose alerts stopped", async () => {
    await discordAlerts("on", "c-2");
    expect((await discordAlerts("on", "c-2", { app_permissions: noHistory })).data.content).toContain(
      "Alerts stay on, but I lack this permission here: Read Message History. Give it, or posts may fail",
    );
    expect((await discordAlerts("on", "c-2", { app_permissions: noHistory }, "tl")).data.content).toContain(
      "pero wala pa akong pahintulot na ito rito: Read Message History. Ibigay ito, o baka",
    );
    await store().disable(
      (await store().subscription("discord", "c-2"))!.id,
      "Discord 403 50013: Missing Permissions",
      Date.now(),
    );
    expect((await discordAlerts("status", "c-2", { app_permissions: noEmbeds })).data.content).toContain(
      "I was no longer allowed to post here. Give me this permission here: Embed Links, then turn alerts on again with `/renewal alerts:on`.",
    );
    expect((await discordAlerts("status", "c-2", { app_permissions: noEmbeds }, "tl")).data.content).toContain(
      "Ibigay sa akin dito ang pahintulot na ito: Embed Links, saka i-on ulit",
    );
  });
});

describe("/renewal alerts on Slack", () => {
  it("lets anyone turn alerts on and says so in the channel, naming who did", async () => {
    const reply = await slackAlerts("alerts on", "C-1");
    expect(reply.response_type).toBe("in_channel");
    expect(reply.text).toContain("minji turned on renewal alerts");
    expect(await store().subscription("slack", "C-1")).toMatchObject({ active: true, workspaceId: "T0001" });
  });

  it("shows the name of who turned alerts on as written, never as formatting", async () => {
    const { slashBody, sendSlackRaw } = await import("../helpers/slack");
    const response = await sendSlackRaw(slashBody("/renewal", "alerts on", { channel_id: "C-9", user_name: "_min.ji_" }));
    const reply = (await response.json()) as { response_type: string; text: string };
    expect(reply.response_type).toBe("in_channel");
    // Slack would show _min.ji_ in italics; the underscores stay visible instead.
    expect(reply.text).not.toContain("_min.ji_");
    expect(reply.text.replace(/\u200b/g, "")).toContain("ˍmin.jiˍ turned on renewal alerts");
  });

  it("keeps the language of lang:xx", async () => {
    await slackAlerts("alerts on lang:tl", "C-2");
    expect((await store().subscription("slack", "C-2"))?.locale).toBe("tl");
  });

  it("shows the status privately and turns alerts off in the channel", async () => {
    await slackAlerts("alerts on", "C-3");
    const status = await slackAlerts("alerts status", "C-3");
    expect(status.response_type).toBe("ephemeral");
    expect(status.text).toContain("on here since");
    const off = await slackAlerts("alerts off", "C-3");
    expect(off.response_type).toBe("in_channel");
    expect(off.text).toContain("minji turned off renewal alerts");
    // How to turn them on again, as typed on Slack.
    const again = await slackAlerts("alerts status", "C-3");
    expect(again.text).toContain("/renewal alerts on");
    expect(again.text).not.toContain("alerts:on");
  });

  it("answers an unknown alerts word with the usage line", async () => {
    const reply = await slackAlerts("alerts sometimes", "C-4");
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("Usage: `/renewal [alerts on|off|status]");
    // Following is Discord's: Slack's refusal does not offer it.
    expect(reply.text).toContain("on, off, status");
    expect(reply.text).not.toContain("follow");
  });
});
