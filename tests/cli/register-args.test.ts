import { describe, expect, it } from "vitest";
import { parseRegisterArgs, RegisterArgsError } from "../../src/cli/register-args";

describe("npm run register's command line", () => {
  it("registers Discord's commands globally when told nothing", () => {
    expect(parseRegisterArgs([])).toEqual({ platform: "discord", guild: undefined, url: undefined, help: false });
  });

  it("takes --guild, --platform and --url in both spellings, so none is dropped for a global registration", () => {
    expect(parseRegisterArgs(["--guild", "123"]).guild).toBe("123");
    expect(parseRegisterArgs(["--guild=123"]).guild).toBe("123");
    expect(parseRegisterArgs(["--platform=slack", "--url=https://bot.example.workers.dev"])).toMatchObject({
      platform: "slack",
      url: "https://bot.example.workers.dev",
    });
  });

  it("answers --help with the usage instead of registering", () => {
    expect(parseRegisterArgs(["--help"]).help).toBe(true);
  });

  it.each([
    [["--gild", "123"], /Unknown argument "--gild"/],
    [["guild", "123"], /Unknown argument "guild"/],
    [["--guild"], /--guild needs a value/],
    [["--platform", "teams"], /--platform takes one of discord, slack/],
    [["--url", "https://bot.example.workers.dev"], /--url is for --platform slack/],
    [["--platform", "slack", "--guild", "123"], /--guild is for --platform discord/],
  ])("refuses %j with a clear message", (argv, message) => {
    expect(() => parseRegisterArgs(argv)).toThrow(RegisterArgsError);
    expect(() => parseRegisterArgs(argv)).toThrow(message);
  });
});
