import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sourcesOf } from "../../commands/present";
import { LOCALES } from "../../src/i18n/locale";

const source = fc.oneof(
  fc
    .tuple(fc.constantFrom("oppagram.com", "www.oppagram.com", "news.google.com", "m.example.org"), fc.nat(5))
    .map(([host, n]) => `https://${host}/article/${n}`),
  fc.nat(2).map((n) => `seed:fan-text-${n}`),
);

describe("a record's sources", () => {
  it("label every link apart, even several of one site, and list each address once", () => {
    fc.assert(
      fc.property(fc.array(source, { maxLength: 12 }), fc.constantFrom(...LOCALES), (sources, locale) => {
        const { links } = sourcesOf(sources, locale);
        const linked = links.filter((l) => l.url);
        expect(new Set(linked.map((l) => l.label)).size).toBe(linked.length);
        expect(linked.map((l) => l.url).sort()).toEqual([...new Set(sources.filter((s) => !s.startsWith("seed:")))].sort());
        // A site's single link keeps its bare name.
        for (const link of linked) {
          const site = new URL(link.url as string).hostname.replace(/^(www|m)\./, "");
          const ofSite = linked.filter((l) => new URL(l.url as string).hostname.replace(/^(www|m)\./, "") === site);
          if (ofSite.length === 1) expect(link.label).toBe(site);
          else expect(link.label).toMatch(new RegExp(`^${site.replaceAll(".", "\\.")} \\(\\d+\\)$`));
        }
      }),
      { numRuns: 300, ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}) },
    );
  });
});
