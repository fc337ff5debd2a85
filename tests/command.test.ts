// Component ids: built in one place, never cut, and each prefix owned by exactly one command.
import { describe, expect, it } from "vitest";
import { COMMANDS, findComponent } from "../commands/index";
import { COMPONENT_ID_MAX, componentId } from "../src/command";

describe("component ids", () => {
  it("refuses to build an id over the limit instead of cutting the state it carries", () => {
    expect(componentId("ch", "ko", "a".repeat(COMPONENT_ID_MAX - 6))).toHaveLength(COMPONENT_ID_MAX);
    expect(() => componentId("ch", "ko", "a".repeat(COMPONENT_ID_MAX))).toThrow(/over 100/);
  });

  it("gives each prefix to one command, and the router finds it", () => {
    const prefixes = COMMANDS.flatMap((c) => (c.components ?? []).map((k) => k.prefix));
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const prefix of prefixes) expect(findComponent(prefix)?.prefix).toBe(prefix);
    expect(findComponent("nope")).toBeUndefined();
  });
});
