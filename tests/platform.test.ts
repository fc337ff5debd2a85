// The platform contract: one record of every platform, each implementing every piece. The type-level
// checks below fail `npm run typecheck` if a platform forgets a piece or the record misses a platform.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../commands/index";
import type { CLI_PLATFORMS } from "../src/cli/platforms";
import type { CliPlatform } from "../src/cli/try-kit";
import { discord } from "../src/discord/platform";
import type { Env } from "../src/env";
import { MalformedRequest } from "../src/http";
import { PLATFORM_NAMES, type Platform, type PlatformName } from "../src/platform";
import { PLATFORMS } from "../src/platforms";
import { hint } from "../src/reply";
import { DISCORD_PUBLIC_KEY, now, signDiscord, slash } from "./helpers/discord";
import { SLACK_SIGNING_SECRET, signSlack, slashBody } from "./helpers/slack";

// A platform without a way to post does not compile.
const { post: _post, ...withoutPost } = discord;
// @ts-expect-error: `post` is missing
const _incomplete: Platform = withoutPost;

// Nor one that cannot verify, parse, render or say how it learns the commands.
const { verify: _verify, ...withoutVerify } = discord;
// @ts-expect-error: `verify` is missing
const _unverified: Platform = withoutVerify;
const { parse: _parse, ...withoutParse } = discord;
// @ts-expect-error: `parse` is missing
const _unparsed: Platform = withoutParse;
const { render: _render, ...withoutRender } = discord;
// @ts-expect-error: `render` is missing
const _unrendered: Platform = withoutRender;
const { registration: _registration, ...withoutRegistration } = discord;
// @ts-expect-error: `registration` is missing
const _unregistered: Platform = withoutRegistration;

// A record that misses a platform does not compile.
const { slack: _slack, ...withoutSlack } = PLATFORMS;
// @ts-expect-error: `slack` is missing
const _partial: { readonly [P in PlatformName]: Platform } = withoutSlack;

// The command-line tools keep a record of their own (src/cli/platforms.ts: how `npm run try` signs, sends
// and clicks, how `npm run register` hands over the registration), keyed the same way. Only its types are
// imported: the tools run in Node.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const _cliKeys: Same<keyof typeof CLI_PLATFORMS, PlatformName> = true;
const _cliPieces: Same<(typeof CLI_PLATFORMS)[PlatformName], CliPlatform> = true;
// @ts-expect-error: `register` is missing
const _cliIncomplete: CliPlatform = { try: async () => {} };
// @ts-expect-error: `slack` is missing
const _cliPartial: typeof CLI_PLATFORMS = {} as Omit<typeof CLI_PLATFORMS, "slack">;

/** Per platform, a slash command as it arrives (body and signed headers), with its secrets in the env. */
const INBOUND: {
  readonly [P in PlatformName]: { env: Partial<Env>; command(name: string): Promise<{ body: string; headers: Headers }> };
} = {
  discord: {
    env: { DISCORD_PUBLIC_KEY },
    command: async (name) => {
      const body = JSON.stringify(slash(name));
      const timestamp = now();
      const signature = await signDiscord(body, timestamp);
      return { body, headers: new Headers({ "x-signature-ed25519": signature, "x-signature-timestamp": timestamp }) };
    },
  },
  slack: {
    env: { SLACK_SIGNING_SECRET },
    command: async (name) => {
      const body = slashBody(`/${name}`);
      const timestamp = now();
      const headers = new Headers({
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": await signSlack(body, timestamp),
      });
      return { body, headers };
    },
  },
};

const bytes = (text: string) => new TextEncoder().encode(text);

describe("the platform record", () => {
  it("has exactly one platform per name, each under its own name", () => {
    expect(Object.keys(PLATFORMS).sort()).toEqual([...PLATFORM_NAMES].sort());
    for (const [name, platform] of Object.entries(PLATFORMS)) expect(platform.name).toBe(name);
  });

  it("gives each platform its own route", () => {
    const routes = Object.values(PLATFORMS).map((p) => p.route);
    expect(new Set(routes).size).toBe(routes.length);
  });
});

describe.each(PLATFORM_NAMES)("the %s platform's request pieces", (name) => {
  const platform = PLATFORMS[name];
  const inbound = INBOUND[name];
  const platformEnv = { ...env, ...inbound.env } as Env;

  it("verifies a signed request, and refuses it once a byte of the body changes", async () => {
    const { body, headers } = await inbound.command("episode");
    expect(await platform.verify(bytes(body), headers, platformEnv)).toBe(true);
    expect(await platform.verify(bytes(`${body} `), headers, platformEnv)).toBe(false);
    expect(await platform.verify(bytes(body), new Headers(), platformEnv)).toBe(false);
  });

  it("parses a command and refuses a body that is none", async () => {
    const { body, headers } = await inbound.command("episode");
    expect(JSON.stringify(platform.parse(bytes(body), headers))).toContain("episode");
    expect(() => platform.parse(bytes("{not json"), headers)).toThrow(MalformedRequest);
  });

  it("renders a Reply as the JSON of an answer", () => {
    expect(JSON.stringify(platform.render(hint("Only you see this")))).toContain("Only you see this");
  });

  it("registers every command in the list, and only those", () => {
    const registration = JSON.stringify(platform.registration(COMMANDS, "https://bot.example.dev"));
    for (const command of COMMANDS) expect(registration).toContain(`"${name === "slack" ? "/" : ""}${command.name}"`);
    const one = JSON.stringify(platform.registration(COMMANDS.slice(0, 1), "https://bot.example.dev"));
    for (const command of COMMANDS.slice(1)) expect(one).not.toContain(`"${name === "slack" ? "/" : ""}${command.name}"`);
  });
});
