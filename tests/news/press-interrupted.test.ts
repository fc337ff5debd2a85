// A press on Publish or Withdraw changes the candidate's state first and then publishes or withdraws
// the item: two writes. An invocation that dies between them (the free plan's CPU limit, an isolate
// evicted) must not leave a candidate that says "published" while nothing was published, or
// "withdrawn" while the item is still delivered, with no button left that could finish the job.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { newsIdOf } from "../../src/news/publish";
import { applyReview } from "../../src/news/review";
import { NewsStore } from "../../src/news/store";
import { publishedNews } from "../../src/topics/renewal";
import { addConfirmedCandidate } from "../helpers/news";

const ID = "abcdef0123";

beforeEach(async () => {
  await env.DB.batch(
    ["news_sources", "news_candidates", "news", "deliveries", "messages"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
  const at = Date.parse("2026-11-10T00:00:00Z");
  await addConfirmedCandidate(ID, at);
});

const published = async () => (await publishedNews(env)).map((n) => n.id);

describe("a review press that died halfway", () => {
  it("publishes the item when Publish is pressed again", async () => {
    // The first press: its state change went through, then the invocation died.
    await new NewsStore(env.DB).decide(ID, "new", "published", "r1", Date.now(), {
      label: "report",
      newsId: newsIdOf({ id: ID }),
      edits: null,
    });
    expect(await published()).toEqual([]);
    // The review message still shows the Publish buttons; the reviewer presses again, and the card is
    // redrawn as published (only an answer that is ok redraws it).
    const again = await applyReview(env, "report", ID, "r1");
    expect([again.ok, again.message, again.candidate?.state]).toEqual([true, "Published as report.", "published"]);
    expect(await published()).toEqual([newsIdOf({ id: ID })]);
    const message = await env.DB.prepare("SELECT key FROM messages WHERE key = ?")
      .bind(`renewal:${newsIdOf({ id: ID })}`)
      .first();
    expect(message).not.toBeNull();
  });

  it("withdraws the item when Withdraw is pressed again", async () => {
    expect((await applyReview(env, "report", ID, "r1")).ok).toBe(true);
    expect(await published()).toEqual([newsIdOf({ id: ID })]);
    // The withdrawal's state change went through, then the invocation died.
    await new NewsStore(env.DB).decide(ID, "published", "withdrawn", "r1", Date.now());
    await applyReview(env, "withdraw", ID, "r1");
    expect(await published()).toEqual([]);
    const message = await env.DB.prepare("SELECT withdrawn_at FROM messages WHERE key = ?")
      .bind(`renewal:${newsIdOf({ id: ID })}`)
      .first<{ withdrawn_at: number | null }>();
    expect(message?.withdrawn_at).not.toBeNull();
  });
});

/** env.DB whose next batch fails: written first and its answer lost (`commit`), or not written at all. */
function failingBatchDb(commit: boolean): D1Database {
  let failed = false;
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "batch")
        return async (statements: D1PreparedStatement[]) => {
          if (failed) return target.batch(statements);
          failed = true;
          if (commit) await target.batch(statements);
          throw new Error("D1_ERROR: Network connection lost.");
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("a Publish whose write failed", () => {
  const labels = async () => ({
    published: (await publishedNews(env)).map((n) => n.label),
    candidate: await new NewsStore(env.DB).candidate(ID),
  });

  it("once written with its answer lost, stays published with the label chosen: a later press changes nothing", async () => {
    const first = await applyReview({ DB: failingBatchDb(true) }, "official", ID, "r1");
    expect(first.message).toBe("Published as official.");
    for (const verb of ["rumor", "dismiss"] as const) {
      const again = await applyReview(env, verb, ID, "r2");
      expect(again.ok, `${verb}: ${again.message}`).toBe(false);
      const { published, candidate } = await labels();
      expect(published, verb).toEqual(["official"]);
      expect([candidate?.state, candidate?.label], verb).toEqual(["published", "official"]);
    }
  });

  it("written, when whether it was could not be read either, is finished by the next press, whose card is redrawn published", async () => {
    // The batch commits and its answer is lost, and the look that follows fails too.
    let reads = 0;
    const db = new Proxy(failingBatchDb(true), {
      get(target, prop) {
        if (prop === "prepare")
          return (sql: string) => {
            if (sql.includes("SELECT 1 FROM news") && reads++ === 0) throw new Error("D1_ERROR: Network connection lost.");
            return target.prepare(sql);
          };
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const first = await applyReview({ DB: db }, "official", ID, "r1");
    expect(first.message).toContain("did not finish");
    const again = await applyReview(env, "official", ID, "r1");
    expect([again.stale, again.candidate?.state, again.candidate?.label], again.message).toEqual([true, "published", "official"]);
    expect((await labels()).published).toEqual(["official"]);
  });

  it("not written, goes back to the reviewer, who may choose another label", async () => {
    const first = await applyReview({ DB: failingBatchDb(false) }, "official", ID, "r1");
    expect(first.message).toContain("nothing was published");
    expect((await labels()).candidate?.state).toBe("new");
    expect((await applyReview(env, "rumor", ID, "r2")).ok).toBe(true);
    const { published, candidate } = await labels();
    expect(published).toEqual(["rumor"]);
    expect(candidate?.label).toBe("rumor");
  });
});

describe("a press from a card behind the candidate's state", () => {
  it("an Edit form sent after another reviewer published is told, privately, that its wording was not saved", async () => {
    expect((await applyReview(env, "official", ID, "r2")).ok).toBe(true);
    const edit = await applyReview(env, "edit", ID, "r1", { values: ["My title", "My summary", "", "", ""] });
    expect([edit.ok, edit.stale], edit.message).toEqual([false, false]);
    expect(edit.message).toMatch(/not saved.*already published/);
  });

  it("a Publish on a dismissed headline not in English redraws the card as dismissed", async () => {
    const korean = "bcdef01234";
    const at = Date.parse("2026-11-10T00:00:00Z");
    await new NewsStore(env.DB).addFound(
      [
        {
          id: korean,
          title: "중증외상센터 시즌2 제작 확정",
          language: "ko",
          outlet: "K",
          url: "https://k.example/1",
          publishedAt: at,
          foundAt: at,
          key: "k",
        },
      ],
      [],
    );
    expect((await applyReview(env, "dismiss", korean, "r2")).ok).toBe(true);
    const press = await applyReview(env, "report", korean, "r1");
    expect([press.stale, press.candidate?.state], press.message).toEqual([true, "dismissed"]);
  });
});
