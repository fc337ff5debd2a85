// A button carries the language of the answer it sits under (`al:on:en`), and anyone in the channel may
// click it. What only the clicker is told of a click that failed (a refusal, an apology) is said in the
// clicker's Discord language when the bot speaks it, else in the button's; what the click changes in
// place stays in the card's language, which everyone in the channel reads.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { CONTENT_BUNDLE_KEY } from "../../src/content/keys";
import { clearContentCache } from "../../src/content/store";
import { LOCALES, type Locale } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { ask, click, textOf, titleOf } from "../helpers/discord";

beforeEach(async () => {
  await seedContent();
});

/** Discord's locale code for each of the bot's languages Discord has (it has no Tagalog). */
const DISCORD_LOCALE: Partial<Record<Locale, string>> = { en: "en-US", ko: "ko", id: "id" };

/** The refusal of a member who may not manage the channel, with the permissions named as `client`'s Discord names them. */
const refusal = (locale: Locale, client: Locale) =>
  t(locale, "alerts.permission", {
    permissions: ["permission.administrator", "permission.manageServer", "permission.manageChannels"]
      .map((key) => t(client, key as "permission.administrator"))
      .join(", "),
  });

describe("a click refused or failed, told to the clicker alone", () => {
  it.each(
    LOCALES.flatMap((button) =>
      Object.entries(DISCORD_LOCALE).map(([client, code]) => [button, client as Locale, code as string] as const),
    ),
  )(
    "refuses the alerts button of a %s answer to a member whose Discord is in %s, in the member's language",
    async (button, client, code) => {
      const reply = await ask(click(`al:on:${button}`, undefined, { channel_id: "ch-lang", locale: code }));
      expect(reply.data.flags).toBe(64);
      expect(reply.data.content).toBe(refusal(client, client));
      expect(await store().subscription("discord", "ch-lang")).toBeNull();
    },
  );

  it("refuses in the button's language a member whose Discord is in a language the bot does not speak", async () => {
    const reply = await ask(click("al:on:id", undefined, { channel_id: "ch-lang", locale: "fr" }));
    expect(reply.data.flags).toBe(64);
    // Discord names the permissions in French there, which the bot does not know: they are named in English.
    expect(reply.data.content).toBe(refusal("id", "en"));
  });

  it("apologises in the clicker's language when the content cannot be read", async () => {
    await env.CONTENT.delete(CONTENT_BUNDLE_KEY);
    clearContentCache();
    const reply = await ask(click("ep:4:ko", undefined, { locale: "en-US" }));
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toBe(t("en", "error.contentUnavailable"));
  });
});

describe("a click that changes the card or shows its content", () => {
  it("replaces the card in place in the card's language, whoever clicks", async () => {
    const reply = await ask(click("ep:4:ko", undefined, { locale: "id" }));
    expect(reply.type).toBe(7);
    expect(titleOf(reply)).toBe("4화: Closer Than You Think");
  });

  it("shows the card's spoilers in the card's language, whoever clicks", async () => {
    const korean = textOf(await ask(click("sp:3:ko", undefined, { locale: "ko" })));
    const reply = await ask(click("sp:3:ko", undefined, { locale: "en-US" }));
    expect((reply.data.flags ?? 0) & 64).toBe(64);
    expect(textOf(reply)).toBe(korean);
    expect(korean).not.toContain("brain-dead donor");
  });
});
