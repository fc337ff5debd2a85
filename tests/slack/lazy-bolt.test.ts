// This file runs in its own isolate: nothing else has loaded Bolt before it starts.
import { describe, expect, it } from "vitest";
import { isBoltLoaded } from "../../src/slack/route";
import { seedContent } from "../helpers/content";
import { autocomplete, send, slash, str } from "../helpers/discord";
import { sendSlash, slackJson, slackText } from "../helpers/slack";

describe("the Discord path and Bolt", () => {
  it("answers Discord commands without ever loading Bolt, which the first Slack command then loads", async () => {
    await seedContent();
    expect(isBoltLoaded()).toBe(false);
    await send({ id: "1", application_id: "1", type: 1, token: "t", version: 1 });
    await send(slash("character", [str("name", "baek")]));
    await send(autocomplete("character", [str("name", "ba", true)]));
    await send(slash("renewal"));
    expect(isBoltLoaded()).toBe(false);
    // Slack requests that never reach a command do not load it either.
    await sendSlash("/episode", "3", { signature: "v0=00" });
    expect(isBoltLoaded()).toBe(false);
    // Bolt answers for real with its unused modules replaced by ones that throw on any use.
    const reply = await slackJson(await sendSlash("/episode", "3"));
    expect(reply.response_type).toBe("in_channel");
    expect(slackText(reply)).toContain("3");
    expect(isBoltLoaded()).toBe(true);
  });

  it("runs the tests with the same replaced modules as the deployed Worker", async () => {
    // Aliased like wrangler.toml's [alias] (vitest.config.ts reads it), so Bolt here is the slim Bolt.
    const http = (await import("node:http")) as unknown as { default: { request: unknown } };
    expect(() => http.default.request).toThrow(/replaces with an empty one/);
    const express = (await import("express")) as unknown as { default: { Router: unknown } };
    expect(() => express.default.Router).toThrow(/replaces with an empty one/);
  });
});
