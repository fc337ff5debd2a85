import { describe, expect, it } from "vitest";
import { secretNameProblem } from "../../src/cli/secret-name";
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
