// The platform contract: one record of every platform, each implementing every piece. The type-level
// checks below fail `npm run typecheck` if a platform forgets a piece or the record misses a platform.
import { describe, expect, it } from "vitest";
import { discord } from "../src/discord/platform";
import { PLATFORM_NAMES, type Platform, type PlatformName } from "../src/platform";
import { PLATFORMS } from "../src/platforms";

// A platform without a way to post does not compile.
const { post: _post, ...withoutPost } = discord;
// @ts-expect-error: `post` is missing
const _incomplete: Platform = withoutPost;

// A record that misses a platform does not compile.
const { slack: _slack, ...withoutSlack } = PLATFORMS;
// @ts-expect-error: `slack` is missing
const _partial: { readonly [P in PlatformName]: Platform } = withoutSlack;

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
