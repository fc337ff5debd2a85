import { describe, expect, it } from "vitest";
import { secretArgsProblem, secretNameProblem, secretValue } from "../../src/cli/secret-name";
import { SECRET_NAMES } from "../../src/env";

describe("npm run deploy -- secret NAME", () => {
  it("puts every secret the bot reads, and news discovery's optional vars", () => {
    for (const name of [...SECRET_NAMES, "REVIEWER_IDS"]) expect(secretNameProblem(name), name).toBeUndefined();
  });

  it("refuses a name the bot never reads, naming the secrets it does", () => {
    expect(secretNameProblem("SLACK_SIGNING_SECRT")).toMatch(
      /^The bot reads no secret named SLACK_SIGNING_SECRT\. Its secrets are /,
    );
    expect(secretNameProblem("SLACK_SIGNING_SECRT")).toContain("SLACK_SIGNING_SECRET");
    // npm start's own signing key is for npm run try, never for a deployed bot.
    expect(secretNameProblem("DEV_DISCORD_PRIVATE_KEY")).toBeDefined();
  });

  it("gives the usage for a missing or lowercase name", () => {
    expect(secretNameProblem("")).toMatch(/^usage: /);
    expect(secretNameProblem("discord_bot_token")).toMatch(/^usage: /);
  });
});

describe("npm run deploy -- secret NAME's command line and value", () => {
  it("refuses anything after the name, which would be ignored while the secret is put all the same", () => {
    expect(secretArgsProblem(["secret", "DISCORD_BOT_TOKEN"])).toBeUndefined();
    expect(secretArgsProblem(["secret", "DISCORD_BOT_TOKEN", "--dry-run"])).toMatch(/"--dry-run"/);
    expect(secretArgsProblem(["secret"])).toMatch(/^usage: /);
  });

  it("stores the value as wrangler does, its trailing whitespace dropped, and finds none in blank lines", () => {
    expect(secretValue("MTIz.abc.def\n")).toBe("MTIz.abc.def");
    expect(secretValue("MTIz.abc.def\r\n")).toBe("MTIz.abc.def");
    // Enter pressed twice before Ctrl-D: wrangler would put an empty secret over the one set before.
    for (const blank of ["", "\n", "\n\n", " \r\n", "\t"]) expect(secretValue(blank), JSON.stringify(blank)).toBeUndefined();
  });
});
