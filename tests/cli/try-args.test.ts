import { describe, expect, it } from "vitest";
import { namedOptions, parseTryArgs, TryArgsError } from "../../src/cli/try-args";

describe("npm run try's command line", () => {
  it("reads a command and its options, as Discord by default", () => {
    expect(parseTryArgs(["/character", "name:baek"])).toMatchObject({
      platform: "discord",
      locale: "en-US",
      command: "character",
      text: "name:baek",
    });
  });

  it("takes each flag as --name value and as --name=value alike", () => {
    const spaced = parseTryArgs(["--platform", "slack", "--locale", "ko", "--channel", "404", "/episode", "3"]);
    const joined = parseTryArgs(["--platform=slack", "--locale=ko", "--channel=404", "/episode", "3"]);
    expect(joined).toEqual(spaced);
    expect(joined).toMatchObject({ platform: "slack", locale: "ko", channel: "404", command: "episode", text: "3" });
  });

  it("reads a click and a menu choice in both spellings", () => {
    expect(parseTryArgs(["--click=ep:4:en"]).click).toEqual({ id: "ep:4:en" });
    expect(parseTryArgs(["--select", "chs:en=yang-jae-won"]).click).toEqual({ id: "chs:en", value: "yang-jae-won" });
    expect(parseTryArgs(["--select=chs:en=yang-jae-won"]).click).toEqual({ id: "chs:en", value: "yang-jae-won" });
  });

  it("takes its switches after the command too, and keeps other words there as the command's text", () => {
    expect(parseTryArgs(["/renewal", "--json"])).toMatchObject({ json: true, command: "renewal", text: "" });
    expect(parseTryArgs(["--slack", "/character", "--baek"])).toMatchObject({ platform: "slack", text: "--baek" });
  });

  it.each([
    [["--locle", "ko", "/help"], /Unknown flag "--locle"/],
    [["--json=yes", "/help"], /Unknown flag "--json=yes"/],
    [["--locale"], /--locale needs a value/],
    [["--locale", "--json", "/help"], /--locale needs a value/],
    [["--platform=teams", "/help"], /--platform takes one of/],
    [["--select", "chs:en"], /--select takes ID=VALUE/],
    [["--click"], /--click needs a value/],
    [["character", "name:baek"], /Give a command, starting with \//],
    [[], /Give a command/],
  ])("refuses %j with a clear message", (argv, message) => {
    expect(() => parseTryArgs(argv)).toThrow(TryArgsError);
    expect(() => parseTryArgs(argv)).toThrow(message);
  });
});

describe("a Discord command's options, as npm run try signs them", () => {
  it("reads each option by its name, values with spaces and colons included", () => {
    expect(namedOptions("character", "name:Baek Kang-hyuk", ["name"])).toEqual([["name", "Baek Kang-hyuk"]]);
    expect(namedOptions("episode", "number:3 lang:ko", ["number", "lang"])).toEqual([
      ["number", "3"],
      ["lang", "ko"],
    ]);
    expect(namedOptions("about", "", [])).toEqual([]);
  });

  it("keeps a value whole when a word in it ends with a colon, splitting only at the command's option names", () => {
    expect(namedOptions("character", "name:Dr. Baek: the surgeon language:ko", ["name", "language"])).toEqual([
      ["name", "Dr. Baek: the surgeon"],
      ["language", "ko"],
    ]);
    // A name the command does not have is no option Discord could send: text before the first name.
    expect(() => namedOptions("character", "nmae:baek", ["name", "language"])).toThrow(TryArgsError);
  });

  it("refuses words before the first name, saying how to write them, instead of dropping them", () => {
    expect(() => namedOptions("character", "baek", ["name"])).toThrow(TryArgsError);
    expect(() => namedOptions("character", "baek", ["name"])).toThrow("/character name:baek");
    expect(() => namedOptions("episode", "3 lang:ko", ["number", "lang"])).toThrow("/episode number:3");
    expect(() => namedOptions("inspiration", "why", [])).toThrow("takes no options");
  });
});
