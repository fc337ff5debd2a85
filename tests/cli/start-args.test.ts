import { describe, expect, it } from "vitest";
import { DEFAULT_PORT, missingDevKeys, parseStartArgs, StartArgsError } from "../../src/cli/start-args";

describe("npm start's command line", () => {
  it("listens on 8787 with the mock APIs on the next port when told nothing", () => {
    expect(parseStartArgs([])).toEqual({
      port: DEFAULT_PORT,
      mockApis: false,
      mockPort: DEFAULT_PORT + 1,
      vars: {},
      passThrough: [],
    });
  });

  it("takes --port in both spellings, and over PORT", () => {
    expect(parseStartArgs(["--port", "9000"]).port).toBe(9000);
    expect(parseStartArgs(["--port=9001"]).port).toBe(9001);
    expect(parseStartArgs([], { PORT: "9002" }).port).toBe(9002);
    expect(parseStartArgs(["--port", "9003"], { PORT: "9002" }).port).toBe(9003);
  });

  it("keeps its own flags from wrangler dev and hands every other flag on as given", () => {
    const args = parseStartArgs(["--mock-apis", "--port", "9000", "--ip", "0.0.0.0", "--var", "A:b", "--mock-port=9100"]);
    expect(args).toMatchObject({ port: 9000, mockApis: true, mockPort: 9100 });
    expect(args.passThrough).toEqual(["--ip", "0.0.0.0", "--var", "A:b"]);
  });

  it("seeds where --persist-to keeps wrangler dev's local state, in both spellings, and hands the flag on", () => {
    expect(parseStartArgs(["--persist-to", "/tmp/state"])).toMatchObject({
      persistTo: "/tmp/state",
      passThrough: ["--persist-to", "/tmp/state"],
    });
    expect(parseStartArgs(["--persist-to=state", "--ip", "::"])).toMatchObject({
      persistTo: "state",
      passThrough: ["--persist-to", "state", "--ip", "::"],
    });
    expect(parseStartArgs([]).persistTo).toBeUndefined();
    expect(() => parseStartArgs(["--persist-to"])).toThrow(/--persist-to needs the folder/);
    expect(() => parseStartArgs(["--persist-to", "--mock-apis"])).toThrow(/--persist-to needs the folder/);
  });

  it("hands wrangler dev one --persist-to, the folder it seeds, when it is given twice (wrangler refuses two)", () => {
    const args = parseStartArgs(["--persist-to", "first", "--ip", "::", "--persist-to=second"]);
    expect(args.persistTo).toBe("second");
    expect(args.passThrough.filter((arg) => arg === "--persist-to")).toHaveLength(1);
    expect(args.passThrough).toEqual(["--ip", "::", "--persist-to", "second"]);
  });

  it("reads --var values up to the first colon, so URLs survive", () => {
    const args = parseStartArgs(["--var", "DISCORD_API_BASE:http://localhost:9000/api", "--var=X:y:z"]);
    expect(args.vars).toEqual({ DISCORD_API_BASE: "http://localhost:9000/api", X: "y:z" });
  });

  it.each([["--port", "abc"], ["--port", "0"], ["--port", "70000"], ["--port"], ["--mock-port", "1.5"]])(
    "refuses %s %s with a clear message",
    (...argv) => {
      expect(() => parseStartArgs(argv)).toThrow(StartArgsError);
      expect(() => parseStartArgs(argv)).toThrow(/must be a port number/);
    },
  );

  it("refuses --mock-port without --mock-apis, which starts no mock to listen there, and a mock port the bot takes", () => {
    expect(() => parseStartArgs(["--mock-port", "8798"])).toThrow(/--mock-port is for --mock-apis/);
    expect(() => parseStartArgs(["--mock-apis", "--port", "8799", "--mock-port=8799"])).toThrow(
      /cannot both listen on port 8799/,
    );
  });

  it("refuses a PORT that is not a port", () => {
    expect(() => parseStartArgs([], { PORT: "http://x" })).toThrow(/PORT must be a port number/);
  });
});

describe("npm start's development keys", () => {
  it("are all made when .dev.vars is absent", () => {
    expect(missingDevKeys({})).toEqual(["discord", "slack"]);
  });

  it("are added to a .dev.vars written by hand with a token only, so npm run try can sign", () => {
    expect(missingDevKeys({ DISCORD_BOT_TOKEN: "token", SLACK_BOT_TOKEN: "xoxb-token" })).toEqual(["discord", "slack"]);
  });

  it("keep an application's own public key and Slack secret, and add nothing to a file npm start made", () => {
    expect(missingDevKeys({ DISCORD_PUBLIC_KEY: "ab".repeat(32) })).toEqual(["slack"]);
    const made = { DISCORD_PUBLIC_KEY: "ab".repeat(32), DEV_DISCORD_PRIVATE_KEY: "key", SLACK_SIGNING_SECRET: "secret" };
    expect(missingDevKeys(made)).toEqual([]);
  });
});
