// Outbound calls held or slowed, and the test's clocks moved, to stage races between workers.
import { afterEach, beforeEach, vi } from "vitest";

/**
 * Holds the first outbound call whose URL ends with `held` until `release()` (`stalled` resolves once it
 * is held); `onNext(suffix, run)` runs `run` when the next call ending with `suffix` has been answered.
 */
export function holdFirst(held: string) {
  const inner = vi.mocked(globalThis.fetch).getMockImplementation() as typeof fetch;
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let reached!: () => void;
  const stalled = new Promise<void>((r) => {
    reached = r;
  });
  let holding = true;
  let next: { suffix: string; run: () => Promise<void> } | undefined;
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (holding && url.endsWith(held)) {
      holding = false;
      reached();
      await gate;
    }
    const answer = await inner(input, init);
    if (next && url.endsWith(next.suffix)) {
      const { run } = next;
      next = undefined;
      await run();
    }
    return answer;
  });
  return { release, stalled, onNext: (suffix: string, run: () => Promise<void>) => (next = { suffix, run }) };
}

/**
 * Every clock of the test (the Worker's, the pacer's, the mock APIs') as `Date.now()` plus `clock.shift`
 * ms, set back to 0 before each test. Call at the top of a test file.
 */
export function movableClock(): { shift: number } {
  const clock = { shift: 0 };
  const realNow = Date.now.bind(Date);
  beforeEach(() => {
    clock.shift = 0;
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + clock.shift);
  });
  afterEach(() => {
    vi.mocked(Date.now).mockRestore();
  });
  return clock;
}
