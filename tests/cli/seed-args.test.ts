import { describe, expect, it } from "vitest";
import { parseSeedArgs, removedItemsRefusal, SeedArgsError } from "../../src/cli/seed-args";

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

  it("seeds the local state kept in another folder with --persist-to, in both spellings, but never with --remote", () => {
    expect(parseSeedArgs(["--persist-to", "state"])).toMatchObject({ remote: false, persistTo: "state" });
    expect(parseSeedArgs(["--persist-to=/tmp/s", "--withdraw", "a"])).toMatchObject({ persistTo: "/tmp/s", withdraw: ["a"] });
    expect(() => parseSeedArgs(["--persist-to"])).toThrow(/--persist-to needs the folder/);
    expect(() => parseSeedArgs(["--remote", "--persist-to", "state"])).toThrow(/no meaning with --remote/);
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

describe("npm run seed's refusal to drop delivered items", () => {
  /** The command the refusal tells the operator to run, as its arguments after `--`. */
  const suggested = (message: string) => /`npm run seed -- ([^`]*)`/.exec(message)?.[1]?.split(" ") ?? [];

  it.each([[["renamed-item"]], [["first-item", "second-item"]]])("suggests a seed that withdraws every one of %j", (refused) => {
    const message = removedItemsRefusal(refused);
    for (const id of refused) expect(message).toContain(id);
    // Run as told, the seed withdraws them all, instead of being refused again for the next one.
    expect(parseSeedArgs(suggested(message)).withdraw).toEqual(refused);
  });

  it("suggests withdrawing from the deployed bot when the refused seed was of the deployed bot", () => {
    const args = parseSeedArgs(suggested(removedItemsRefusal(["renamed-item"], true)));
    expect(args).toEqual({ remote: true, withdraw: ["renamed-item"], help: false });
    expect(parseSeedArgs(suggested(removedItemsRefusal(["renamed-item"]))).remote).toBe(false);
  });

  it("speaks of several items as several", () => {
    expect(removedItemsRefusal(["a", "b"])).toMatch(/were published .* no longer has them\. .* Put them back/);
    expect(removedItemsRefusal(["a"])).toMatch(/was published .* no longer has it\. .* Put it back/);
  });
});
