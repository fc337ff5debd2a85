// countedD1 is D1 with a count. D1's query methods always answer with a promise (an error is a
// rejection); wrapped, they are checked against what the news code uses.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Budget, countedD1 } from "../../src/delivery/budget";
import { BudgetSpent } from "../../src/platform-outcome";

describe("countedD1 as D1", () => {
  it("answers like D1: first with a column, raw, batch of wrapped statements, SQL errors as rejections", async () => {
    const budget = new Budget(20);
    const db = countedD1(env.DB, budget);
    expect(await db.prepare("SELECT ?1 AS one").bind(1).first("one")).toBe(1);
    expect(await db.prepare("SELECT 1 AS one, 2 AS two").raw()).toEqual([[1, 2]]);
    expect(await db.prepare("SELECT 1 AS one").raw({ columnNames: true })).toEqual([["one"], [1]]);
    const [a, b] = await db.batch<{ v: number }>([db.prepare("SELECT ?1 AS v").bind(7), db.prepare("SELECT 8 AS v")]);
    expect(a?.results).toEqual([{ v: 7 }]);
    expect(b?.results).toEqual([{ v: 8 }]);
    const bad = db.prepare("SELECT * FROM no_such_table").all();
    await expect(bad).rejects.toThrow(/no such table/);
    expect(budget.used).toBe(6);
  });

  it("a query past the budget is a rejected promise, as every D1 error is, not a throw from the call", async () => {
    const db = countedD1(env.DB, new Budget(0));
    const statement = db.prepare("SELECT 1 AS one");
    let answer: Promise<unknown> | undefined;
    expect(() => {
      answer = statement.first("one");
    }, "first() past the budget").not.toThrow();
    await expect(answer).rejects.toBeInstanceOf(BudgetSpent);
    let batched: Promise<unknown> | undefined;
    expect(() => {
      batched = db.batch([statement]);
    }, "batch() past the budget").not.toThrow();
    await expect(batched).rejects.toBeInstanceOf(BudgetSpent);
  });
});
