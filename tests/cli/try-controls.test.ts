// `npm run try` lists an answer's buttons as the platform shows them: one the client greys out (the Next
// button of the last episode) is marked so, and clicking it anyway says that no one could.
import { afterEach, describe, expect, it, vi } from "vitest";
import { findControl, parseLast, printControls } from "../../src/cli/try-kit";

afterEach(() => vi.restoreAllMocks());

/** What console.log is given from now on, line by line. */
const lines = () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  log.mockClear();
  return () => log.mock.calls.map((call) => String(call[0]));
};

describe("npm run try's buttons", () => {
  const controls = [
    { id: "ep:7:en", label: "◀ Previous" },
    { id: "ep:9:en", label: "Next ▶", disabled: true },
  ];

  it("marks a disabled button, and only that one", () => {
    const printed = lines();
    printControls(controls);
    expect(printed()).toEqual(["", "[◀ Previous]  --click ep:7:en", "[Next ▶]  --click ep:9:en  (disabled)"]);
  });

  it("clicks a disabled button only with a note that no one could", () => {
    const printed = lines();
    expect(findControl(controls, { id: "ep:9:en" }).id).toBe("ep:9:en");
    expect(printed().join("\n")).toContain('"ep:9:en" is disabled');
    const quiet = lines();
    findControl(controls, { id: "ep:7:en" });
    expect(quiet()).toEqual([]);
  });
});

describe("npm run try's last answer, as --click reads it back", () => {
  const kept = { platform: "slack", channel: "C1", message: { blocks: [] }, messageTs: "1.2" };

  it("reads back what it kept", () => {
    expect(parseLast(JSON.stringify(kept))).toEqual(kept);
  });

  it("takes a file cut short, edited into something else or naming another platform as no answer, not a crash", () => {
    const text = JSON.stringify(kept);
    expect(parseLast(text.slice(0, text.length / 2))).toBeNull();
    expect(parseLast("")).toBeNull();
    expect(parseLast("[]")).toBeNull();
    expect(parseLast(JSON.stringify({ ...kept, platform: "teams" }))).toBeNull();
    expect(parseLast(JSON.stringify({ ...kept, message: null }))).toBeNull();
  });
});
