import { describe, expect, it } from "vitest";
import { parseDevVars } from "../../src/cli/dev-vars";

describe(".dev.vars as the tools read it", () => {
  it("reads each value as wrangler dev does, so npm run try signs with the secret the bot checks", () => {
    const text = [
      "# Development keys",
      "SLACK_SIGNING_SECRET='0a1b2c3d'",
      'DISCORD_BOT_TOKEN="MTIz.abc#def"   # the bot token',
      "DISCORD_APPLICATION_ID=123456789012345678 # General Information",
      "export REVIEWER_IDS=U01,U02",
      "DEV_DISCORD_PRIVATE_KEY=MC4CAQAwBQYDK2VwBCIEI+/=",
      "",
    ].join("\n");
    expect(parseDevVars(text)).toEqual({
      SLACK_SIGNING_SECRET: "0a1b2c3d",
      DISCORD_BOT_TOKEN: "MTIz.abc#def",
      DISCORD_APPLICATION_ID: "123456789012345678",
      REVIEWER_IDS: "U01,U02",
      DEV_DISCORD_PRIVATE_KEY: "MC4CAQAwBQYDK2VwBCIEI+/=",
    });
  });

  it("reads a file written on Windows, and one line with no value as empty", () => {
    expect(parseDevVars("SLACK_SIGNING_SECRET=abc\r\nDISCORD_PUBLIC_KEY=\r\n")).toEqual({
      SLACK_SIGNING_SECRET: "abc",
      DISCORD_PUBLIC_KEY: "",
    });
  });
});
