import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkMaxResults, decodePageToken, encodePageToken, pageOf } from "./page-token";

describe("page tokens", () => {
  it("matches MLflow's own token byte for byte", () => {
    expect(encodePageToken(1)).toBe("eyJvZmZzZXQiOiAxfQ==");
    expect(decodePageToken("eyJvZmZzZXQiOiAxfQ==")).toBe(1);
  });

  it("round-trips every offset", () => {
    fc.assert(fc.property(fc.nat(), (n) => decodePageToken(encodePageToken(n)) === n));
  });

  it("reads an absent token as the first page and refuses bad ones", () => {
    expect(decodePageToken(undefined)).toBe(0);
    expect(decodePageToken("")).toBe(0);
    expect(() => decodePageToken("%%%")).toThrow(/^Invalid page token, could not base64-decode/);
    expect(() => decodePageToken(btoa("nope"))).toThrow(/^Invalid page token/);
    expect(() => decodePageToken(btoa('{"page": 2}'))).toThrow(/^Invalid page token/);
    expect(() => decodePageToken(btoa('{"offset": -1}'))).toThrow(/^Invalid page token/);
    expect(() => decodePageToken(btoa('{"offset": "3"}'))).toThrow(/^Invalid page token/);
  });

  it("pages with one extra row", () => {
    expect(pageOf([1, 2, 3], 0, 2)).toEqual({ items: [1, 2], nextPageToken: encodePageToken(2) });
    expect(pageOf([1, 2], 4, 2)).toEqual({ items: [1, 2], nextPageToken: undefined });
  });

  it("bounds max_results", () => {
    expect(checkMaxResults(undefined, 100, 1000)).toBe(100);
    expect(checkMaxResults(1000, 100, 1000)).toBe(1000);
    expect(() => checkMaxResults(1001, 100, 1000)).toThrow("Invalid value for request parameter max_results. It must be at most 1000, but got value 1001");
    expect(() => checkMaxResults(0, 100, 1000)).toThrow(/positive integer/);
  });
});
