import { describe, expect, it } from "vitest";
import readme from "../README.md?raw";
import { README_BLOCKS, readmeBlock } from "../src/cli/readme-blocks";
import { SLACK_BOT_SCOPES } from "../src/slack/manifest";

describe("README.md", () => {
  it.each(Object.keys(README_BLOCKS))("has the %s block as `npm run readme` writes it", (name) => {
    expect(readmeBlock(readme, name), `run \`npm run readme\` to regenerate the ${name} block`).toBe(README_BLOCKS[name]?.());
  });

  it("names no Slack scope the manifest does not ask for", () => {
    // Slack scopes are resource:action (chat:write, channels:history); commands stands alone.
    const named = [...readme.matchAll(/`((?:chat|channels|groups|im|mpim|users|team|reactions|files|pins):[a-z.:]+)`/g)].map(
      (m) => m[1],
    );
    expect(named.length).toBeGreaterThan(0);
    for (const scope of named) expect(SLACK_BOT_SCOPES as readonly string[]).toContain(scope);
  });
});
