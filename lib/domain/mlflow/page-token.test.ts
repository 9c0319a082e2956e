import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkMaxResults,
  decodeKeysetToken,
  decodePageToken,
  encodeKeysetToken,
  encodePageToken,
  keysetPageOf,
  pageOf,
} from "./page-token";

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
    expect(() => checkMaxResults(1001, 100, 1000)).toThrow(
      "Invalid value for request parameter max_results. It must be at most 1000, but got value 1001",
    );
    expect(() => checkMaxResults(0, 100, 1000)).toThrow(/positive integer/);
  });

  it("round-trips keyset tokens, any name included, and binds them to their ordering", () => {
    const order = "name ASC,version_number DESC";
    fc.assert(
      fc.property(fc.string(), fc.nat(), (name, n) => {
        const token = encodeKeysetToken(order, [name, n]);
        return (
          /^[A-Za-z0-9_-]+$/.test(token) &&
          JSON.stringify(decodeKeysetToken(token, order, ["text", "integer"])) === JSON.stringify([name, n])
        );
      }),
    );
    const token = encodeKeysetToken(order, ["modèle é", 3]);
    expect(decodeKeysetToken(undefined, order, ["text", "integer"])).toBeUndefined();
    expect(decodeKeysetToken("", order, ["text", "integer"])).toBeUndefined();
    expect(() => decodeKeysetToken(token, "version_number DESC,name ASC", ["integer", "text"])).toThrow(
      /^Invalid page token: it was issued for order_by "name ASC,version_number DESC"/,
    );
    expect(() => decodeKeysetToken(token, order, ["integer", "integer"])).toThrow(/^Invalid page token: its sort key/);
    expect(() => decodeKeysetToken(encodePageToken(100), order, ["text", "integer"])).toThrow(
      /^Invalid page token: offset page tokens are not accepted/,
    );
    expect(() => decodeKeysetToken("%%%", order, ["text", "integer"])).toThrow(/^Invalid page token, could not decode/);
  });

  it("keys the next keyset page by the last row kept", () => {
    expect(keysetPageOf([1, 2, 3], 2, (last) => `after ${last}`)).toEqual({ items: [1, 2], nextPageToken: "after 2" });
    expect(keysetPageOf([1, 2], 2, (last) => `after ${last}`)).toEqual({ items: [1, 2], nextPageToken: undefined });
  });
});
