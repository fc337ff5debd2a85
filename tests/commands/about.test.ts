import { beforeEach, describe, expect, it } from "vitest";
import { seedContent } from "../helpers/content";
import { type DiscordReply, send, slash, str, textOf } from "../helpers/discord";
import { sendSlash, slackJson, slackText } from "../helpers/slack";

const ask = async (interaction: unknown) => (await (await send(interaction)).json()) as DiscordReply;

beforeEach(async () => {
  await seedContent();
});

describe("/about", () => {
  it("credits the director, the writer, the web novel's author and the webtoon's artist", async () => {
    const text = textOf(await ask(slash("about")));
    for (const name of ["Lee Do-yoon (이도윤)", "Choi Tae-kang (최태강)", "Lee Nak-jun (이낙준)", "Hongbichira (홍비치라)"])
      expect(text).toContain(name);
    // The author's pen name, under which the novel ran.
    expect(text).toContain("Hansanleega");
  });

  it("gives the chart record and the awards, the single-source award marked as reported only", async () => {
    const text = textOf(await ask(slash("about")));
    expect(text).toContain("📈 Second week (27 January to 2 February 2025): No. 1 among non-English TV shows");
    expect(text).toContain("🏆 61st Baeksang Arts Awards: Ju Ji-hoon, Best Actor (TV).");
    expect(text).toContain('❓ Reportedly "Best K-Drama"');
    expect(text).not.toContain("🏆 Reportedly");
  });

  it("answers in all four languages, with the names in the reader's script", async () => {
    const ko = textOf(await ask(slash("about", [str("language", "ko")])));
    // The show's own title too: Korean readers know it as 중증외상센터, which comes first, as every name does.
    expect(ko).toContain("## 중증외상센터 (The Trauma Code: Heroes on Call)");
    expect(textOf(await ask(slash("about")))).toContain("## The Trauma Code: Heroes on Call (중증외상센터)");
    expect(ko).toContain("**연출:** 이도윤 (Lee Do-yoon)");
    expect(ko).toContain("제61회 백상예술대상");
    expect(textOf(await ask(slash("about", [str("language", "id")])))).toContain("**Sutradara:** Lee Do-yoon (이도윤)");
    expect(textOf(await ask(slash("about", [str("language", "tl")])))).toContain("Ika-61 Baeksang Arts Awards");
  });

  it("answers the same on Slack", async () => {
    const reply = await slackJson(await sendSlash("/about", "lang:ko"));
    expect(slackText(reply)).toContain("제4회 청룡시리즈어워즈");
    expect(slackText(reply)).toContain("홍비치라");
  });
});
