// What `npm run seed` does with published items the data no longer has, and with `--withdraw ID`.
import { describe, expect, it } from "vitest";
import { missingNews } from "../../src/topics/renewal";

const published = [
  { id: "delivered", deliveries: 3 },
  { id: "quiet", deliveries: 0 },
  { id: "kept", deliveries: 5 },
];

describe("items missing from data/news.json at a seed", () => {
  it("refuses to drop a delivered item silently, and withdraws an undelivered one", () => {
    expect(missingNews(published, new Set(["kept"]), new Set())).toEqual({
      refused: ["delivered"],
      withdrawn: ["delivered", "quiet"],
      unknown: [],
    });
  });

  it("withdraws a delivered item when told to, and names an id that matches nothing", () => {
    expect(missingNews(published, new Set(["kept"]), new Set(["delivered", "delivred"]))).toEqual({
      refused: [],
      withdrawn: ["delivered", "quiet"],
      unknown: ["delivred"],
    });
  });
});
