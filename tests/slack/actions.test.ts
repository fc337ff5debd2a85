import { beforeEach, describe, expect, it } from "vitest";
import { LOCALES } from "../../src/i18n/locale";
import { t } from "../../src/i18n/strings";
import { realBundle, seedContent } from "../helpers/content";
import { MockApis } from "../helpers/mock-api";
import { sendSlackRaw, sendSlash, slackJson } from "../helpers/slack";

let api: MockApis;

beforeEach(async () => {
  await seedContent();
  api = new MockApis().install();
});

/** A block_actions payload as Slack posts it (form field `payload`). */
function payload(action: Record<string, unknown>) {
  return `payload=${encodeURIComponent(
    JSON.stringify({
      type: "block_actions",
      team: { id: "T0001", domain: "fans" },
      user: { id: "U1", username: "minji", name: "minji", team_id: "T0001" },
      api_app_id: "A1",
      token: "x",
      container: { type: "message", message_ts: "1.2", channel_id: "C1", is_ephemeral: false },
      trigger_id: "t1",
      channel: { id: "C1", name: "trauma-code" },
      response_url: "https://slack.mock/respond/T0001/1/abc",
      actions: [{ block_id: "b1", action_ts: "1.3", ...action }],
    }),
  )}`;
}

const button = (id: string) => ({ type: "button", action_id: id, value: id, text: { type: "plain_text", text: "x" } });
const select = (id: string, value?: string) => ({
  type: "static_select",
  action_id: id,
  ...(value ? { selected_option: { value, text: { type: "plain_text", text: value } } } : {}),
});

async function clickSlack(action: Record<string, unknown>) {
  const response = await sendSlackRaw(payload(action));
  expect(response.status).toBe(200);
  expect(api.responses).toHaveLength(1);
  return api.responses[0]?.body as {
    replace_original: boolean;
    response_type: string;
    text: string;
    blocks: { type: string; elements?: { action_id: string }[] }[];
  };
}

describe("Slack buttons and menus", () => {
  it("replaces the episode in place through response_url", async () => {
    const answer = await clickSlack(button("ep:5:id"));
    expect(answer.replace_original).toBe(true);
    expect(answer.text).toContain("Episode 5 (judul belum pasti)");
    const actions = answer.blocks.find((b) => b.type === "actions");
    expect(actions?.elements?.map((e) => e.action_id)).toEqual(["ep:4:id", "ep:6:id", "sp:5:id"]);
  });

  it("reveals spoilers only to the person who clicked", async () => {
    const answer = await clickSlack(button("sp:3:en"));
    expect(answer).toMatchObject({ replace_original: false, response_type: "ephemeral" });
    expect(JSON.stringify(answer.blocks)).toContain("brain-dead donor");
  });

  it("replaces the roster with the character chosen from the menu", async () => {
    const answer = await clickSlack(select("chs:ko", "cheon-jang-mi"));
    expect(answer.replace_original).toBe(true);
    expect(answer.text).toContain("천장미 (Cheon Jang-mi)");
  });

  it("opens a related character in place from a character's buttons", async () => {
    const answer = await clickSlack(button("ch:han-yu-rim:tl"));
    expect(answer.replace_original).toBe(true);
    expect(answer.text).toContain("Han Yu-rim (한유림)");
    expect(answer.text).toContain("Ipinagmamalaki");
  });

  it("replaces the list with the topic chosen from the menu", async () => {
    expect((await clickSlack(select("ins:en", "golden-time"))).text).toContain("Golden Time");
  });

  it("lists the sources privately and turns alerts on in the channel for anyone", async () => {
    expect((await clickSlack(button("src:en"))).response_type).toBe("ephemeral");
    api.responses.length = 0;
    const on = await clickSlack(button("al:on:en"));
    expect(on.response_type).toBe("in_channel");
    expect(on.text).toContain("minji turned on renewal alerts");
  });

  it("draws no button on the first or last episode that could only answer that it expired", async () => {
    const { episodes } = await realBundle();
    const numbers = episodes.map((e) => e.number);
    for (const number of [Math.min(...numbers), Math.max(...numbers)]) {
      const answer = await slackJson(await sendSlash("/episode", String(number)));
      const ids = answer.blocks.flatMap((b) => (b as { elements?: { action_id?: string }[] }).elements ?? []);
      for (const id of ids.map((e) => e.action_id ?? "").filter((id) => id.startsWith("ep:"))) {
        api.responses.length = 0;
        expect((await clickSlack(button(id))).text, `${id} on episode ${number}`).not.toContain("expired");
      }
    }
  });

  it.each([button("ep:0:en"), button("garbage"), select("chs:en"), select("chs:en", "Nope Nope"), button("al:on:fr")])(
    "answers a stale or forged id %j with an ephemeral hint",
    async (action) => {
      const answer = await clickSlack(action);
      expect(answer.response_type).toBe("ephemeral");
      expect(answer.replace_original).toBe(false);
      expect(answer.text).toContain("expired");
    },
  );

  it("explains a stale choice in the menu's language, as Slack does not say the clicker's", async () => {
    for (const locale of LOCALES) {
      api.responses.length = 0;
      const answer = await clickSlack(select(`chs:${locale}`, "Nope Nope"));
      expect(answer.response_type, locale).toBe("ephemeral");
      expect(answer.text, locale).toBe(t(locale, "error.staleButton"));
    }
  });

  it("refuses an unsigned click", async () => {
    expect((await sendSlackRaw(payload(button("ep:2:en")), { signature: null })).status).toBe(401);
  });
});
