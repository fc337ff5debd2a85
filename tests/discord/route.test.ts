import { describe, expect, it } from "vitest";
import { seedContent } from "../helpers/content";
import { type DiscordReply, now, send, sendRaw, signDiscord, slash, str, textOf } from "../helpers/discord";

const PING = { id: "1", application_id: "1", type: 1, token: "t", version: 1 };

describe("POST /discord/interactions: transport", () => {
  it("answers a signed PING with PONG", async () => {
    const response = await send(PING);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 1 });
  });

  it("answers a PING at the endpoint pasted with a trailing slash, as the portal would call it", async () => {
    const response = await send(PING, { path: "/discord/interactions/" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 1 });
    expect((await send(PING, { path: "/discord/interactions/", signature: null })).status).toBe(401);
  });

  it("refuses a missing signature with 401", async () => {
    expect((await send(PING, { signature: null })).status).toBe(401);
  });

  it("refuses a missing timestamp with 401", async () => {
    const body = JSON.stringify(PING);
    const request = await sendRaw(body, { signature: await signDiscord(body, now()), headers: { "x-signature-timestamp": "" } });
    expect(request.status).toBe(401);
  });

  it("refuses a signature made with another key with 401", async () => {
    expect((await send(PING, { wrongKey: true })).status).toBe(401);
  });

  it("refuses a signature over a different body with 401", async () => {
    const timestamp = now();
    const signature = await signDiscord(JSON.stringify({ ...PING, id: "2" }), timestamp);
    expect((await send(PING, { timestamp, signature })).status).toBe(401);
  });

  it("refuses a garbage signature with 401", async () => {
    expect((await send(PING, { signature: "zz".repeat(64) })).status).toBe(401);
  });

  it("refuses a correctly signed timestamp more than 5 minutes old with 401", async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    expect((await send(PING, { timestamp: stale })).status).toBe(401);
  });

  it("refuses a correctly signed timestamp more than 5 minutes ahead with 401", async () => {
    // The worker reads its clock after this one; the exact edge is pinned with a fixed clock in verify-window.
    const future = String(Math.floor(Date.now() / 1000) + 330);
    expect((await send(PING, { timestamp: future })).status).toBe(401);
  });

  it("refuses a correctly signed timestamp that is not a number of seconds with 401", async () => {
    for (const timestamp of ["soon", "NaN", "Infinity", "-Infinity", " "]) {
      expect((await send(PING, { timestamp })).status, timestamp).toBe(401);
    }
  });

  it("refuses a signature of the wrong length or odd hex with 401, never a 5xx", async () => {
    for (const signature of ["a", "ab".repeat(63), "ab".repeat(65), `${"ab".repeat(63)}a`, "ä".repeat(128)]) {
      expect((await send(PING, { signature })).status, signature).toBe(401);
    }
  });

  it("accepts a signed timestamp within the window", async () => {
    const recent = String(Math.floor(Date.now() / 1000) - 200);
    expect((await send(PING, { timestamp: recent })).status).toBe(200);
  });

  it("answers a signed body that is not JSON with 400", async () => {
    expect((await sendRaw("{not json")).status).toBe(400);
  });

  it("answers signed JSON that is not an interaction with 400", async () => {
    for (const body of ["[]", "null", "42", '"ping"', '{"type":"1"}', "{}"]) {
      expect((await sendRaw(body)).status, body).toBe(400);
    }
  });

  it("answers a command interaction without a command name with 400", async () => {
    expect((await send({ ...slash("character"), data: { id: "1", type: 1 } })).status).toBe(400);
  });

  it("answers a body over 1 MB with 413 before looking at it", async () => {
    const response = await sendRaw(`{"type":1,"pad":"${"x".repeat(1_000_001)}"}`);
    expect(response.status).toBe(413);
  });
});

describe("POST /discord/interactions: bad input from users", () => {
  it("answers an unknown command with an ephemeral explanation and HTTP 200", async () => {
    await seedContent();
    const response = await send(slash("season2"));
    expect(response.status).toBe(200);
    const reply = (await response.json()) as DiscordReply;
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("/season2");
  });

  it("answers an unknown option with an ephemeral hint", async () => {
    await seedContent();
    const reply = (await (await send(slash("character", [str("actor", "x")]))).json()) as DiscordReply;
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toContain("actor");
  });

  it("answers an option named like an object's own member (constructor, toString) as unknown, privately", async () => {
    await seedContent();
    for (const name of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
      const reply = (await (await send(slash("about", [str(name, "x")]))).json()) as DiscordReply;
      // Markdown escapes the underscores of `__proto__`.
      const named = textOf(reply).replace(/\\/g, "").includes(name);
      expect({ name, flags: reply.data.flags, named }).toEqual({ name, flags: 64, named: true });
    }
  });

  it("answers an unsupported interaction type with an ephemeral hint and HTTP 200", async () => {
    const response = await send({ ...slash("character"), type: 42 });
    expect(response.status).toBe(200);
    expect(((await response.json()) as DiscordReply).data.flags).toBe(64);
  });

  it("answers when nothing is seeded with an ephemeral 'content not available'", async () => {
    const reply = (await (await send(slash("character"))).json()) as DiscordReply;
    expect(reply.data.flags).toBe(64);
    expect(textOf(reply)).toMatch(/content isn't available/);
  });

  it("never lets a mention ping anyone", async () => {
    await seedContent();
    const reply = (await (await send(slash("character", [str("name", "@everyone")]))).json()) as DiscordReply;
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  });
});
