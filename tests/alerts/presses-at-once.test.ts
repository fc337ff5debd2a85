import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { LANGUAGE_NAMES } from "../../src/command";
import { LOCALES, type Locale } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { discordAlerts, slackAlerts, store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";

beforeEach(async () => {
  await seedContent();
  new MockApis().install();
});

const presses = fc.array(fc.constantFrom(...LOCALES), { minLength: 2, maxLength: 4 });
const seeded = env.FC_SEED ? { seed: Number(env.FC_SEED) } : {};

describe("/renewal alerts:on pressed by several people at once", () => {
  it("tells one Discord moderator that alerts were turned on, however many press at once, in whatever languages (property)", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(presses, async (locales) => {
        const channel = `at-once-${run++}`;
        const answers = await Promise.all(locales.map((l) => discordAlerts("on", channel, {}, l)));
        const turnedOn = locales.filter(
          (l: Locale, i) => answers[i]?.data.content === t(l, "alerts.on", { user: "mod", language: LANGUAGE_NAMES[l][l] }),
        );
        expect(turnedOn).toHaveLength(1);
        // The others were told alerts were on already, or that the posts change to their language.
        expect(await store().subscription("discord", channel)).toMatchObject({ active: true });
      }),
      { numRuns: 15, ...seeded },
    );
  });

  it("says so in a Slack channel once, however many press at once, in whatever languages (property)", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(presses, async (locales) => {
        const channel = `C-AT-ONCE-${run++}`;
        const answers = await Promise.all(locales.map((l) => slackAlerts(`alerts on lang:${l}`, channel)));
        expect(answers.filter((a) => a.response_type === "in_channel")).toHaveLength(1);
        expect(await store().subscription("slack", channel)).toMatchObject({ active: true });
      }),
      { numRuns: 15, ...seeded },
    );
  });

  it("tells the second of two moderators pressing at once, in English and Korean, that the posts change language", async () => {
    const [english, korean] = await Promise.all([discordAlerts("on", "c-two", {}, "en"), discordAlerts("on", "c-two", {}, "ko")]);
    const sub = await store().subscription("discord", "c-two");
    const answers = [english.data.content, korean.data.content];
    // The answer of the press that wrote first says alerts are on in its language; the other's, that the
    // posts are now in its own: the language the channel gets is the one its presser was told last.
    const last = sub?.locale === "ko" ? korean.data.content : english.data.content;
    expect(last).toBe(
      sub?.locale === "ko"
        ? t("ko", "alerts.language", { language: LANGUAGE_NAMES.ko.ko })
        : t("en", "alerts.language", { language: LANGUAGE_NAMES.en.en }),
    );
    expect(answers.filter((a) => a?.includes("Renewal alerts are on") || a?.includes("알림을 켰어요"))).toHaveLength(1);
  });
});
