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
    // The review message still shows the Publish buttons; the reviewer presses again.
    await applyReview(env, "report", ID, "r1");
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
