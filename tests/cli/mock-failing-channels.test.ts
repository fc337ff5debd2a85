// README, "Watching an alert arrive": on Slack the mock channels C0GONE, C0ARCHIVED and C0NOTIN answer
// channel_not_found, is_archived and not_in_channel; one is subscribed with `--channel` so that delivery
// meets the error. With the mock as `npm start -- --mock-apis` serves it, C0ARCHIVED and C0NOTIN can be;
// C0GONE is refused when alerts are turned on, as the README says.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createMockApis, type MockApis, SLACK_FAILING_CHANNELS, SLACK_MOCK_PATH } from "../../src/cli/mock-apis";
import { store } from "../helpers/alerts";
import { seedContent } from "../helpers/content";
import { sendSlackRaw, slashBody } from "../helpers/slack";

let mock: MockApis;

beforeEach(async () => {
  await seedContent();
  mock = createMockApis({ log: () => {} });
  // The Worker's SLACK_API_BASE (https://slack.mock/api) reaches the local mock's Slack path.
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.hostname !== "slack.mock") throw new Error(`unexpected outbound request to ${url}`);
    return mock.fetch(new Request(`http://mock${SLACK_MOCK_PATH}${url.pathname.replace(/^\/api/, "")}`, request));
  });
});

describe("the README's failing Slack mock channels", () => {
  it.each(Object.keys(SLACK_FAILING_CHANNELS).filter((c) => c !== "C0GONE"))("%s can be subscribed", async (channel) => {
    await sendSlackRaw(slashBody("/renewal", "alerts on", { channel_id: channel }), { env: { SLACK_BOT_TOKEN: "xoxb-t" } });
    expect((await store().subscription("slack", channel))?.active, channel).toBe(true);
  });

  it("C0GONE is refused when alerts are turned on", async () => {
    await sendSlackRaw(slashBody("/renewal", "alerts on", { channel_id: "C0GONE" }), { env: { SLACK_BOT_TOKEN: "xoxb-t" } });
    expect(await store().subscription("slack", "C0GONE")).toBeFalsy();
  });

  it("the README's example subscribes one that can be", async () => {
    const readme = (await import("../../README.md?raw")).default as string;
    const example = /npm run try -- --slack --channel (\w+) \/renewal alerts on/.exec(readme)?.[1];
    expect(example).toBeDefined();
    expect(example).not.toBe("C0GONE");
  });
});
