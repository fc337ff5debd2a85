import { describe, expect, it } from "vitest";
import { parseSeedArgs, SeedArgsError } from "../../src/cli/seed-args";

describe("npm run seed's command line", () => {
  it("seeds locally when told nothing", () => {
    expect(parseSeedArgs([])).toEqual({ remote: false, withdraw: [], help: false });
  });

  it("takes --remote and every --withdraw, in both spellings", () => {
    expect(parseSeedArgs(["--remote", "--withdraw", "a", "--withdraw=b"])).toEqual({
      remote: true,
      withdraw: ["a", "b"],
      help: false,
    });
  });

  it("answers --help with the usage instead of seeding", () => {
    expect(parseSeedArgs(["--help"]).help).toBe(true);
  });

  it.each([
    [["--withdraw"], /--withdraw needs the id/],
    [["--withdraw", "--remote"], /--withdraw needs the id/],
    [["--withdraw="], /--withdraw needs the id/],
    [["--remot"], /Unknown argument "--remot"/],
    [["item-id"], /Unknown argument "item-id"/],
    [["--withdraw", "found-7c70b1f374"], /npm run news -- withdraw 7c70b1f374/],
  ])("refuses %j with a clear message, instead of running a plain seed", (argv, message) => {
    expect(() => parseSeedArgs(argv)).toThrow(SeedArgsError);
    expect(() => parseSeedArgs(argv)).toThrow(message);
  });
});
