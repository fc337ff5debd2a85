// Renewal alerts turned on inside a thread: Discord lets the bot post in a thread with "Send Messages in
// Threads", not "Send Messages", so the permission check has to ask for the one that applies there.
import { beforeEach, describe, expect, it } from "vitest";
import { discordAlerts, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";

const VIEW = 1n << 10n;
const SEND = 1n << 11n;
const EMBED = 1n << 14n;
const HISTORY = 1n << 16n;
const SEND_IN_THREADS = 1n << 38n;
const MANAGE_THREADS = 1n << 34n;
const ADMINISTRATOR = 1n << 3n;
const PUBLIC_THREAD = 11;

const inThread = (channelId: string, appBits: bigint) => ({
  channel: { id: channelId, type: PUBLIC_THREAD, parent_id: "400000000000000001" },
  app_permissions: String(appBits),
});

beforeEach(async () => {
  await seedContent();
  new MockApis().install();
});

/** A thread a moderator locked, as Discord describes it in the interaction's channel. */
const inLockedThread = (channelId: string, appBits: bigint) => ({
  channel: {
    ...inThread(channelId, appBits).channel,
    thread_metadata: {
      archived: false,
      locked: true,
      auto_archive_duration: 10080,
      archive_timestamp: "2025-01-01T00:00:00.000Z",
    },
  },
  app_permissions: String(appBits),
});

describe("/renewal alerts:on in a thread", () => {
  it("refuses, naming Read Message History, when the bot could not find a post whose answer was lost", async () => {
    const reply = await discordAlerts("on", "t-3", inThread("t-3", VIEW | EMBED | SEND_IN_THREADS));
    expect(reply.data.content).toContain("Read Message History");
    expect(await store().subscription("discord", "t-3")).toBeNull();
  });

  it("refuses, naming Send Messages in Threads, when the bot may send in the channel but not in its threads", async () => {
    const reply = await discordAlerts("on", "t-1", inThread("t-1", VIEW | SEND | EMBED));
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("Send Messages in Threads");
    expect(await store().subscription("discord", "t-1")).toBeNull();
  });

  it("turns alerts on when the bot may send in threads, whatever it may do in the parent channel", async () => {
    const reply = await discordAlerts("on", "t-2", inThread("t-2", VIEW | EMBED | HISTORY | SEND_IN_THREADS));
    expect(reply.data.content).toContain("Renewal alerts are on");
    expect((await store().subscription("discord", "t-2"))?.active).toBe(true);
  });

  it("still asks for Send Messages in an ordinary text channel", async () => {
    const reply = await discordAlerts("on", "c-1", {
      channel: { id: "c-1", type: 0 },
      app_permissions: String(VIEW | EMBED | SEND_IN_THREADS),
    });
    expect(reply.data.content).toContain("Send Messages");
    expect(reply.data.content).not.toContain("in Threads");
    expect(await store().subscription("discord", "c-1")).toBeNull();
  });

  it("refuses in a locked thread where the bot may not post (it lacks Manage Threads), saying the thread is locked", async () => {
    const reply = await discordAlerts("on", "t-4", inLockedThread("t-4", VIEW | EMBED | HISTORY | SEND_IN_THREADS));
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("locked this thread");
    expect(await store().subscription("discord", "t-4")).toBeNull();
  });

  it("refuses in a thread locked since its alerts were turned on, rather than say they are on", async () => {
    await discordAlerts("on", "t-5", inThread("t-5", VIEW | EMBED | HISTORY | SEND_IN_THREADS));
    const reply = await discordAlerts("on", "t-5", inLockedThread("t-5", VIEW | EMBED | HISTORY | SEND_IN_THREADS));
    expect(reply.data.content).toContain("locked this thread");
  });

  it.each([
    ["Manage Threads", VIEW | EMBED | HISTORY | SEND_IN_THREADS | MANAGE_THREADS],
    ["Administrator", ADMINISTRATOR],
  ])("turns alerts on in a locked thread when the bot has %s, which lets it post there", async (_name, bits) => {
    const reply = await discordAlerts("on", "t-6", inLockedThread("t-6", bits));
    expect(reply.data.content).toContain("Renewal alerts are on");
    expect((await store().subscription("discord", "t-6"))?.active).toBe(true);
  });
});
