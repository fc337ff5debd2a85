// The interaction line is written out by hand rather than serialized from an object: whatever a request
// puts in the command's name or the id, it must stay one JSON line with the same fields.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type InteractionKind, type InteractionOutcome, logInteraction } from "../src/log";

// A failure prints its seed; replay it with FC_SEED=<seed> npm test.
const params = { numRuns: 300, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) };

const KINDS: InteractionKind[] = ["command", "autocomplete", "component", "unsupported"];
const OUTCOMES: InteractionOutcome[] = ["cached", "ok", "hint", "error", "unsupported"];

describe("logInteraction", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes the same JSON as serializing the fields, for any command name and id", () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    fc.assert(
      fc.property(
        fc.constantFrom("discord" as const, "slack" as const),
        fc.constantFrom(...KINDS),
        fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constant(""), fc.constant('"},"outcome":"ok')),
        fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constant("\u2028\u0000\\")),
        fc.constantFrom(...OUTCOMES),
        fc.nat(),
        (platform, kind, command, id, outcome, ms) => {
          lines.length = 0;
          logInteraction(platform, kind, command, id, outcome, ms);
          expect(lines).toHaveLength(1);
          expect(lines[0]).not.toContain("\n");
          const expected = { event: "interaction", platform, kind, command: command || undefined, id, outcome, ms };
          expect(lines[0]).toBe(JSON.stringify(expected));
        },
      ),
      params,
    );
  });
});
