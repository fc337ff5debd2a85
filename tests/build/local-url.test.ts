// npm start's record of the running bot's address, which npm run try follows: on the Node side, where
// node:fs is the real one.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { forgetLocalUrl, recordLocalUrl } from "../../src/cli/project";

describe("npm start's record of its address", () => {
  const dir = mkdtempSync(join(tmpdir(), "bot-url-"));
  const file = join(dir, ".local", "bot-url");
  afterEach(() => rmSync(join(dir, ".local"), { recursive: true, force: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is forgotten when the run that recorded it stops", () => {
    recordLocalUrl("http://localhost:8787", file);
    expect(readFileSync(file, "utf8").trim()).toBe("http://localhost:8787");
    forgetLocalUrl("http://localhost:8787", file);
    expect(() => readFileSync(file)).toThrow();
  });

  it("stays when another run, still up, has recorded its own since", () => {
    recordLocalUrl("http://localhost:8787", file);
    recordLocalUrl("http://localhost:9000", file);
    forgetLocalUrl("http://localhost:8787", file);
    expect(readFileSync(file, "utf8").trim()).toBe("http://localhost:9000");
  });

  it("is nothing to forget when absent", () => {
    expect(() => forgetLocalUrl("http://localhost:8787", file)).not.toThrow();
  });
});
