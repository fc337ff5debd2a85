// Answers kept for the pacer ride with the sender's next reservation; when that call fails, they are kept
// for the one after. A call can fail after the pacer has already applied them (its answer lost on the way
// back, or a failure partway through), so the same answers come again: each 401, 403 and 429 must still
// count once toward Discord's 10,000 invalid requests in 10 minutes, or the pacer stops sending early.
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, it, onTestFinished, vi } from "vitest";
import { note, type PaceKey, pacerName, reserve } from "../../src/pacing/index";
import { Limiter } from "../../src/pacing/limiter";
import { Pacer } from "../../src/pacing/pacer";
import { bucketHeaders } from "./windows";

const ROUTE = "POST /channels/{channel.id}/messages";

/** Discord's answers, as its API sends them, and whether each counts as an invalid request. */
const ANSWERS = {
  ok: { status: 200, headers: () => bucketHeaders(3, "4.5"), invalid: false },
  forbidden: { status: 403, headers: () => bucketHeaders(3, "4.5"), invalid: true },
  limited: {
    status: 429,
    headers: () => bucketHeaders(0, "1", "abcd", { "retry-after": "1", "x-ratelimit-scope": "user" }),
    invalid: true,
  },
  shared: {
    status: 429,
    headers: () => bucketHeaders(0, "1", "abcd", { "retry-after": "1", "x-ratelimit-scope": "shared" }),
    invalid: false,
  },
} as const;

/**
 * How one reservation ends: answered; failed once the pacer applied what it carried, or partway through
 * applying it; or its answer lost after the pacer saved its state, the object perhaps evicted then.
 */
type Failure =
  | { kind: "none" }
  | { kind: "afterApplying" }
  | { kind: "partway"; at: number }
  | { kind: "afterSaving"; evicted: boolean };

const failure: fc.Arbitrary<Failure> = fc.oneof(
  fc.constant({ kind: "none" } as const),
  fc.constant({ kind: "afterApplying" } as const),
  fc.nat(5).map((at) => ({ kind: "partway", at }) as const),
  fc.boolean().map((evicted) => ({ kind: "afterSaving", evicted }) as const),
);

it("counts each invalid answer once whatever reservations fail", { timeout: 120_000 }, async () => {
  const { observe, reserve: reserveSlots } = Limiter.prototype;
  /** The reports the pacer applies before a failure, when the next reservation fails partway. */
  let failAfter: number | undefined;
  let loseAnswer = false;
  const applied = vi.spyOn(Limiter.prototype, "observe").mockImplementation(function (this: Limiter, ...args) {
    if (failAfter !== undefined && failAfter-- === 0) throw new Error("the pacer stopped partway");
    return observe.apply(this, args);
  });
  const reserved = vi.spyOn(Limiter.prototype, "reserve").mockImplementation(function (this: Limiter, ...args) {
    if (loseAnswer) throw new Error("the answer was lost");
    return reserveSlots.apply(this, args);
  });
  const save = (Pacer.prototype as unknown as { save(limiter: Limiter): void }).save;
  let loseAfterSaving = false;
  const saved = vi.spyOn(Pacer.prototype as unknown as { save(limiter: Limiter): void }, "save").mockImplementation(function (
    this: Pacer,
    limiter: Limiter,
  ) {
    save.call(this, limiter);
    if (loseAfterSaving) throw new Error("the answer was lost on its way back");
  });
  onTestFinished(() => {
    applied.mockRestore();
    reserved.mockRestore();
    saved.mockRestore();
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          heard: fc.array(fc.constantFrom(...(Object.keys(ANSWERS) as (keyof typeof ANSWERS)[])), { maxLength: 6 }),
          failure,
        }),
        { minLength: 1, maxLength: 8 },
      ),
      async (steps) => {
        const lane = "POST /channels/700000000000000009/messages";
        const key: PaceKey = { platform: "discord", token: `token-once-${crypto.randomUUID()}`, route: ROUTE, lane };
        const stub = env.PACER.get(env.PACER.idFromName(await pacerName(key))) as unknown as DurableObjectStub<Pacer>;
        let invalid = 0;
        for (const { heard, failure } of steps) {
          for (const name of heard) {
            await note(key, ANSWERS[name].status, ANSWERS[name].headers());
            if (ANSWERS[name].invalid) invalid++;
          }
          loseAnswer = failure.kind === "afterApplying";
          failAfter = failure.kind === "partway" ? failure.at : undefined;
          loseAfterSaving = failure.kind === "afterSaving";
          await reserve(env, key, 1, 0, [lane]).catch(() => undefined);
          loseAnswer = false;
          failAfter = undefined;
          loseAfterSaving = false;
          if (failure.kind === "afterSaving" && failure.evicted) await evictDurableObject(stub);
        }
        // A reservation that goes through carries whatever was left.
        await reserve(env, key, 1, 0, [lane]);
        expect(await stub.invalidCount("discord"), "invalid answers the pacer counted").toBe(invalid);
      },
    ),
    { seed: 2026_12_06, numRuns: 30 },
  );
});
