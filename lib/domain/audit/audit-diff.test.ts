import { describe, expect, it } from "vitest";
import { diffAuditStates } from "./audit-diff";

describe("diffAuditStates", () => {
  it("lists only the keys that changed, in key order", () => {
    expect(
      diffAuditStates(
        { name: "A", roles: ["DS"], active: true },
        { active: false, name: "A", roles: ["DS", "MANAGER"] },
      ),
    ).toEqual([
      { key: "active", before: "true", after: "false" },
      { key: "roles", before: '["DS"]', after: '["DS","MANAGER"]' },
    ]);
  });

  it("treats creations and deletions as every key changing from or to nothing", () => {
    expect(diffAuditStates(null, { slug: "churn", tier: 1 })).toEqual([
      { key: "slug", before: null, after: "churn" },
      { key: "tier", before: null, after: "1" },
    ]);
    expect(diffAuditStates({ slug: "churn" }, undefined)).toEqual([{ key: "slug", before: "churn", after: null }]);
    expect(diffAuditStates({ x: 1 }, { y: 1 })).toEqual([
      { key: "x", before: "1", after: null },
      { key: "y", before: null, after: "1" },
    ]);
  });

  it("ignores key order inside nested objects and reports nothing when nothing changed", () => {
    expect(diffAuditStates({ cfg: { a: 1, b: 2 } }, { cfg: { b: 2, a: 1 } })).toEqual([]);
    expect(diffAuditStates(null, null)).toEqual([]);
  });

  it("handles non-object states and shortens long values", () => {
    expect(diffAuditStates("draft", "live")).toEqual([{ key: "value", before: "draft", after: "live" }]);
    expect(diffAuditStates(null, { note: "x".repeat(100) }, 10)).toEqual([
      { key: "note", before: null, after: `${"x".repeat(9)}…` },
    ]);
  });
});
