import { describe, expect, it } from "vitest";
import { validateAlias } from "./aliases";

describe("validateAlias", () => {
  it.each(["champion", "challenger-2", "a_b", "V1a", "version1"])("accepts %s", (a) =>
    expect(() => validateAlias(a)).not.toThrow(),
  );
  it.each([
    ["latest", /reserved/],
    ["LaTeSt", /reserved/],
    ["v1", "Version alias name 'v1' is reserved."],
    ["V42", /reserved/],
    ["has space", /Invalid alias name/],
    ["dot.ted", /Invalid alias name/],
    ["x".repeat(256), /longer than 255/],
  ])("refuses %s", (a, message) => expect(() => validateAlias(a)).toThrow(message));
});
